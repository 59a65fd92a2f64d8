"""A region that lives only in the tests: proof that a new region needs no change to the core.

Hours convert one to one into credits, at most ``daily_cap`` a day (a setting: the
imaginary document does not give it); 10 a year and 50 a cycle of five calendar years.
The year's 10 is pro-rated by the months of 病假 or 产假, as its document says (§3: a cited
parameter, ``leave_months``, no setting a bureau could switch off), while a teacher entering
post in the year is asked the whole 10 (§1 makes no exception for them): the two decided
apart (``portal.domain.tenure.asked_of``). No setting bears on the year's figure, so
``Requirements.yearly_settings`` stays empty.
Its worked cases in ``scenarios/`` run with the core's conformance tests.
"""
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    Category, Compliance, CreditResult, CycleProgress, DemoData, DemoEnrollment, DemoProject,
    DemoTeacher, DemoUser, DemoWorkshop, Document, Duty, Eligibility, Finding, Gender, InvalidInput, Level, Mode,
    OrgKind, OrgNode, Parameter, Program, Purpose, RegionInfo, Requirements, RuleVersion, SchoolStage, Step, Unit,
    UserRole, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing, years_of
from portal.domain.tenure import PARTIAL_PERIOD_WORDS, Asked, PartialPeriod, asked_of, in_post_from
from portal.domain.idcard import check_digit
from portal.domain.text import Messages, Quantity
from portal.hookspecs import hookimpl

_ = Messages("example", __name__)

SOURCE = "example.txt §1"
SINCE = date(2000, 1, 1)
YEARLY = Parameter.fixed("yearly", _("每年不少于的学分"), Decimal(10), SOURCE, SINCE)
CYCLE = Parameter.fixed("cycle", _("每周期不少于的学分"), Decimal(50), SOURCE, SINCE)
DAILY_CAP = Parameter.fixed(
    "daily_cap", _("每天至多计的学分"), Decimal(8), "example.txt §2", SINCE,
    assumption=_("示例文件只说“每天有上限”而未给数字；取 8"),
)
LEAVE_MONTHS = Parameter.fixed(
    "leave_months", _("因病假、产假整月离岗的那一年的学分要求"), PartialPeriod.PRORATA,
    "example.txt §3（因病假、产假整月离岗的，当年学分要求按在岗月数折算）", SINCE,
    choices=tuple(PartialPeriod), words=PARTIAL_PERIOD_WORDS.get,
)


def id_number(serial: int) -> str:
    first17 = f"11010119800101{serial:03d}"
    return first17 + check_digit(first17)


@hookimpl
def portal_region_info():
    return RegionInfo(code="example", name=_("示例区"), unit=Unit.CREDIT, version="1.0")


@hookimpl
def portal_documents():
    return [Document("example.txt", _("示例区教师培训学分办法"), __name__)]


@hookimpl
def portal_rule_versions():
    return [RuleVersion("example-1", date(2000, 1, 1), SOURCE)]


@hookimpl
def portal_credit_categories():
    return [Category("general", _("一般"), SOURCE)]


@hookimpl
def portal_parameters():
    return [YEARLY, CYCLE, DAILY_CAP, LEAVE_MONTHS]


@hookimpl
def portal_programs():
    return [Program("general", _("一般培训"), SOURCE)]


@hookimpl
def portal_duties():
    return [Duty("cycle_minimum", _("周期 50 学分"), SOURCE)]


@hookimpl
def portal_purposes():
    return [Purpose("renewal", _("资格定期注册"), SOURCE)]


@hookimpl
def portal_convert_activity(activity, on):
    if activity.hours > 100:
        raise InvalidInput("hours", _("一次培训不超过 100 学时"))
    steps = [Step(_("{hours} 学时按 1:1 计学分", hours=activity.hours), activity.hours, SOURCE)]
    amount = activity.hours
    days = activity.days or 1
    cap = DAILY_CAP.at(on) * days
    if amount > cap:
        amount = cap
        steps.append(Step(_("每天至多 {cap}，{days} 天计 {total}", cap=Quantity(DAILY_CAP.at(on), Unit.CREDIT),
                            days=days, total=Quantity(cap, Unit.CREDIT)),
                          cap, DAILY_CAP.source_at(on), settings=(DAILY_CAP.name,)))
    return CreditResult(amount=amount, unit=Unit.CREDIT, category="general", steps=tuple(steps))


@hookimpl
def portal_cycle(on):
    return cycle_containing(on, 2021, 5)


def year_asked(teacher, year: int, as_of: date) -> Asked:
    """The year's 10 for this teacher: months of leave pro-rated by the document (§3), the
    year of entering post asked in full (§1 makes no exception)."""
    return asked_of(YEARLY.at(as_of), teacher, calendar_year(year), as_of, tenure=PartialPeriod.FULL,
                    leave=LEAVE_MONTHS)


@hookimpl
def portal_requirements(on, teacher):
    yearly, yearly_settings = YEARLY.at(on), ()
    if teacher is not None:
        asked = year_asked(teacher, on.year, on)
        yearly, yearly_settings = asked.required, asked.settings
    return Requirements(cycle=CYCLE.at(on), yearly=yearly, unit=Unit.CREDIT, cycle_source=SOURCE,
                        yearly_source=SOURCE, yearly_settings=yearly_settings)


@hookimpl
def portal_check_compliance(teacher, records, as_of):
    cycle = portal_cycle(as_of)
    earned = total(records, cycle)
    required = CYCLE.at(as_of)
    start = in_post_from(teacher)
    years = tuple(
        YearProgress(y, (asked := year_asked(teacher, y, as_of)).required, total(records, calendar_year(y)), asked.note)
        for y in years_of(cycle) if y <= as_of.year and (start is None or y >= start.year)
    )
    progress = CycleProgress(cycle, required, earned, earned)
    finding = Finding("cycle_minimum", progress.ok, required, earned,
                      _("周期内已得 {earned}", earned=Quantity(earned, Unit.CREDIT)), SOURCE, deadline=cycle.end)
    return Compliance(Unit.CREDIT, progress, years, (finding,))


@hookimpl
def portal_eligibility(teacher, records, as_of):
    cycle = portal_cycle(as_of)
    earned = total(records, cycle)
    required = CYCLE.at(as_of)
    missing = "" if earned >= required else _("还需 {amount}，截止 {date}", amount=Quantity(required - earned, Unit.CREDIT),
                                               date=cycle.end)
    return [Eligibility("renewal", earned >= required, _("周期内已得 {earned}", earned=Quantity(earned, Unit.CREDIT)),
                        SOURCE, missing)]


@hookimpl
def portal_demo_data(today):
    tree = OrgNode("示例省", OrgKind.PROVINCE, "ex-p", (
        OrgNode("示例市", OrgKind.CITY, "ex-c", (
            OrgNode("示例区", OrgKind.DISTRICT, "ex-d", (
                OrgNode("第一小学", OrgKind.SCHOOL, "ex-s1"),
                OrgNode("第二小学", OrgKind.SCHOOL, "ex-s2"),
            )),
            OrgNode("示例培训中心", OrgKind.INSTITUTION, "ex-i"),
        )),
    ))
    users = (
        DemoUser("school_admin", "校管理员", UserRole.SCHOOL_ADMIN, "ex-s1"),
        DemoUser("principal", "校长", UserRole.PRINCIPAL, "ex-s1"),
        DemoUser("district_admin", "区管理员", UserRole.DISTRICT_ADMIN, "ex-d"),
        DemoUser("city_admin", "市管理员", UserRole.CITY_ADMIN, "ex-c"),
        DemoUser("province_admin", "省管理员", UserRole.PROVINCE_ADMIN, "ex-p"),
        DemoUser("institution", "培训机构", UserRole.INSTITUTION_STAFF, "ex-i"),
        DemoUser("workshop_leader", "坊主", UserRole.WORKSHOP_LEADER, "ex-s1"),
    )
    teachers = (
        DemoTeacher("teacher", "张老师", Gender.FEMALE, id_number(1), "ex-s1",
                    (SchoolStage.PRIMARY,), ("语文",), date(2010, 9, 1)),
        DemoTeacher("t0001", "李老师", Gender.MALE, id_number(2), "ex-s2",
                    (SchoolStage.PRIMARY,), ("数学",), date(2012, 9, 1)),
    )
    # This year's and over by today, on 1 January as on any day: a result is never entered
    # before its training starts, nor counted before it ends.
    first, second = min(date(today.year, 1, 11), today), min(date(today.year, 2, 1), today)
    projects = (
        DemoProject("示例集中培训", "ex-d", Level.COUNTY, Mode.CENTRALIZED,
                    first - timedelta(days=1), first, Decimal(12), "general",
                    enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(12)),
                                 DemoEnrollment("t0001", attended_hours=Decimal(4)))),
        DemoProject("示例待审培训", "ex-s1", Level.SCHOOL, Mode.SCHOOL_BASED,
                    second, second, Decimal(3), "general", audited=False,
                    enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(3)),)),
    )
    workshops = (DemoWorkshop("示例区小学语文工作坊", "ex-d", "语文", SchoolStage.PRIMARY),)
    return DemoData(tree, users, teachers, projects, workshops=workshops)
