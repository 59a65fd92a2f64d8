"""Whose step it is, said in English inside a sentence, names the roles as words, not as labels:
"This step is taken by the Training institution staff over the training's organiser" read with a
capital mid-sentence (the role's label, capitalised where it heads a list or a heading). Chinese
has no capitals and reads as before."""
from __future__ import annotations

from flask import session

from portal.domain import UserRole
from portal.domain.workflow import OVER_ORGANISER, OVER_TEACHER
from portal.web.wording import taken_by, within_sentence

WHO = ((UserRole.INSTITUTION_STAFF, OVER_ORGANISER), (UserRole.SCHOOL_ADMIN, OVER_TEACHER))


def test_the_roles_inside_the_sentence_read_in_lower_case_in_english(make_app):
    app = make_app("qingdao")
    with app.test_request_context():
        session["locale"] = "en"
        assert taken_by(WHO) == ("This step is taken by the training institution staff over the training's organiser, "
                                 "the school admin over the teacher's school.")
    with app.test_request_context():
        assert taken_by(WHO) == "这一步由培训举办单位（或其上级）的培训机构人员、教师所在学校（或其上级）的学校管理员办理。"


def test_an_acronym_keeps_its_capitals():
    assert within_sentence("IT teacher") == "IT teacher" and within_sentence("Principal") == "principal"
