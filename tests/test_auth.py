"""Signing in: hashing, throttling, lockout, cookies, CSRF, production settings."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PASSWORD, login
from portal.config import ConfigError, from_environment, normalise_database_url
from portal.extensions import db
from portal.models import User
from portal.services import accounts


def test_passwords_are_argon2id(app):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="teacher"))
        assert user.password_hash.startswith("$argon2id$")


def test_wrong_password_is_refused_with_a_message_in_chinese(client):
    response = login(client, "teacher", "wrong-password")
    assert response.status_code == 422
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_unknown_user_gets_the_same_message(client):
    response = login(client, "nobody", "whatever1")
    assert response.status_code == 422
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_account_locks_after_repeated_failures_even_with_the_right_password(client):
    for _ in range(5):
        login(client, "teacher", "wrong-password")
    response = login(client, "teacher", PASSWORD)
    assert response.status_code == 422
    assert "用户名或密码错误" in response.get_data(as_text=True)  # nothing tells a guesser it is locked


def test_login_is_rate_limited_per_address(make_app):
    app = make_app("example", demo=True, RATELIMIT_ENABLED=True, PORTAL_LOGIN_LIMIT="3 per minute")
    client = app.test_client()
    codes = [login(client, "nobody", "whatever1").status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_sign_in_and_out(client):
    response = login(client, "teacher")
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/me/").status_code == 302  # back to the login page


def test_next_only_redirects_inside_the_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"username": "teacher", "password": PASSWORD})
        assert response.headers["Location"] == "/me/"
        client.post("/logout")


def test_next_goes_only_to_a_page_an_address_opens(client):
    """A session that ended while a form was open sends its post to the sign-in page with that
    address as ``next``; signing in again then opened it, an address only a form posts to: 405.
    The teacher goes home instead; a page's own address is still followed."""
    for target in ("/logout", "/locale/en", "/no-such-page"):
        response = client.post(f"/login?next={target}", data={"username": "teacher", "password": PASSWORD})
        assert response.headers["Location"] == "/me/", target
        client.post("/logout")
    response = client.post("/login?next=/me/ledger?page=2", data={"username": "teacher", "password": PASSWORD})
    assert response.headers["Location"] == "/me/ledger?page=2"


def test_session_cookie_is_httponly_and_lax(client):
    response = login(client, "teacher")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_production_requires_a_secret_key_and_secure_cookies(tmp_path):
    with pytest.raises(ConfigError):
        from_environment(str(tmp_path), {"PORTAL_ENV": "production"})
    config = from_environment(str(tmp_path), {"PORTAL_ENV": "production", "PORTAL_SECRET_KEY": "s" * 32,
                                               "DATABASE_URL": "postgresql://db/portal"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert normalise_database_url(config["SQLALCHEMY_DATABASE_URI"]) == "postgresql+psycopg://db/portal"
    assert not config["PORTAL_AUTO_MIGRATE"]


def test_embedded_default_is_sqlite_in_the_instance_folder(tmp_path):
    config = from_environment(str(tmp_path), {"PORTAL_REGION": "shanxi"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/portal-shanxi.sqlite3"
    assert config["PORTAL_AUTO_MIGRATE"]
    assert from_environment(str(tmp_path), {})["SECRET_KEY"] == config["SECRET_KEY"]  # kept across starts


def test_forms_refuse_a_post_without_csrf_token(make_app):
    app = make_app("example", demo=True, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"username": "teacher", "password": PASSWORD})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_csrf_token_from_the_page_is_accepted(make_app):
    app = make_app("example", demo=True, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": "teacher", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_change_password(client):
    login(client, "teacher")
    response = client.post("/account/password", data={"current": "nope-nope", "new": "newpass123", "confirm": "newpass123"})
    assert response.status_code == 422
    response = client.post("/account/password", data={"current": PASSWORD, "new": "short", "confirm": "short"})
    assert response.status_code == 422
    response = client.post("/account/password", data={"current": PASSWORD, "new": "newpass123", "confirm": "newpass123"})
    assert response.status_code == 302
    client.post("/logout")
    assert login(client, "teacher", PASSWORD).status_code == 422
    assert login(client, "teacher", "newpass123").status_code == 302


def test_a_new_password_too_long_or_the_same_says_so(client):
    """A trial pasted 300 characters: the confirmation, unbounded, read "the two passwords differ";
    and the current password was taken again as a new one."""
    login(client, "teacher")
    form = client.get("/account/password").get_data(as_text=True)
    assert form.count('maxlength="200"') == 2  # the new password and its confirmation alike
    long = "x" * 300
    page = client.post("/account/password", data={"current": PASSWORD, "new": long, "confirm": long})
    assert page.status_code == 422 and "最多 200 个字符" in page.get_data(as_text=True)
    page = client.post("/account/password", data={"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD})
    assert page.status_code == 422 and "新密码与当前密码相同" in page.get_data(as_text=True)
    client.post("/logout")
    assert login(client, "teacher", PASSWORD).status_code == 302  # unchanged, still signs in


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "HX-Request" in response.headers["Vary"]


def test_no_password_is_hashed_when_the_app_starts():
    """A hash takes 64 MB: a worker that never checks a password never pays for one."""
    script = ("import argon2\n"
              "hashed = []\n"
              "argon2.PasswordHasher.hash = lambda *args, **kwargs: hashed.append(1)\n"
              "from portal import create_app\n"
              "from tests.support import BASE_CONFIG, all_regions\n"
              "create_app({**BASE_CONFIG, 'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'PORTAL_REGION': 'example'},"
              " regions=all_regions())\n"
              "assert hashed == [], hashed\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parent.parent)


def test_an_unknown_name_costs_a_password_check_like_a_known_one(app, monkeypatch):
    checked = []
    monkeypatch.setattr(accounts, "_verify", lambda password_hash, password: checked.append(password_hash))
    with app.app_context():
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate("nobody", "whatever1")
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")


def test_a_sign_in_that_succeeds_uses_none_of_the_addresss_budget(make_app):
    """A first-day trial: a school's teachers signing in behind one address were refused (429)
    after 20 sign-ins a minute that all succeeded. Only failed tries are charged."""
    app = make_app("example", demo=True, RATELIMIT_ENABLED=True, PORTAL_LOGIN_LIMIT="3 per minute")
    client = app.test_client()
    for _ in range(5):
        assert login(client, "teacher").status_code == 302
        client.post("/logout")
    codes = [login(client, "teacher", "wrong-password").status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_while_the_limits_redis_does_not_answer_sign_in_works_and_is_still_limited(make_app):
    """PORTAL_RATELIMIT_STORAGE_URI's Redis stopped or restarting: every sign-in answered 500.
    The limits are then kept in each process's memory until it answers again."""
    app = make_app("example", demo=True, RATELIMIT_ENABLED=True, PORTAL_LOGIN_LIMIT="3 per minute",
                   RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    client = app.test_client()
    assert login(client, "teacher").status_code == 302
    client.post("/logout")
    codes = [login(client, "teacher", "wrong-password").status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


_SIGN_INS = """
import sys
from portal import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "PORTAL_AUTO_MIGRATE": False, "RATELIMIT_ENABLED": True,
                  "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/7", "PORTAL_LOGIN_LIMIT": "2 per minute",
                  "WTF_CSRF_ENABLED": False, "PORTAL_REGION": "qingdao", "SECRET_KEY": "k" * 64})
client = app.test_client()
print(" ".join(str(client.post("/login", data={"username": "x", "password": ""}).status_code)
               for _ in range(int(sys.argv[2]))))
"""


def test_two_portals_on_one_redis_count_their_sign_in_attempts_apart(tmp_path):
    """The limits' counters on a shared Redis were named by the address alone: a school's
    failed sign-ins on one region's portal (or on staging) refused its teachers on another.
    Each deployment's keys carry its own name, as its jobs' queue does. Each portal is its own
    process, as in production (the limiter is made once a process)."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url("redis://127.0.0.1:6379/7").ping()
    except RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")

    def sign_ins(database: str, times: int) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "PORTAL_QUEUE_NAME"}  # a name set here is both portals'
        result = subprocess.run([sys.executable, "-c", _SIGN_INS, f"sqlite:///{tmp_path / database}", str(times)],
                                capture_output=True, text=True, check=True, env=env)
        return result.stdout.split()

    assert sign_ins("one.sqlite3", 3) == ["422", "422", "429"]
    assert sign_ins("other.sqlite3", 1) == ["422"], "another portal's failures do not count here"
    assert sign_ins("one.sqlite3", 1) == ["429"], "the same portal's other processes share its count"
