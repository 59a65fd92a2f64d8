"""SQLite under several users at once: pages that only read never wait for a writer, and a
use case that writes takes the write lock before it reads, so nobody gets "database is
locked" (DESIGN pitfall 2). Always on a SQLite file, whatever database the suite runs on."""
import sqlite3
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from portal import clock
from portal import create_app
from portal.domain import Gender, SchoolStage, UserRole
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, TrainingProject, User
from portal.services import accounts, ledger, orgs, reviews, training
from portal.services.demo import load_demo
from portal.services.transactions import WroteBeforeDeclaring, writing
from tests.support import BASE_CONFIG, PASSWORD, all_regions, login

USERS = ("teacher", "t0001", "school_admin", "principal", "district_admin", "city_admin",
         "province_admin", "workshop_leader")


@pytest.fixture
def sqlite_file(tmp_path):
    return tmp_path / "locking.sqlite3"


@pytest.fixture
def app(sqlite_file):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{sqlite_file}",
                      "PORTAL_AUTO_MIGRATE": True, "PORTAL_REGION": "example"}, regions=all_regions())
    with app.app_context():
        load_demo(app.extensions["portal.region"], clock.today())
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def other_writer(sqlite_file):
    """Another process's connection to the same file."""
    connection = sqlite3.connect(sqlite_file, isolation_level=None, timeout=10, check_same_thread=False)
    yield connection
    connection.close()


def test_a_page_that_only_reads_does_not_wait_for_a_writer(app, other_writer):
    client = app.test_client()
    login(client, "teacher")
    other_writer.execute("BEGIN IMMEDIATE")
    other_writer.execute("UPDATE org_unit SET name = name")
    try:
        for url in ("/me/", "/me/compliance", "/rules/"):
            assert client.get(url).status_code == 200, url
    finally:
        other_writer.execute("ROLLBACK")


def test_a_writer_waits_for_the_lock_instead_of_failing(app, other_writer):
    client = app.test_client()
    login(client, "teacher")
    other_writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other_writer.execute("COMMIT"))
    release.start()
    assert client.post("/locale/en").status_code == 302
    release.join()
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.username == "teacher")) == "en"


def _enroll(region):
    project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == "示例集中培训"))
    teacher = db.session.scalar(select(Teacher).where(Teacher.name == "新教师"))
    return training.enroll(region, None, project, teacher)


def _move(region):
    admin = db.session.scalar(select(User).where(User.username == "school_admin"))
    entry_id = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.audit_state == "submitted"))
    return reviews.move(region, admin, entry_id, "approved")


def _reverse(region):
    admin = db.session.scalar(select(User).where(User.username == "school_admin"))
    return ledger.reverse(db.session.scalars(select(LedgerEntry)).first(), admin, "重复登记")


def _add_unit(region):
    return orgs.add_unit(db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d")),
                         orgs.OrgKind.SCHOOL, "ex-s9", "第九小学")


def _create_user(region):
    school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
    return accounts.create_user(None, username="late", display_name="迟到", password=PASSWORD,
                                role=UserRole.SCHOOL_ADMIN, org_unit=school)


def _change_password(region):
    user = db.session.scalar(select(User).where(User.username == "teacher"))
    return accounts.change_password(user, PASSWORD, "another-password")


def _failed_login(region):
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate("teacher", "wrong-password")


@pytest.mark.parametrize("use_case", [_enroll, _move, _reverse, _add_unit, _create_user, _change_password,
                                      _failed_login])
def test_a_use_case_that_read_before_another_writer_committed_still_writes(app, other_writer, use_case):
    """A deferred transaction that has read cannot write once another writer has committed
    ("database is locked" at once, whatever the busy timeout): each use case declares it writes."""
    region = app.extensions["portal.region"]
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        db.session.add(Teacher(school=school, name="新教师", gender=Gender.MALE.value, id_number="N" * 18,
                               stages=[SchoolStage.PRIMARY.value], subjects=[]))
        db.session.commit()
        db.session.scalars(select(User)).all()  # this request has read: its snapshot is taken
        other_writer.execute(  # and another writer commits a change (an unchanged row writes nothing)
            "UPDATE user_account SET display_name = display_name || '·' WHERE username = 'province_admin'")
        use_case(region)
        db.session.commit()


def test_changing_the_session_before_declaring_is_a_programming_error(app):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "teacher")).locale = "en"
        with pytest.raises(WroteBeforeDeclaring):
            writing()
        db.session.rollback()


def test_ten_users_reading_and_writing_at_once_never_see_a_locked_database(app):
    """Eight people browse and switch language (a write after the read of their user) while
    two admins enroll teachers, all at once for a few seconds."""
    region = app.extensions["portal.region"]
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        project_id = training.add_project(None, organiser, name="并发", level="county", mode="centralized",
                                          start_date=date(2026, 3, 1), end_date=date(2026, 3, 1), year=2026,
                                          hours=Decimal(6), capacity=None).id
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        for i in range(40):
            db.session.add(Teacher(school=school, name=f"并发{i}", gender=Gender.MALE.value,
                                   id_number=f"P{i:017d}", stages=[SchoolStage.PRIMARY.value], subjects=[]))
        db.session.commit()
        teacher_ids = db.session.scalars(select(Teacher.id).where(Teacher.name.like("并发%"))).all()
    clients = []
    for username in USERS:
        client = app.test_client()
        assert login(client, username).status_code == 302
        clients.append(client)
    errors, done = [], []
    start = threading.Barrier(len(USERS) + 2, timeout=60)

    def browse(client, rounds=12):
        start.wait()
        for i in range(rounds):
            for response in (client.get("/", follow_redirects=True),
                             client.post(f"/locale/{('en', 'zh_Hans_CN')[i % 2]}"),
                             client.get("/rules/")):
                if response.status_code not in (200, 302):
                    errors.append(response.status_code)
        done.append(1)

    def enroll(ids):
        start.wait()
        with app.app_context():
            for teacher_id in ids:
                project = db.session.get(TrainingProject, project_id)  # read first, as a view does
                training.enroll(region, None, project, db.session.get(Teacher, teacher_id))
                db.session.commit()
        done.append(1)

    def run(target, *args):
        try:
            target(*args)
        except Exception as error:  # noqa: BLE001 (any failure is the outcome under test)
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(browse, c)) for c in clients]
    threads += [threading.Thread(target=run, args=(enroll, teacher_ids[k::2])) for k in range(2)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and len(done) == len(threads), (errors, time.monotonic() - began)
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == len(teacher_ids)



def test_a_page_ends_its_transaction_before_the_response_leaves(app, other_writer):
    """No request keeps a snapshot open once answered: a checkpoint that must wait for every
    reader to finish (TRUNCATE) completes at once after each page."""
    client = app.test_client()
    login(client, "teacher")
    other_writer.execute("PRAGMA busy_timeout=0")
    for url in ("/me/", "/me/compliance", "/me/ledger"):
        assert client.get(url).status_code == 200, url
        busy, _frames, _moved = other_writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, url


def test_db_optimize_gathers_the_planner_statistics(app):
    import portal.cli  # noqa: F401  (adds optimize to the db commands)

    result = app.test_cli_runner().invoke(args=["db", "optimize"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        analyzed = db.session.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars().all()
    assert {"ledger_entry", "teacher", "user_account"} <= set(analyzed)
