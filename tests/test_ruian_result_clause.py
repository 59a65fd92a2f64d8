"""A ruian teacher's training, rechecked and not yet ended, read 下一步由培训机构办理，现在还不能办理：
自 …（培训最后一天）起方可登记培训结果, citing §二 of the notice (按时足额完成培训任务). No clause of
ruian-2019h2-course-selection.txt says when a result may be recorded: §二 asks schools to have
the training duty done in time and in full, the annex dates no step after the training (第4项
only says the classes are held 9月23日—12月31日). The rule is the core's (a result is recorded
from the training's last day, its credits dated then), so the note cites no clause of the notice."""
from __future__ import annotations


from tests.test_ruian_recheck_notice import rechecked

WAIT = "（培训最后一天）起方可登记培训结果"


def _confirmed(app):
    project_id, teacher, _school, enrollment_id = rechecked(app)
    return project_id, teacher, enrollment_id


def _around(page: str, words: str) -> str:
    at = page.index(words)
    return page[at - 50: page.index("</p>", at)]


def test_the_wait_for_the_last_day_cites_no_clause_of_the_notice(make_app):
    app = make_app("ruian", demo=True)
    project_id, teacher, _enrollment_id = _confirmed(app)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert WAIT in page
    said = _around(page, WAIT)
    assert "按时足额完成培训任务" not in said and "§二" not in said and "通知》二" not in said, said
    assert "下一步由培训机构人员办理" in said
