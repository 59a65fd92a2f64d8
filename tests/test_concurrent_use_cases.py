"""Use cases run by several people at the same moment, on SQLite and PostgreSQL: each ends in
one of its own answers, never in a database error."""
import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, update

from portal import clock
from portal.extensions import db
from portal.models import (
    AuditEvent, Enrollment, LedgerEntry, OrgUnit, StandingDuty, Teacher, TeacherStanding, TrainingProject, User, Workshop,
)
from portal.domain import SchoolStage
from portal.services import reviews, standings, training, users, workshops
from portal.services.accounts import AccountError

ATTEMPTS = 8
ROUNDS = 4  # a race is timing: several rounds make meeting it near certain


def test_the_same_teacher_enrolled_at_once_is_already_enrolled(app):
    """One seat is taken; every other admin is told "already" (not the unique constraint's error)."""
    region = app.extensions["portal.region"]
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
        project_ids = [training.add_project(None, organiser, name=f"同时报名{i}", level="county",
                                            mode="centralized", start_date=date(2026, 3, 1),
                                            end_date=date(2026, 3, 1), year=2026, hours=Decimal(6),
                                            capacity=ATTEMPTS).id for i in range(ROUNDS)]
        teacher_id = db.session.scalars(select(Teacher.id)).first()
        db.session.commit()
    for project_id in project_ids:
        outcomes = enroll_at_once(app, region, project_id, teacher_id)
        assert sorted(outcomes) == ["already"] * (ATTEMPTS - 1) + ["seat"], outcomes
        with app.app_context():
            assert db.session.get(TrainingProject, project_id).taken == 1
            assert db.session.scalar(select(func.count(Enrollment.id))
                                     .where(Enrollment.project_id == project_id)) == 1


def test_the_same_workshop_set_up_at_once_is_set_up_once(app):
    """Admins setting the same workshop up at the same moment all pass the check before any
    commits: one is set up, every other is told "duplicate" (the unique index's refusal, not
    its error)."""
    for round_ in range(ROUNDS):
        subject = f"同时设立{round_}"

        def set_up():
            admin = db.session.scalar(select(User).where(User.username == "district_admin"))
            unit = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "ex-d"))
            workshops.create(admin, name=f"{subject}工作坊", org_unit_id=unit, subject=subject,
                             stage=SchoolStage.PRIMARY, leader="workshop_leader")
            return "set up"

        outcomes = at_once(app, set_up, workshops.WorkshopInvalid)
        assert sorted(outcomes) == ["duplicate"] * (ATTEMPTS - 1) + ["set up"], outcomes
        with app.app_context():
            assert db.session.scalar(select(func.count(Workshop.id)).where(Workshop.subject == subject)) == 1


def test_an_account_deactivated_as_it_is_handed_a_workshop_never_leads_it_inactive(app):
    """Half the admins deactivate an account while the other half hand it a workshop: the
    account's row is held by both use cases, so whichever comes second sees the first's
    change and refuses (no workshop is left to a leader who cannot sign in)."""
    with app.app_context():
        workshop_id = db.session.scalar(select(Workshop.id))
        account = db.session.scalar(select(User.id).where(User.username == "t0001"))
        first_leader = db.session.scalar(select(Workshop.leader_id))
    turn = iter(range(ROUNDS * ATTEMPTS))

    def deactivate_or_hand_over():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        if next(turn) % 2:
            users.set_active(admin, account, False)
            return "deactivated"
        workshops.edit(admin, workshop_id, name="示例区小学语文工作坊", leader="t0001")
        return "handed over"

    for _ in range(ROUNDS):
        outcomes = at_once(app, deactivate_or_hand_over, (AccountError, workshops.WorkshopInvalid))
        with app.app_context():
            active = db.session.get(User, account).active
            led = db.session.get(Workshop, workshop_id).leader_id == account
            assert active or not led, outcomes
            assert set(outcomes) == ({"handed over", "leads_workshops"} if led else {"deactivated", "not_found"}), outcomes
            db.session.execute(update(Workshop).values(leader_id=first_leader))
            db.session.execute(update(User).where(User.id == account).values(active=True))
            db.session.commit()


def enroll_at_once(app, region, project_id: int, teacher_id: int) -> list[str]:
    def enroll():
        project = db.session.get(TrainingProject, project_id)  # read first, as a view does
        teacher = db.session.get(Teacher, teacher_id)
        training.enroll(region, None, project, teacher)
        db.session.commit()
        return "seat"

    return at_once(app, enroll, training.EnrollmentRefused)


def test_reviewers_acting_on_the_same_entry_at_once_move_it_once(app):
    """The state is the entry's version: the second reviewer is told the entry changed (or,
    reading after the first committed, that the step is no longer open)."""
    region = app.extensions["portal.region"]
    with app.app_context():
        entry_id = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.audit_state == "submitted"))

    def review():
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        target = "approved" if threading.get_ident() % 2 else "rejected"
        return reviews.move(region, admin, entry_id, target, "材料不全").entry.audit_state

    outcomes = at_once(app, review, reviews.ReviewRefused)
    moved = [o for o in outcomes if o in ("approved", "rejected")]
    assert len(moved) == 1 and set(outcomes) - set(moved) <= {"changed", "not_allowed"}, outcomes
    with app.app_context():
        assert db.session.get(LedgerEntry, entry_id).audit_state == moved[0]
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "ledger.reviewed", AuditEvent.subject_id == entry_id)) == 1


def at_once(app, use_case, refused: type[Exception]) -> list[str]:
    """Run ``use_case`` in ATTEMPTS threads released together: its answer, the ``refused``
    exception's code, or the repr of any other error."""
    barrier = threading.Barrier(ATTEMPTS, timeout=60)
    outcomes = []

    def attempt():
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(use_case())
            except refused as refusal:
                outcomes.append(refusal.code)
            except Exception as error:  # noqa: BLE001 (the outcome under test)
                outcomes.append(repr(error))
            finally:
                db.session.rollback()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_stale_standing_read_by_many_at_once_is_kept_once(app):
    """Teachers opening their page at the same moment after the rules changed: each is
    answered, and the standing is kept once (no duplicate row, no database error)."""
    region = app.extensions["portal.region"]
    with app.app_context():
        teacher_id = db.session.scalars(select(Teacher.id)).first()
    for _round in range(ROUNDS):
        with app.app_context():
            db.session.get(TeacherStanding, teacher_id).fingerprint = "older rules"
            db.session.commit()

        def read():
            return str(standings.current(region, db.session.get(Teacher, teacher_id), clock.today()).cycle.counted)

        outcomes = at_once(app, read, NeverRefused)
        assert len(set(outcomes)) == 1 and not outcomes[0].startswith(("<", "(")), outcomes
        with app.app_context():
            assert db.session.get(TeacherStanding, teacher_id).fingerprint == region.fingerprint(clock.today())
            codes = db.session.scalars(select(StandingDuty.code).where(StandingDuty.teacher_id == teacher_id)).all()
            assert len(codes) == len(set(codes))


class NeverRefused(Exception):
    """Reading a standing refuses nothing: any error is a failure of the test."""

    code = "refused"


def test_teachers_selecting_the_last_seats_at_once_never_overbook(make_app):
    """A rush at the opening second: as many selections succeed as there are seats, the others
    are refused as full, and the count of seats taken is the count of enrollments (shanxi: a
    teacher selects for themselves, and the selection holds a seat at once)."""
    from portal.services import enrollments

    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    seats = 3
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
        project_ids = [training.add_project(None, organiser, name=f"抢位{i}", level="county", mode="centralized",
                                            start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                            hours=Decimal(6), capacity=seats, status="published").id
                       for i in range(ROUNDS)]
        # a county training is for the district's teachers (the catalog's audience, as its quotas')
        user_ids = db.session.scalars(select(Teacher.user_id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                      .where(Teacher.user_id.is_not(None), OrgUnit.path.startswith(organiser.path))
                                      .order_by(Teacher.id).limit(ATTEMPTS)).all()
        db.session.commit()
    assert len(user_ids) == ATTEMPTS
    for project_id in project_ids:
        outcomes = at_once(app, _selecting(region, project_id, user_ids, []), enrollments.MoveRefused)
        assert sorted(outcomes) == ["seat"] * seats + ["selection_seats"] * (ATTEMPTS - seats), outcomes
        with app.app_context():
            assert db.session.get(TrainingProject, project_id).taken == seats
            assert db.session.scalar(select(func.count(Enrollment.id))
                                     .where(Enrollment.project_id == project_id)) == seats


def test_selections_at_once_never_overbook_a_two_level_quota(make_app):
    """The rush again, the seats allocated on two levels (名额分配): the district holds 3, one
    of its schools 2. Four teachers of that school and four of the other select at once: the
    district's 3 seats are taken and no more, at most 2 by the school's teachers, every other
    selection refused for the quota, and each quota's count is the seats held below it."""
    from portal.models import ProjectQuota
    from portal.services import enrollments, quotas

    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        district = admin.roles[0].org_unit
        first, second = db.session.scalars(select(OrgUnit).where(OrgUnit.path.startswith(district.path),
                                                                 OrgUnit.kind == "school").order_by(OrgUnit.path)).all()[:2]
        user_ids = [u for school in (first, second) for u in db.session.scalars(
            select(Teacher.user_id).where(Teacher.school_id == school.id, Teacher.user_id.is_not(None))
            .order_by(Teacher.id).limit(ATTEMPTS // 2))]
        school_of = {u: s for s in (first.id, second.id) for u in db.session.scalars(
            select(Teacher.user_id).where(Teacher.school_id == s))}
        project_ids = []
        for i in range(ROUNDS):
            project = training.add_project(None, district, name=f"两级抢位{i}", level="county", mode="centralized",
                                           start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                           hours=Decimal(6), capacity=30, status="published")
            db.session.commit()
            quotas.set_quotas(region, db.session.get(User, admin.id), project.id, {district.id: 3, first.id: 2})
            project_ids.append(project.id)
        district_id, first_id = district.id, first.id
    assert len(user_ids) == ATTEMPTS
    for project_id in project_ids:
        won = []
        select_now = _selecting(region, project_id, user_ids, won)
        outcomes = at_once(app, select_now, enrollments.MoveRefused)
        assert sorted(outcomes) == ["seat"] * 3 + ["selection_quota"] * (ATTEMPTS - 3), outcomes
        from_first = sum(1 for u in won if school_of[u] == first_id)
        assert from_first <= 2
        with app.app_context():
            taken = {q.org_unit_id: q.taken for q in db.session.scalars(
                select(ProjectQuota).where(ProjectQuota.project_id == project_id))}
            assert taken == {district_id: 3, first_id: from_first}
            assert db.session.get(TrainingProject, project_id).taken == 3
            assert db.session.scalar(select(func.count(Enrollment.id))
                                     .where(Enrollment.project_id == project_id)) == 3


def _selecting(region, project_id: int, user_ids, won: list):
    """One selection of the project a call, by the next of ``user_ids``: "seat", or the codes
    of the findings that refused it; the users who won a seat are added to ``won``."""
    from portal.services import enrollments

    turn, lock = iter(user_ids), threading.Lock()

    def select_now():
        with lock:
            user = db.session.get(User, next(turn))
        try:
            enrollments.select_project(region, user, project_id)
        except enrollments.SelectionRefused as refused:
            return "+".join(f.code for f in refused.findings)
        won.append(user.id)
        return "seat"

    return select_now
