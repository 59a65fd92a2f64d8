"""The jobs' queue does not answer (its Redis stopped, PORTAL_REDIS_URL wrong): every page that
queues long work answers one clear page, 503 in Chinese and English, and keeps nothing of the
job; what a page committed before it notified someone is kept all the same (README,
"Production")."""
from __future__ import annotations

import pytest
from huey.storage import RedisStorage
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Job, Notification, User
from portal.services import notifications
from tests.support import login
from tests.test_imports import TEACHER_HEADINGS, counts, sheet, teacher_row, upload

SAID_EN = "The job could not be queued"
SAID_ZH = "任务未能加入后台队列"


def stop_the_queue(monkeypatch) -> None:
    """The queue on a Redis that does not answer (a port nothing listens on), instead of the
    tests' run-at-once queue."""
    from portal.jobs import huey

    monkeypatch.setattr(huey, "_immediate", False)
    monkeypatch.setattr(huey, "storage", RedisStorage("portal", url="redis://127.0.0.1:1/0"))


@pytest.fixture
def queue_down(monkeypatch):
    stop_the_queue(monkeypatch)


def jobs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Job.id)))


def test_a_large_import_while_the_queue_is_down_says_so_and_keeps_nothing(make_app, tmp_path, queue_down):
    folder = tmp_path / "i"
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(folder), PORTAL_IMPORT_NOW=3)
    client = app.test_client()
    login(client, "district_admin")
    before, jobs_before = counts(app), jobs(app)
    data = sheet(TEACHER_HEADINGS, [teacher_row(n, f"教师{n}") for n in range(1, 11)])
    answer = upload(client, "teachers", data)
    assert answer.status_code == 503
    assert SAID_ZH in answer.text and "请过几分钟再试" in answer.text and "告知平台管理员" in answer.text
    assert counts(app) == before and jobs(app) == jobs_before
    assert not [f for f in folder.rglob("*") if f.is_file()], "the upload is not kept either"
    client.post("/locale/en")
    answer = upload(client, "teachers", data)
    assert answer.status_code == 503
    assert SAID_EN in answer.text and "Nothing was saved" in answer.text and "administrator" in answer.text


def test_a_checked_large_import_whose_saving_cannot_be_queued_says_so(make_app, tmp_path, monkeypatch):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "i"), PORTAL_IMPORT_NOW=3)
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(n, f"教师{n}") for n in range(1, 11)]))
    job_id = answer.location.rsplit("/", 1)[1]
    before, jobs_before = counts(app), jobs(app)
    stop_the_queue(monkeypatch)  # the Redis stops between the check and the saving
    saving = client.post("/admin/imports/teachers/confirm", data={"job": job_id})
    assert saving.status_code == 503 and SAID_EN in saving.text
    assert counts(app) == before and jobs(app) == jobs_before
    monkeypatch.undo()  # the queue back: the sheet checked is still there to save
    saving = client.post("/admin/imports/teachers/confirm", data={"job": job_id})
    assert saving.status_code == 303 and counts(app)[0] == before[0] + 10


def test_every_page_that_queues_work_answers_the_same_while_the_queue_is_down(make_app, queue_down):
    app = make_app("shanxi", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    client = app.test_client()
    login(client, "city_admin")
    client.post("/locale/en")
    before = jobs(app)
    for path in ("/admin/teachers/export", "/admin/reports/compliance/compute", "/admin/conclusions"):
        answer = client.post(path)
        assert answer.status_code == 503, path
        assert SAID_EN in answer.text, path
        fragment = client.post(path, headers={"HX-Request": "true"})
        assert fragment.status_code == 503 and SAID_EN in fragment.text and "<html" not in fragment.text
    assert jobs(app) == before


def test_what_notified_someone_is_kept_while_the_queue_is_down(make_app, queue_down, caplog):
    """The delivery outside the portal (SMS, WeChat) is queued after the commit: a queue that
    does not take it fails nothing that was done (it answered 500 after saving), and the log
    says the delivery was not queued."""
    app = make_app("shanxi", demo=True)
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        before = db.session.scalar(select(func.count(Notification.id)))
        notifications.notify([teacher.id], teacher, "test")
        db.session.commit()
        assert db.session.scalar(select(func.count(Notification.id))) == before + 1
    assert "The jobs' queue did not take deliver_notifications" in caplog.text
