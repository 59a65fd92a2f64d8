"""No result of a training is recorded before its first day, so before it the class list offers
no results sheet and says the day once, and a sheet posted anyway is refused whole with one
reason, nothing recorded: the class list offered the sheet (and said under every enrollment that
its result could not be recorded yet), and an uploaded sheet came back with every row refused."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
import xlsxwriter
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, Teacher, User
from portal.services import enrollments, results, training
from tests.support import signed_in


@dataclass(frozen=True)
class Enrolled:
    project_id: int
    enrollment_id: int
    status: str  # the enrollment's state once enrolled
    id_number: str
    name: str
    username: str


def enrolled(app, start: date, end: date | None = None, name: str = "区级开训前名单",
             hours: Decimal = Decimal(6)) -> Enrolled:
    """A district training from ``start`` to ``end`` (one day without it), with a teacher of the
    district enrolled."""
    with app.app_context():
        district = db.session.scalar(select(User).where(User.username == "district_admin")).roles[0].org_unit
        project = training.add_project(None, district, name=name, level="county", mode="centralized",
                                       start_date=start, end_date=end or start, year=start.year,
                                       hours=hours, capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).order_by(Teacher.id))
        enrollment = training.enroll(app.extensions["portal.region"], None, project, teacher)
        db.session.commit()
        return Enrolled(project.id, enrollment.id, enrollment.status, teacher.id_number, teacher.name,
                        db.session.get(User, teacher.user_id).username)


def _project(app, start: date) -> tuple[int, str, str]:
    e = enrolled(app, start)
    return e.project_id, e.id_number, e.name


def _sheet(*rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    page = book.add_worksheet()
    for r, row in enumerate([["身份证号", "姓名", "参训学时", "考核等次"], *rows]):
        for c, value in enumerate(row):
            page.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("region", ["qingdao", "kaifeng"])
def test_before_the_first_day_no_sheet_is_offered_and_one_posted_is_refused_whole(make_app, region):
    app = make_app(region, demo=True)
    start = clock.today() + timedelta(days=10)
    project_id, id_number, name = _project(app, start)
    district = signed_in(app, "district_admin")
    page = district.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert name in page
    assert f'action="/projects/{project_id}/results/sheet"' not in page and "用 Excel 表登记考核结果" not in page
    assert page.count(start.isoformat()) == 1  # the day, said once
    # qingdao names the result its 结业评价 (2017 附件2 第6步), as the step recording it
    result = "结业评价" if region == "qingdao" else "培训结果"
    assert f"培训于 {start.isoformat()} 开始，自当日起方可在此或用 Excel 表登记{result}。" in page
    assert "暂不能" not in page  # no enrollment repeats it under a step it cannot take

    posted = district.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                           data={"sheet": (io.BytesIO(_sheet([id_number, name, "6", "合格"])), "results.xlsx")})
    assert posted.status_code == 303 and posted.headers["Location"].endswith(f"/projects/{project_id}/class")
    told = district.get(posted.headers["Location"]).get_data(as_text=True)
    assert f"培训于 {start.isoformat()} 开始，自当日起方可登记{result}。本次未登记任何结果。" in told
    template = district.get(f"/projects/{project_id}/results/template.xlsx")
    assert template.status_code == 303
    with app.app_context():
        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.project_id == project_id))
        before = enrollment.status
        confirmed = district.post(f"/projects/{project_id}/results",
                                  data={"enrollment": str(enrollment.id), f"hours-{enrollment.id}": "6",
                                        f"grade-{enrollment.id}": "合格"})
        assert confirmed.status_code == 303
        db.session.expire_all()
        assert db.session.get(Enrollment, enrollment.id).status == before  # nothing recorded

    english = signed_in(app, "district_admin")
    english.post("/locale/en")
    english.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                 data={"sheet": (io.BytesIO(_sheet([id_number, name, "6", "合格"])), "results.xlsx")})
    told = english.get(f"/projects/{project_id}/class").get_data(as_text=True)
    results = "completion evaluations" if region == "qingdao" else "results"
    assert f"The training starts on {start.isoformat()}: its {results} can be recorded from that day on." in told


def test_the_service_refuses_a_sheet_before_the_first_day(make_app):
    app = make_app("qingdao", demo=True)
    start = clock.today() + timedelta(days=1)
    project_id, id_number, _name = _project(app, start)
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.username == "district_admin"))
        with pytest.raises(results.ResultsTooEarly) as refused:
            results.results_preview(app.extensions["portal.region"], actor, project_id, [(2, [id_number, "6", "合格"])], ())
        assert refused.value.start == start
        assert enrollments.results_open_from(db.session.get(training.TrainingProject, project_id), start) is None


def test_before_a_training_of_several_days_its_pages_say_its_results_wait_for_its_last_day(make_app):
    """A five-day training ahead: its result waits for its last day (the region's ``ended_finding``),
    not its first: a kaifeng teacher read "自当日起方可登记培训结果" of the first day, and on that day
    the institution's class list said the result waited for the last one."""
    app = make_app("kaifeng", demo=True)  # enrolled by the system: the result is the next step
    start = clock.today() + timedelta(days=10)
    end = start + timedelta(days=4)
    e = enrolled(app, start, end, "区级五天集中培训", Decimal(30))
    project_id, name, username = e.project_id, e.name, e.username
    assert e.enrollment_id
    mine = signed_in(app, username).get("/me/enrollments").get_data(as_text=True)
    assert "区级五天集中培训" in mine
    assert f"自 {end.isoformat()}（培训最后一天）起方可登记培训结果" in mine  # the teacher reads the last day
    assert f"培训于 {start.isoformat()} 开始，自当日起方可登记培训结果" not in mine
    page = signed_in(app, "district_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert name in page and "暂不能" not in page  # said once, above the list
    assert f"培训于 {start.isoformat()} 至 {end.isoformat()} 举行，自最后一天（{end.isoformat()}）起方可在此或用 Excel 表登记培训结果。" in page
    assert f"培训于 {start.isoformat()} 开始，自当日起方可" not in page
