"""What a page offers on an enrollment is what would be taken: the core refuses a result before
the training's first day (the bureau's day) or above its hours, on the page, in the results
sheet and in the API; a step the region's guards would refuse is not offered (asked with
``Move.data`` None); a step asking ``AGREEMENT`` shows its notice and needs the tick; and a
list page asks all this with the same number of queries however many rows it shows."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from plugins.qingdao import workflow as W
from portal import clock
from portal.domain import COMPLETED, Finding, Grade
from portal.domain.selection import ENDED
from portal.extensions import db
from portal.models import Enrollment, LedgerEntry, OrgUnit, Teacher, TrainingProject, User
from portal.models.types import utcnow
from portal.services import enrollments, results, training
from tests.support import signed_in
from tests.test_queries import counted_queries


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _personalized(app, start, teachers=1, status=W.ENROLLED, capacity=30, fee=Decimal(0)) -> tuple[int, list[int]]:
    """A qingdao personalized training run by the demo institution on the day ``start`` (its results
    are recorded from then: it has ended), with ``teachers`` enrollments in ``status`` (free, unless ``fee``)."""
    with app.app_context():
        region = app.extensions["portal.region"]
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        project = training.add_project(None, institute, name="个性化培训：整本书阅读（新）", level="city",
                                       mode="centralized", program="city_personalized", start_date=start,
                                       end_date=start, year=start.year, hours=Decimal(24),
                                       capacity=capacity, fee=fee, status="published")
        chosen = db.session.scalars(select(Teacher).order_by(Teacher.id).limit(teachers)).all()
        ids = []
        for teacher in chosen:
            enrollment = training.enroll(region, None, project, teacher)
            ids.append(enrollment.id)
        db.session.execute(Enrollment.__table__.update().where(Enrollment.id.in_(ids)).values(status=status))
        db.session.commit()
        return project.id, ids


def _get(app, enrollment_id) -> Enrollment:
    with app.app_context():
        return db.session.get(Enrollment, enrollment_id)


def _targets(row) -> set[str]:
    return {t.target for t in row.moves}


def test_a_result_before_the_training_starts_is_neither_offered_nor_kept(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today() + timedelta(days=10))
    with app.app_context():
        region = app.extensions["portal.region"]
        found = enrollments.class_page(region, _user("institution"), project_id, 1, 20)
        assert _targets(found.page.items[0]) == set()  # the result waits for the training's first day
        # which the page says once (results_from), not under each enrollment
        assert found.results_from == clock.today() + timedelta(days=10) and found.page.items[0].withheld == ()
    institution = signed_in(app, "institution")
    refused = institution.post(f"/enrollments/{enrollment_id}/moves", follow_redirects=True, data={
        "target": W.FINISHED, "state": W.ENROLLED, "attended_hours": "24", "grade": "pass",
        "next": f"/projects/{project_id}/class"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "不能登记此结业评价" in text and "开始" in text  # qingdao: its 结业评价
    done = _get(app, enrollment_id)
    assert done.status == W.ENROLLED and done.attended_hours is None and done.grade is None  # nothing half-kept

    with app.app_context():  # the results sheet is refused whole, with the day, before any row is read
        region = app.extensions["portal.region"]
        teacher = db.session.get(Teacher, done.teacher_id)
        with pytest.raises(results.ResultsTooEarly) as early:
            results.results_preview(region, _user("institution"), project_id, [(2, [teacher.id_number, "24", "合格"])], ())
        assert early.value.start == clock.today() + timedelta(days=10)
        assert results.awaiting_results(region, _user("institution"), project_id) == []  # the sheet's template: none yet


def test_hours_above_the_trainings_are_refused_and_the_grade_is_pass_or_fail(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today())
    with app.app_context():
        region = app.extensions["portal.region"]
        page = enrollments.class_page(region, _user("institution"), project_id, 1, 20).page
        (finish,) = page.items[0].moves
        assert finish.target == W.FINISHED and finish.grades == (Grade.PASS, Grade.FAIL)
    institution = signed_in(app, "institution")
    form = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    grade_select = form.split('name="grade" required>')[1].split("</select>")[0]
    assert 'value="pass"' in grade_select and 'value="fail"' in grade_select and 'value="good"' not in grade_select

    def post(**data):
        return institution.post(f"/enrollments/{enrollment_id}/moves", follow_redirects=True, data={
            "target": W.FINISHED, "state": W.ENROLLED, "next": f"/projects/{project_id}/class", **data})

    too_many = post(attended_hours="25", grade="pass").get_data(as_text=True)
    assert "参训 25 学时，超过本培训的 24 学时" in too_many
    assert _get(app, enrollment_id).status == W.ENROLLED
    assert "请选择此步骤登记的等级" in post(attended_hours="24", grade="good").get_data(as_text=True)
    assert _get(app, enrollment_id).status == W.ENROLLED
    post(attended_hours="24", grade="pass")
    assert _get(app, enrollment_id).status == W.FINISHED and _get(app, enrollment_id).grade == "pass"

    with app.app_context():  # in the sheet, too
        region = app.extensions["portal.region"]
        other_id = _personalized(app, clock.today())[1][0]
        other = db.session.get(Enrollment, other_id)
        id_number = db.session.get(Teacher, other.teacher_id).id_number
        (row,) = results.results_preview(region, _user("institution"), other.project_id, [(2, [id_number, "30", "合格"])], ())
        assert row.problem == "result" and "超过" in row.message
        (row,) = results.results_preview(region, _user("institution"), other.project_id, [(2, [id_number, "20", "良"])], ())
        assert row.problem == "step_grade"


def test_the_first_day_is_the_bureaus_day(make_app):
    app = make_app("qingdao", demo=True)
    start = clock.today() + timedelta(days=5)
    project_id, (enrollment_id,) = _personalized(app, start)
    evening = datetime.combine(start - timedelta(days=1), datetime.min.time()) + timedelta(hours=17)  # UTC: Shanghai's next day
    afternoon = evening - timedelta(hours=2)  # 23:00 in Shanghai, the day before
    with app.app_context():
        region = app.extensions["portal.region"]
        institution = _user("institution")
        data = enrollments.MoveInput(attended_hours=Decimal(24), grade=Grade.PASS)
        with pytest.raises(enrollments.MoveRefused) as refused:
            enrollments.move(region, institution, enrollment_id, W.FINISHED, data, at=afternoon)
        assert refused.value.code == "result" and refused.value.findings[0].code == enrollments.RESULT_EARLY
        enrollments.move(region, institution, enrollment_id, W.FINISHED, data, at=evening)
        assert db.session.get(Enrollment, enrollment_id).status == W.FINISHED


def test_a_step_the_guards_refuse_is_not_offered_and_they_are_asked_without_data(make_app, monkeypatch):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today())
    with app.app_context():
        region = app.extensions["portal.region"]
        district = _user("district_admin")  # holds 结业评价（区级培训） over the teacher, but did not run it
        rows = [r for r in enrollments.awaiting_page(region, district, 1, 100).items if r.enrollment.id == enrollment_id]
        assert rows == [] or COMPLETED not in _targets(rows[0])
        row = enrollments.enrollment_row(region, district, enrollment_id)
        assert COMPLETED not in _targets(row)
        with pytest.raises(enrollments.MoveRefused):  # and the click would have been refused
            enrollments.move(region, district, enrollment_id, COMPLETED,
                             enrollments.MoveInput(attended_hours=Decimal(24), grade=Grade.PASS))

        asked = []
        original = region.move_findings

        def guard(move):
            asked.append((move.data, dict(move.recorded)))
            return original(move)

        monkeypatch.setattr(region, "move_findings", guard)
        enrollments.class_page(region, _user("institution"), project_id, 1, 20)
        assert asked and all(data is None for data, _recorded in asked)
        assert all("attended_hours" in recorded and "grade" in recorded for _data, recorded in asked)

        def old_guard(move):  # written before data could be None
            return [] if move.data.get("grade") else original(move)

        monkeypatch.setattr(region, "move_findings", old_guard)
        page = enrollments.class_page(region, _user("institution"), project_id, 1, 20).page
        assert _targets(page.items[0]) == {W.FINISHED}  # offered; the click is judged as before


def test_a_bug_in_a_guard_asked_without_data_is_raised_not_read_as_not_ended(make_app, monkeypatch):
    """``Offer.ended`` and ``Offer.refusals`` took any AttributeError, KeyError or TypeError of the
    region's guard as "not refusing": a guard's bug (a misspelt field) read as "not ended", a
    result offered before the region's day. Only a failure for want of the step's data is."""
    app = make_app("qingdao", demo=True)
    later, _ = _personalized(app, clock.today() + timedelta(days=10))
    today, _ = _personalized(app, clock.today())
    with app.app_context():
        region = app.extensions["portal.region"]
        institution = _user("institution")
        original = region.move_findings

        def buggy(move):  # a misspelt field of the project: a bug, whatever the data
            return original(move) if move.selection.project.nmae else []

        monkeypatch.setattr(region, "move_findings", buggy)
        for project_id in (later, today):  # asked by ``ended`` (before the first day), by ``refusals`` (after)
            with pytest.raises(enrollments.RegionGuardError, match="not for want of its data"):
                enrollments.class_page(region, institution, project_id, 1, 20)

        def wanting(move):  # written before data could be None: fails reading it, as documented
            return [] if move.data["grade"] else original(move)

        monkeypatch.setattr(region, "move_findings", wanting)
        assert _targets(enrollments.class_page(region, institution, later, 1, 20).page.items[0]) == set()
        assert _targets(enrollments.class_page(region, institution, today, 1, 20).page.items[0]) == {W.FINISHED}

        def not_ended(move):  # a real answer still refuses: the region waits for the last day
            return [Finding(ENDED, False, None, None, "wait for its last day", "test")] if move.asking else []

        monkeypatch.setattr(region, "move_findings", not_ended)
        assert _targets(enrollments.class_page(region, institution, today, 1, 20).page.items[0]) == set()


def test_a_finished_training_without_its_result_is_moved_on_by_the_institution(make_app):
    """Recorded before the result was asked: the teacher's evaluation would register nothing,
    so it is not offered; the institution's 补登结业评价结果 is, and registers the credits."""
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today() - timedelta(days=3), status=W.FINISHED)
    with app.app_context():
        region = app.extensions["portal.region"]
        enrollment = db.session.get(Enrollment, enrollment_id)
        enrollment.attended_hours = Decimal(24)
        db.session.commit()
        teacher_user = db.session.get(User, db.session.get(Teacher, enrollment.teacher_id).user_id)
        row = enrollments.enrollment_row(region, teacher_user, enrollment_id)
        assert COMPLETED not in _targets(row)
        assert "尚未登记结业评价结果" in str(row.withheld[0].findings[0].message)  # why the teacher waits
        page = enrollments.class_page(region, _user("institution"), project_id, 1, 20).page
        (step,) = page.items[0].moves
        assert (step.target, str(step.label)) == (COMPLETED, "补登结业评价结果")
        enrollments.move(region, _user("institution"), enrollment_id, COMPLETED,
                         enrollments.MoveInput(attended_hours=Decimal(24), grade=Grade.PASS))
        assert db.session.get(Enrollment, enrollment_id).status == COMPLETED
        assert db.session.scalar(select(LedgerEntry).where(LedgerEntry.enrollment_id == enrollment_id)) is not None


def test_an_expired_hold_is_taken_again_after_reading_the_payment_notice_while_seats_remain(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id, other_id) = _personalized(app, clock.today() + timedelta(days=10), teachers=2,
                                                          status=W.APPROVED, capacity=1, fee=Decimal(300))
    with app.app_context():
        enrollment = db.session.get(Enrollment, enrollment_id)
        username = db.session.get(User, db.session.get(Teacher, enrollment.teacher_id).user_id).username
    teacher = signed_in(app, username)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "缴费须知" in page and 'name="agreed"' in page and "依据：" in page and ".txt" not in page and "《关于做好2018年中小学幼儿园教师培训工作的通知》" in page
    invoice = {f"m{enrollment_id}-invoice": "青岛市太平路小学"}  # asked at 报名 (2018 附件2 四3)
    step = {"target": W.AWAITING_PAYMENT, "state": W.APPROVED, "next": "/me/enrollments", **invoice}
    refused = teacher.post(f"/enrollments/{enrollment_id}/moves", data=step, follow_redirects=True)
    assert "请阅读须知并勾选同意" in refused.get_data(as_text=True) and _get(app, enrollment_id).status == W.APPROVED
    teacher.post(f"/enrollments/{enrollment_id}/moves", data={**step, "agreed": "y"})
    assert _get(app, enrollment_id).status == W.AWAITING_PAYMENT
    with app.app_context():
        db.session.get(Enrollment, enrollment_id).state_since = utcnow() - timedelta(minutes=31)
        db.session.commit()
    page = teacher.get("/me/enrollments").get_data(as_text=True)  # the read cancels it; the seat returns
    assert _get(app, enrollment_id).status == W.CANCELLED and "重新报名（阅读《缴费须知》并同意）" in page
    again = {"target": W.AWAITING_PAYMENT, "state": W.CANCELLED, "next": "/me/enrollments", "agreed": "y", **invoice}
    teacher.post(f"/enrollments/{enrollment_id}/moves", data=again)
    assert _get(app, enrollment_id).status == W.AWAITING_PAYMENT
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 1
        region = app.extensions["portal.region"]
        db.session.get(Enrollment, enrollment_id).state_since = utcnow() - timedelta(minutes=31)
        db.session.commit()
        enrollments.release_expired(region)
        other = db.session.get(Enrollment, other_id)  # a colleague takes the last seat meanwhile
        other_user = db.session.get(User, db.session.get(Teacher, other.teacher_id).user_id)
        enrollments.move(region, other_user, other_id, W.AWAITING_PAYMENT,
                         enrollments.MoveInput(agreed=True, fields={"invoice": "青岛市太平路小学"}))
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert ">重新报名（阅读《缴费须知》并同意）</summary>" not in page  # no seat left: not offered, and says why
    assert "暂不能：重新报名（阅读《缴费须知》并同意）。" in page and "名额已满" in page
    assert _get(app, enrollment_id).status == W.CANCELLED


def test_the_steps_offered_on_a_list_cost_the_same_queries_for_one_row_or_many(make_app):
    app = make_app("qingdao", demo=True)
    few_project, _ids = _personalized(app, clock.today(), teachers=1)
    many_project, _ids = _personalized(app, clock.today(), teachers=8)
    with app.app_context():
        region = app.extensions["portal.region"]
        institution = _user("institution")
        enrollments.class_page(region, institution, few_project, 1, 20)  # warm: the calendar, the user's roles

        def count(project_id):
            db.session.expire_all()
            with counted_queries(app) as statements:
                page = enrollments.class_page(region, institution, project_id, 1, 20).page
                assert all(_targets(r) == {W.FINISHED} for r in page.items)
            return len(statements)

        assert count(many_project) == count(few_project)


def test_the_awaiting_list_and_its_count_hold_only_enrollments_offering_the_reader_a_step(make_app):
    """The district admin holds 结业评价 over the teacher, but the guards withhold it on a
    training the district did not run: the enrollment does not wait for them, neither in the
    list nor in the home's count, which agree."""
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today())
    with app.app_context():
        region = app.extensions["portal.region"]
        district = _user("district_admin")
        row = enrollments.enrollment_row(region, district, enrollment_id)
        assert not row.moves and not row.withheld  # held, but never theirs on this training: not even "not yet"
        page = enrollments.awaiting_page(region, district, 1, 1000)
        assert enrollment_id not in {r.enrollment.id for r in page.items}
        assert all(r.moves for r in page.items)
        assert enrollments.awaiting_count(region, district) == page.total == len(page.items)
        institution = _user("institution")  # ran it: its step is offered, and it waits for them
        mine = enrollments.awaiting_page(region, institution, 1, 1000)
        assert enrollment_id in {r.enrollment.id for r in mine.items}
        assert enrollments.awaiting_count(region, institution) == mine.total
