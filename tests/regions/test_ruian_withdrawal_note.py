"""§四(二) 凡第一轮未选课……不能参加第二轮补报选课: the 退选 step's note (第一轮选课结束时没有第一轮所选课程…
不能参加第二轮补报选课) stands beside a round-1 choice while round 2 is ahead, and not beside a
round-2 choice, which a trial read it on though withdrawing it bars nothing."""
from __future__ import annotations


from sqlalchemy import select

from plugins.ruian import parameters as P
from tests.regions.test_ruian_enrollment import round_2_opens_today
from tests.support import signed_in

NOTE = {"zh_Hans_CN": "不能参加第二轮补报选课", "en": "may not take part in round 2"}


def _step_notes(page: str) -> str:
    """What follows the 退选 step's confirmation up to its form's end (the step's note)."""
    return "".join(part.split("</form>", 1)[0] for part in page.split('value="withdrawn"')[1:])


def test_the_withdrawal_note_stands_only_beside_a_round_1_choice_while_round_2_is_ahead(make_app):
    from portal.extensions import db
    from portal.models import Enrollment, TrainingProject

    app = make_app("ruian", demo=True)  # the demo's today is round 1's third day
    teacher = signed_in(app, "teacher")
    with app.app_context():
        first = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.like("%初中数学大概念%")))
        others = db.session.scalars(select(TrainingProject.id).where(TrainingProject.id != first)
                                    .order_by(TrainingProject.id)).all()
    assert teacher.post(f"/catalog/{first}/select").status_code in (302, 303)
    for locale, words in NOTE.items():
        teacher.post(f"/locale/{locale}")
        assert words in _step_notes(teacher.get("/me/enrollments").get_data(as_text=True))
    round_2_opens_today(app)  # the bureau's calendar moves on
    teacher.post("/locale/zh_Hans_CN")
    # a training of the term the teacher may choose in round 2 (the demo's others she may not)
    second = next((p for p in others if teacher.post(f"/catalog/{p}/select").status_code in (302, 303)), None)
    assert second is not None
    with app.app_context():
        chosen = db.session.scalar(select(Enrollment).where(Enrollment.project_id == second))
        assert chosen is not None and chosen.phase == P.ROUND2 and chosen.status == "selected"
    for locale, words in NOTE.items():
        teacher.post(f"/locale/{locale}")
        page = teacher.get(f"/catalog/{second}").get_data(as_text=True)
        assert 'value="withdrawn"' in page  # 退选 is offered on the round-2 choice
        assert words not in _step_notes(page)
        assert words not in _step_notes(teacher.get("/me/enrollments").get_data(as_text=True))
