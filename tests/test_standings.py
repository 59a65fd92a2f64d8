"""Each teacher's standing: computed by the region's rules, kept, refreshed with every change
of the ledger or the teacher's facts, and read by every list, the dashboard and the API."""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain import Grade, UserRole
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, StandingDuty, Teacher, TeacherStanding, User
from portal.services import ledger, standings, training
from portal.services.scope import Scope
from portal.services.teachers import scope_summary, teacher_page
from tests.support import BUNDLED_REGIONS, demo_day, login, on_hire_unasked_day, on_story_cycle_day


def demo_teacher() -> Teacher:
    return db.session.scalar(select(Teacher).join(Teacher.user).where(User.username == "teacher"))


def kept(teacher_id: int) -> TeacherStanding:
    db.session.expire_all()
    return db.session.get(TeacherStanding, teacher_id)


def fresh(region, teacher: Teacher, today: date):
    """What the region's rules answer now, computed from the ledger without the kept rows."""
    records = ledger.records_for(teacher.id, region.audit_workflow().counting(), until=today)
    return standings.compute(region, teacher, records, today)


def kept_duties_met(scope: Scope) -> Counter:
    """Per duty, the teachers in scope whose kept standing meets it (what reports will count)."""
    return Counter(dict(db.session.execute(
        select(StandingDuty.code, func.count()).join(Teacher, Teacher.id == StandingDuty.teacher_id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(StandingDuty.ok, scope.teacher_condition(OrgUnit.path)).group_by(StandingDuty.code)).all()))


def met_by_code(items, key: str) -> list[tuple[str, bool]]:
    """Each code once, met when each item under it is (a duty judged once a year, one code)."""
    seen = {}
    for item in items:
        seen[getattr(item, key)] = seen.get(getattr(item, key), True) and item.ok
    return list(seen.items())


def test_every_teacher_of_the_demo_has_a_kept_standing(app):
    with app.app_context():
        teachers = db.session.scalar(select(func.count(Teacher.id)))
        assert db.session.scalar(select(func.count(TeacherStanding.teacher_id))) == teachers


def test_a_ledger_change_refreshes_the_standing_in_its_own_transaction(app):
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = demo_teacher()
        before = kept(teacher.id).cycle_counted
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == teacher.id,
                                                            LedgerEntry.audit_state == "approved"))
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        ledger.reversal(entry, admin, "重复登记")  # the building block: flushed, not committed
        db.session.rollback()  # nothing committed: the kept standing is unchanged
        assert kept(teacher.id).cycle_counted == before
        entry = db.session.get(LedgerEntry, entry.id)
        ledger.reverse(entry, db.session.get(User, admin.id), "重复登记")
        assert kept(teacher.id).cycle_counted == before - entry.amount
        assert kept(teacher.id).detail == fresh(region, db.session.get(Teacher, teacher.id), clock.today()).as_data()


def test_a_change_of_the_teachers_facts_refreshes_the_standing(app):
    with app.app_context():
        teacher = demo_teacher()
        assert kept(teacher.id).detail["requirements"]
        teacher = db.session.get(Teacher, teacher.id)
        teacher.entered_post = clock.today().replace(month=1, day=1)
        db.session.commit()
        row = kept(teacher.id)
        assert row.detail == fresh(app.extensions["portal.region"], teacher, clock.today()).as_data()


def test_a_stale_standing_is_computed_again_before_it_is_shown(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = demo_teacher()
        row = kept(teacher.id)
        row.fingerprint = "computed under other rules"
        row.cycle_counted = Decimal("999")
        db.session.commit()
        scope = Scope.of(db.session.scalar(select(User).where(User.username == "school_admin")), UserRole)
        summary = scope_summary(region, scope, clock.today())
        assert summary.waiting == 1  # counted in no figure until it is computed again
        page = teacher_page(region, scope, clock.today(), teacher.name)
        assert [r.teacher.id for r in page.items] == [teacher.id]
        assert page.items[0].current and page.items[0].cycle_total != Decimal("999")
        assert kept(teacher.id).fingerprint == region.fingerprint(clock.today())
        assert scope_summary(region, scope, clock.today()).waiting == 0


def test_a_standing_holds_until_the_year_ends(make_app):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = demo_teacher()
        assert today <= kept(teacher.id).valid_until <= date(today.year, 12, 31)
        row = kept(teacher.id)
        row.valid_until = row.as_of = today - timedelta(days=400)  # computed last year, held until then
        db.session.commit()
        standings.current(region, db.session.get(Teacher, teacher.id), today)
        assert kept(teacher.id).as_of == today and kept(teacher.id).valid_until >= today


def test_a_bureau_setting_changes_the_fingerprint(make_app):
    app = make_app("qingdao")
    region = app.extensions["portal.region"]
    name, parameter = next(iter(region.settings_by_name().items()))
    changed = replace(region, settings={name: parameter.values[-1].value})
    assert changed.fingerprint(clock.today()) != region.fingerprint(clock.today())


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_the_list_the_dashboard_and_each_teachers_page_agree(make_app, code):
    """For every teacher of the region's demo: the list's figures, the dashboard's counts and
    the teacher's own page are the region's answer for that teacher."""
    app = make_app(code, demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        scope = Scope.of(admin, UserRole)
        rows = teacher_page(region, scope, today, per_page=1000).items
        answers = {}
        for row in rows:
            answer = fresh(region, row.teacher, today)
            answers[row.teacher.id] = answer
            assert type(answer).from_data(json.loads(json.dumps(answer.as_data()))) == answer
            year = answer.year_progress()
            assert row.current
            assert (row.standing.cycle_counted, row.standing.cycle_required, row.standing.cycle_met) == (
                answer.cycle.counted, answer.cycle.required, answer.cycle.ok), row.teacher.name
            assert (row.standing.cycle_start, row.standing.cycle_end) == (answer.cycle.period.start,
                                                                          answer.cycle.period.end)
            assert row.year_total == (year.earned if year else 0)
            assert row.standing.year_met == answer.year_met
            assert row.standing.open_duties == len(answer.open_findings())
        summary = scope_summary(region, scope, today)
        assert summary.teachers == len(rows) == len(answers)
        # a teacher asked nothing (0 of 0: a probation year) meets nothing: counted apart, in no share
        asked_year = {i: bool(a.year_progress() and a.year_progress().required) for i, a in answers.items()}
        assert summary.teachers_meeting_yearly == sum(a.year_met and asked_year[i] for i, a in answers.items())
        assert summary.year_exempt == sum(not asked for asked in asked_year.values())
        assert summary.teachers_meeting_cycle == sum(a.cycle.ok and a.cycle.required > 0 for a in answers.values())
        assert summary.cycle_exempt == sum(a.cycle.required == 0 for a in answers.values())
        assert summary.teachers_done == sum(a.cycle.ok and not a.open_findings() for a in answers.values())
        assert summary.waiting == 0
        assert kept_duties_met(scope) == Counter(code for a in answers.values()
                                                 for code, ok in met_by_code(a.compliance.findings, "code") if ok)
        teacher = demo_teacher()
        own = answers[teacher.id]
    client = app.test_client()
    login(client, "teacher")
    data = client.get("/api/me/standing").get_json()
    assert data["cycle"]["met"] == own.cycle.ok
    assert Decimal(str(data["cycle"]["counted"])) == own.cycle.counted
    assert [f["code"] for f in data["compliance"]["findings"]] == [f.code for f in own.compliance.findings]
    page = client.get("/me/").get_data(as_text=True)
    assert f"<strong>{own.cycle.counted.normalize():f}</strong>" in page or str(own.cycle.counted) in page


def test_the_api_pages_the_standings_of_the_callers_scope(make_app):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    first = client.get("/api/standings?page=1")
    assert first.status_code == 200
    body = first.get_json()
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        in_scope = {r.teacher.id for r in teacher_page(app.extensions["portal.region"], Scope.of(admin, UserRole),
                                               clock.today(), per_page=1000).items}
        elsewhere = db.session.scalar(select(OrgUnit.id).where(OrgUnit.id.not_in(
            select(Teacher.school_id).where(Teacher.id.in_(in_scope))), OrgUnit.parent_id.is_not(None)))
    assert body["total"] == len(in_scope) and {r["teacher_id"] for r in body["items"]} <= in_scope
    assert {"cycle", "year", "duties", "purposes", "rule_version", "computed_at"} <= set(body["items"][0])
    assert client.get(f"/api/standings?unit={elsewhere}").status_code == 404
    assert client.get("/api/standings?unit=99999999999").status_code == 404
    login(client, "teacher")
    assert client.get("/api/standings").status_code == 403
    assert client.get("/api/me/standing").status_code == 200


def test_the_commands_refresh_and_export_the_standings(make_app):
    app = make_app("ruian", demo=True)
    runner = app.test_cli_runner()
    with app.app_context():
        teachers = db.session.scalar(select(func.count(Teacher.id)))
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
        school = db.session.scalar(select(Teacher.school_id).order_by(Teacher.id))
        in_school = db.session.scalar(select(func.count(Teacher.id)).where(Teacher.school_id == school))
        code = db.session.get(OrgUnit, school).code
    result = runner.invoke(args=["standings", "refresh"])
    assert result.exit_code == 0 and f"{teachers} teachers" in result.output
    result = runner.invoke(args=["standings", "refresh", "--stale"])
    assert result.exit_code == 0 and "0 teachers" in result.output
    result = runner.invoke(args=["standings", "refresh", "--unit", code])
    assert result.exit_code == 0 and (f"{in_school} teacher" in result.output)
    result = runner.invoke(args=["standings", "export", "--unit", str(unit.id), "--format", "csv"])
    lines = [line for line in result.output.splitlines() if line and not line.startswith("Computing")]
    assert lines[0].startswith("teacher_id,name,id_number") and len(lines) == teachers + 1
    result = runner.invoke(args=["standings", "export", "--unit", code, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert len(rows) == in_school and all(r["school"]["id"] == school for r in rows)
    result = runner.invoke(args=["standings", "export", "--unit", "no-such-unit"])
    assert result.exit_code != 0 and "no-such-unit" in result.output


def test_completing_a_training_refreshes_the_teachers_standing(make_app):
    app = make_app("example", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = demo_teacher()
        before = kept(teacher.id).year_counted
        project = training.add_project(None, teacher.school, name="新增集中培训", level="county", mode="centralized",
                                       category="centralized", start_date=today, end_date=today, year=today.year,
                                       hours=Decimal(6))
        enrollment = training.enroll(region, None, project, teacher)
        training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS, audit_state="approved")
        db.session.commit()
        after = kept(teacher.id)
        assert after.year_counted == before + db.session.scalar(
            select(LedgerEntry.amount).where(LedgerEntry.enrollment_id == enrollment.id))
        assert after.detail == fresh(region, db.session.get(Teacher, teacher.id), today).as_data()


def test_the_api_says_the_cycle_total_and_every_duty_apart(make_app, monkeypatch):
    """shanxi's new hire is asked 0 this cycle (met) with a duty still open: ``cycle.met`` stays
    the cycle's total alone, for existing clients, and ``all_duties_met`` says what the pages
    count as every duty met; the CSV export has it as its last column."""
    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    with app.app_context():
        hire = db.session.scalar(select(Teacher).where(Teacher.name == "郭雨萱"))
        hire_id, school = hire.id, hire.school_id
    client = app.test_client()
    login(client, "district_admin")
    rows = []
    number = 1
    while True:
        body = client.get(f"/api/standings?page={number}").get_json()
        rows += body["items"]
        if number >= body["pages"]:
            break
        number += 1
    row = next(r for r in rows if r["teacher_id"] == hire_id)
    assert row["cycle"]["met"] is True and row["open_duties"] > 0 and row["all_duties_met"] is False
    assert all(r["all_duties_met"] == (r["cycle"]["met"] and r["open_duties"] == 0) for r in rows)
    result = app.test_cli_runner().invoke(args=["standings", "export", "--unit", str(school), "--format", "csv"])
    lines = [line for line in result.output.splitlines() if line and not line.startswith("Computing")]
    heading = lines[0].split(",")
    assert heading[-6:] == ["all_duties_met", "duties_missed", "year_counted", "duties_asked", "year_asked",
                            "cycle_asked"]
    assert heading.index("cycle_met") == 15
    hire_line = next(line.split(",") for line in lines[1:] if line.startswith(f"{hire_id},"))
    assert hire_line[heading.index("cycle_met")] == "True" and hire_line[heading.index("all_duties_met")] == "False"


def test_a_missed_year_is_kept_as_missed_and_not_counted_open(make_app):
    """A past year's minimum not met stays in the kept standing (read back the same), but only
    the duties of periods still running are open: ``open_duties``, every duty met."""
    from portal.domain import YearProgress
    from portal.domain.findings import yearly_minimum
    from portal.domain.standing import Standing

    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = demo_teacher()
        answer = fresh(region, teacher, today)
    past = yearly_minimum(YearProgress(today.year - 1, Decimal(48), Decimal(1)), "", "x §1",
                          date(today.year - 1, 12, 31))
    standing = replace(answer, compliance=replace(answer.compliance, findings=(*answer.compliance.findings, past)))
    assert past in standing.missed_findings() and past not in standing.open_findings()
    assert len(standing.open_findings()) == len(answer.open_findings())
    assert past not in standing.current_findings()
    assert Standing.from_data(json.loads(json.dumps(standing.as_data()))) == standing
    rows = {d["code"]: d for d in standings._duties(standing.compliance.findings, today)}
    assert rows["yearly_minimum"]["ok"] is False  # a year missed: the duty was not met that year


def test_the_api_and_the_export_tell_a_missed_duty_from_an_open_one(make_app, monkeypatch):
    """Trial: the standings API gave no way to tell a past year missed from a duty still open.
    Each duty says ``missed`` and ``ended_on``: qingdao's demo teacher missed 2023's minimum
    (history, its period ended 2023-12-31; the demo's ``short_year``); a duty of the cycle still
    running is open."""
    from plugins.qingdao.demo import short_year

    on_story_cycle_day(monkeypatch)  # the demo's past years in its cycle: in a cycle's first years (2028 of 2028–2032) they are the previous one's
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    own = client.get("/api/me/standing").get_json()
    duties, as_of = own["duties"], own["as_of"]
    assert all({"ok", "missed", "ended_on"} <= set(d) for d in duties.values())
    findings = own["compliance"]["findings"]
    for code, duty in duties.items():
        judged = [f for f in findings if f["code"] == code]
        unmet = [f for f in judged if not f["ok"]]
        missed = bool(unmet) and all(f["deadline"] and f["deadline"] < as_of for f in unmet)
        assert duty["missed"] is missed, code
        if missed:
            assert duty["ended_on"] == max(f["deadline"] for f in unmet) and "shortfall" not in duty
        elif any(not f["deadline"] or f["deadline"] >= as_of for f in judged):
            assert duty["ended_on"] is None, code
    cycle = duties["cycle_total"]
    assert cycle["missed"] is False and cycle["ended_on"] is None  # the cycle runs still
    assert own["open_duties"] == sum(1 for d in duties.values() if not d["ok"] and not d["missed"])
    # her 2023 missed and this year's not reached yet: the duty is open, not history
    yearly = [f for f in findings if f["code"] == "yearly_minimum" and not f["ok"]]
    assert any(f["deadline"] == f"{short_year(demo_day())}-12-31" for f in yearly) and any(f["deadline"] >= as_of for f in yearly)
    assert duties["yearly_minimum"] == {**duties["yearly_minimum"], "ok": False, "missed": False, "ended_on": None}
    with app.app_context():
        teacher_id, school = own["teacher_id"], own["school"]["id"]
    admin = app.test_client()
    login(admin, "city_admin")
    body = admin.get(f"/api/standings?unit={school}").get_json()
    row = next(r for r in body["items"] if r["teacher_id"] == teacher_id)
    assert row["duties"] == duties
    result = app.test_cli_runner().invoke(args=["standings", "export", "--unit", str(school), "--format", "csv"])
    lines = [line for line in result.output.splitlines() if line and not line.startswith("Computing")]
    heading = next(csv.reader([lines[0]]))
    line = next(next(csv.reader([x])) for x in lines[1:] if x.startswith(f"{teacher_id},"))
    assert heading[-5:] == ["duties_missed", "year_counted", "duties_asked", "year_asked", "cycle_asked"]
    assert line[-5] == ";".join(f"{code}@{d['ended_on']}" for code, d in duties.items() if d["missed"])


def test_a_duty_is_missed_when_only_its_ended_periods_fell_short():
    """One code a year: a past year short and this year met so far is missed history (ended on the
    past year's last day); this year short too, it is open; every year ended and met, it ended."""
    from portal.domain import YearProgress
    from portal.domain.findings import yearly_minimum

    today = date(2026, 6, 1)

    def year(y, earned):
        return yearly_minimum(YearProgress(y, Decimal(48), Decimal(earned)), "", "x §1", date(y, 12, 31))

    def row(*findings):
        return standings._duties(findings, today)[0]

    assert row(year(2024, 10), year(2025, 50), year(2026, 50)) | {} == {
        "code": "yearly_minimum", "ok": False, "cap": False, "shortfall": None, "missed": True,
        "ended_on": date(2024, 12, 31), "label": None, "exempt": False}
    assert (row(year(2024, 10), year(2026, 1))["missed"], row(year(2024, 10), year(2026, 1))["ended_on"]) == (False, None)
    assert (row(year(2024, 50), year(2025, 50))["missed"], row(year(2024, 50), year(2025, 50))["ended_on"]) == (
        False, date(2025, 12, 31))
    assert (row(year(2026, 50))["missed"], row(year(2026, 50))["ended_on"]) == (False, None)


def test_the_api_says_the_years_earned_and_what_counts_of_it_apart(make_app, monkeypatch):
    """An outside author's teacher past a yearly cap read year.earned 118 beside cycle.earned
    128: the kept year gave what counts under the name earned. Both are kept and said now."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        compliance = original(teacher, records, as_of)
        capped = tuple(replace(y, counted=y.earned - 1) if y.earned else y for y in compliance.years)
        return replace(compliance, years=capped)

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    app = make_app("example", demo=True)
    client = app.test_client()
    login(client, "teacher")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(Teacher.user).where(User.username == "teacher"))
        standings.refresh_all(app.extensions["portal.region"], clock.today(), [teacher.id])
        standing = kept(teacher.id)
        assert standing.year_earned == standing.year_counted + 1
    year = client.get("/api/me/standing").get_json()["year"]
    assert year["earned"] == year["counted"] + 1
