"""Background jobs on huey: what runs on a schedule (expired holds released every minute,
standings that stopped holding computed again each night) and long work queued by pages.

Storage: a SQLite file in the instance folder on the embedded default (``jobs.sqlite3``, or
``PORTAL_JOBS_PATH``), Redis when ``PORTAL_REDIS_URL`` is set, so workers on several machines
share one queue, named for the deployment (``queue_name``) so that another portal on the same
Redis never takes its jobs. ``portal worker`` runs a consumer (with the schedule); a job that fails is
retried and then logged with its reason by huey. A task runs in the Flask app of its worker
process, made once from the same environment as the web processes."""
from __future__ import annotations

import os
import threading

from flask import Flask, current_app, has_app_context
from huey import RedisHuey, SqliteHuey, crontab

from . import clock, config
from .plugins import enabled_region

RETRIES, RETRY_DELAY = 3, 60  # seconds between tries of a failed job


def queue_name(environ=None) -> str:
    """The name of this deployment's queue on a Redis (``PORTAL_QUEUE_NAME``, else
    ``portal_<region>_<12 hex digits>``, the digits a keyed hash of the database's name under
    the secret key). Two portals on one Redis (two regions, staging and production) shared the
    queue ``portal``: a job of one was taken by the other's worker, which ran, in its own
    database, whatever job had that number. Every process of one deployment has the same
    region, database and secret key (the README's one environment file; a process with another
    key signs its users out); two deployments differ in one of them, or should."""
    env = os.environ if environ is None else environ
    if env.get("PORTAL_QUEUE_NAME"):
        return env["PORTAL_QUEUE_NAME"]
    region = enabled_region(env)
    instance = config.instance_path(env) or Flask("portal").instance_path
    url = env.get("DATABASE_URL") or env.get("PORTAL_DATABASE_URL") or f"sqlite:///{instance}/portal-{region}.sqlite3"
    production = env.get("PORTAL_ENV") == "production"
    key = env.get("PORTAL_SECRET_KEY") or env.get("SECRET_KEY") or (
        "" if production else config._secret_key(env, instance, False))  # production without one: refused at start
    return config.deployment_name(region, url, key)


def make_huey(environ=None):
    env = os.environ if environ is None else environ
    if env.get("PORTAL_REDIS_URL"):
        return RedisHuey(queue_name(env), url=env["PORTAL_REDIS_URL"])
    instance = config.instance_path(env) or Flask("portal").instance_path
    path = env.get("PORTAL_JOBS_PATH") or os.path.join(instance, "jobs.sqlite3")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey("portal", filename=path)


huey = make_huey()


def nightly(hour: int, minute: int):
    """A time of night on the bureau's clock: huey's crontab reads UTC, when 00:10 in
    Shanghai is 16:10 the day before."""
    at = crontab(hour=str(hour), minute=str(minute))
    return lambda moment: at(clock.local(moment).replace(tzinfo=None))


_worker_app: list[Flask] = []
_building = threading.Lock()


def _app() -> Flask:
    """The app a task runs in: the caller's (a test, a command), else this worker's own, built
    once: a worker's threads starting their first tasks together each built it, and migrated the
    database at once (a trial's worker failed a task with alembic's KeyError 'script')."""
    if has_app_context():
        return current_app._get_current_object()
    with _building:
        if not _worker_app:
            from . import create_app

            _worker_app.append(create_app())
    return _worker_app[0]


@huey.periodic_task(crontab(minute="*"), retries=RETRIES, retry_delay=RETRY_DELAY)
def release_holds() -> int:
    """Every minute: enrollments past their state's time (unpaid holds) released, seats returned."""
    from .services import enrollments

    app = _app()
    with app.app_context():
        return enrollments.release_expired(app.extensions["portal.region"])


@huey.periodic_task(nightly(hour=0, minute=10), retries=RETRIES, retry_delay=RETRY_DELAY)
def refresh_stale_standings() -> int:
    """Each night after midnight: the standings that stopped holding (a year or a deadline
    passed) computed again, so the morning's lists are current."""
    from .services import standings

    app = _app()
    with app.app_context():
        region = app.extensions["portal.region"]
        today = clock.today()
        return standings.refresh_all(region, today, standings.ids_to_refresh(region, today, None, True))


def _run(job_id: int, work, task) -> None:
    from .services import background

    app = _app()
    with app.app_context():
        background.run(app.extensions["portal.region"], job_id, work, last_try=task is None or not task.retries)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def judge_enrollment_sheet(job_id: int, task=None) -> None:
    """A large sheet of ID numbers judged row by row for an admin (nothing kept but the report)."""
    from .services import bulk_enrollment

    _run(job_id, bulk_enrollment.judge_sheet_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def enrol_from_sheet(job_id: int, task=None) -> None:
    """The teachers of a judged sheet enrolled, all or none."""
    from .services import bulk_enrollment

    _run(job_id, bulk_enrollment.enrol_sheet_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def preview_import(job_id: int, task=None) -> None:
    """A large import sheet (teachers, org units, historical credits) judged row by row; nothing kept."""
    from .services import imports

    _run(job_id, imports.preview_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def confirm_import(job_id: int, task=None) -> None:
    """A previewed import sheet kept, all or nothing."""
    from .services import imports

    _run(job_id, imports.confirm_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def export_teachers(job_id: int, task=None) -> None:
    """A list of teachers written to an Excel file for the admin who asked."""
    from .services import exports

    _run(job_id, exports.export_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def compute_report(job_id: int, task=None) -> None:
    """A report over more teachers than a page should count, computed for the admin who asked."""
    from .services import reports

    _run(job_id, reports.figures_job, task)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def conclude_cycles(job_id: int, task=None) -> None:
    """Every teacher of a bureau's scope whose ended cycle has no conclusion yet, concluded."""
    from .services import conclusions

    _run(job_id, conclusions.conclude_job, task)


@huey.periodic_task(nightly(hour=1, minute=20), retries=RETRIES, retry_delay=RETRY_DELAY)
def remove_old_exports() -> int:
    """Each night: the exports older than ``PORTAL_EXPORTS_DAYS`` removed."""
    from .services import exports

    app = _app()
    with app.app_context():
        return exports.remove_old(app.config["PORTAL_EXPORTS_DAYS"])


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Notifications sent outside the portal (SMS, WeChat) by the deployment's delivery hook."""
    from .services import notifications

    app = _app()
    with app.app_context():
        return notifications.deliver(app.extensions["portal.region"], notification_ids)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def zip_school_documents(job_id: int, task=None) -> None:
    """A large school's current issued documents written to one ZIP for the admin who asked."""
    from .services import certificates

    _run(job_id, certificates.zip_job, task)


@huey.periodic_task(nightly(hour=1, minute=25), retries=RETRIES, retry_delay=RETRY_DELAY)
def remove_old_document_zips() -> int:
    """Each night: the ZIPs of schools' documents older than ``PORTAL_EXPORTS_DAYS`` removed."""
    from .services import certificates

    app = _app()
    with app.app_context():
        return certificates.remove_old_zips(app.config["PORTAL_EXPORTS_DAYS"])
