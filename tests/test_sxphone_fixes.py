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
    assert hire_row[heading.index("周期总量已达标")] == "—"
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
