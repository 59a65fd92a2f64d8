"""A transcript of a period within the cycle before today's states the teacher's standing in
that cycle, as their previous cycle's page reads it: the demo's transcript of 2017–2022 listed
118 credits and stated only "周期 2022-09-01 – 2027-08-31：已计 11.6 学分，应修 120 学分，尚未达标",
another cycle than the document's own, beside the city's conclusion of 118 / 120 (§二(四), §五(二))."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Teacher
from portal.services import transcripts
from portal.services.teachers import previous_cycle
from tests.support import signed_in


def test_a_transcript_of_the_previous_cycle_states_that_cycles_standing(make_app):
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        found = None
        for teacher in db.session.scalars(select(Teacher).order_by(Teacher.id)):
            previous = previous_cycle(region, teacher, today)
            if previous is not None and previous[1] is not None and not previous[1].kept.compliance.cycle.ok:
                found = teacher, previous
                break
        assert found is not None, "the demo has a teacher whose previous cycle ended unmet"
        teacher, (period, page) = found
        judged = page.kept.compliance.cycle
        t = transcripts.transcript_of(region, teacher, period, today)
        assert (t.cycle, t.cycle_counted, t.cycle_required, t.cycle_met, t.cycle_ended) == (
            period, judged.counted, judged.required, False, True)
        # today's cycle's transcript keeps today's standing
        now = transcripts.transcript_of(region, teacher, region.cycle(today, teacher.facts()), today)
        assert now.cycle == region.cycle(today, teacher.facts()) and not now.cycle_ended
        teacher_id, counted = teacher.id, judged.counted
    admin = signed_in(app, "city_admin")
    html = admin.get(f"/transcripts?teacher={teacher_id}&start={period.start}&end={period.end}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert (f"周期 {period.start} – {period.end}：已计 {counted.normalize():f} 学分，应修 120 学分，届满时未达标。") in text


def test_a_previous_cycle_missed_while_an_entry_is_in_audit_says_so(make_app, monkeypatch):
    """The teacher's previous-cycle page says a missed cycle may yet be met while an entry of it is
    in its audit; the transcript of that cycle said only 届满时未达标 (second read)."""
    from dataclasses import replace

    from portal.domain.findings import CYCLE_TOTAL
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        for teacher in db.session.scalars(select(Teacher).order_by(Teacher.id)):
            previous = previous_cycle(region, teacher, today)
            if previous is not None and previous[1] is not None and not previous[1].kept.compliance.cycle.ok:
                break
        period, page = previous
        waiting = replace(page, in_audit=frozenset({(CYCLE_TOTAL, period.end)}))
        monkeypatch.setattr(transcripts, "previous_cycle", lambda *a: (period, waiting))
        t = transcripts.transcript_of(region, teacher, period, today)
        assert t.cycle_ended and t.cycle_in_audit
        teacher_id = teacher.id
    admin = signed_in(app, "city_admin")
    html = admin.get(f"/transcripts?teacher={teacher_id}&start={period.start}&end={period.end}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "届满时未达标；本周期的记录尚在审核中，审核通过后计入" in text
