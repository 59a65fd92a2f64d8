"""Appeals: a teacher contests an entry or a missing entry within the region's window; the
level the region names answers once, with a reason; an upheld appeal changes the ledger by
reversal and new entry, and the teacher reads the outcome."""
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain import UserRole
from portal.domain.appeals import AppealPolicy
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import Appeal, AuditEvent, LedgerEntry, Notification, Teacher, User
from portal.models.types import utcnow
from portal.services import appeals
from portal.services.evidence import Upload
from portal.web.forms import role_labels
from tests.support import login, signed_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def own_entry(app, state="approved"):
    with app.app_context():
        return db.session.scalar(select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                                 .join(User, Teacher.user_id == User.id)
                                 .where(User.username == "teacher", LedgerEntry.audit_state == state,
                                        LedgerEntry.enrollment_id.is_not(None)))


def test_a_teacher_contests_an_entry_and_the_school_upholds_it_with_the_credits_due(app, client):
    entry = own_entry(app)
    login(client, "teacher")
    assert f"/appeals/new?entry={entry.id}" in client.get("/me/ledger").get_data(as_text=True)
    sent = client.post(f"/appeals/new?entry={entry.id}", data={
        "subject": "entry", "statement": "实际参训 16 学时，登记为 12 学时",
        "files": (io.BytesIO(PDF), "签到表.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 303
    with app.app_context():
        record = db.session.scalar(select(Appeal))
        assert (record.subject, record.entry_id, record.state, len(record.files)) == ("entry", entry.id, "open", 1)
        appeal_id = record.id
    client.post("/logout")
    login(client, "school_admin")  # the core's default: the school answers
    assert "实际参训 16 学时" in client.get("/appeals").get_data(as_text=True)
    answered = client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "upheld", "reason": "签到表核实为 16 学时",
                                                                  "amount": "16"})
    assert answered.status_code == 303
    with app.app_context():
        reversal, corrected = db.session.scalars(select(LedgerEntry).where(LedgerEntry.id > entry.id)
                                                 .order_by(LedgerEntry.id)).all()[-2:]
        assert (reversal.reverses_id, reversal.amount) == (entry.id, -entry.amount)
        assert (corrected.corrects_id, corrected.amount, corrected.source, corrected.audit_state) == (
            entry.id, Decimal(16), "appeal", "approved")
        record = db.session.get(Appeal, appeal_id)
        assert (record.state, record.answer, record.outcome_entry_id) == ("upheld", "签到表核实为 16 学时", corrected.id)
        assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "appeal.answered"))["state"] == "upheld"
        teacher_user = db.session.scalar(select(User.id).where(User.username == "teacher"))
        assert db.session.scalar(select(Notification).where(Notification.user_id == teacher_user,
                                                            Notification.subject_type == "appeal")) is not None
    again = client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "dismissed", "reason": "再答"})
    assert again.status_code == 422  # answered once
    client.post("/logout")
    login(client, "teacher")
    page = client.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "签到表核实为 16 学时" in page


def test_a_missing_entry_dismissed_changes_nothing_and_says_why(app, client):
    login(client, "teacher")
    day = (clock.today() - timedelta(days=10)).isoformat()
    client.post("/appeals/new", data={"subject": "missing", "day": day, "statement": "参加了市级培训，未登记"},
                content_type="multipart/form-data")
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
        before = db.session.scalar(select(db.func.count(LedgerEntry.id)))
    client.post("/logout")
    login(client, "school_admin")
    assert client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "dismissed", "reason": ""}).status_code == 422
    assert client.post(f"/appeals/{appeal_id}/answer",
                       data={"outcome": "dismissed", "reason": "该培训未列入计划"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LedgerEntry.id))) == before


def test_another_schools_admin_cannot_answer(app, client):
    login(client, "teacher")
    client.post("/appeals/new", data={"subject": "missing", "day": clock.today().isoformat(), "statement": "漏登"},
                content_type="multipart/form-data")
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
        outsider = db.session.scalar(select(User).where(User.username == "t0001"))
        with pytest.raises(appeals.AppealRefused):
            appeals.answer(app.extensions["portal.region"], outsider, appeal_id, appeals.Outcome("dismissed", "x"))


class HalfYear:
    @hookimpl
    def portal_appeal_policy(self):
        return AppealPolicy(UserRole.DISTRICT_ADMIN, 6, "")


def test_a_closed_window_is_refused_with_its_last_day(app):
    app.extensions["portal.region"].pm.register(HalfYear())
    with app.app_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        old = clock.today() - timedelta(days=400)
        with pytest.raises(appeals.AppealRefused) as refused:
            appeals.appeal(region, user, appeals.AppealInput("missing", "漏登", day=old))
        assert refused.value.code == "window" and refused.value.detail == AppealPolicy(UserRole.DISTRICT_ADMIN, 6, "").closes(old)
        assert db.session.scalar(select(Appeal.id)) is None
        recent = appeals.appeal(region, user, appeals.AppealInput("missing", "漏登", day=clock.today()))
        assert recent.state == "open"


def test_crafted_dates_and_ids_get_a_clear_answer(app, client):
    login(client, "teacher")
    assert client.get("/appeals/new?entry=99999999999999999999").status_code == 200
    old = client.post("/appeals/new", data={"subject": "standing", "day": "0001-01-01", "statement": "x"},
                      content_type="multipart/form-data")
    assert old.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Appeal.id)) is None


def test_the_same_appeal_sent_twice_is_made_once(app, client):
    login(client, "teacher")
    data = {"subject": "missing", "day": clock.today().isoformat(), "statement": "漏登市级培训"}
    client.post("/appeals/new", data=dict(data), content_type="multipart/form-data")
    again = client.post("/appeals/new", data=dict(data), content_type="multipart/form-data")
    assert again.status_code == 422
    # said of this appeal, not of "this entry": a missing training has no entry (a phone trial)
    said = again.get_data(as_text=True)
    assert "同一申诉已经提交，正在等待答复" in said and "对该记录的申诉" not in said
    with app.app_context():
        assert len(db.session.scalars(select(Appeal)).all()) == 1


def test_a_colleague_who_is_not_an_admin_never_reads_an_appeal(app, client):
    login(client, "teacher")
    client.post("/appeals/new", data={"subject": "missing", "day": clock.today().isoformat(), "statement": "漏登"},
                content_type="multipart/form-data")
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    client.post("/logout")
    login(client, "workshop_leader")
    assert client.get(f"/appeals/{appeal_id}").status_code == 404
    assert "漏登" not in client.get("/appeals").get_data(as_text=True)


def test_an_upheld_appeal_on_hours_keeps_hours(make_app):
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        entry = db.session.scalar(select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                                  .where(Teacher.user_id == teacher.id, LedgerEntry.unit == "hour",
                                         LedgerEntry.reverses_id.is_(None)))
        record = appeals.appeal(region, teacher, appeals.AppealInput("entry", "学时少登", entry_id=entry.id))
        school = db.session.scalar(select(User).where(User.username == "school_admin"))
        appeals.answer(region, school, record.id, appeals.Outcome("upheld", "核实", Decimal(48)))
        corrected = db.session.get(LedgerEntry, db.session.get(Appeal, record.id).outcome_entry_id)
        assert (corrected.amount, corrected.unit, corrected.corrects_id) == (Decimal(48), "hour", entry.id)
        # the hours credited are the training's hours where the entry counted them so
        assert corrected.hours == (Decimal(48) if entry.hours == entry.amount else entry.hours)


def test_an_upheld_appeal_on_credits_keeps_the_trainings_hours(make_app):
    """A shanxi trial's appeal corrected a training's credits and the transcript lost its hours
    (206 to 190): the appeal decides what is credited, not how long the training was."""
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        entry = db.session.scalar(select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                                  .where(Teacher.user_id == teacher.id, LedgerEntry.unit == "credit",
                                         LedgerEntry.hours > 0, LedgerEntry.reverses_id.is_(None)))
        proof = (Upload(io.BytesIO(PDF), "证书.pdf"),)  # shanxi asks for evidence
        record = appeals.appeal(region, teacher, appeals.AppealInput("entry", "学分少登", entry_id=entry.id, uploads=proof))
        answerer = db.session.scalar(select(User).where(User.username == "district_admin"))
        appeals.answer(region, answerer, record.id, appeals.Outcome("upheld", "核实", entry.amount + 1))
        corrected = db.session.get(LedgerEntry, db.session.get(Appeal, record.id).outcome_entry_id)
        assert (corrected.amount, corrected.hours, corrected.corrects_id) == (entry.amount + 1, entry.hours, entry.id)


def _contest(app, client, entry) -> int:
    login(client, "teacher")
    sent = client.post(f"/appeals/new?entry={entry.id}", data={
        "subject": "entry", "statement": "实际参训 14 学时，只登记了 12 学时",
        "files": (io.BytesIO(PDF), "签到表.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 303
    client.post("/logout")
    with app.app_context():
        return db.session.scalar(select(Appeal.id))


def _told(app) -> str:
    with app.app_context():
        teacher_user = db.session.scalar(select(User.id).where(User.username == "teacher"))
        note = db.session.scalar(select(Notification).where(Notification.user_id == teacher_user,
                                                            Notification.subject_type == "appeal"))
        with app.test_request_context():
            from portal.web.wording import said
            return said(note.message)


def test_upholding_an_entry_says_what_the_ledger_gets_never_by_an_empty_field(app, client):
    """A trial's school admin upheld an appeal for more hours leaving the (folded) amount empty:
    the entry was cancelled, and the teacher was told only that the appeal was upheld."""
    entry = own_entry(app)
    appeal_id = _contest(app, client, entry)
    login(client, "school_admin")
    page = client.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "所申诉的记录" in page and entry.title in page  # which entry the answer changes
    refused = client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "upheld", "reason": "核实"})
    assert refused.status_code == 422
    assert "填写该记录应得的" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Appeal, appeal_id).state == "open"
        assert db.session.scalar(select(LedgerEntry).where(LedgerEntry.reverses_id == entry.id)) is None
    assert client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "upheld", "reason": "签到表核实为 14 学时",
                                                             "amount": "14"}).status_code == 303
    assert f"《{entry.title}》现登记为 14" in _told(app)


def test_an_entry_is_cancelled_on_appeal_only_when_the_answer_says_so(app, client):
    entry = own_entry(app)
    appeal_id = _contest(app, client, entry)
    login(client, "school_admin")
    assert client.post(f"/appeals/{appeal_id}/answer", data={"outcome": "upheld", "reason": "未参加该培训",
                                                             "strike": "y"}).status_code == 303
    with app.app_context():
        reversal = db.session.scalar(select(LedgerEntry).where(LedgerEntry.reverses_id == entry.id))
        assert reversal is not None and db.session.get(Appeal, appeal_id).outcome_entry_id is None
    assert "所申诉的记录已冲销" in _told(app)


def test_the_answerer_reads_the_missing_activitys_date_and_the_entry_is_dated_by_it(app, client):
    """A trial's qingdao teacher gave 2016-09-10 for her missing training: the school admin
    answering saw no date, and the entry's date field was empty."""
    day = (clock.today() - timedelta(days=40)).isoformat()
    login(client, "teacher")
    client.post("/appeals/new", data={"subject": "missing", "day": day, "statement": "漏登区级教研活动"},
                content_type="multipart/form-data")
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    client.post("/logout")
    login(client, "school_admin")
    page = client.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert f"漏登活动的日期：{day}" in page and f'name="day" type="date" value="{day}"' in page


def test_an_upheld_appeal_credits_no_more_than_a_whole_cycle_asks(app, client):
    """A trial's school admin upheld a one-day missing training with 50 credits; a figure
    beyond the cycle's whole duty is refused as mistyped, and nothing is saved."""
    login(client, "teacher")
    client.post("/appeals/new", data={"subject": "missing", "day": clock.today().isoformat(), "statement": "漏登"},
                content_type="multipart/form-data")
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
        cycle = app.extensions["portal.region"].requirements(clock.today()).cycle
        category = app.extensions["portal.region"].credited_categories()[0].code
        entries = db.session.scalar(select(func.count(LedgerEntry.id)))
    client.post("/logout")
    login(client, "school_admin")
    data = {"outcome": "upheld", "reason": "核实", "category": category, "title": "补登", "day": clock.today().isoformat()}
    refused = client.post(f"/appeals/{appeal_id}/answer", data={**data, "amount": str(cycle + 1)})
    assert refused.status_code == 422 and "不能超过整个周期的要求" in refused.get_data(as_text=True)
    assert "<details open>" in refused.get_data(as_text=True)  # the figure to correct is in sight
    with app.app_context():
        assert db.session.scalar(select(func.count(LedgerEntry.id))) == entries
        assert db.session.get(Appeal, appeal_id).state == "open"
    assert client.post(f"/appeals/{appeal_id}/answer", data={**data, "amount": "6"}).status_code == 303


def test_an_entrys_window_runs_from_its_registration_not_from_the_day_it_was_entered(app):
    """教师可以根据学分登记情况，在半年内提出申诉 (shanxi §五(三)): a training recorded in April and
    registered by the school at the year's end is contested from the registration; the window ran
    from the day the training was recorded, and closed before the credit was registered (an
    examiner's case)."""
    app.extensions["portal.region"].pm.register(HalfYear())
    entered_id = own_entry(app).id
    with app.app_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        entered = db.session.get(LedgerEntry, entered_id)
        old = LedgerEntry(**{c.key: getattr(entered, c.key) for c in LedgerEntry.__table__.columns
                             if c.key not in ("id", "created_at", "import_key", "enrollment_id")},
                          created_at=utcnow() - timedelta(days=300))
        db.session.add(old)
        db.session.commit()
        with pytest.raises(appeals.AppealRefused) as refused:  # entered 300 days ago, nobody decided since
            appeals.appeal(region, user, appeals.AppealInput("entry", "登记学时有误", entry_id=old.id))
        assert refused.value.code == "window"
        school_admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        db.session.add(AuditEvent(actor_id=school_admin.id, action="ledger.reviewed", subject_type="ledger_entry",
                                  subject_id=old.id, before={"state": "pending"}, after={"state": "approved"}))
        db.session.commit()
        made = appeals.appeal(region, user, appeals.AppealInput("entry", "登记学时有误", entry_id=old.id))
        assert made.state == "open" and made.matter_date == clock.today()


def test_the_appeal_pages_say_who_answers(make_app):
    """shanxi §五(三): the county's bureau answers; the teacher reads so before appealing."""
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    with app.test_request_context():
        answering = str(role_labels()[app.extensions["portal.region"].appeal_policy().answered_by])
    for page in ("/appeals", "/appeals/new?subject=missing"):
        assert f"答复：学校所属的{answering}" in client.get(page).get_data(as_text=True), page


def test_the_schools_own_admin_answers_where_the_region_says_nothing(make_app):
    """The core's default: the school's admin answers (qingdao, kaifeng, ruian); the pages said
    学校所属的学校管理员, a body over the school."""
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/appeals").get_data(as_text=True)
    assert "答复：本校学校管理员。" in page and "学校所属的" not in page
    # a phone trial read "your school's School admin": a role's label is not put mid-sentence
    client.post("/locale/en")
    english = client.get("/appeals").get_data(as_text=True)
    assert "Answered by: School admin of your school." in english, english


def _undecided_beside(app) -> tuple[int, int]:
    """(an entry still in its audit, a decided one) of the demo teacher: the decided one's copy
    submitted and not yet reviewed."""
    decided_id = own_entry(app).id
    with app.app_context():
        decided = db.session.get(LedgerEntry, decided_id)
        undecided = LedgerEntry(**{c.key: getattr(decided, c.key) for c in LedgerEntry.__table__.columns
                                   if c.key not in ("id", "created_at", "import_key", "enrollment_id", "audit_state")},
                                audit_state="submitted")
        db.session.add(undecided)
        db.session.commit()
        return undecided.id, decided_id


def test_the_ledger_offers_the_appeal_only_on_a_decided_entry(app, client):
    """An appeal contests a decision: the ledger offered 申诉 on an entry still in its audit too,
    which the appeal then took as if decided. Now the page offers it exactly where the appeal's
    use case accepts it (``appealable``): decided, and standing."""
    undecided, decided = _undecided_beside(app)
    login(client, "teacher")
    page = client.get("/me/ledger").get_data(as_text=True)
    assert f"/appeals/new?entry={decided}" in page
    assert f"/appeals/new?entry={undecided}" not in page
    with app.app_context():  # the page's test is the use case's
        from portal.services.teachers import standing_labels
        labels = standing_labels(app.extensions["portal.region"])
        assert not labels.may_appeal(db.session.get(LedgerEntry, undecided))
        assert labels.may_appeal(db.session.get(LedgerEntry, decided))
        assert not labels.may_appeal(db.session.get(LedgerEntry, decided), reversed={decided})


@pytest.mark.parametrize("locale, said", [
    ("zh_Hans_CN", "该记录仍在审核中：申诉针对的是审核决定"),
    ("en", "This entry is still in its audit: an appeal contests a decision"),
])
def test_an_appeal_on_an_entry_still_in_its_audit_is_refused_saying_why(app, client, locale, said):
    undecided, _decided = _undecided_beside(app)
    login(client, "teacher")
    client.post(f"/locale/{locale}")
    shown = client.get(f"/appeals/new?entry={undecided}").get_data(as_text=True)
    assert said in shown and 'name="statement"' not in shown  # said before anything is filled in, with no form
    assert 'href="/me/ledger"' in shown
    sent = client.post(f"/appeals/new?entry={undecided}", data={
        "subject": "entry", "statement": "登记学时有误", "files": (io.BytesIO(PDF), "签到表.pdf")},
        content_type="multipart/form-data")
    assert sent.status_code == 422 and said in sent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Appeal.id)).where(Appeal.entry_id == undecided)) == 0
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        with pytest.raises(appeals.AppealRefused) as refused:
            appeals.appeal(app.extensions["portal.region"], user, appeals.AppealInput("entry", "有误", entry_id=undecided))
        assert refused.value.code == "undecided"


def test_the_answer_to_an_entrys_appeal_says_its_figure_replaces_the_entrys(app, client):
    """A trial's school admin upheld “实际参训 14 学时，登记成了 12 学时” typing 2 in 应得学分, the
    credits to add: the entry of 12 was replaced by one of 2. The field says what it is."""
    entry = own_entry(app)
    appeal_id = _contest(app, client, entry)
    login(client, "school_admin")
    page = client.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    shown = f"{entry.amount.normalize():f} 学分"
    assert f"取代现登记的 {shown}，而不是补登的差额" in page, page
    client.post("/locale/en", data={"next": "/"})
    english = client.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "it replaces the" in english and "it is not what to add" in english
