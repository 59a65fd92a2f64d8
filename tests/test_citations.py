"""A citation as people read it: the document's title and clause, each once."""
from portal.documents import DocumentText, clause_words
from portal.web.wording import cite


def test_one_clause_quoted_for_two_phrases_is_cited_once(make_app):
    """shanxi's degree course rests on two phrases of §四(三): the reader sees the clause once."""
    app = make_app("shanxi")
    with app.test_request_context():
        said = str(cite("shanxi-2017-credit-management.txt §四(三)（教师参加高等学校学历教育课程学习）、"
                        "§四(三)（经区县教师继续教育管理部门认定后）"))
    assert said.count('class="cite"') == 1 and "四" in said


def test_clauses_pinned_by_their_words_alone_are_each_cited(make_app):
    """Two clauses with no numbering to name them read as their own words, each a link: an
    outside author's second clause fell away beside the first, both read as the bare title."""
    app = make_app("shanxi")
    with app.test_request_context():
        said = str(cite("shanxi-2017-credit-management.txt §“教师参加高等学校学历教育课程学习”、"
                        "§“经区县教师继续教育管理部门认定后”"))
    assert said.count('class="cite"') == 2
    assert "“教师参加高等学校学历教育课程学习”" in said and "“经区县教师继续教育管理部门认定后”" in said



def test_clauses_of_one_document_name_it_once(make_app):
    """Five clauses of shanxi's one notice read as its title once and the five clauses, each its
    own link: the claim form's source line repeated the long title five times on a phone."""
    app = make_app("shanxi")
    with app.test_request_context():
        said = str(cite("shanxi-2017-credit-management.txt §五(二)、§四(一)、§四(二)"))
    assert said.count('class="cite"') == 3
    assert said.count("山西省教育厅") == 1 and said.index("五") < said.index("四")

REGULATION = """江北区中小学教师继续教育学时管理办法
第一章 总则
第三条 教师每三年为一个培训周期，周期内累计不少于240学时，每年不少于40学时。
第四条 集中面授培训按实际学时登记。
（一）网络研修每学时折算0.5学时
1. 每年计入不超过20学时
（二）校本研修按实际学时登记
第二章 附则
第十二条 本办法自发布之日起施行。"""


def test_a_regulations_chapters_and_articles_are_clauses():
    """第X条, as regulations number their articles (an outside author could cite none), with
    their parts and items; a chapter runs to the next."""
    text = DocumentText.parse(REGULATION)
    lines = {clause: (text.locate(clause).first, text.locate(clause).last, text.locate(clause).exact)
             for clause in ("第三条", "第四条", "第四条（一）1", "第四条（二）", "第十二条", "第一章")}
    assert lines == {"第三条": (3, 3, True), "第四条": (4, 7, True), "第四条（一）1": (6, 6, True),
                     "第四条（二）": (7, 7, True), "第十二条": (9, 9, True), "第一章": (2, 7, True)}
    words = {clause: (clause_words(clause).render("zh_Hans_CN"), clause_words(clause).render("en"))
             for clause in ("第三条（每年不少于40学时）", "第四条（一）1", "第一章")}
    assert words == {"第三条（每年不少于40学时）": ("第三条", "Article 3"), "第四条（一）1": ("第四条（一）1", "Article 4(1).1"),
                     "第一章": ("第一章", "Chapter 1")}


SIGNED = """关于学分管理的办法

一、总则
（一）每年不少于48学分。
五、工作要求
（三）定期通报监测结果。

江苏省某市教育局
2021年3月1日
"""


def test_the_last_clause_stops_above_the_signature_which_is_a_clause_of_its_own():
    """The issuer's name and the date under the last clause are no part of it (an outside
    author's 五(三) marked the signature's lines too); 落款 is those lines."""
    text = DocumentText.parse(SIGNED)
    spans = {clause: (text.locate(clause).first, text.locate(clause).last) for clause in ("五(三)", "五", "落款")}
    assert spans == {"五(三)": (6, 7), "五": (5, 7), "落款": (8, 9)}  # line 7 is blank
    unsigned = DocumentText.parse(SIGNED.replace("2021年3月1日\n", ""))  # no date: no signature found
    assert unsigned.signed_from is None and unsigned.locate("五").last == 8


def test_the_notes_after_an_annex_are_not_the_annex():
    """附件3后 cites the notes printed after annex 3; in English it read "Annex 3", which a
    bureau reads as the annex's own sheet (the registration statistics)."""
    words = clause_words("附件3后（不低于解释：以 A 类学分为例）")
    assert words.render("en") == "the notes after Annex 3"
    assert words.render("zh_Hans_CN") == "附件3后"
    assert clause_words("附件3").render("en") == "Annex 3"
