"""Ruian's demo: 浙江省 > 温州市 > 瑞安市 > 教育学区 > schools, dated relative to ``today``: past trainings
with their records, and the term's menu of trainings to select in round 1, which is open today.

Deterministic: no randomness. People are fictional; place and school names are real.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    DemoData, DemoEnrollment, DemoProject, DemoTeacher, DemoUser, DemoWorkshop, Gender, Grade, Level, Mode,
    OrgKind, OrgNode, SchoolStage, UserRole, story_day,
)
from portal.domain.idcard import check_digit
from portal.domain.selection import calendar_phase

from . import parameters as P

AREA_CODE = "330381"  # 浙江省温州市瑞安市 (GB/T 2260)

SCHOOL_1 = "ra-school-1"  # the demo teacher's school
SCHOOLS = (
    # code, name, zone code, stage, subjects
    (SCHOOL_1, "瑞安市安阳实验小学", "ra-zone-anyang", SchoolStage.PRIMARY,
     ("语文", "数学", "英语", "科学", "音乐", "体育", "美术")),
    ("ra-school-2", "瑞安市玉海实验中学", "ra-zone-yuhai", SchoolStage.JUNIOR_HIGH,
     ("语文", "数学", "英语", "科学", "历史与社会", "道德与法治", "体育")),
    ("ra-school-3", "瑞安市塘下镇中心小学", "ra-zone-tangxia", SchoolStage.PRIMARY,
     ("语文", "数学", "英语", "科学", "信息技术", "体育", "美术")),
    ("ra-school-4", "瑞安市实验幼儿园", "ra-zone-anyang", SchoolStage.KINDERGARTEN, ("学前教育",)),
)
ZONES = (("ra-zone-anyang", "安阳学区"), ("ra-zone-yuhai", "玉海学区"), ("ra-zone-tangxia", "塘下学区"))
INSTITUTION = "ra-tdc"

SURNAMES = "陈林黄王张李吴郑周徐金叶胡潘蔡朱池苏孙谢"
GIVEN = (
    "晓燕", "建华", "丽娜", "志强", "海燕", "文杰", "雅琴", "伟东", "秀芳", "俊杰",
    "慧敏", "国良", "静怡", "明辉", "素琴", "永康", "佳琪", "振宇", "婷婷", "立群",
)
TITLES = ("二级教师", "一级教师", "一级教师", "高级教师")
LAYERS = ("新教师", "成熟教师", "骨干教师")


def org_tree() -> OrgNode:
    zones = tuple(
        OrgNode(zone_name, OrgKind.ZONE, zone_code, tuple(
            OrgNode(name, OrgKind.SCHOOL, code) for code, name, zone, _, _ in SCHOOLS if zone == zone_code
        ))
        for zone_code, zone_name in ZONES
    )
    ruian = OrgNode(
        "瑞安市", OrgKind.DISTRICT, "ra",
        (OrgNode("瑞安市教师发展中心", OrgKind.INSTITUTION, INSTITUTION),) + zones,
    )
    return OrgNode("浙江省", OrgKind.PROVINCE, "zj", (OrgNode("温州市", OrgKind.CITY, "wz", (ruian,)),))


# Every other demo school has its own platform admin (学校平台管理员), who takes its steps on its
# teachers' selections and results: ``school_admin_`` and the school's short name (README, Demo
# accounts). Without them 玉海实验中学's results waited for nobody.
OTHER_ADMINS = (("ra-school-2", "school_admin_yh", "陈丽"), ("ra-school-3", "school_admin_tx", "黄敏"),
                ("ra-school-4", "school_admin_sy", "吴婷"))


def users() -> tuple[DemoUser, ...]:
    names = {code: name for code, name, _zone, _stage, _subjects in SCHOOLS}
    return (
        DemoUser("school_admin", "林静（安阳实验小学平台管理员）", UserRole.SCHOOL_ADMIN, SCHOOL_1),
        DemoUser("principal", "周建平（安阳实验小学校长）", UserRole.PRINCIPAL, SCHOOL_1),
        DemoUser("district_admin", "王立新（安阳学区）", UserRole.DISTRICT_ADMIN, "ra-zone-anyang"),
        # 瑞安市 is a county-level city: its bureau (瑞安市教育局) issued the notice.
        DemoUser("city_admin", "郑海波（瑞安市教育局）", UserRole.CITY_ADMIN, "ra"),
        DemoUser("province_admin", "张明远（浙江省教育厅）", UserRole.PROVINCE_ADMIN, "zj"),
        DemoUser("institution", "叶红梅（瑞安市教师发展中心）", UserRole.INSTITUTION_STAFF, INSTITUTION),
        DemoUser("workshop_leader", "蔡文博（安阳实验小学语文工作坊坊主）", UserRole.WORKSHOP_LEADER, SCHOOL_1),
    ) + tuple(DemoUser(username, f"{person}（{names[code].removeprefix('瑞安市')}平台管理员）", UserRole.SCHOOL_ADMIN,
                       code) for code, username, person in OTHER_ADMINS)


def id_number(born: date, sequence: int, gender: Gender) -> str:
    """330381 + birth date + 3-digit sequence (odd for men) + GB 11643 check digit."""
    seq = sequence % 500 * 2 + (1 if gender is Gender.MALE else 0)
    first17 = f"{AREA_CODE}{born:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def demo_teacher(today: date) -> DemoTeacher:
    born = date(1988, 3, 12)
    return DemoTeacher(
        username="teacher", name="陈晓燕", gender=Gender.FEMALE,
        id_number=id_number(born, 1, Gender.FEMALE), school_code=SCHOOL_1,
        stages=(SchoolStage.PRIMARY,), subjects=("语文",), entered_post=date(2010, 8, 30),
        title="一级教师", title_date=date(2016, 12, 1), layer="骨干教师", phone="13957700101",
    )


NEW_HIRE = "t0001"  # entered post on the latest 1 September: their own cycle, in post only in part


def new_hire_date(today: date) -> date:
    """The latest 1 September on or before ``today``."""
    this_year = date(today.year, 9, 1)
    return this_year if this_year <= today else date(today.year - 1, 9, 1)


def other_teachers(today: date) -> tuple[DemoTeacher, ...]:
    teachers = []
    for i in range(40):
        code, _, _, stage, subjects = SCHOOLS[i % len(SCHOOLS)]
        gender = Gender.MALE if i % 3 == 1 else Gender.FEMALE
        years_in_post = 0 if i == 0 else 1 + (i * 7) % 30
        entered = new_hire_date(today) if i == 0 else date(today.year - years_in_post, 8, 28)
        born = date(entered.year - 22 - i % 3, 1 + i % 12, 1 + (i * 5) % 28)
        title = TITLES[min(years_in_post // 6, len(TITLES) - 1)]
        teachers.append(DemoTeacher(
            username=f"t{i + 1:04d}",
            name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 3 + 1 + i // len(GIVEN)) % len(GIVEN)],
            gender=gender,
            id_number=id_number(born, 10 + i, gender),
            school_code=code,
            stages=(stage,),
            subjects=(subjects[i // len(SCHOOLS) % len(subjects)],),
            entered_post=entered,
            title=title,
            title_date=date(entered.year + 1 + years_in_post // 3, 12, 1) if years_in_post > 2 else None,
            layer=LAYERS[0 if years_in_post <= 3 else 2 if years_in_post >= 15 else 1],
            phone=f"139577{i + 200:05d}",
        ))
    return tuple(teachers)


# This year's trainings lie up to 62 days back; early in the year (``story_day`` is at least
# 21 January) their windows are drawn closer together, in the same order, not onto 1 January.
RECENT_SPAN = 63


def _this_year(today: date, ago: int, days: int) -> tuple[date, date]:
    """A window of ``days`` ending ``ago`` days before ``today``, kept inside this year. Before
    ``RECENT_SPAN`` days of the year have passed, ``ago`` and ``days`` are drawn in proportionally
    (on 21 January the 90-credit training of 30 days back ends 9 days back and lasts 3 days), so
    that the year's trainings keep their order and their own days."""
    first = date(today.year, 1, 1)
    elapsed = (today - first).days
    if elapsed < RECENT_SPAN:
        ago, days = ago * elapsed // RECENT_SPAN, max(1, days * elapsed // RECENT_SPAN)
    end = max(first, today - timedelta(days=ago))
    return max(first, end - timedelta(days=days - 1)), end


def _enrol(usernames, hours: Decimal, grades=(Grade.PASS,)) -> tuple[DemoEnrollment, ...]:
    return tuple(
        DemoEnrollment(u, attended_hours=hours, grade=grades[n % len(grades)])
        for n, u in enumerate(usernames)
    )


def _project(name, organiser, level, mode, start, end, credits, category, **more) -> DemoProject:
    """A project whose hours equal its declared base credits (the notice converts neither way)."""
    return DemoProject(
        name=name, organiser_code=organiser, level=level, mode=mode, start=start, end=end,
        hours=credits, category=category, base_credits=credits, **more,
    )


def projects(today: date, teachers: tuple[DemoTeacher, ...]) -> tuple[DemoProject, ...]:
    y0 = today.year
    # the demo teacher is enrolled by name; the new hire has taken no training yet
    others = [t for t in teachers if t.username not in ("teacher", NEW_HIRE)]
    at = {code: [t.username for t in others if t.school_code == code] for code, *_ in SCHOOLS}
    primary = at[SCHOOL_1] + at["ra-school-3"]
    ninety = P.PROGRAM_RESTRICTED_ELECTIVE_90
    d90 = Decimal(90)

    start, end = _this_year(today, 30, 10)
    p1 = _project(
        f"{y0}年瑞安市小学骨干教师分层分类培训（限定选修90学分）", INSTITUTION, Level.COUNTY,
        Mode.CENTRALIZED, start, end, d90, "centralized_90", program=ninety, capacity=40, layer="骨干教师",
        enrollments=(DemoEnrollment("teacher", attended_hours=d90, grade=Grade.EXCELLENT),)
        + _enrol(primary[:8], d90, (Grade.GOOD, Grade.PASS, Grade.EXCELLENT))
        + (DemoEnrollment(primary[8], attended_hours=Decimal(42), grade=Grade.FAIL),),
    )
    start, end = _this_year(today, 60, 3)
    p2 = _project(
        f"{y0}年师德修养与“四有好教师”专题培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
        start, end, Decimal(24), "centralized", capacity=120,
        enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(24), grade=Grade.GOOD),)
        + _enrol([t.username for t in others][::2], Decimal(24)),
    )
    start, end = _this_year(today, 7, 5)
    p3 = _project(
        f"{y0}年生态文明和美丽浙江建设专题校本研修", SCHOOL_1, Level.SCHOOL, Mode.SCHOOL_BASED,
        start, end, Decimal(12), "school_based", audited=False,
        enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(12), grade=Grade.PASS),)
        + _enrol(at[SCHOOL_1], Decimal(12)),
    )
    start, end = _this_year(today, 14, 10)
    p4 = _project(
        f"{y0}年瑞安市初中数学教师分层分类培训（90学分）", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
        start, end, d90, "centralized_90", capacity=30, audited=False, layer="成熟教师",
        enrollments=_enrol(at["ra-school-2"][:6], d90, (Grade.PASS, Grade.GOOD)),
    )
    p5 = _project(
        f"{y0 - 1}年校（园）本研修：课堂教学诊断与改进", SCHOOL_1, Level.SCHOOL, Mode.SCHOOL_BASED,
        date(y0 - 1, 10, 9), date(y0 - 1, 12, 18), Decimal(24), "school_based",
        enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(24), grade=Grade.PASS),)
        + _enrol(at[SCHOOL_1], Decimal(24)),
    )
    p6 = _project(
        f"{y0 - 1}年瑞安市幼儿园教师限定选修90学分集中培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
        date(y0 - 1, 10, 21), date(y0 - 1, 10, 30), d90, "centralized_90", program=ninety,
        capacity=30, enrollments=_enrol(at["ra-school-4"][:5], d90, (Grade.GOOD,)),
    )
    p7 = _project(
        f"{y0 - 2}年习近平新时代中国特色社会主义思想融入教育教学专题培训", INSTITUTION, Level.COUNTY,
        Mode.CENTRALIZED, date(y0 - 2, 11, 4), date(y0 - 2, 11, 7), Decimal(30), "centralized",
        capacity=100,
        enrollments=(DemoEnrollment("teacher", attended_hours=Decimal(30), grade=Grade.PASS),)
        + _enrol([t.username for t in others][1::2], Decimal(30)),
    )
    p8 = _project(
        f"{y0 - 2}年瑞安市小学教师限定选修90学分集中培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
        date(y0 - 2, 9, 23), date(y0 - 2, 10, 2), d90, "centralized_90", program=ninety,
        capacity=40,
        enrollments=(DemoEnrollment("teacher", attended_hours=d90, grade=Grade.PASS),)
        + _enrol(primary[8:14], d90),
    )
    return (p1, p2, p3, p4, p5, p6, p7, p8)


def demo_calendar(today: date) -> tuple:
    """The annex's calendar (附件 进程表) moved as a whole so that today is the third day of round
    1's selection: the demo's teachers can select, and every later phase keeps its place and
    length. A bureau enters its own term's dates on the calendar page."""
    round1 = next(p for p in P.PHASES_2019H2 if p.kind == "round1_selection")
    shift = today - timedelta(days=2) - round1.start
    return tuple(replace(p, start=p.start + shift, end=p.end + shift) for p in P.PHASES_2019H2)


def upcoming(today: date) -> tuple[DemoProject, ...]:
    """The term's menu (附件 第2项: declared by the institution, reviewed and published), each
    held in the calendar's training phase (附件 第4项) and selectable now in round 1. Every
    teacher may select any of them (§四(二) 教师自主选课): the layer, stage and subject a
    project names inform the teacher and the school's review, they do not refuse (§二 偏差性).
    The demo teacher (a primary 语文 骨干教师) matches the first; the third is for junior-high
    mathematics, which the catalog tells her without refusing."""
    training = calendar_phase(demo_calendar(today), "training").start
    first, second, third = (training + timedelta(days=n) for n in (7, 21, 35))
    return (
        _project(
            f"{first.year}年瑞安市小学语文骨干教师分层分类培训：学为中心的课堂转型（限定选修90学分）", INSTITUTION,
            Level.COUNTY, Mode.CENTRALIZED, first, first + timedelta(days=9), Decimal(90), "centralized_90",
            program=P.PROGRAM_RESTRICTED_ELECTIVE_90, capacity=30, layer="骨干教师",
            stages=(SchoolStage.PRIMARY,), subjects=("语文",),
            description=(
                "面向小学语文骨干教师，集中培训 10 天，基础学分 90 学分，计入周期内基础学分 90 以上的集中培训。"
                "内容：学为中心的课堂转型理论、名师课堂观摩与诊断、单元作业设计、课堂教学展示与评议。"
                "教师第一轮自主选课，经校长审核、培训机构复核，培训通知在第二轮复核时发放。"
            ),
        ),
        _project(
            f"{second.year}年瑞安市中小学教师心理健康教育与班级管理专题培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
            second, second + timedelta(days=2), Decimal(24), "centralized", capacity=40,
            description=(
                "面向全市中小学、幼儿园教师，集中培训 3 天，基础学分 24 学分。内容：学生心理健康教育与危机干预、"
                "家校沟通与班级管理案例研讨。"
            ),
        ),
        _project(
            f"{third.year}年瑞安市初中数学大概念单元教学专题培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
            third, third + timedelta(days=3), Decimal(30), "centralized", capacity=30,
            stages=(SchoolStage.JUNIOR_HIGH,), subjects=("数学",),
            description=(
                "面向初中数学教师，集中培训 4 天，基础学分 30 学分。内容：大概念统领的单元教学设计、"
                "课例研磨与作业设计。"
            ),
        ),
    )


def awaiting_review(today: date) -> DemoProject:
    """附件 第1项 项目申报, 第2项 审核: a project the institution has declared, waiting for the
    city's review (the bureau's reviewer finds it on their home page), in the training phase."""
    start = calendar_phase(demo_calendar(today), "training").start + timedelta(days=42)
    return _project(
        f"{start.year}年瑞安市幼儿园教师游戏化学习支持策略专题培训", INSTITUTION, Level.COUNTY, Mode.CENTRALIZED,
        start, start + timedelta(days=2), Decimal(24), "centralized", capacity=40,
        stages=(SchoolStage.KINDERGARTEN,), status="declared",
        description="面向幼儿园教师，集中培训 3 天，基础学分 24 学分。内容：游戏化学习的观察与支持、区域活动设计。",
    )


def build_demo(today: date) -> DemoData:
    """The demo loaded on ``today``: its teachers and past trainings tell the story of
    ``demo_year`` (in January's first twenty days the year just ended), its term's menu and
    calendar are today's."""
    story = story_day(today)
    teachers = (demo_teacher(story),) + other_teachers(story)
    return DemoData(org_tree(), users(), teachers, projects(story, teachers) + upcoming(today) + (awaiting_review(today),),
                    workshops=(DemoWorkshop("安阳实验小学语文工作坊", SCHOOL_1, "语文", SchoolStage.PRIMARY),),
                    calendar=demo_calendar(today))
