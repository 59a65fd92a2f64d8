"""Long work a person starts from a page and follows on it: the job kept in the database
(what it needs, what it found, why it failed), run by a worker (``portal.jobs``), its
progress kept in the queue's storage and read by the page's progress bar."""
from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from redis.exceptions import RedisError
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Job, User
from ..models.types import utcnow
from ..plugins import Region
from .transactions import use_case

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
REPORT_EVERY = 0.5  # seconds between two writes of a running job's progress
# What the queue's storage raises when it does not take a job: its Redis stopped, unreachable or
# refusing writes (PORTAL_REDIS_URL), or the embedded SQLite queue's file locked or unwritable.
QUEUE_ERRORS = (RedisError, sqlite3.Error)

logger = logging.getLogger(__name__)


class QueueUnavailable(RuntimeError):
    """The jobs' queue did not take the job: nothing of it is kept, and the page says so (the
    one answer of every page that queues work, ``portal.web``'s handler)."""


class JobNotFound(LookupError):
    """No such job of this person (another's job is not theirs to see)."""


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    state: str
    params: dict
    result: dict | None
    failed: bool
    done: int
    total: int
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.state == DONE else int(100 * self.done / self.total) if self.total else 0


class Progress:
    """How far a running job has got, written to the queue's storage at most every half
    second (a page polls it); ``Progress(None)`` hears nothing (the work run while waiting)."""

    def __init__(self, job_id: int | None):
        self.job_id, self._last = job_id, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.job_id is None or (now - self._last < REPORT_EVERY and done < total):
            return
        self._last = now
        from ..jobs import huey

        huey.put(_key(self.job_id), (done, total))


def _key(job_id: int) -> str:
    return f"portal.job.{job_id}"


def queue(task: Callable, *args) -> None:
    """``task`` (a huey task) queued with ``args``; ``QueueUnavailable`` when the queue's storage
    does not take it, its reason logged for the administrator."""
    try:
        task(*args)
    except QUEUE_ERRORS as error:
        name = getattr(getattr(task, "func", task), "__name__", task)  # a huey task wraps its function
        logger.error("The jobs' queue did not take %s%r: %s", name, args, error)
        raise QueueUnavailable(str(error)) from error


def start(actor: User, kind: str, params: dict, task: Callable[[int], object]) -> int:
    """The use case: a job of ``kind`` kept for ``actor``, then queued (``task``, a huey task
    taking the job's id) once it is committed, so a worker always finds it. A queue that does
    not take it (its Redis down) raises ``QueueUnavailable`` with the job removed again: no job
    is left waiting that no worker will run, and a page following it would wait for ever."""
    with use_case():
        job = Job(kind=kind, user_id=actor.id, params=params, state=QUEUED)
        db.session.add(job)
        db.session.flush()
        job_id = job.id
    try:
        queue(task, job_id)
    except QueueUnavailable:
        with use_case():
            db.session.execute(delete(Job).where(Job.id == job_id, Job.state == QUEUED))
        raise
    return job_id


def job_view(actor: User, job_id: int, kind: str) -> JobView:
    job = db.session.get(Job, job_id)
    if job is None or job.user_id != actor.id or job.kind != kind:
        raise JobNotFound(job_id)
    return _view(job)


def latest(actor: User, kind: str, match: dict, among: int = 50) -> JobView | None:
    """The newest of ``actor``'s last ``among`` jobs of ``kind`` whose params hold ``match``."""
    jobs = db.session.scalars(select(Job).where(Job.user_id == actor.id, Job.kind == kind)
                              .order_by(Job.id.desc()).limit(among))
    found = next((j for j in jobs if all(j.params.get(k) == v for k, v in match.items())), None)
    return None if found is None else _view(found)


def _view(job: Job) -> JobView:
    from ..jobs import huey

    try:
        done, total = huey.get(_key(job.id), peek=True) or (0, 0)
    except QUEUE_ERRORS:  # the queue's Redis stopped: the job's page shows it without its progress
        done, total = 0, 0
    return JobView(job.id, job.kind, job.state, job.params, job.result, job.state == FAILED, done, total,
                   job.finished_at)


def run(region: Region, job_id: int, work: Callable[[Region, User, dict, Progress], dict], last_try: bool) -> None:
    """A worker runs a queued job: ``work`` (the actor, the params, a progress to report to)
    returns the result kept for the page. A job already finished is not run again; one that
    raises is retried by the queue, and on its last try kept as failed with the reason."""
    with use_case():
        job = db.session.get(Job, job_id)
        if job is None or job.state in (DONE, FAILED):
            return
        job.state = RUNNING
    actor, params = db.session.get(User, job.user_id), dict(job.params)
    try:
        result = work(region, actor, params, Progress(job_id))
    except Exception as error:
        db.session.rollback()
        if last_try:
            _finish(job_id, FAILED, None, f"{type(error).__name__}: {error}"[:2000])
        raise
    _finish(job_id, DONE, result, "")


def _finish(job_id: int, state: str, result: dict | None, error: str) -> None:
    from ..jobs import huey

    with use_case():
        job = db.session.get(Job, job_id)
        job.state, job.result, job.error, job.finished_at = state, result, error, utcnow()
    huey.delete(_key(job_id))
