"""A signed-in browser is a session record on the server: signing out and changing the
password end it, and the API's HTTP Basic signs in for one request only."""
import base64
from datetime import timedelta

from sqlalchemy import event, select

from tests.support import PASSWORD, login
from portal.domain import UserRole
from portal.extensions import db
from portal.models import AuditEvent, User, UserSession
from portal.models.types import utcnow
from portal.services import accounts

CONVERT = "/api/rules/convert"
ACTIVITY = {"level": "county", "mode": "centralized", "hours": 10, "days": 1}


def signed_in(app, username="teacher"):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def replay(app, client):
    """Another browser holding a copy of ``client``'s session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_a_cookie_saved_before_signing_out_no_longer_opens_pages(app):
    client = signed_in(app)
    saved = replay(app, client)
    assert saved.get("/me/").status_code == 200
    client.post("/logout")
    response = saved.get("/me/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(app):
    here, elsewhere = signed_in(app), signed_in(app)
    old_cookie = replay(app, here)
    response = here.post("/account/password", data={"current": PASSWORD, "new": "newpass123", "confirm": "newpass123"})
    assert response.status_code == 302
    assert here.get("/me/").status_code == 200
    assert elsewhere.get("/me/").status_code == 302
    assert old_cookie.get("/me/").status_code == 302  # this browser's session was renewed
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_changed"))
        assert event.after == {"sessions_ended": 2}


def test_sign_in_and_out_are_recorded(app):
    client = signed_in(app)
    client.post("/logout")
    with app.app_context():
        record = db.session.scalar(select(UserSession))
        assert record.user.username == "teacher" and record.revoked_at is not None
        assert len(record.token_hash) == 64  # the token itself is only in the cookie
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.subject_type == "user_session", AuditEvent.subject_id == record.id)).all()
        assert actions == ["user.signed_in", "user.signed_out"]


def test_a_session_without_a_live_record_is_refused(client):
    with client.session_transaction() as session:  # what the cookie held before records existed
        session["_user_id"] = "1"
    assert client.get("/me/").status_code == 302


def test_a_deactivated_user_is_signed_out(app):
    client = signed_in(app)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "teacher")).active = False
        db.session.commit()
    assert client.get("/me/").status_code == 302


def test_last_seen_is_noted_every_few_minutes_not_on_every_request(app):
    client = signed_in(app)
    with app.app_context():
        record = db.session.scalar(select(UserSession))
        first_seen = record.last_seen_at
    client.get("/me/")
    with app.app_context():
        record = db.session.scalar(select(UserSession))
        assert record.last_seen_at == first_seen
        record.last_seen_at = utcnow() - timedelta(minutes=10)
        db.session.commit()
    client.get("/me/")
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen_at)) > utcnow() - timedelta(minutes=1)


def test_api_basic_credentials_sign_in_for_that_request_only(client):
    credentials = base64.b64encode(f"teacher:{PASSWORD}".encode()).decode()
    response = client.post(CONVERT, headers={"Authorization": f"Basic {credentials}"}, json=ACTIVITY)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"  # the request did have its user
    assert client.post(CONVERT, json=ACTIVITY).status_code == 401


def test_a_signed_in_request_reads_its_session_user_and_roles_in_one_query(app):
    with app.app_context():
        user, token = accounts.sign_in("teacher", PASSWORD)
        user_id = user.id
        db.session.remove()
        statements = []
        listener = lambda _conn, _cursor, statement, *_args: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            loaded = accounts.session_user(user_id, token)
            assert loaded.username == "teacher" and UserRole.TEACHER in loaded.role_set
            assert loaded.roles[0].org_unit.code
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 1


def test_a_teachers_first_sign_in_is_counted_once_in_the_registration_figures(make_app):
    """The figures count teachers who have ever signed in, from their first sign-in kept on
    their row: signing out and in again counts them once, and the list of those not yet
    signed in leaves them out."""
    from portal import clock
    from portal.domain import UserRole
    from portal.models import Teacher
    from portal.services.scope import Scope
    from portal.services.teachers import TeacherFilter, scope_summary, teacher_page

    app = make_app("qingdao", demo=True)

    def figures():
        with app.app_context():
            region = app.extensions["portal.region"]
            scope = Scope.of(db.session.scalar(select(User).where(User.username == "school_admin")), UserRole)
            today = clock.today()
            unregistered = teacher_page(region, scope, today, per_page=100,
                                        narrowed=TeacherFilter(drill=("not_signed_in", "")))
            return (scope_summary(region, scope, today).teachers_signed_in,
                    {row.teacher.user.username if row.teacher.user else None for row in unregistered.items})

    before, unregistered = figures()
    assert "teacher" in unregistered
    first = signed_in(app)
    first.post("/logout")
    signed_in(app)
    after, unregistered = figures()
    assert after == before + 1 and "teacher" not in unregistered
    with app.app_context():
        kept = db.session.scalar(select(Teacher.signed_in_at).join(User).where(User.username == "teacher"))
        opened = db.session.scalar(select(UserSession.created_at).order_by(UserSession.id))
        assert kept == opened
