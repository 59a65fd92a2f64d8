"""Demo data for 青岛市市南区: a few Shinan schools, one user per role, 42 teachers (one hired last September) and the
programs of the Shinan credit standard table, dated relative to ``today``: past trainings with their records, and
upcoming ones to select from the catalog.

Deterministic: names, ID numbers and records are derived from the teacher's index.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    ActivityRole, DemoData, DemoEnrollment, DemoMaterial, DemoProject, DemoTeacher, DemoUser, DemoWorkshop, Gender, Grade,
    Level, Mode, OrgKind, OrgNode, SchoolStage, UserRole, story_day,
)
from portal.domain.idcard import check_digit

from . import parameters as P
from .compliance import cycle

AREA_CODE = "370202"  # 山东省青岛市市南区 (GB/T 2260)

PROVINCE, CITY, DISTRICT, INSTITUTION = "sd", "qd", "qd-sn", "qd-rsh"
SCHOOLS = (
    ("sn-tpl", "青岛太平路小学", (SchoolStage.PRIMARY,)),
    ("sn-wdl", "青岛文登路小学", (SchoolStage.PRIMARY,)),
    ("sn-jyg", "青岛嘉峪关学校", (SchoolStage.PRIMARY, SchoolStage.JUNIOR_HIGH)),
    ("sn-7z", "青岛第七中学", (SchoolStage.JUNIOR_HIGH,)),
)
HOME = "sn-tpl"  # the demo teacher's school
NEW_HIRE = "t0041"  # entered post last 1 September: the page of a teacher in post part of the year

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = (
    "晓明", "丽娜", "建华", "海燕", "志强", "秀英", "文博", "雪梅", "子涵", "俊杰",
    "静怡", "国栋", "春燕", "宇航", "思雨", "立新", "慧敏", "浩然", "婷婷", "晨阳",
)
SUBJECTS = {
    SchoolStage.PRIMARY: ("语文", "数学", "英语", "科学", "音乐", "体育", "美术", "道德与法治"),
    SchoolStage.JUNIOR_HIGH: ("语文", "数学", "英语", "物理", "化学", "历史", "地理", "生物"),
}
TITLES = ("二级教师", "一级教师", "一级教师", "高级教师")

# The layer and category (分层分类) of those in a class the standard table's rows 1–4 name
# (2017 附件1: 面向初小幼新教师、骨干教师班学员、学科带头人班学员、班主任培训班学员; the setting
# project_layers), as the school records them in the teachers' information: the new teachers of
# two years ago and this autumn's hire (row 1, trained three years: 第一年、第二年、第三年), the
# backbone class of last year's training (row 2, the demo teacher among them), two who teach in
# the district's trainings as subject leaders (row 3) and the head teachers' class (row 4). The
# others are in no such class: they take the trainings for every teacher of their subject or stage.
LAYERS = {
    "t0001": "新教师", "t0002": "新教师",
    "teacher": "骨干教师", "t0004": "骨干教师", "t0006": "骨干教师", "t0010": "骨干教师",
    "t0009": "学科带头人", "t0013": "学科带头人",
    "t0003": "班主任", "t0007": "班主任", "t0011": "班主任",
}


def id_number(born: date, sequence: int, gender: Gender) -> str:
    """An 18-digit ID number of Shinan district; the 17th digit is odd for men."""
    seq = sequence % 500 * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"{AREA_CODE}{born:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def school_admin_username(code: str) -> str:
    """The demo school admin's login of a school other than the demo teacher's."""
    return "school_admin_" + code.removeprefix("sn-")


def org_tree() -> OrgNode:
    schools = tuple(OrgNode(name, OrgKind.SCHOOL, code) for code, name, _ in SCHOOLS)
    return OrgNode("山东省", OrgKind.PROVINCE, PROVINCE, (
        OrgNode("青岛市", OrgKind.CITY, CITY, (
            OrgNode("市南区", OrgKind.DISTRICT, DISTRICT, schools),
            OrgNode("青岛市教师个性化培训服务机构（睿师汇）", OrgKind.INSTITUTION, INSTITUTION),
        )),
    ))


# Every other demo school has its teachers too, and its own school admin to approve what they apply
# for (2018 annex 2 §四2, 经学校批准后方可报名): ``school_admin_`` and the school's code without
# the district's prefix (``school_admin_wdl`` for 文登路小学, and so on; README, Demo accounts).
OTHER_ADMINS = {"sn-wdl": "王芳", "sn-jyg": "张伟", "sn-7z": "李娜"}
SCHOOL_ADMINS = tuple(
    DemoUser(school_admin_username(code), f"{OTHER_ADMINS[code]}（{name.removeprefix('青岛')}学分管理员）",
             UserRole.SCHOOL_ADMIN, code)
    for code, name, _stages in SCHOOLS if code in OTHER_ADMINS
)

USERS = (
    DemoUser("school_admin", "刘敏（太平路小学学分管理员）", UserRole.SCHOOL_ADMIN, HOME),
    DemoUser("principal", "赵建国（太平路小学校长）", UserRole.PRINCIPAL, HOME),
    DemoUser("district_admin", "孙丽华（市南区教育研究中心培训办公室）", UserRole.DISTRICT_ADMIN, DISTRICT),
    DemoUser("city_admin", "周海涛（青岛市教育局）", UserRole.CITY_ADMIN, CITY),
    DemoUser("province_admin", "郑文博（山东省教育厅）", UserRole.PROVINCE_ADMIN, PROVINCE),
    DemoUser("institution", "陈静（睿师汇培训机构）", UserRole.INSTITUTION_STAFF, INSTITUTION),
    DemoUser("workshop_leader", "吴雅琴（太平路小学语文教研组）", UserRole.WORKSHOP_LEADER, HOME),
) + SCHOOL_ADMINS


def teachers(today: date) -> tuple[DemoTeacher, ...]:
    y = today.year
    demo = DemoTeacher(
        username="teacher", name="李晓雯", gender=Gender.FEMALE,
        id_number=id_number(date(1988, 5, 12), 0, Gender.FEMALE), school_code=HOME,
        stages=(SchoolStage.PRIMARY,), subjects=("语文",), entered_post=date(2011, 9, 1),
        title="一级教师", title_date=date(2017, 9, 1), layer=LAYERS["teacher"], phone="13805320000",
    )
    result = [demo]
    for i in range(1, 41):
        code, _, stages = SCHOOLS[i % len(SCHOOLS)]
        stage = stages[i % len(stages)]
        gender = Gender.MALE if i % 3 == 0 else Gender.FEMALE
        if i <= 2:  # new teachers of two years ago (新教师培训第1年)
            entered, title, title_date = date(y - 2, 9, 1), None, None
        else:
            entered = date(1994 + (i * 7) % 26, 9, 1)
            title = TITLES[i % len(TITLES)]
            title_date = date(min(entered.year + 5 + i % 6, y - 1), 9, 1)
        born = date(entered.year - 22 - i % 3, 1 + i % 12, 1 + (i * 5) % 28)
        result.append(DemoTeacher(
            username=f"t{i:04d}",
            name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 3 + i // len(SURNAMES)) % len(GIVEN)],
            gender=gender, id_number=id_number(born, i, gender), school_code=code,
            stages=(stage,), subjects=(SUBJECTS[stage][i % len(SUBJECTS[stage])],),
            entered_post=entered, title=title, title_date=title_date, layer=LAYERS.get(f"t{i:04d}"),
            phone=f"1380532{i:04d}",
        ))
    result.append(DemoTeacher(
        username=NEW_HIRE, name="宋佳怡", gender=Gender.FEMALE,
        id_number=id_number(date(2002, 3, 18), 41, Gender.FEMALE), school_code=HOME,
        stages=(SchoolStage.PRIMARY,), subjects=("数学",), entered_post=autumn_entry(today), layer="新教师",
        phone="13805320041",
    ))
    return tuple(result)


def autumn_entry(today: date) -> date:
    """The last 1 September: the new hire entered post this school year, part way into the cycle."""
    this_year = date(today.year, 9, 1)
    return this_year if this_year <= today else date(today.year - 1, 9, 1)


# The recent one-day trainings lie 10 to 40 days back; early in the year (``story_day`` is at least
# 21 January) their days are drawn closer together, in the same order, on days of their own.
RECENT_SPAN = 40


def _recent(today: date, days_back: int, length: int) -> tuple[date, date]:
    """A span of ``length`` days about ``days_back`` days ago, kept inside this year and not after
    today. Before ``RECENT_SPAN`` days of the year have passed the spans up to that far back are
    drawn in proportionally (40, 30, 20 and 10 days back are 20, 15, 10 and 5 on 21 January), so
    that each keeps its own day: two trainings on one day would share its daily cap (2018 附件1)."""
    elapsed = (today - date(today.year, 1, 1)).days
    if days_back <= RECENT_SPAN and elapsed < RECENT_SPAN:
        days_back = days_back * elapsed // RECENT_SPAN
    start = max(date(today.year, 1, 1), today - timedelta(days=days_back))
    return start, min(start + timedelta(days=length - 1), today)


def _materials(name: str, *more: str) -> tuple[DemoMaterial, ...]:
    """A past training's materials (培训情况资料), uploaded by the unit that ran it before its credits
    were registered (2017 附件1: 承担培训项目单位通过“教师教育平台”上传培训情况资料): its notice, and
    ``more`` (a sign-in sheet ...)."""
    return tuple(DemoMaterial(f"{what}.pdf", f"{name}：{what}") for what in ("培训通知", *more))


def _e(teacher: str, hours: int | str, grade: Grade | None = Grade.PASS,
       role: ActivityRole = ActivityRole.PARTICIPANT, service_year: int | None = None) -> DemoEnrollment:
    """A completed enrollment (the core registers credits for those with attended hours)."""
    return DemoEnrollment(
        teacher=teacher, role=role, attended_hours=Decimal(hours), grade=grade, service_year=service_year,
    )


# The demo teacher's one short year of the cycle: three years back, her school-based training
# alone (12 of 48 counted, 2018 附件1's 48 a year), a past year missed that her pages tell as
# history, not as a duty still open. The years after it are met (the head teachers' class, the
# backbone class and the teaching research, this year's trainings).
SHORT_YEARS_BACK = 3


def short_year(today: date) -> int:
    """The year of the cycle the demo teacher fell short of the yearly 48 (``SHORT_YEARS_BACK``)."""
    return today.year - SHORT_YEARS_BACK


def filled_years(today: date) -> range:
    """The cycle's years before ``short_year``: late in a cycle (from its fifth year, as in 2027
    of 2023–2027) they hold no trainings of the years counted back from today, and each would
    be a second short year; the demo teacher met each in her school's year of school-based
    training (``_school_year``), which leaves the cycle's A-class credits as the rest of the
    story has them (the A-class floor still open by the same figure)."""
    return range(cycle(today).start.year, short_year(today))


def _school_year(year: int) -> DemoProject:
    """The home school's school-based training of ``year``, March to November: 48 credits, the
    year's 48 (2018 附件1), school-based and so not A-class (附件3后: 360 = 240 A 类 + 至多 120 校本)."""
    return DemoProject(
        f"{year}年太平路小学校本研修：课堂教学改进", HOME, Level.SCHOOL, Mode.SCHOOL_BASED,
        date(year, 3, 1), date(year, 11, 30), Decimal(48), P.SCHOOL_BASED,
        enrollments=tuple(_e(t, 48) for t in ("teacher", "t0004", "t0006", "t0010")),
    )


def projects(today: date) -> tuple[DemoProject, ...]:
    y = today.year
    d = Decimal
    personalized = _recent(today, 40, 3)
    internet_plus = _recent(today, 150, 120)
    ethics = _recent(today, 20, 1)
    child_law = _recent(today, 10, 1)
    cadre = _recent(today, 30, 1)
    return (
        DemoProject(
            f"{y - 2}年市南区新教师培训", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            date(y - 2, 9, 1), date(y - 2, 12, 25), d(120), P.A_CLASS, program="new_teacher", capacity=40,
            materials=_materials(f"{y - 2}年市南区新教师培训"),
            enrollments=(
                _e("t0001", 120, service_year=1), _e("t0002", 110, service_year=1),
                _e("t0005", 120, role=ActivityRole.MENTOR, grade=None),
                _e("teacher", 3, role=ActivityRole.INSTRUCTOR, grade=None),
            ),
        ),
        DemoProject(
            f"{y - 2}年市南区班主任培训班", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            date(y - 2, 3, 1), date(y - 2, 12, 20), d(90), P.A_CLASS, program="head_teacher", capacity=50,
            topics=("mental_health", "child_protection_law"),
            materials=_materials(f"{y - 2}年市南区班主任培训班"),
            enrollments=(_e("teacher", 90), _e("t0003", 90), _e("t0007", 80), _e("t0011", 90, Grade.FAIL)),
        ),
        DemoProject(
            f"{y - 1}年市南区骨干教师培训", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            date(y - 1, 3, 1), date(y - 1, 11, 30), d(48), P.A_CLASS, program="backbone", capacity=60,
            materials=_materials(f"{y - 1}年市南区骨干教师培训"),
            enrollments=(
                _e("teacher", 48), _e("t0004", 48), _e("t0006", 48), _e("t0010", 40),
                _e("t0009", 6, role=ActivityRole.INSTRUCTOR, grade=None),
            ),
        ),
        DemoProject(
            f"{y - 1}年市南区教研活动（小学语文）", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            date(y - 1, 2, 20), date(y - 1, 12, 31), d(24), P.A_CLASS, program="teaching_research",
            materials=_materials(f"{y - 1}年市南区教研活动（小学语文）"),
            enrollments=(
                _e("teacher", 24), _e("t0004", 24), _e("t0008", 18), _e("t0012", 24),
                _e("t0013", 3, role=ActivityRole.PRESENTER, grade=None),
            ),
        ),
        DemoProject(
            f"{y}年山东省“互联网+教师专业发展”工程（必修）", PROVINCE, Level.PROVINCIAL, Mode.ONLINE,
            internet_plus[0], internet_plus[1], d(18), P.A_CLASS, program="internet_plus_compulsory",
            topics=("it",),
            enrollments=tuple(_e(t, 18) for t in ("teacher", "t0003", "t0004", "t0006", "t0008"))
            + (_e("t0014", 10, Grade.FAIL),),
        ),
        *(_school_year(year) for year in filled_years(today)),
        DemoProject(
            f"{short_year(today)}年太平路小学校本研修：信息技术应用", HOME, Level.SCHOOL, Mode.SCHOOL_BASED,
            date(short_year(today), 11, 8), date(short_year(today), 11, 9), d(14), P.SCHOOL_BASED, topics=("it",),
            enrollments=tuple(_e(t, 14) for t in ("teacher", "t0004", "t0008", "t0012", "t0016")),
        ),
        DemoProject(
            f"{y}年青岛市教师个性化培训：小学语文整本书阅读教学", INSTITUTION, Level.CITY, Mode.CENTRALIZED,
            personalized[0], personalized[1], d(24), P.A_CLASS, program="city_personalized", capacity=30,
            materials=_materials(f"{y}年青岛市教师个性化培训：小学语文整本书阅读教学"),
            enrollments=(
                _e("teacher", 24), _e("t0004", 24), _e("t0008", 24), _e("t0012", 24, Grade.FAIL),
            ),
        ),
        DemoProject(
            f"{y}年太平路小学校本研修：师德师风专题", HOME, Level.SCHOOL, Mode.SCHOOL_BASED,
            ethics[0], ethics[1], d(3), P.SCHOOL_BASED, topics=("ethics",),
            enrollments=tuple(_e(t, 3) for t in ("teacher", "t0004", "t0008", "t0012", "t0016", "t0020", NEW_HIRE)),
        ),
        DemoProject(
            f"{y}年市南区专题培训：儿童保护法律教育", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            child_law[0], child_law[1], d(3), P.A_CLASS, program="topic", topics=("child_protection_law",),
            audited=False,
            materials=_materials(f"{y}年市南区专题培训：儿童保护法律教育", "签到表"),
            enrollments=tuple(_e(t, 3) for t in ("teacher", "t0001", "t0002", "t0005", "t0009", "t0013")),
        ),
        DemoProject(
            f"{y}年市南区干部培训", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            cadre[0], cadre[1], d(6), P.A_CLASS, program="cadre",
            materials=_materials(f"{y}年市南区干部培训"),
            enrollments=(_e("t0004", 6), _e("t0008", 6), _e("t0015", 6), _e("t0020", "5.5")),
        ),
    )


def upcoming(today: date) -> tuple[DemoProject, ...]:
    """Trainings still to come, published and open to selection, nobody enrolled yet.

    The demo teacher (a primary 语文 teacher of the backbone layer) may select the first two:
    a city personalized training on the 睿师汇 platform for primary teachers of every subject
    (the school approves, she clicks 报名 and pays the fee through the finance office within the
    30 minutes, and evaluates it afterwards: 2018 annex 2 §四, §六) and a district topic
    training for primary 语文 without a fee (2017 annex 1 rows 7, 8: once the school approves,
    her 报名 enrols her, with nothing to pay and no hold that expires). The third is the district's
    subject-leader class, for its members only (row 3): the catalog refuses her with that clause,
    and offers it to the two subject leaders (``LAYERS``).
    The fourth, a district topic training on 财经素养, the one compulsory content (2018 §三) her
    cycle still misses: her duties page suggests it.
    """
    d = Decimal
    personalized = today + timedelta(days=21)
    topic = today + timedelta(days=14)
    leaders = today + timedelta(days=35)
    literacy = today + timedelta(days=25)
    return (
        DemoProject(
            f"{personalized.year}年青岛市教师个性化培训：小学课堂提问设计与学生思维培养", INSTITUTION, Level.CITY,
            Mode.CENTRALIZED, personalized, personalized + timedelta(days=1), d(12), P.A_CLASS,
            program="city_personalized", capacity=40, stages=(SchoolStage.PRIMARY,), fee=d(300),
            description=(
                "睿师汇平台线下面授课程，两天共12学时，面向全市小学各学科教师，教师自主选学。"
                "报名前须向学校提出申请，经学校批准后方可报名；点击“报名”后须在30分钟内完成支付"
                "（培训费300元，由学校财务统一支付）。培训结束后在平台对课程进行评价，评价后即可获取相应学分。"
            ),
        ),
        DemoProject(
            f"{topic.year}年市南区小学语文专题培训：统编教材单元整体教学设计", DISTRICT, Level.COUNTY,
            Mode.CENTRALIZED, topic, topic, d(6), P.A_CLASS, program="topic", capacity=50,
            stages=(SchoolStage.PRIMARY,), subjects=("语文",),
            description=(
                "市南区教育研究中心组织，面向全区小学语文教师，一天6学时：统编教材单元整体教学设计的"
                "课例观摩、专家讲座与分组研讨。不收费；按实际参训学时登记学分，1学时1学分。"
            ),
        ),
        DemoProject(
            f"{leaders.year}年市南区学科带头人培训班", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            leaders, leaders + timedelta(days=150), d(90), P.A_CLASS, program="subject_leader", capacity=30,
            stages=(SchoolStage.PRIMARY, SchoolStage.JUNIOR_HIGH), layer="学科带头人",
            description=(
                "面向市南区学科带头人班学员，课程围绕职业修养与职业规划、课程建设理论与方法、课程实施理论与方法、"
                "课程改革前沿问题研究四大板块，全年不低于90学时，登记90学分。"
            ),
        ),
        DemoProject(
            f"{literacy.year}年市南区专题培训：中小学教师财经素养教育", DISTRICT, Level.COUNTY, Mode.CENTRALIZED,
            literacy, literacy, d(3), P.A_CLASS, program="topic", capacity=50,
            stages=(SchoolStage.PRIMARY, SchoolStage.JUNIOR_HIGH), topics=("financial_literacy",),
            description=(
                "市南区教育研究中心组织，面向全区中小学教师，半天3学时：财经素养教育的内容与方法、"
                "课堂渗透案例。财经素养为培训必修内容之一。不收费；按实际参训学时登记学分，1学时1学分。"
            ),
        ),
    )


def in_one_cycle_day(today: date) -> date:
    """A day the demo loaded on it tells its story inside one cycle: ``today``, or the same day
    of the nearest earlier year that does. Its past years from the short year on
    (``SHORT_YEARS_BACK`` back from ``story_day``) lie in that day's cycle, as they do not in a
    cycle's first three years (2028–2030 of 2028–2032, when they are the previous cycle's, and
    the demo teacher's A-class floor lacks more than any one training gives); and every
    training of its catalog (``upcoming``) ends in it, as the subject-leader class, 35 days
    ahead for 150 days, does not from July of a cycle's last year. A test of what the story's
    cycle holds reads the demo on this day."""
    day = today
    while cycle(day).start.year > short_year(story_day(day)) or max(p.end for p in upcoming(day)) > cycle(day).end:
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:  # 29 February of a year back that has none
            day = day.replace(year=day.year - 1, day=28)
    return day


def build_demo(today: date) -> DemoData:
    """The demo loaded on ``today``: its teachers and past trainings tell the story of
    ``demo_year`` (in January's first twenty days the year just ended), its catalog is today's."""
    story = story_day(today)
    return DemoData(org_tree=org_tree(), users=USERS, teachers=teachers(story),
                    projects=projects(story) + upcoming(today),
                    workshops=(DemoWorkshop("太平路小学语文工作坊", HOME, "语文", SchoolStage.PRIMARY),))
