"""A citation as people read it: the document's title and clause, each once."""
from portal.web.wording import cite


def test_one_clause_quoted_for_two_phrases_is_cited_once(make_app):
    """shanxi's degree course rests on two phrases of §四(三): the reader sees the clause once."""
    app = make_app("shanxi")
    with app.test_request_context():
        said = str(cite("shanxi-2017-credit-management.txt §四(三)（教师参加高等学校学历教育课程学习）、"
                        "§四(三)（经区县教师继续教育管理部门认定后）"))
    assert said.count('class="cite"') == 1 and "四" in said
