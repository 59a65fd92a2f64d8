"""Loading a region's demo data into an empty database, through the same use cases."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ..domain import DemoData, DemoMaterial, DemoTeacher, OrgNode, UserRole
from ..extensions import db
from ..models import LedgerEntry, OrgUnit, Teacher, User
from ..models.types import utcnow
from ..domain.payments import FinanceOffice
from .enrollments import MoveInput
from ..plugins import Region
from . import appeals, calendar, claims, enrollments, ledger, materials, projects, quotas, reviews, teacher_facts, training
from . import evidence as files
from .accounts import AccountError, TeacherProfile, create_user, hash_password
from .orgs import add_unit, add_workshop
from .transactions import writing


DEMO_EVALUATION = 5  # what the demo's teachers thought of their past trainings, where asked


class DatabaseNotEmpty(RuntimeError):
    pass


class DemoRefused(ValueError):
    """The region's demo holds what the portal refuses from an admin: which row, and why."""


def load_demo(region: Region, today: date) -> DemoData:
    """Create the region's org tree, users, workshops, teachers, projects and enrollments,
    and enter completed enrollments in the ledger with the region's own rules: one transaction,
    built from the building blocks of the other use cases, committed once. Then the teachers'
    claims and appeals, each through its own use case as its person makes, reviews or answers
    it (``_claims_and_appeals``)."""
    writing()
    if db.session.scalar(select(func.count(OrgUnit.id))):
        raise DatabaseNotEmpty("the database already has data; demo data goes only into an empty one")
    demo = region.demo_data(today)
    units = _add_tree(demo.org_tree, None)
    password_hash = hash_password(demo.password)
    users = {
        user.username: create_user(None, username=user.username, display_name=user.display_name,
                                   password_hash=password_hash, role=user.role, org_unit=units[user.org_code])
        for user in demo.users
    }
    for w in demo.workshops:
        add_workshop(None, units[w.org_code], name=w.name, subject=w.subject, stage=w.stage, leader=users[w.leader])
    for t in demo.teachers:
        try:
            create_user(
                None, username=t.username, display_name=t.name, password_hash=password_hash,
                role=UserRole.TEACHER, org_unit=units[t.school_code],
                profile=TeacherProfile(
                    name=t.name, gender=t.gender, id_number=t.id_number, stages=t.stages,
                    subjects=t.subjects, phone=t.phone, title=t.title, title_date=t.title_date,
                    entered_post=t.entered_post, layer=t.layer,
                ),
                today=today,
            )
        except AccountError as refused:
            raise DemoRefused(f"teacher {t.username}: {refused.field}: {refused.code}") from None
    db.session.flush()
    teachers = {t.user.username: t for t in db.session.scalars(select(Teacher))}
    for t in demo.teachers:
        try:
            _set_history(teachers[t.username], t, today)
        except teacher_facts.FactsRefused as refused:
            raise DemoRefused(f"teacher {t.username}: {refused.field}: {refused.code}") from None
    approved = next(s.code for s in region.audit_workflow().states if s.counts)
    for spec in demo.projects:
        _check_fields(f"project {spec.name}", spec.region_fields, region.project_form())
        if spec.end >= today:  # one still to come or under way, which its organiser may still edit
            _check_project(region, spec)
        project = training.create_project(
            None, units[spec.organiser_code], name=spec.name, level=spec.level.value,
            mode=spec.mode.value, category=spec.category, program=spec.program,
            start_date=spec.start, end_date=spec.end, year=spec.start.year,
            stages=[s.value for s in spec.stages], subjects=list(spec.subjects), layer=spec.layer, fee=spec.fee,
            description=spec.description, topics=list(spec.topics), hours=spec.hours,
            base_credits=spec.base_credits, capacity=spec.capacity, classes=1, class_size=spec.capacity,
            assessment_weights={k: str(v) for k, v in spec.assessment_weights.items()},
            status=spec.status, published_at=utcnow() if spec.status == "published" else None,
            region_fields=dict(spec.region_fields), lodging=spec.lodging,
            search_text=projects.search_text(spec.name, units[spec.organiser_code].name, spec.topics,
                                             spec.description),
        )
        if spec.quotas:  # the seats its allocator shares out to units, checked as on the quotas page
            try:
                quotas.allocate(region, None, project, {units[code].id: seats for code, seats in spec.quotas.items()})
            except quotas.ProjectRefused as refused:
                raise DemoRefused(f"project {spec.name}: quota {refused.field}: {refused.code}") from None
        asked = region.enrollment_form(projects.facts(project)) if any(e.region_fields for e in spec.enrollments) else None
        for e in spec.enrollments:
            _check_fields(f"enrollment of {e.teacher} in {spec.name}", e.region_fields, asked)
            result = None if e.attended_hours is None else MoveInput(
                attended_hours=e.attended_hours, grade=e.grade, scores=dict(e.scores or {}),
                payment=FinanceOffice.code, evaluation=DEMO_EVALUATION)
            try:
                enrollment = enrollments.enter_history(region, project, teachers[e.teacher], e.role, e.service_year,
                                                       result, audit_state=approved if spec.audited else None)
            except enrollments.MoveRefused as refused:  # e.g. a result entered today, before the training starts
                raise DemoRefused(f"enrollment of {e.teacher} in {spec.name} ({spec.start} to {spec.end}, loaded on "
                                  f"{today}): {refused.code}: {refused.field}") from None
            enrollment.region_fields = dict(e.region_fields)
        for m in spec.materials:
            try:
                data, content_type = files.read(io.BytesIO(material_pdf(m.title)), m.filename)
            except files.EvidenceRefused as refused:
                raise DemoRefused(f"project {spec.name}: material {m.filename}: {refused.code}") from None
            materials.attach(None, project, data, content_type, m.filename)
    if demo.calendar:
        calendar.keep(None, demo.calendar, region.selection_phase_order())
    db.session.commit()
    _claims_and_appeals(region, demo, today)
    return demo


def _claims_and_appeals(region: Region, demo: DemoData, today: date) -> None:
    """The demo teachers' claims and appeals, made by the teacher, reviewed and answered by the
    demo users the data names, through the same use cases as on the pages (each its own
    transaction): checked alike, and telling people what they tell them (a claim returned, an
    appeal answered), so the demo's notifications are what the portal sends."""
    if not (demo.claims or demo.appeals):
        return
    users = {u.username: u for u in db.session.scalars(select(User))}
    for c in demo.claims:
        data = claims.ClaimInput(kind=c.kind, title=c.title, activity_date=c.day, level=c.level.value, figure=c.figure,
                                 details=c.details, start=c.start, grade=c.grade.value if c.grade else "",
                                 uploads=(_upload(c.evidence),))
        try:
            entry_id = claims.claim(region, _named(users, c.teacher, f"claim {c.title}"), None, data).id
        except claims.ClaimRefused as refused:
            raise DemoRefused(f"claim {c.title} of {c.teacher}: {refused.code}: {refused.detail}") from None
        for step in c.steps:
            try:
                reviews.review(region, _named(users, step.by, f"claim {c.title}: step to {step.target}"), [entry_id], step.target,
                               step.reason, on=today)
            except reviews.ReviewRefused as refused:
                raise DemoRefused(f"claim {c.title}: step to {step.target} by {step.by}: {refused.code}") from None
    for a in demo.appeals:
        user = _named(users, a.teacher, f"appeal ({a.subject})")
        entry_id = None if a.entry is None else db.session.scalar(
            select(LedgerEntry.id).where(LedgerEntry.teacher_id == appeals.own_teacher(user).id,
                                         LedgerEntry.title == a.entry, ledger.live()))
        try:
            record_id = appeals.appeal(region, user, appeals.AppealInput(a.subject, a.statement, entry_id, a.day),
                                       today).id
            if a.answer is not None:
                outcome = appeals.Outcome(a.answer.outcome, a.answer.reason, a.answer.amount, a.answer.category,
                                          a.answer.title, a.answer.day)
                appeals.answer(region, _named(users, a.answer.by, f"appeal of {a.teacher}: answer"), record_id, outcome, today)
        except appeals.AppealRefused as refused:
            raise DemoRefused(f"appeal of {a.teacher} ({a.subject}): {refused.code}: {refused.detail}") from None


def _named(users: dict[str, User], username: str, what: str) -> User:
    """The demo user a claim's or an appeal's row names, or ``DemoRefused`` naming the row."""
    if username not in users:
        raise DemoRefused(f"{what}: no demo user {username}")
    return users[username]


def _upload(evidence: DemoMaterial) -> files.Upload:
    return files.Upload(io.BytesIO(material_pdf(evidence.title)), evidence.filename)


def material_pdf(title: str) -> bytes:
    """A one-page PDF standing for a demo project's training material: its title in the
    document's information (a viewer shows it as the window's title), a page with a frame."""
    hex_title = ("feff" + title.encode("utf-16-be").hex()).upper()
    content = b"q 1 w 72 72 451 698 re S 72 700 m 523 700 l S Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title <" + hex_title.encode() + b"> /Producer (portal demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _check_project(region: Region, spec) -> None:
    """A demo project still to come holds what its organiser's form would keep (the project
    service's check of its input: its hours within its days, its level and mode among the
    region's, its required fields), since its organiser may still edit it: an outside region's
    demo loaded a centralized training of 80 hours a day, which its organiser could then not save
    once opened. (A training of the past keeps what it was given.)"""
    data = projects.ProjectInput(
        name=spec.name, level=spec.level, mode=spec.mode, start=spec.start, end=spec.end, hours=spec.hours,
        category=spec.category, program=spec.program, base_credits=spec.base_credits, stages=tuple(spec.stages),
        subjects=tuple(spec.subjects), layer=spec.layer, topics=tuple(spec.topics), class_size=spec.capacity,
        fee=spec.fee, description=spec.description, region_fields=dict(spec.region_fields), lodging=spec.lodging)
    try:
        projects.check_input(region, data)
    except projects.ProjectRefused as refused:
        said = f" ({refused.message})" if getattr(refused, "message", None) else ""
        said += "".join(f" ({f.message}: {f.source})" for f in refused.findings if not f.ok)
        raise DemoRefused(f"project {spec.name}: {refused.code}: {refused.field}{said}") from None


def _check_fields(row: str, given, form_class: type | None) -> None:
    """A demo's region fields are the region's form's own: a name it does not ask is refused, and
    so are values its form refuses (a required field left out, a filing number not in its
    pattern), as the form refuses them from an organiser or a teacher; without this a demo kept
    projects the region's own form would not save."""
    names = set() if form_class is None else {f.name for f in form_class()}
    unknown = sorted(set(given) - names)
    if unknown:
        raise DemoRefused(f"{row}: region_fields.{unknown[0]}: not a field of the region's form")
    if form_class is None:
        return
    # as a form posts them (what the API's ``fields`` are turned into too): bound as ``data``, a field
    # checked by ``InputRequired`` (the check WTForms gives a select) was refused whatever its value
    form = form_class(MultiDict([(name, _as_posted(v)) for name, value in given.items()
                                 for v in (value if isinstance(value, (list, tuple)) else [value])]))
    if not form.validate():
        name, errors = next(iter(form.errors.items()))
        raise DemoRefused(f"{row}: region_fields.{name}: {errors[0]}")


def _as_posted(value) -> str:
    """A demo's value as a form would have sent it (true/false, a number, text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _set_history(teacher: Teacher, spec: DemoTeacher, today: date) -> None:
    """A demo teacher's probation, transfer, leave and qualification certificate, as an admin
    records them (checked alike)."""
    if not (spec.probation_end or spec.transferred_in or spec.leave or spec.qualified is not None):
        return
    change = replace(teacher_facts.current_facts(teacher), probation_end=spec.probation_end,
                     transferred_in=spec.transferred_in, transferred_from=spec.transferred_from, leave=spec.leave,
                     qualified=spec.qualified)
    teacher_facts.check(change, today)
    teacher_facts.apply(teacher, change)


def _add_tree(node: OrgNode, parent: OrgUnit | None) -> dict[str, OrgUnit]:
    unit = add_unit(parent, node.kind, node.code, node.name)
    unit.private = node.private
    units = {node.code: unit}
    for child in node.children:
        units.update(_add_tree(child, unit))
    return units
