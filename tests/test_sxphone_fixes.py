"""Defects a phone walk through shanxi found as its new teacher, veteran and bureaus, each pinned
by a test that failed before its fix."""
from __future__ import annotations

from tests.support import on_hire_unasked_day, signed_in, text
from tests.test_trial9_fixes import _exported


def test_a_cycle_asking_nothing_is_not_met_on_the_transcript_nor_in_the_export(make_app, monkeypatch):
    """The new hire, in her probation year with 0 of 120 hours, is asked nothing of the cycle
    (§三(二) registers her credits from 转正): her home and the teacher list say 不作要求, but her
    transcript, which title review and re-registration read, said 应修 0 学分，已达标, and the
    teacher export said 周期总量已达标 是."""
    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    hire = signed_in(app, "t0041")
    assert "不作要求" in text(hire.get("/me/"))
    standing = text(hire.get("/transcripts")).split("学分状况", 1)[1]
    assert "已达标" not in standing and "应修" not in standing
    assert "不作要求：试用期至" in standing
    english = signed_in(app, "t0041")
    english.post("/locale/en")
    standing = text(english.get("/transcripts")).split("Standing", 1)[1]
    assert "met" not in standing.replace("not met", "") and "Not asked" in standing
    rows = _exported(app, "school_admin")
    heading = rows[0]
    hire_row = next(r for r in rows[1:] if r[0] == "郭雨萱")
    assert hire_row[heading.index("周期总量已达标")] == "不作要求"
    veteran = next(r for r in rows[1:] if r[0] == "李晓红")
    assert veteran[heading.index("周期总量已达标")] == "否"


def test_a_training_with_a_compulsory_topic_is_suggested_for_that_duty(make_app):
    """§三(三) makes 师德教育 compulsory with no amount (any credits of it): t0040, who has none,
    read the county's ethics training as adding to two duties (the cycle's and the year's), not to
    必修学分：师德教育, and a teacher lacking only that duty was told no training would help."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app("shanxi", demo=True)
    with app.app_context():
        ethics_id, name = db.session.execute(select(TrainingProject.id, TrainingProject.name).where(
            TrainingProject.name.like("%师德师风与依法执教%"))).one()
    teacher = signed_in(app, "t0040")
    listed = text(teacher.get("/me/compliance/trainings"))
    card = listed.split(name, 1)[1].split("查找培训", 1)[0]
    assert "必修学分：师德教育：即可达到要求" in card
    assert "必修学分：师德教育：即可达到要求" in text(teacher.get(f"/catalog/{ethics_id}"))
    teacher.post("/locale/en")
    assert "would be met" in text(teacher.get("/me/compliance/trainings")).split(name, 1)[1]


def test_a_chart_of_counts_of_teachers_steps_by_whole_teachers(make_app):
    """太原市's chart of the teachers able to use their credits (1 and 0) read 0, 0.2, 0.4 … 1 under
    its bars: a count of teachers is charted on an axis of whole ones; a share is not."""
    import html
    import json
    import re

    from pathlib import Path

    app = make_app("shanxi", demo=True)
    city = signed_in(app, "city_admin")

    def chart(code: str) -> dict:
        page = city.get(f"/admin/reports/{code}").get_data(as_text=True)
        return json.loads(html.unescape(re.search(r'data-chart="([^"]*)"', page).group(1)))

    counts, shares = chart("credit_uses"), chart("categories")
    assert all(v == int(v) for v in counts["values"]) and counts["whole"] is True
    assert shares["whole"] is False
    script = (Path(app.static_folder) / "chart.js").read_text()
    assert "minInterval: data.whole ? 1 : 0" in script


def test_a_missing_trainings_half_year_to_appeal_runs_from_its_school_years_registration(make_app, monkeypatch):
    """§五(三) 教师可以根据学分登记情况，在半年内提出申诉: the school registers a school year's trainings when
    it ends (§五(二) 每学年结束时). On 2026-12-07 a teacher whose training of 2026-03-02 was left out of
    that registration (2026-08-31) was refused: 申诉期限已于 2026-09-02 届满, a week after it. The half
    year runs from the year's end; a training of the year before is still out of time."""
    import io
    from datetime import date

    from tests.support import on_day

    on_day(monkeypatch, date(2026, 12, 7))
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "t0001")

    def appeal(day: str):
        return teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data", data={
            "subject": "missing", "statement": "参加县级培训未登记", "day": day,
            "files": (io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), "通知.pdf")})

    assert appeal("2026-03-02").status_code == 303
    late = appeal("2025-03-02")
    assert late.status_code == 422 and "申诉期限已于 2026-02-28 届满" in text(late)


def test_a_centralized_training_claimed_without_its_first_day_took_one_day(make_app):
    """The claim form asks 开始日期（多日培训填写）, the first day of a training of several days only:
    t0041's claim of 5000 hours of probation training on one day, its first day left blank, went to
    the school, while 60 hours on one day with that day given as its first were refused."""
    import io

    from sqlalchemy import func, select

    from portal import clock
    from portal.extensions import db
    from portal.models import LedgerEntry

    app = make_app("shanxi", demo=True)
    hire = signed_in(app, "t0041")
    day = clock.today().isoformat()
    with app.app_context():
        before = db.session.scalar(select(func.count(LedgerEntry.id)))

    def claim(hours: str, start: str = ""):
        return hire.post("/claims/new/probation_centralized", content_type="multipart/form-data", data={
            "title": "县级新任教师试用期集中培训", "start": start, "activity_date": day, "level": "county",
            "figure": hours, "files": (io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), "结业证书.pdf")})

    for hours, start in (("5000", ""), ("60", ""), ("60", day)):
        refused = claim(hours, start)
        assert refused.status_code == 422 and "1 天的培训每天最多计 12 学时" in text(refused), (hours, start)
    with app.app_context():
        assert db.session.scalar(select(func.count(LedgerEntry.id))) == before
    assert claim("8").status_code == 303
