"""开封市演示数据：河南省 > 开封市 > 区县 > 学校，全员网络研修各年度项目。

Deterministic (no randomness): teachers and assessment scores come from index arithmetic;
each all-staff project carries its weights, and the composite decides each grade (§三(五)). Projects
are dated relative to ``today`` and cover every year of the two cycles a teacher's pages show (this
one and the one before, ``history_years``), so the home, the duties, the ledger and the previous
cycle's page all have a history: the all-staff training runs January to April
(kaifeng-2018-online-training.txt §四(二)2) each of those years from the first phase (2019) on, and
the demo school holds a school-based training each spring, but for one year of the previous cycle,
which its teachers therefore end short of the yearly hours (the pages show a missed year). Before
2019 (a previous cycle reaching back there) a summer centralized training stands in for the
all-staff one. The next training's two projects are published with nobody submitted yet, their
12-20 deadline still ahead, for the school and district admins to submit their teachers
(§四(二)1). One teacher entered post this September, so the demo shows a first year asked only in
part; nobody is enrolled in a project that started before they entered post.

The demo teacher has also used the portal herself (``teacher_claim``, ``teacher_appeal``): she
claimed an online training taken on another platform this year (the claims of ``claims.py``), which
the district's teacher-training office returned to her school for the hours her certificate does
not state; and she appealed about the missed year's school-based training, which her school's
admin answered from the school's own record (the core's appeal policy: the notice names none).
Both told her so: the demo teacher has two notifications.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    ActivityRole, DemoAnswer, DemoAppeal, DemoClaim, DemoData, DemoEnrollment, DemoMaterial, DemoProject, DemoStep,
    DemoTeacher, DemoUser, DemoWorkshop, Gender, Grade, Level, Mode, OrgKind, OrgNode, SchoolStage, UserRole, story_day,
)
from portal.domain.appeals import MISSING
from portal.domain.idcard import check_digit
from portal.domain.text import DEFAULT_LOCALE

from . import parameters as P
from .compliance import cycle
from .conversion import assessment
from .enrollment import enrollment_deadline, selection_calendar, training_period

CITY = "kf"
INSTITUTION = "kf-inst"
SENIOR_INSTITUTION = "kf-snnu"
DEMO_SCHOOL = "kf-gl-s1"
DEMO_DISTRICT = "kf-gl"

# Each project's weights for the composite assessment (§三(五) 按不同权重; the notice
# leaves them to the project): one per institution.
WEIGHTS = {
    "all_staff_jpk": {"course_time": Decimal(50), "discussion": Decimal(30), "tasks": Decimal(20)},
    "all_staff_high": {"course_time": Decimal(40), "discussion": Decimal(30), "tasks": Decimal(30)},
}

# School code → (name, district code or None for 局属, stage, ID area code, teachers).
SCHOOLS = {
    "kf-gl-s1": ("开封市鼓楼区实验小学", "kf-gl", SchoolStage.PRIMARY, "410204", 12),
    "kf-gl-s2": ("开封市第十四中学", "kf-gl", SchoolStage.JUNIOR_HIGH, "410204", 10),
    "kf-xf-s1": ("开封市祥符区第一初级中学", "kf-xf", SchoolStage.JUNIOR_HIGH, "410212", 8),
    "kf-hdfz": ("河南大学附属中学", None, SchoolStage.SENIOR_HIGH, "410202", 10),
}
# The districts and counties the notice names (§二(二), §二(三)).
DISTRICTS = (
    ("kf-gl", "鼓楼区"), ("kf-sh", "顺河区"), ("kf-lt", "龙亭区"), ("kf-ywt", "禹王台区"),
    ("kf-xf", "祥符区"), ("kf-qx", "杞县"), ("kf-ws", "尉氏县"), ("kf-tx", "通许县"),
)

SUBJECTS = {
    SchoolStage.PRIMARY: ("语文", "数学", "英语", "科学", "音乐", "体育", "美术", "道德与法治"),
    SchoolStage.JUNIOR_HIGH: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治"),
    SchoolStage.SENIOR_HIGH: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治", "信息技术"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
FEMALE_NAMES = ("丽", "静", "敏", "艳", "娟", "晓燕", "秀兰", "丹", "玉梅", "雪", "慧", "婷", "佳怡", "春燕")
MALE_NAMES = ("伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "志刚", "鹏", "海峰")


def build_org_tree() -> OrgNode:
    schools_of = {code: [] for code, _ in DISTRICTS}
    city_schools = []
    for code, (name, district, *_rest) in SCHOOLS.items():
        node = OrgNode(name, OrgKind.SCHOOL, code)
        (schools_of[district] if district else city_schools).append(node)
    districts = tuple(
        OrgNode(name, OrgKind.DISTRICT, code, tuple(schools_of[code])) for code, name in DISTRICTS
    )
    # §四(一) names the institutions undertaking the two projects, nothing more of them.
    institutions = (OrgNode("中国教师教育网", OrgKind.INSTITUTION, INSTITUTION),
                    OrgNode("陕西师范大学", OrgKind.INSTITUTION, SENIOR_INSTITUTION))
    city = OrgNode("开封市", OrgKind.CITY, CITY, districts + tuple(city_schools) + institutions)
    return OrgNode("河南省", OrgKind.PROVINCE, "ha", (city,))


def id_number(area: str, born: date, sequence: int, gender: Gender) -> str:
    """GB 11643: area, birth date, a sequence whose last digit is odd for men, check digit."""
    seq = sequence * 2 + (1 if gender == Gender.MALE else 2)
    first17 = f"{area}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_digit(first17)


def title_for(born: date) -> str:
    if born.year <= 1976:
        return "高级教师"
    if born.year <= 1990:
        return "一级教师"
    return "二级教师"


def build_teachers(today: date) -> tuple[DemoTeacher, ...]:
    latest_entry = date(today.year - 3, 9, 1)
    demo_born = date(1987, 3, 14)
    teachers = [
        DemoTeacher(
            username="teacher", name="李静", gender=Gender.FEMALE,
            id_number=id_number("410204", demo_born, 40, Gender.FEMALE),
            school_code=DEMO_SCHOOL, stages=(SchoolStage.PRIMARY,), subjects=("语文",),
            entered_post=date(2010, 9, 1), title="一级教师", title_date=date(2017, 12, 1),
            phone="13937801234", qualified=True,
        )
    ]
    n = 0
    for code, (_name, _district, stage, area, count) in SCHOOLS.items():
        for k in range(count):
            n += 1
            gender = Gender.FEMALE if n % 3 else Gender.MALE
            given = (FEMALE_NAMES if gender == Gender.FEMALE else MALE_NAMES)[(n * 5) % 14]
            born = date(1968 + (n * 7) % 31, 1 + (n * 5) % 12, 1 + (n * 11) % 28)
            entered = min(date(born.year + 23, 9, 1), latest_entry)
            title = title_for(born)
            subjects = SUBJECTS[stage]
            teachers.append(DemoTeacher(
                username=f"t{n:04d}", name=SURNAMES[(n * 7) % len(SURNAMES)] + given, gender=gender,
                id_number=id_number(area, born, n, gender), school_code=code, stages=(stage,),
                subjects=(subjects[k % len(subjects)],), entered_post=entered, title=title,
                title_date=None if title == "二级教师" else date(entered.year + (12 if title == "高级教师" else 6), 12, 1),
                phone=f"137{(n * 7919) % 10**8:08d}",
            ))
    teachers.append(new_hire(today, n + 1))
    return tuple(teachers)


def new_hire(today: date, n: int) -> DemoTeacher:
    """A teacher who entered post this September (last September before it comes): the
    months before are not held against them, so their first year asks a share of the hours.
    Her school records that she holds no teacher qualification certificate yet, so she is not
    submitted to the all-staff training (§二(一))."""
    september = date(today.year, 9, 1)
    entered = september if today >= september else date(today.year - 1, 9, 1)
    born = date(entered.year - 23, 5, 6)
    return DemoTeacher(
        username=f"t{n:04d}", name="赵晓雨", gender=Gender.FEMALE,
        id_number=id_number("410204", born, n, Gender.FEMALE), school_code=DEMO_SCHOOL,
        stages=(SchoolStage.PRIMARY,), subjects=("数学",), entered_post=entered, title=None,
        phone=f"137{(n * 7919) % 10**8:08d}", qualified=False,
    )


def _all_staff_enrollments(usernames: list[str], salt: int, weights: dict[str, Decimal],
                           end: date) -> tuple[DemoEnrollment, ...]:
    """Online hours 48–60 for most; about one in eleven studies 31–40 hours and does little
    else. The platform scores each part 0–100 (course time from the hours), the project's
    weights make the composite, and the composite decides the grade (§三(五))."""
    result = []
    for k, username in enumerate(usernames):
        weak = username != "teacher" and (k + salt) % 11 == 5
        hours = Decimal(31 + (k * 3) % 10) if weak else Decimal(60 - (k * 7 + salt) % 13)
        scores = {
            "course_time": min(Decimal(100), (hours * 100 / P.PROGRAM_HOURS.at(end)).quantize(Decimal(1))),
            "discussion": Decimal(30 + (k * 5) % 21) if weak else Decimal(70 + (k * 5 + salt) % 31),
            "tasks": Decimal(40 + (k * 3) % 15) if weak else Decimal(65 + (k * 11 + salt) % 36),
        }
        passed, _steps = assessment(scores, weights, end)
        result.append(DemoEnrollment(username, ActivityRole.PARTICIPANT, hours,
                                     Grade.PASS if passed else Grade.FAIL, scores=scores))
    return tuple(result)


def _other_enrollments(usernames: list[str], hours: Decimal) -> tuple[DemoEnrollment, ...]:
    return tuple(
        DemoEnrollment(u, ActivityRole.PARTICIPANT, hours - (k % 3) * 2 if u != "teacher" else hours, Grade.PASS)
        for k, u in enumerate(usernames)
    )


def history_years(today: date) -> range:
    """The years of the two cycles a teacher's pages show on ``today``: the previous cycle's
    first to this one."""
    previous = cycle(cycle(today).start - timedelta(days=1))
    return range(previous.start.year, today.year + 1)


def running(year: int, today: date) -> bool:
    """Whether the all-staff training of ``year`` is in its training months on ``today``
    (§四(二)2: 1月至4月): its teachers are enrolled, with no results yet."""
    start, end = training_period(year)
    return start <= today < end


def assessed_years(today: date) -> list[int]:
    """The years of ``history_years`` whose training has its results on ``today``: all of them
    but this year's while it runs (from January's twenty-first day, the demo's own year, to the
    end of April), whose pass, scores and certificate are still to come."""
    return [year for year in history_years(today) if not running(year, today)]


def assessed_day(today: date) -> date:
    """The last day the demo loaded on ``today`` would show its latest all-staff training with
    results: ``today``, or while this year's runs the day before it began."""
    return training_period(today.year)[0] - timedelta(days=1) if running(today.year, today) else today


def skipped_year(today: date) -> int:
    """The year of the previous cycle in which the demo school held no school-based training:
    its teachers registered only the all-staff training's hours, short of the year's: its second
    year, whatever the cycle's length (a bureau's setting)."""
    return cycle(cycle(today).start - timedelta(days=1)).start.year + 1


def build_projects(today: date, teachers: tuple[DemoTeacher, ...]) -> tuple[DemoProject, ...]:
    def clamp(day: date) -> date:
        return min(day, today)

    def of(*codes: str, by: date = today, all_staff: bool = True) -> list[str]:
        """The teachers of those schools already in post on ``by``; for the all-staff training not
        one whose school records no teacher qualification certificate: she is not submitted to it (§二(一))."""
        return [t.username for t in teachers
                if t.school_code in codes and t.entered_post <= by and not (all_staff and t.qualified is False)]

    jpk, high = P.PROGRAMS["all_staff_jpk"], P.PROGRAMS["all_staff_high"]
    hours = P.PROGRAM_HOURS.at(P.NOTICE_DATE)
    first_phase = P.ALL_STAFF_TRAINING_PERIOD.default.start.year
    projects = []
    for year in history_years(today):
        if year < first_phase:  # before the notice: the district's summer centralized training
            start, end = date(year, 7, 10), date(year, 7, 17)
            projects.append(DemoProject(
                name=f"鼓楼区{year}年中小学教师暑期集中培训", organiser_code=DEMO_DISTRICT, level=Level.COUNTY,
                mode=Mode.CENTRALIZED, start=start, end=end, hours=Decimal(48), category=P.CATEGORY_OTHER,
                capacity=30, enrollments=_other_enrollments(of("kf-gl-s1", "kf-gl-s2", by=start), Decimal(48)),
            ))
            continue
        back = today.year - year
        start, end = training_period(year)
        start, end = map(clamp, (start, end))
        city_jpk, city_high = of("kf-gl-s1", "kf-gl-s2", by=start), of("kf-hdfz", by=start)
        phase = "一期" if year == first_phase else f"{year}年度"
        for program, members, audited in ((jpk, city_jpk, True), (high, city_high, back != 0)):
            if running(year, today):  # this year's training months (§四(二)2: 1月至4月) not over: no results yet
                enrolled = tuple(DemoEnrollment(u) for u in members)
            else:
                enrolled = _all_staff_enrollments(members, back * 3 + len(program.code), WEIGHTS[program.code], end)
            projects.append(DemoProject(
                name=f"{program.label.render(DEFAULT_LOCALE)}（{phase}）", organiser_code=organiser_of(program.code),
                level=Level.CITY,
                mode=Mode.ONLINE, start=start, end=end, hours=hours,
                category=P.CATEGORY_ALL_STAFF, program=program.code, capacity=len(members) + 5,
                audited=audited, assessment_weights=WEIGHTS[program.code], enrollments=enrolled,
            ))
    last = today.year - 1
    last_start, last_end = training_period(last)
    xf = of("kf-xf-s1", by=last_start)
    projects.append(DemoProject(
        name=f"祥符区中小学教师（初中、小学、幼儿园）继续教育全员培训（{last}年度，区自行组织）",
        organiser_code="kf-xf", level=Level.COUNTY, mode=Mode.ONLINE,
        start=last_start, end=last_end, hours=hours,
        category=P.CATEGORY_ALL_STAFF, program=jpk.code, capacity=len(xf) + 2,
        assessment_weights=WEIGHTS[jpk.code],
        enrollments=_all_staff_enrollments(xf, 7, WEIGHTS[jpk.code], last_end),
    ))
    for year in history_years(today):
        if year == skipped_year(today):
            continue
        projects.append(DemoProject(
            name=f"鼓楼区{year}年小学语文校本研修", organiser_code=DEMO_DISTRICT, level=Level.COUNTY,
            mode=Mode.SCHOOL_BASED, start=clamp(date(year, 3, 1)), end=clamp(date(year, 6, 30)),
            hours=Decimal(24), category=P.CATEGORY_OTHER, capacity=20,
            enrollments=_other_enrollments(of(DEMO_SCHOOL, by=clamp(date(year, 3, 1)), all_staff=False), Decimal(24)),
        ))
    projects.append(DemoProject(
        name=f"祥符区{today.year}年暑期教师网络研修", organiser_code="kf-xf", level=Level.COUNTY,
        mode=Mode.ONLINE, start=clamp(date(today.year, 7, 10)), end=clamp(date(today.year, 8, 20)),
        hours=Decimal(30), category=P.CATEGORY_OTHER, capacity=len(xf), audited=False,
        enrollments=_other_enrollments(xf, Decimal("30")),
    ))
    return tuple(projects)


def organiser_of(program: str) -> str:
    """The institution that runs a city all-staff project and records its results (§四(一)): the
    junior, primary and kindergarten one 中国教师教育网 (初中、小学、幼儿园等学段的培训工作由中国教师教育网
    承担), the senior high one 陕西师范大学."""
    return INSTITUTION if program == "all_staff_jpk" else SENIOR_INSTITUTION


def next_training_year(today: date) -> int:
    """The first training after this one whose enrollment deadline (the 12-20 before it,
    §四(二)1) is still ahead: next year's, or the year after once next year's has closed."""
    year = today.year + 1
    while enrollment_deadline(training_period(year)[0]) < today:
        year += 1
    return year


# Each upcoming project's seats as the city's teacher-education office allocates them to the units
# (§四(二)1 名额已分配到各单位系统中): the districts of §二(二) and the school the city runs itself
# (河大附中), never 祥符区 and the counties that organise their own (§二(三)). The notice gives no
# figures; these add up to the project's seats.
QUOTAS = {
    "all_staff_jpk": {"kf-gl": 30, "kf-sh": 8, "kf-lt": 6, "kf-ywt": 6},
    "all_staff_high": {"kf-hdfz": 15, "kf-gl": 6, "kf-sh": 3, "kf-lt": 3, "kf-ywt": 3},
}


def upcoming(today: date) -> tuple[DemoProject, ...]:
    """The next training's two all-staff projects (§四(二)1 系统内已设置两个培训项目), run by the
    city with the weights of the earlier years, each for its stages, their seats allocated to
    the units (``QUOTAS``). Teachers do not select them: the school and district admins submit
    their teachers by the deadline within their unit's quota, and a teacher who tries reads why
    (§四(二)1)."""
    year = next_training_year(today)
    start, end = training_period(year)
    deadline = enrollment_deadline(start)
    hours = P.PROGRAM_HOURS.at(P.NOTICE_DATE)
    projects = []
    for code, capacity in (("all_staff_jpk", 50), ("all_staff_high", 30)):
        program = P.PROGRAMS[code]
        projects.append(DemoProject(
            name=f"{program.label.render(DEFAULT_LOCALE)}（{year}年度）", organiser_code=organiser_of(code),
            level=Level.CITY, mode=Mode.ONLINE, start=start, end=end, hours=hours, category=P.CATEGORY_ALL_STAFF,
            program=code,
            capacity=capacity, assessment_weights=WEIGHTS[code],
            stages=tuple(s for s in SchoolStage if s in program.stages), quotas=QUOTAS[code],
            description=(
                f"{year}年{start.month}月至{end.month}月网络研修，共{hours}学时，"
                f"由{program.institution.render(DEFAULT_LOCALE)}承担，按学科学段分设工作坊。"
                f"由各区教育局和各学校的系统管理员根据参训教师的任教学段提交参训教师名单，"
                f"报名截止时间为{deadline.month}月{deadline.day}日；不向参训教师收取任何费用。"
                "考核按在线学习课程时间、在线研讨交流积分与研修任务完成情况按权重综合计算，合格者发放结业证书。"
            ),
        ))
    return tuple(projects)


def demo_calendar(today: date) -> tuple:
    """The next training's calendar as the demo's bureau runs it: its enrollment opened the day
    the bureau published the two projects (today, where the region's default, 6 days before
    the 12-20 deadline, is still ahead: 各期日期以教育局的通知为准), so the admins can submit
    their teachers; a submission before a phase opens is refused (``enrollment.deadline_finding``)."""
    deadline = enrollment_deadline(training_period(next_training_year(today))[0])
    enrol, training = selection_calendar(deadline)
    return (replace(enrol, start=min(enrol.start, today)), training)


USERS = (
    DemoUser("school_admin", "赵雪梅（鼓楼区实验小学系统管理员）", UserRole.SCHOOL_ADMIN, DEMO_SCHOOL),
    DemoUser("principal", "周建国（鼓楼区实验小学校长）", UserRole.PRINCIPAL, DEMO_SCHOOL),
    DemoUser("district_admin", "韩立新（鼓楼区教育局师训部门）", UserRole.DISTRICT_ADMIN, DEMO_DISTRICT),
    DemoUser("city_admin", "郑秀芳（开封市教育局教师教育科）", UserRole.CITY_ADMIN, CITY),
    DemoUser("province_admin", "刘文华（河南省教育厅教师工作处）", UserRole.PROVINCE_ADMIN, "ha"),
    DemoUser("institution", "吴海峰（中国教师教育网）", UserRole.INSTITUTION_STAFF, INSTITUTION),
    DemoUser("institution_senior", "马志远（陕西师范大学）", UserRole.INSTITUTION_STAFF, SENIOR_INSTITUTION),
    DemoUser("workshop_leader", "孙丽（鼓楼区小学语文工作坊坊主）", UserRole.WORKSHOP_LEADER, DEMO_DISTRICT),
    # the county that ran its own all-staff training last year registers its teachers' hours
    # (§五(一)): without its department's admin they waited for nobody
    DemoUser("district_admin_xf", "李红（祥符区教育局师训部门）", UserRole.DISTRICT_ADMIN, "kf-xf"),
)


def teacher_claim(today: date) -> DemoClaim:
    """The demo teacher's claim of a week's online training on a national platform ending a
    month ago (``outside_online``: the hours attended, the Henan rules the preamble names): the
    district's teacher-training office returned it, for her or her school to correct (申报已退回，待学校补正后重新提交，或由教师本人更正后重新提交),
    since the evidence the kind asks (``OUTSIDE_EVIDENCE``) states the hours and hers does not."""
    day = today - timedelta(days=30)
    start = day - timedelta(days=6)
    return DemoClaim(
        "teacher", "outside_online", f"国家中小学智慧教育平台{start.year}年小学语文教师网络研修",
        day, Level.NATIONAL, DemoMaterial("研修证书.pdf", "国家中小学智慧教育平台 网络研修证书"),
        figure=Decimal(12), start=start, details="平台上观看课程、提交研修作业，共12学时。",
        steps=(DemoStep("district_admin", "claim_returned",
                        "上传的证书未写明参训学时，请补传平台出具的学时证明（写明培训名称、起止日期和参训学时）后重新提交。"),),
    )


def teacher_appeal(today: date) -> DemoAppeal:
    """The demo teacher's appeal about the year her school held no school-based training
    (``skipped_year``): she finds its hours missing, and her school's admin (the core's appeal
    policy, the notice naming none) dismisses it from the school's own record of that year."""
    year = skipped_year(today)
    return DemoAppeal(
        "teacher", MISSING, f"{year}年春季的校本研修我都参加了，学时档案里没有这一年的校本研修学时，请帮忙核实。",
        day=date(year, 6, 30),
        answer=DemoAnswer("school_admin", "dismissed",
                          f"经核对学校{year}年的培训记录，当年春季学校没有组织校本研修（只组织了全员网络研修），"
                          "学时档案中该年度的记录无误。"),
    )


def build_demo(today: date) -> DemoData:
    """The demo loaded on ``today``: its teachers, past trainings and the appeal about them tell
    the story of ``demo_year`` (in January's first twenty days the year just ended, its training
    done: a year only days old had its whole training crammed into them, every teacher passing),
    the next training, its calendar and the claim of a month ago are today's."""
    story = story_day(today)
    teachers = build_teachers(story)
    return DemoData(
        org_tree=build_org_tree(),
        users=USERS,
        teachers=teachers,
        projects=build_projects(story, teachers) + upcoming(today),
        workshops=(DemoWorkshop("鼓楼区小学语文工作坊", DEMO_DISTRICT, "语文", SchoolStage.PRIMARY),),  # §三(二)
        calendar=demo_calendar(today),
        claims=(teacher_claim(today),),
        appeals=(teacher_appeal(story),),
    )
