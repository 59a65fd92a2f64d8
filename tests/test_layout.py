"""The layout's header menu is rendered once and kept (web/layout.py): what it shows still
follows the reader's roles, unread count and language from one page to the next, and its
forms carry the reader's own session's CSRF token."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, RoleAssignment, Teacher, User
from tests.support import login

REVIEWS = 'href="/admin/reviews"'
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def _teacher_user(app):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == "teacher"))


def test_a_role_granted_shows_in_the_menu_on_the_next_page(app, client):
    login(client, "teacher")
    assert REVIEWS not in client.get("/me/").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        school = db.session.scalar(select(Teacher.school_id).where(Teacher.user_id == user.id))
        db.session.add(RoleAssignment(user_id=user.id, role="school_admin", org_unit_id=school))
        db.session.commit()
    assert REVIEWS in client.get("/me/").get_data(as_text=True)


def test_the_unread_count_follows_each_notification(app, client):
    user_id = _teacher_user(app)
    login(client, "teacher")
    assert 'class="badge"' not in client.get("/me/").get_data(as_text=True)
    for count in (1, 2):
        with app.app_context():
            db.session.add(Notification(user_id=user_id, subject_type="test", subject_id=count, message={"$text": {"id": "x"}}))
            db.session.commit()
        assert f'class="badge" aria-label="{count} 条未读">{count}</span>' in client.get("/me/").get_data(as_text=True)
    client.post("/notifications/read")
    assert 'class="badge"' not in client.get("/me/").get_data(as_text=True)


def test_the_menu_switches_language_with_the_page(client):
    login(client, "teacher")
    assert "我的学分" in client.get("/me/").get_data(as_text=True)
    client.post("/locale/en", data={"next": "/me/"})
    page = client.get("/me/").get_data(as_text=True)
    assert "My credits" in page and "我的学分" not in page


def test_each_session_s_forms_carry_its_own_token(make_app):
    app = make_app("example", demo=True, WTF_CSRF_ENABLED=True)
    tokens = []
    for username in ("teacher", "school_admin"):
        client = app.test_client()
        token = TOKEN.search(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": username, "password": "demo12345", "csrf_token": token[1] or token[2]})
        page = client.get("/me/" if username == "teacher" else "/admin/").get_data(as_text=True)
        found = {a or b for a, b in TOKEN.findall(page)}
        assert len(found) == 1 and page.count('name="csrf_token"') >= 2  # sign-out and the language switch
        tokens.append(found.pop())
        assert client.post("/logout", data={"csrf_token": tokens[-1]}).status_code in (302, 303)
    assert tokens[0] != tokens[1]
