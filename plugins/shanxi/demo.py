"""Shanxi demo: 山西省 > 太原市/大同市 > 区 > schools, one user per role, 42 teachers (one hired
at the start of this school year), ten past projects named after the programs of
晋教师〔2017〕14号, six of one school's in the previous cycle (for the city's 周期审定; the other teachers
of that school in post then have no record here before this cycle) and three
coming ones to select, dated relative to ``today`` (this school year's projects fall in the
current 学年).

Deterministic: every figure follows from ``today`` and the tables below.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    ActivityRole, DemoData, DemoEnrollment, DemoProject, DemoTeacher, DemoUser, DemoWorkshop, Gender, Grade,
    Level, Mode, OrgKind, OrgNode, SchoolStage, TeacherFacts, UserRole, story_day,
)
from portal.domain.idcard import check_digit

from . import categories as C
from .periods import cycle, probation_end, school_year, school_year_of

PROVINCE, TAIYUAN, DATONG = "sx", "sx-ty", "sx-dt"
XIAODIAN, YINGZE, PINGCHENG = "sx-ty-xd", "sx-ty-yz", "sx-dt-pc"
INSTITUTION = "sx-inst-1"
SCHOOL_1, SCHOOL_2, SCHOOL_3, SCHOOL_4 = "sx-school-1", "sx-school-2", "sx-school-3", "sx-school-4"

# school code → (district code, GB/T 2260 area code of the district, stage)
SCHOOLS = {
    SCHOOL_1: (XIAODIAN, "140105", SchoolStage.JUNIOR_HIGH),
    SCHOOL_2: (XIAODIAN, "140105", SchoolStage.PRIMARY),
    SCHOOL_3: (YINGZE, "140106", SchoolStage.SENIOR_HIGH),
    SCHOOL_4: (PINGCHENG, "140213", SchoolStage.PRIMARY),
}
TAIYUAN_SCHOOLS = (SCHOOL_1, SCHOOL_2, SCHOOL_3)
XIAODIAN_SCHOOLS = (SCHOOL_1, SCHOOL_2)

SUBJECTS = {
    SchoolStage.PRIMARY: ("语文", "数学", "英语", "科学", "音乐", "体育", "美术", "道德与法治"),
    SchoolStage.JUNIOR_HIGH: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治"),
    SchoolStage.SENIOR_HIGH: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治", "信息技术"),
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN_NAMES = (
    ("建华", Gender.MALE), ("丽娟", Gender.FEMALE), ("志强", Gender.MALE), ("晓燕", Gender.FEMALE),
    ("海涛", Gender.MALE), ("秀英", Gender.FEMALE), ("文博", Gender.MALE), ("雅琴", Gender.FEMALE),
    ("国庆", Gender.MALE), ("婷婷", Gender.FEMALE), ("振宇", Gender.MALE), ("慧敏", Gender.FEMALE),
    ("永刚", Gender.MALE), ("红梅", Gender.FEMALE), ("俊杰", Gender.MALE), ("淑芬", Gender.FEMALE),
    ("鹏飞", Gender.MALE), ("佳怡", Gender.FEMALE), ("晓东", Gender.MALE), ("瑞霞", Gender.FEMALE),
)
GRADES = (Grade.PASS, Grade.GOOD, Grade.EXCELLENT, Grade.PASS, Grade.FAIL, Grade.PASS, Grade.GOOD)
NEW_TEACHERS = {39: SCHOOL_1, 40: SCHOOL_2}  # entered the post last September: probation year
NEW_HIRE = "t0041"  # entered the post at the start of this school year, no training yet: nothing but probation asked


def org_tree() -> OrgNode:
    return OrgNode("山西省", OrgKind.PROVINCE, PROVINCE, (
        OrgNode("太原市", OrgKind.CITY, TAIYUAN, (
            OrgNode("小店区", OrgKind.DISTRICT, XIAODIAN, (
                OrgNode("太原市小店区第一中学", OrgKind.SCHOOL, SCHOOL_1),
                # run privately (民办): its county registers and audits its credits (§五(一))
                OrgNode("太原市小店区实验小学", OrgKind.SCHOOL, SCHOOL_2, private=True),
            )),
            OrgNode("迎泽区", OrgKind.DISTRICT, YINGZE, (
                OrgNode("太原市迎泽区第二中学", OrgKind.SCHOOL, SCHOOL_3),
            )),
            OrgNode("太原市中小学教师培训中心", OrgKind.INSTITUTION, INSTITUTION),
        )),
        OrgNode("大同市", OrgKind.CITY, DATONG, (
            OrgNode("平城区", OrgKind.DISTRICT, PINGCHENG, (
                OrgNode("大同市平城区第五小学", OrgKind.SCHOOL, SCHOOL_4),
            )),
        )),
    ))


USERS = (
    DemoUser("school_admin", "赵敏（小店区第一中学教务处）", UserRole.SCHOOL_ADMIN, SCHOOL_1),
    DemoUser("principal", "刘建国（小店区第一中学校长）", UserRole.PRINCIPAL, SCHOOL_1),
    DemoUser("district_admin", "孙伟（小店区教育局）", UserRole.DISTRICT_ADMIN, XIAODIAN),
    DemoUser("city_admin", "周涛（太原市教育局）", UserRole.CITY_ADMIN, TAIYUAN),
    DemoUser("province_admin", "吴静（山西省中学教师培训中心）", UserRole.PROVINCE_ADMIN, PROVINCE),
    DemoUser("institution", "郑凯（太原市中小学教师培训中心）", UserRole.INSTITUTION_STAFF, INSTITUTION),
    DemoUser("workshop_leader", "陈芳（平城区小学语文工作坊坊主）", UserRole.WORKSHOP_LEADER, PINGCHENG),
)


def id_number(area: str, born: date, sequence: int, gender: Gender) -> str:
    """GB 11643: area, birth date, two sequence digits, a gender digit (odd = male), check."""
    gender_digit = (sequence % 5) * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"{area}{born:%Y%m%d}{sequence % 100:02d}{gender_digit}"
    return first17 + check_digit(first17)


def title_for(entered: date, today: date) -> str | None:
    years = today.year - entered.year
    if years >= 20:
        return "高级教师"
    if years >= 9:
        return "一级教师"
    if years >= 2:
        return "二级教师"
    return None  # still in the probation year: not yet 转正定级


def demo_teacher() -> DemoTeacher:
    born = date(1986, 3, 14)
    return DemoTeacher(
        "teacher", "李晓红", Gender.FEMALE, id_number("140105", born, 2, Gender.FEMALE), SCHOOL_1,
        (SchoolStage.JUNIOR_HIGH,), ("语文",), date(2009, 9, 1),
        title="一级教师", title_date=date(2016, 12, 1), phone="13903510021",
    )


def teachers(today: date) -> tuple[DemoTeacher, ...]:
    result = [demo_teacher()]
    for i in range(1, 41):
        name, gender = GIVEN_NAMES[(i * 7 + i // len(SURNAMES)) % len(GIVEN_NAMES)]
        if i in NEW_TEACHERS:
            school = NEW_TEACHERS[i]
            born = date(today.year - 23, 1 + i % 12, 1 + i % 28)
            entered = date(school_year_of(today) - 1, 9, 1)  # the school year before this one: probation done
        else:
            school = tuple(SCHOOLS)[(i - 1) % len(SCHOOLS)]
            born = date(1968 + (i * 5) % 28, 1 + (i * 5) % 12, 1 + (i * 11) % 28)
            entered = date(born.year + 22, 9, 1)
        _, area, stage = SCHOOLS[school]
        subjects = SUBJECTS[stage]
        result.append(DemoTeacher(
            f"t{i:04d}", SURNAMES[i % len(SURNAMES)] + name, gender,
            id_number(area, born, i, gender), school, (stage,), (subjects[i % len(subjects)],),
            entered, title=title_for(entered, today),
        ))
    result.append(new_hire(today))
    return tuple(result)


def new_hire(today: date) -> DemoTeacher:
    born = date(today.year - 22, 5, 17)
    return DemoTeacher(
        NEW_HIRE, "郭雨萱", Gender.FEMALE, id_number("140105", born, 41, Gender.FEMALE), SCHOOL_1,
        (SchoolStage.JUNIOR_HIGH,), ("英语",), school_year(school_year_of(today), today).start,
    )


def hire_unasked_day(today: date) -> date:
    """A day the new hire (``NEW_HIRE``, in her probation year) is asked nothing of the cycle:
    her credits are registered from the school year after it (§三(二)), which falls in the next
    cycle only when this school year is the cycle's last. ``today`` then; else the same day of
    the previous cycle's last school year (2026-09-01 to 2027-08-31 for 2022–2027), read back."""
    current = cycle(today)
    if school_year_of(today) == school_year_of(current.end):
        return today
    back = school_year_of(today) - school_year_of(current.start - timedelta(days=1))
    try:
        return today.replace(year=today.year - back)
    except ValueError:  # 29 February of a year back that has none
        return today.replace(year=today.year - back, day=28)


def this_year(today: date, days_back: int, length: int) -> tuple[date, date]:
    """A span of this school year ending ``days_back`` days before ``today`` (never before
    the school year's first day, so the demo teacher has credits in the current 学年)."""
    first = school_year(school_year_of(today), today).start
    end = max(first, today - timedelta(days=days_back))
    return max(first, end - timedelta(days=length)), end


def enrol(others: list[DemoTeacher], hours: Decimal, seed: int, teacher_grade: Grade | None = None,
          service_year: int | None = None) -> tuple[DemoEnrollment, ...]:
    """The demo teacher (if ``teacher_grade``) and ``others``, with grades and some short attendance."""
    rows = []
    if teacher_grade is not None:
        rows.append(DemoEnrollment("teacher", ActivityRole.PARTICIPANT, hours, teacher_grade))
    for n, t in enumerate(others):
        short = (n + seed) % 6 == 5
        rows.append(DemoEnrollment(
            t.username, ActivityRole.PARTICIPANT, hours - 2 if short and hours > 2 else hours,
            GRADES[(n + seed) % len(GRADES)], service_year,
        ))
    return tuple(rows)


def projects(today: date, staff: tuple[DemoTeacher, ...]) -> tuple[DemoProject, ...]:
    y = today.year
    entry = school_year_of(today) - 1  # the new teachers' probation year began that September
    new = [t for t in staff if t.username in {f"t{i:04d}" for i in NEW_TEACHERS}]
    regular = [t for t in staff if t.username not in ("teacher", NEW_HIRE) and t not in new]

    def at(schools, every=1, offset=0):
        return [t for n, t in enumerate(regular) if t.school_code in schools and (n + offset) % every == 0]

    everyone = tuple(SCHOOLS)
    ethics = this_year(today, 60, 2)
    it = this_year(today, 30, 3)
    school_based = this_year(today, 10, 90)
    h = Decimal
    return (
        DemoProject(
            f"“国培计划”（{y - 1}）——山西省中小学骨干教师集中培训", PROVINCE, Level.NATIONAL,
            Mode.CENTRALIZED, date(y - 1, 7, 10), date(y - 1, 7, 14), h(30), C.CENTRALIZED_CITY_UP,
            capacity=50, enrollments=enrol(at(everyone, 4), h(30), 0, Grade.EXCELLENT),
        ),
        DemoProject(
            f"{ethics[0].year}年山西省中小学教师师德师风专题培训", PROVINCE, Level.PROVINCIAL, Mode.CENTRALIZED,
            *ethics, h(18), C.CENTRALIZED_CITY_UP, topics=("ethics",),
            capacity=120, enrollments=enrol(at(everyone, 2), h(18), 1, Grade.EXCELLENT),
        ),
        DemoProject(
            f"{y - 2}年山西省中小学教师全员网络研修", PROVINCE, Level.PROVINCIAL, Mode.ONLINE,
            date(y - 2, 3, 1), date(y - 2, 6, 30), h(50), C.ONLINE,
            enrollments=enrol(at(everyone), h(50), 2, Grade.PASS),
        ),
        DemoProject(
            f"{it[0].year}年太原市中小学教师信息技术应用能力提升培训", INSTITUTION, Level.CITY, Mode.CENTRALIZED,
            *it, h(24), C.CENTRALIZED_CITY_UP, topics=("it",),
            capacity=60, enrollments=enrol(at(TAIYUAN_SCHOOLS, 2, 1), h(24), 3, Grade.GOOD),
        ),
        DemoProject(
            f"{y - 2}年太原市中小学班主任集中培训", INSTITUTION, Level.CITY, Mode.CENTRALIZED,
            date(y - 2, 10, 16), date(y - 2, 10, 19), h(32), C.CENTRALIZED_CITY_UP,
            capacity=40, enrollments=enrol(at(TAIYUAN_SCHOOLS, 3), h(32), 4, Grade.GOOD),
        ),
        DemoProject(
            f"{y - 1}年小店区义务教育新课程标准培训", XIAODIAN, Level.COUNTY, Mode.CENTRALIZED,
            date(y - 1, 4, 8), date(y - 1, 4, 9), h(16), C.CENTRALIZED_COUNTY,
            capacity=80, enrollments=enrol(at(XIAODIAN_SCHOOLS), h(16), 5, Grade.PASS),
        ),
        DemoProject(
            f"{school_year_of(today)}—{school_year_of(today) + 1} 学年太原市小店区第一中学校本研修", SCHOOL_1, Level.SCHOOL, Mode.SCHOOL_BASED,
            *school_based, h(40), C.SCHOOL_BASED, audited=False,
            enrollments=enrol(at((SCHOOL_1,)), h(40), 6, Grade.PASS),
        ),
        DemoProject(
            f"{y - 1}年度小店区教师自主研修成果认定（论文发表）", XIAODIAN, Level.COUNTY, Mode.SELF_STUDY,
            date(y - 1, 12, 1), date(y - 1, 12, 20), h(0), C.SELF_STUDY, base_credits=h(5),
            enrollments=tuple(  # attended_hours 0 marks the recognition as completed
                DemoEnrollment(username, attended_hours=h(0))
                for username in ("teacher", *(t.username for t in at(XIAODIAN_SCHOOLS, 3, 1)))),
        ),
        DemoProject(
            f"{entry}年小店区新任教师试用期集中培训", XIAODIAN, Level.COUNTY, Mode.CENTRALIZED,
            date(entry, 9, 10), date(entry, 9, 19), h(60), C.PROBATION_CENTRALIZED,
            program="new_teacher_probation", capacity=30,
            enrollments=tuple(DemoEnrollment(t.username, attended_hours=h(60), grade=Grade.PASS, service_year=1)
                              for t in new),
        ),
        DemoProject(
            f"{entry}年小店区新任教师校本培训与网络研修", XIAODIAN, Level.COUNTY, Mode.ONLINE,
            date(entry, 10, 1), date(entry, 12, 31), h(60), C.PROBATION_SCHOOL_ONLINE,
            program="new_teacher_probation", audited=False,
            enrollments=tuple(DemoEnrollment(t.username, attended_hours=h(60) if n == 0 else h(40),
                                             grade=Grade.PASS, service_year=1)
                              for n, t in enumerate(new)),
        ),
    )


def upcoming(today: date) -> tuple[DemoProject, ...]:
    """Trainings of 小店区 to select (§二(二) 自主选学), nobody enrolled yet: next month, a county
    centralized training open to every teacher (it names no stage, §二(一) 全员覆盖) and one for
    初中语文 (§一 分层、分类、分科施训); and the second stage of the probation training, for the
    teacher hired this school year, inside her probation year (§三(二)): the demo teacher, long
    past hers, is refused it with that clause."""
    h = Decimal
    month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    ethics, chinese = month + timedelta(days=7), month + timedelta(days=14)
    # next month too, unless the new hire's probation year ends first: then its last days
    probation_last = probation_end(TeacherFacts(entered_post=new_hire(today).entered_post), today)
    probation = max(today, min(month + timedelta(days=21), probation_last - timedelta(days=4)))
    return (
        DemoProject(
            f"{ethics.year}年小店区中小学教师师德师风与依法执教专题培训", XIAODIAN, Level.COUNTY, Mode.CENTRALIZED,
            ethics, ethics + timedelta(days=1), h(16), C.CENTRALIZED_COUNTY, topics=("ethics",), capacity=50,
            description=(
                "小店区教育局组织，面向全区中小学教师，集中培训2天共16学时，含必修内容师德教育："
                "新时代中小学教师职业行为十项准则解读、依法执教案例研讨。由承办单位综合考核，按考核成绩分等级记载学分。"
            ),
        ),
        DemoProject(
            f"{chinese.year}年小店区初中语文学习任务群教学专题培训", XIAODIAN, Level.COUNTY, Mode.CENTRALIZED,
            chinese, chinese + timedelta(days=2), h(24), C.CENTRALIZED_COUNTY, capacity=40,
            stages=(SchoolStage.JUNIOR_HIGH,), subjects=("语文",),
            description=(
                "面向初中语文教师，集中培训3天共24学时：义务教育语文课程标准中的学习任务群解读、"
                "单元教学设计工作坊与课例研讨。由承办单位综合考核，按考核成绩分等级记载学分。"
            ),
        ),
        DemoProject(
            f"{probation.year}年小店区新任教师试用期集中培训（第二阶段）", XIAODIAN, Level.COUNTY, Mode.CENTRALIZED,
            probation, min(probation + timedelta(days=4), probation_last), h(30), C.PROBATION_CENTRALIZED,
            program="new_teacher_probation", capacity=30,
            description=(
                "面向本学年入职、在试用期内的新任教师，集中培训30学时：课堂教学常规、班级管理与师德规范。"
                "试用期培训按学时登记，第一学年集中培训不少于60学时。"
            ),
        ),
    )


def previous_cycle_start(today: date) -> date:
    """The first day of the cycle before today's."""
    return cycle(cycle(today).start - timedelta(days=1)).start


def in_post_before(today: date, staff: tuple[DemoTeacher, ...]) -> list[DemoTeacher]:
    """太原市小店区第一中学's teachers in post before the previous cycle began, the demo teacher aside."""
    before = previous_cycle_start(today)
    return [t for t in staff if t.school_code == SCHOOL_1 and t.username != "teacher"
            and t.entered_post is not None and t.entered_post < before]


def previous_cycle_kept(today: date, staff: tuple[DemoTeacher, ...]) -> list[DemoTeacher]:
    """Every other one of them: the teachers whose previous cycle the portal keeps."""
    return in_post_before(today, staff)[::2]


def previous_cycle_not_kept(today: date, staff: tuple[DemoTeacher, ...]) -> set[str]:
    """The others (usernames): their records here begin with today's cycle, none of their
    trainings before its first day is on record (before the portal, not imported), so their
    previous cycle is not known here at any date, in a cycle's first school year too, when the
    demo's trainings of the past calendar years fall in the previous cycle."""
    kept = previous_cycle_kept(today, staff)
    return {t.username for t in in_post_before(today, staff) if t not in kept}


def from_this_cycle(today: date, staff: tuple[DemoTeacher, ...],
                    past: tuple[DemoProject, ...]) -> tuple[DemoProject, ...]:
    """``past`` without the enrollments of a teacher whose previous cycle is not kept
    (``previous_cycle_not_kept``) in a training that began before today's cycle."""
    start, unkept = cycle(today).start, previous_cycle_not_kept(today, staff)
    return tuple(
        p if p.start >= start else replace(p, enrollments=tuple(e for e in p.enrollments if e.teacher not in unkept))
        for p in past)


def previous_cycle(today: date, staff: tuple[DemoTeacher, ...]) -> tuple[DemoProject, ...]:
    """The cycle before today's at 太原市小店区第一中学, for the city's 周期审定 (§二(四), §五(二)):
    a provincial centralized training in its third school year (with the compulsory 师德教育 and
    信息技术应用能力) and the school's 校本研修 of each
    of its five, taken by the demo teacher and every other teacher of the school in post then
    (``previous_cycle_kept``; the others' previous cycle is not kept here).
    Whoever attended every hour passes it (120 credits, 20 of them city-level and above); one
    short of hours in a year falls short of 120."""
    first = school_year_of(previous_cycle_start(today))  # the previous cycle's first school year
    h = Decimal
    everyone = ("teacher", *(t.username for t in previous_cycle_kept(today, staff)))

    def attended(hours: Decimal, short: int) -> tuple[DemoEnrollment, ...]:
        return tuple(DemoEnrollment(u, attended_hours=hours - 10 if n % 4 == short else hours, grade=Grade.PASS)
                     for n, u in enumerate(everyone))

    provincial = date(first + 2, 7, 10)
    return (
        DemoProject(
            f"{first + 2}年山西省中小学骨干教师集中培训", PROVINCE, Level.PROVINCIAL, Mode.CENTRALIZED,
            provincial, provincial + timedelta(days=9), h(60), C.CENTRALIZED_CITY_UP, topics=("ethics", "it"), capacity=50,
            enrollments=tuple(DemoEnrollment(u, attended_hours=h(60), grade=Grade.PASS) for u in everyone),
        ),
        *(DemoProject(
            f"{first + n}—{first + n + 1} 学年太原市小店区第一中学校本研修", SCHOOL_1, Level.SCHOOL, Mode.SCHOOL_BASED,
            date(first + n + 1, 3, 1), date(first + n + 1, 6, 30), h(100), C.SCHOOL_BASED,
            enrollments=attended(h(100), 3 if n == 4 else -1),
        ) for n in range(5)),
    )


def build_demo(today: date) -> DemoData:
    """The demo loaded on ``today``: its teachers and past trainings tell the story of
    ``demo_year`` (in January's first twenty days the year just ended: the probation year's new
    teachers entered the September before last, as in December), the trainings to select are today's."""
    story = story_day(today)
    staff = teachers(story)
    return DemoData(org_tree(), USERS, staff,
                    from_this_cycle(story, staff, projects(story, staff)) + previous_cycle(story, staff) + upcoming(today),
                    workshops=(DemoWorkshop("平城区小学语文工作坊", PINGCHENG, "语文", SchoolStage.PRIMARY),))
