"""The class list's link to register a training's results in the credit audit (登记本项目学时) goes
to the queue of the project's entries: a kaifeng phone trial's school admin was offered it, though
under kaifeng's audit a school acts only on claims returned to it (凭证明补正), never on a
project's results, so the queue was always empty for them. The link is offered only where one of
the reader's roles has a step that may apply to a project's results."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in

LINK = "登记本项目学时"


def _all_staff(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "all_staff_jpk",
                                                                  TrainingProject.level == "city")
                                 .order_by(TrainingProject.start_date))


def test_kaifeng_offers_the_link_to_the_departments_that_register_not_to_the_school(make_app):
    app = make_app("kaifeng", demo=True)
    project_id = _all_staff(app)
    for who in ("school_admin", "principal"):
        page = signed_in(app, who).get(f"/projects/{project_id}/class")
        assert page.status_code == 200 and LINK not in page.get_data(as_text=True), who
    district = signed_in(app, "district_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert LINK in district and "source=enrollment" in district


def test_a_school_that_reviews_a_projects_results_is_still_offered_it(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).order_by(TrainingProject.id))
    page = signed_in(app, "school_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "登记本项目学分" in page or LINK in page


def test_a_step_for_claims_only_never_holds_for_a_projects_results():
    from portal.domain.workflow import AllOf, AnyOf, Fact, FromSource, Not, PrivateSchool, may_hold_for_source

    claims_only = Not(FromSource(("enrollment",)))
    assert not may_hold_for_source(claims_only, "enrollment") and may_hold_for_source(claims_only, "outside")
    assert may_hold_for_source(None, "enrollment")
    assert may_hold_for_source(Fact("program", ("x",)), "enrollment")  # the facts decide: maybe
    assert may_hold_for_source(Not(Fact("program", ("x",))), "enrollment")
    assert may_hold_for_source(Not(AllOf((FromSource(("enrollment",)), Fact("claim", ("",))))), "enrollment")
    assert not may_hold_for_source(AllOf((FromSource(("outside",)), PrivateSchool())), "enrollment")
    assert may_hold_for_source(AnyOf((FromSource(("outside",)), PrivateSchool())), "enrollment")
    assert not may_hold_for_source(Not(AnyOf((FromSource(("enrollment",)), PrivateSchool()))), "enrollment")


def test_the_institution_which_only_hands_returned_results_in_again_is_not_offered_to_register(make_app):
    """Kaifeng's institution records the results and, when the department returns one, checks it
    and hands it in again (核实后重新提交): its class list read 登记本项目学时 over a queue where it
    registers nothing. It is offered its returned entries, and only while one waits for it."""
    from portal.models import Enrollment, LedgerEntry
    app = make_app("kaifeng", demo=True)
    city = signed_in(app, "city_admin")  # the entries of the schools the city runs wait for it
    with app.app_context():
        waiting = db.session.execute(
            select(LedgerEntry.id, Enrollment.project_id).join(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)
            .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
            .where(LedgerEntry.audit_state == "submitted", TrainingProject.program == "all_staff_high")).all()
    assert waiting
    institution = signed_in(app, "institution_senior")  # 陕西师范大学, the high-school training's
    project_id = waiting[0].project_id
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert LINK not in page and "本项目退回给您的记录" not in page
    for entry_id, _project in waiting:
        if _project == project_id and city.post(f"/admin/reviews/{entry_id}", data={
                "target": "returned", "reason": "参训学时与平台记录不符，请核实"}).status_code in (302, 303):
            break
    else:
        raise AssertionError("the city could return none of the entries")
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "本项目退回给您的记录" in page and LINK not in page


def test_the_class_list_says_registered_only_of_results_the_audit_registered(make_app):
    """Phone trial: the high-school all-staff training's class list read 登记 60 学时 under each
    pass, while every one of those results still waited for the city's department (its teachers'
    own pages: not registered yet). It says registered only once the audit registers it."""
    app = make_app("kaifeng", demo=True)
    from portal.models import Enrollment, LedgerEntry

    def project_with(program: str, state: str) -> int:
        with app.app_context():
            return db.session.scalar(
                select(Enrollment.project_id).join(LedgerEntry, LedgerEntry.enrollment_id == Enrollment.id)
                .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
                .where(TrainingProject.program == program, LedgerEntry.audit_state == state, LedgerEntry.amount > 0)
                .order_by(TrainingProject.start_date.desc()))
    waiting, registered = project_with("all_staff_high", "submitted"), project_with("all_staff_jpk", "approved")
    page = signed_in(app, "institution_senior").get(f"/projects/{waiting}/class").get_data(as_text=True)
    assert "60 学时尚未登记：待师训部门审核登记" in page and "登记 60 学时" not in page
    page = signed_in(app, "institution").get(f"/projects/{registered}/class").get_data(as_text=True)
    assert "登记 60 学时" in page


def test_the_workshop_leader_reads_registered_only_of_results_the_audit_registered(make_app):
    """A workshop of 河大附中's senior-high Chinese teachers, whose 2026 all-staff results wait for
    the city's department: its leader read 登记 60 学时 of them; the page says they are not registered yet."""
    import re
    from portal.models import OrgUnit
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "kf-hdfz"))
    city = signed_in(app, "city_admin")
    form = city.get("/admin/workshops/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    made = city.post("/admin/workshops/new", data={
        "name": "河大附中高中语文工作坊", "org_unit": str(school), "subject": "语文", "stage": "senior_high",
        "leader": "workshop_leader", **({"csrf_token": token.group(1)} if token else {})})
    assert made.status_code in (302, 303), made.get_data(as_text=True)[-2000:]
    with app.app_context():
        from portal.models import Workshop
        workshop_id = db.session.scalar(select(Workshop.id).where(Workshop.name == "河大附中高中语文工作坊"))
    page = signed_in(app, "workshop_leader").get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "60 学时尚未登记：待师训部门审核登记" in page and "登记 60 学时" not in page
