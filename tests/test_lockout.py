"""Every way to try a password counts toward one lockout and one per-address limit, holds
under parallel guesses, and a locked account answers exactly like a wrong password."""
import base64
import re
import threading

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests.support import PASSWORD, login
from portal.extensions import db
from portal.models import AuditEvent, User
from portal.models.types import utcnow
from portal.services import accounts

WRONG = "wrong-password"
CONVERT = "/api/rules/convert"
ACTIVITY = {"level": "county", "mode": "centralized", "hours": 10, "days": 1}


def basic(username, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def page(response):
    """Status and page, CSRF tokens left out (they carry the time)."""
    return response.status_code, re.sub(r'[\w.-]{40,}', "TOKEN", response.get_data(as_text=True))


def lock_events(username="teacher"):
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.locked", AuditEvent.subject_id == user_id))


def test_parallel_wrong_passwords_all_count_and_lock_the_account(app):
    """40 guesses at once used to leave the count at 3 on PostgreSQL (each read the count
    and wrote it back); then the right password still worked."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        # A cheap hash: the lockout is under test, not argon2's cost on a shared machine.
        user.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
        db.session.commit()
    guesses = 40
    barrier = threading.Barrier(guesses)
    refused = []

    def guess(i):
        with app.app_context():
            barrier.wait()
            try:
                accounts.authenticate("teacher", f"{WRONG}-{i}")
            except accounts.LoginRefused:
                refused.append(i)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert len(refused) == guesses
        assert db.session.scalar(select(User.locked_until).where(User.username == "teacher")) > utcnow()
        assert lock_events() == 1
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate("teacher", PASSWORD)


def test_a_locked_account_answers_the_sign_in_form_exactly_like_a_wrong_password(client):
    first = login(client, "teacher", WRONG)
    for _ in range(4):
        login(client, "teacher", WRONG)
    locked = login(client, "teacher", PASSWORD)
    assert page(locked) == page(first)
    assert "用户名或密码错误" in locked.get_data(as_text=True)


def test_the_lock_is_recorded_and_runs_out(app, client):
    for _ in range(5):
        login(client, "teacher", WRONG)
    with app.app_context():
        assert lock_events() == 1
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        user.locked_until = utcnow()  # the lock's time is up
        db.session.commit()
    assert login(client, "teacher", PASSWORD).status_code == 302


def test_wrong_api_credentials_count_toward_the_lockout(client):
    for _ in range(5):
        assert client.post(CONVERT, headers=basic("teacher", WRONG), json=ACTIVITY).status_code == 401
    assert login(client, "teacher", PASSWORD).status_code == 422


def test_a_locked_account_answers_the_api_exactly_like_a_wrong_password(client):
    first = client.post(CONVERT, headers=basic("teacher", WRONG), json=ACTIVITY)
    for _ in range(4):
        client.post(CONVERT, headers=basic("teacher", WRONG), json=ACTIVITY)
    locked = client.post(CONVERT, headers=basic("teacher", PASSWORD), json=ACTIVITY)
    assert (locked.status_code, locked.json) == (first.status_code, first.json) == (
        401, {"error": "unauthorized", "message": "wrong username or password"})


def test_wrong_current_passwords_on_the_password_form_count_toward_the_lockout(app, client):
    login(client, "teacher")
    change = {"new": "newpass123", "confirm": "newpass123"}
    first = client.post("/account/password", data={"current": WRONG, **change})
    for _ in range(4):
        client.post("/account/password", data={"current": WRONG, **change})
    locked = client.post("/account/password", data={"current": PASSWORD, **change})
    assert page(locked) == page(first)
    assert "当前密码错误" in locked.get_data(as_text=True)
    assert login(app.test_client(), "teacher", PASSWORD).status_code == 422
    with app.app_context():
        assert lock_events() == 1


@pytest.fixture
def limited(make_app):
    """Three password attempts a minute per address; the lockout well out of the way."""
    return make_app("example", demo=True, RATELIMIT_ENABLED=True, PORTAL_LOGIN_LIMIT="3 per minute",
                    PORTAL_LOCKOUT_FAILURES=100).test_client()


def test_api_guesses_are_throttled_with_the_sign_in_form(limited):
    """120 Basic guesses a minute used to be checked while /login answered 429."""
    codes = [limited.post(CONVERT, headers=basic("teacher", WRONG), json=ACTIVITY).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    assert limited.post(CONVERT, headers=basic("teacher", PASSWORD), json=ACTIVITY).status_code == 429
    assert login(limited, "teacher", PASSWORD).status_code == 429


def test_right_api_credentials_use_none_of_the_password_budget(limited):
    for _ in range(5):
        assert limited.post(CONVERT, headers=basic("teacher", PASSWORD), json=ACTIVITY).status_code == 200
    assert login(limited, "teacher", PASSWORD).status_code == 302


def test_the_password_form_is_throttled_with_the_sign_in_form(limited):
    assert login(limited, "teacher", WRONG).status_code == 422  # a failed sign-in is charged (a right one is not)
    login(limited, "teacher")
    change = {"new": "newpass123", "confirm": "newpass123"}
    codes = [limited.post("/account/password", data={"current": WRONG, **change}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def _hashes_counted(monkeypatch):
    checked = []
    verify = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda *args: checked.append(1) or verify(*args))
    return checked


def test_basic_credentials_that_passed_are_not_hashed_again_until_the_password_changes(app, monkeypatch):
    """A WeChat front end sends HTTP Basic with every request: the hash is paid once, then the
    credentials are remembered; a new password ends that at once, and a wrong one is never
    remembered."""
    checked = _hashes_counted(monkeypatch)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 200
    assert len(checked) == 1
    for _ in range(2):
        assert client.get("/api/me/standing", headers=basic("teacher", WRONG)).status_code == 401
    assert len(checked) == 3
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        user.password_hash = accounts.hash_password("a-new-password")
        db.session.commit()
    assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 401
    assert client.get("/api/me/standing", headers=basic("teacher", "a-new-password")).status_code == 200


def test_remembered_credentials_of_a_locked_account_are_refused_and_a_right_one_restarts_the_count(app):
    client = app.test_client()
    assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 200
    assert client.get("/api/me/standing", headers=basic("teacher", WRONG)).status_code == 401
    assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.failed_logins).where(User.username == "teacher")) == 0
    for _ in range(app.config["PORTAL_LOCKOUT_FAILURES"]):
        client.get("/api/me/standing", headers=basic("teacher", WRONG))
    assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 401


def test_no_credentials_are_remembered_when_the_bureau_says_so(make_app, monkeypatch):
    app = make_app("example", demo=True, PORTAL_BASIC_REMEMBER_SECONDS=0)
    checked = _hashes_counted(monkeypatch)
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/me/standing", headers=basic("teacher", PASSWORD)).status_code == 200
    assert len(checked) == 2
