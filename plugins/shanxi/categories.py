"""What Shanxi's credits are counted as (categories) and the programs the document names: the
probation training, and the taking part in trainings and teaching research that §三(二) lets be
converted (a teacher who taught in a training claims it: ``claims``)."""
from __future__ import annotations

from portal.domain import Category, Program, Unit
from portal.domain.text import Text

from . import parameters as P
from .parameters import V2017, src
from portal.domain.amounts import credits, hours

from .words import _

CENTRALIZED_CITY_UP = "centralized_city_up"
CENTRALIZED_COUNTY = "centralized_county"
ONLINE = "online"
SCHOOL_BASED = "school_based"
SELF_STUDY = "self_study"
DEGREE = "degree"
TRAINING_SERVICE = "training_service"
PROBATION_CENTRALIZED = "probation_centralized"
PROBATION_SCHOOL_ONLINE = "probation_school_online"
BORROWING = "credit_bank_borrowing"


def _rate(parameter) -> Text:
    return _("每 {hours}折算 1 学分", hours=hours(parameter.at(V2017)))


CATEGORIES: tuple[Category, ...] = (
    Category(CENTRALIZED_CITY_UP, _("市级及以上集中培训"), src("三(二)"),
             _("国家级、省级、市级集中培训；周期内须修满 {amount}",
               amount=credits(P.CITY_UP_CENTRALIZED_MINIMUM.at(V2017)))),
    Category(CENTRALIZED_COUNTY, _("县(区)级集中培训"), src("四(一)"),
             _rate(P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY)),
    Category(ONLINE, _("网络研修"), src("四(一)"), _rate(P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED)),
    Category(SCHOOL_BASED, _("校本研修"), src("四(一)"),
             _("{rate}；学校组织的集中培训也计入此类", rate=_rate(P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED))),
    Category(SELF_STUDY, _("自主研修成果"), src("四(四)"),
             _("区县认定的学分；每周期最多认定 {amount}", amount=credits(P.SELF_STUDY_CAP.at(V2017)))),
    Category(DEGREE, _("学历教育课程"), src("四(三)"), _("区县教师继续教育管理部门按学习结果认定的学分")),
    Category(TRAINING_SERVICE, _("参与培训、教研工作（授课、指导等）"), src(P.TRAINING_SERVICE_CLAUSE),
             _("主管部门酌情转换的学分")),
    # §三(二) keeps the probation training in hours (不少于120学时), never converted to credits: an entry
    # made in it by hand (an upheld appeal) is kept in hours too
    Category(PROBATION_CENTRALIZED, _("新任教师试用期集中培训（学时）"), src(P.PROBATION_CLAUSE),
             _("第一学年不少于 {hours}", hours=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(V2017))), unit=Unit.HOUR),
    Category(PROBATION_SCHOOL_ONLINE, _("新任教师试用期校本培训与网络研修（学时）"), src(P.PROBATION_CLAUSE),
             _("第一学年不少于 {hours}", hours=hours(P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(V2017))), unit=Unit.HOUR),
    Category(BORROWING, _("学分借贷（学分银行）"), src("四(五)"),
             _("借贷的学分计入借贷记录所在的学年，与修得的学分合计补足该学年的 {amount}",
               amount=credits(P.YEARLY_MINIMUM.at(V2017))), project=False),  # the bank's, no training's
)
CATEGORY_LABELS = {c.code: c.label for c in CATEGORIES}

PROBATION = "new_teacher_probation"
PROGRAMS: tuple[Program, ...] = (
    # Two modes (centralized; school-based and online), any level: neither is fixed.
    Program(PROBATION, _("新任教师试用期培训"), src(P.PROBATION_CLAUSE),
            _("第一学年不少于 {total}，其中集中培训不少于 {centralized}、校本培训与网络研修不少于 {school_online}；"
              "按学时登记，不折算学分",
              total=hours(P.PROBATION_HOURS_TOTAL.at(V2017)),
              centralized=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(V2017)),
              school_online=hours(P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(V2017)))),
    # 一线教师参与培训、教研工作可酌情转换学分: the same as a role other than participant, for
    # an activity that carries no role (a claim); credited case by case, no hours asked.
    Program(TRAINING_SERVICE, _("一线教师参与培训、教研工作"), src(P.TRAINING_SERVICE_CLAUSE),
            _("授课、指导等培训、教研工作，由主管部门酌情转换学分"), needs_hours=False),
)
PROGRAM_LABELS = {p.code: p.label for p in PROGRAMS}
