"""山西省: 晋教师〔2017〕14号 (shanxi-2017-credit-management.txt) as a region plugin.

Only the hook implementations live here. The numbers and settings are in ``parameters``;
the rules by concern in ``periods`` (school years, cycle, from when credits are registered),
``conversion``, ``compliance``, ``eligibility``, ``enrollment`` (who may take what, what
completing it needs), ``claims`` (credits claimed with evidence outside the portal's projects),
``workflow``, ``audit`` (when and on what a level of the credit audit acts), ``bank`` and ``account``
(the credit bank's arithmetic, a teacher's account and the appeal) and ``reporting``; what the
calculator asks in ``conversion``, the demo in ``demo``, the worked cases in ``scenarios/*.yaml``.
"""
from __future__ import annotations

from portal import clock
from portal.domain import Document, RegionInfo, RuleVersion, Unit
from portal.hookspecs import hookimpl

from . import (
    account, audit, categories, claims, compliance, conversion, demo, eligibility, enrollment, parameters, periods,
    reporting, transfers, workflow,
)
from .words import ACTIVITY_ROLE_LABELS, _, own_level_labels, own_mode_labels

__version__ = "0.4.52"  # 0.4.52: who runs which level of the five-level system is a setting (organiser_levels), not §二(一)'s word: the clause names 国培、省培、市培、县(区)培、校本研修 but not which unit runs which (§五(一) gives only management duties); its note says so and gives the default (a bureau its own level, the province 国培 too, a school its 校本研修, an institution any), a bureau may set another (a JSON object of kind to level), and the refusal of a level above the reach names the setting beside the clause (HighestLevel.settings; a refusal's flash names the settings its finding relied on); 0.4.51: a unit's highest level is said once, with its clause: shanxi answers portal_highest_levels with HighestLevel(level, §二(一) 五级教师培训体系) for the province (国培), the city, the county and the school (校本研修), an education zone (学区, which the document does not name) keeping the core's reach citing nothing; the core's refusal of a level above it (小店区只能举办县(区)级及以下的培训，不能举办市级培训：请选择县(区)级或以下的级别。) now cites §二(一), linked, on the form and in the API's findings (field level), and shanxi's own project finding saying the same in other words (…不能申报市级培训) is gone, so a school's county training is refused citing the clause too; 0.4.50: a province saves the national trainings it runs (国培, §二(一)) under the core's rule that a unit organises its own level or below (portal_highest_levels: the province national, a bureau its own level, a school its school-based training); 0.4.49: 学分借贷 (§五(三), the bank of §四(五)) is no kind of training: the credits by category count a borrowing apart, after the §四 categories and behind the tap (培训以外的学分借贷（学分银行）：…; the core reads Category.project False so), not as a category with its share beside them; the school year's heading keeps each of its days on one line on a phone (本年度计入（2026-09-01 – 2027-08-31）broke inside 2027-08-31), as does a duty's day (还需 6.2 学分，截止 2027-08-31; 66.4 credits still needed by 2027-08- / 31); the bank says why no borrowing can be made in one ended sentence (目前不能借贷：2026—2027 学年已借贷 14 学分。); the setting bonus_on_rounded_base asks 考核等级奖励是否加在取舍后的基本学分上 and its value answers 是/否 (the label said the default as a fact and the value said it again); 0.4.48: the demo's school-based trainings name their school year as the rules do (2026—2027 学年), not 2026–2027学年 beside them; 0.4.47: a school year's earned credits are those registered, and what of a borrowing makes up its shortfall counts toward it apart (YearProgress.counted): the year is judged met (§五(三)) while the pages say 修得 13.8；加上借贷的 6.2，计入本年度 20, not 20 earned, and the bank, eligibility and yearly finding read what counts; 0.4.46: a training institution's project waits for the bureau of its level before teachers may select it (§五(一) 统筹规划和质量监管: 国家级 and 省级 the province, 市级 the city, 县(区)级 and school the county; portal_project_review), not published at once; a bureau's own is published by it; 0.4.45: what a teacher did in a training reads in the document's words on every page (portal_activity_role_labels: 参训教师 §四(二); 授课、指导、主讲交流 as 参与培训、教研工作 §三(二)), not the core's 学员 and 主讲/出课教师; the credits by category's 人均 is over the teachers asked credits this year, as 本年人均 is, and the probation training's hours have none; no borrowing while credits of its year still wait in the audit (§五(二) 核定, §五(三)); 0.4.44: a teacher entering post on 29 February has a full year in post on 28 February of the next year (the core's full_years), so the first school year (§三(二)) ends on the 27th (portal.domain.dates.last_day_of_years now agrees with full_years), not on the 28th, the day a full year had already passed; 0.4.43: a level or mode named inside an English sentence reads as a word (words.level_word, mode_word: the core's WithinSentence): every entry's first step "For school-based training at school level", not "For School-based training at School level", teaching in a training, the probation step, the assessor's finding and a unit's highest level ("at most county: it cannot declare a city training"); 0.4.42: the probation training's part 集中培训 reads "centralized training" within an English sentence (试用期培训（集中培训）, the confirmation's figures and shortfall), as its school-based and online part does, not "Centralized training" capitalised with the labels; 0.4.41: the credit bank reads a school year asking nothing (a new teacher's first, §三(二)) as 不作要求, not 0 / 0 (AccountYear.required None); 0.4.40: the degree mode reads 学历教育课程 (§四(三)) on the core's pages too (the project form, the catalog), as in the rules' steps, claims and categories, not the core's 学历教育 (portal_mode_labels); 0.4.39: a teacher whose first school year has ended reads under the probation training that it is only for new teachers in their first school year and theirs has ended (§三(二)), not 须在第一学年内参加 with the dates of a year in 2009; 0.4.38: the English of the purposes of §五(三) reads "; this cycle: … still needed" mid-sentence, not "; This cycle"; 0.4.37: the appeal cites §五(二) 每学年结束时 beside §五(三), as a missing training's half year runs from its school year's end (0.4.31); 0.4.36: the 人均学分 reads the core's one average of the year (ScopeSummary.year_average), which the core's 本年人均 now reads too: they read 5.2 and 5 side by side; 0.4.35: the dashboard's 人均学分 says that teachers asked no credits this school year (a new teacher in probation) are left out, where there are any; 0.4.34: a new teacher's first school year reads 不要求学分（新任教师第一学年须接受不少于 120 学时的试用期培训） (§三(二)), not 不作要求 alone above the open probation duties (probation_year_note); its parts are the duties beside it; 0.4.33: a bureau saves a training of its own level of the five-level system or below (§二(一); project_findings at SAVE): a county's 市级 training would count toward the cycle's 20 city-level credits (§三(二)); the province runs 国培, an institution any level, a school keeps the core's reach; 0.4.32: the school year's 人均学分 (dashboard and yearly audit summary) is of the teachers asked something of the year, over their own total (ScopeSummary.year_total_asked): a new teacher in the probation year (§三(二)) or one not subject (§二(一)) is asked nothing and no longer lowers it; 0.4.31: a missing training's half year to appeal (§五(三) 根据学分登记情况，在半年内提出申诉) runs from the end of its school year, when the school registers the year's trainings (§五(二) 每学年结束时), not from its own date (AppealPolicy.missing_from_year_end); 0.4.30: worked cases at the edges (a leap day in a school year, the 20 city-level credits of §三(二) reached or missed by the §四(二) bonus alone, five kinds of credit adding to 120, the probation year's last day, a transfer on a school year's first day, a met cycle whose last school year failed, §五(三)) in scenarios/edges.yaml; no rule changed; 0.4.29: the city's approval names the cycle holding the activity by its days (周期（…）已于…届满), not 本周期, which once it has ended is not the current one; a cycle with a name of its own (CycleProgress.label) is named so where the eligibility says what the cycle has and lacks; 0.4.28: the demo school's teachers whose previous cycle is not kept here (every other one in post before it) have no training on record before today's cycle, in its first school year too (from_this_cycle), when the demo's trainings of the past calendar years fall in the previous cycle and every teacher had some of it; 0.4.27: the demo says on which day its new hire (in her probation year) is asked nothing of the cycle (hire_unasked_day: in the cycle's last school year, §三(二) registering her credits from the next one), for the tests of a teacher asked nothing; 0.4.26: a new teacher's first school year is headed 新任教师第一学年 (§三(二)) on the pages, not 本年度 (YearProgress.label); 0.4.25: in January's first twenty days the demo tells the year just ended, and from January to August its new teachers of last school year (and their probation trainings) are of that school year, not of the September just gone with this school year's hire (§三(二)); 0.4.24: the home's panel of teachers meeting the school year and the yearly audit summary's share count them out of the teachers judged (30 / 36, 83.3%, as the core's cards and compliance report), not out of those asked with the teachers being computed again (30 / 40, 75%); the share says how many wait whether or not the rest met it, and is a dash when nobody is judged; 0.4.23: a teacher their school records as holding no teacher qualification is not subject to credit management (§二(一) 凡取得中小学教师资格……均属培训学分管理对象): no cycle, city-level or yearly credits are asked of them (periods.not_subject); not recorded, the duties stand; 0.4.22: a new teacher's first school year ended short of its probation training, with no 转正 recorded, is not 合格 for §五(三)'s purposes (不得转正定级; the first year's requirement is that training, §三(二)), not 不作要求 and so 合格; 0.4.21: a teacher asked a share of the cycle reads it headed as their own (周期内本人应累计修满不少于 24 学分), not as what each five-year cycle asks; 0.4.20: the probation training's two claims are for new teachers only (§三(二) 新任教师第一学年; ClaimKind.applies): a veteran is neither offered them nor may claim them; 0.4.19: the compulsory duties' messages say 必修学分 (§三(三)) as their headings do, not 必修内容; the demo's current school-based training names its school year 2026–2027学年 like the earlier ones; 0.4.18: §四(二) adds the 优/良 bonus to 原学分 and §四(一) gives the hour rates, but the document says neither how credits are rounded nor whether the bonus goes on before or after rounding (and has no worked example): the order, so far only worded in credit_quantum's reason, is its own setting bonus_on_rounded_base (default: on the rounded base credits, as before), the bonus a small pure function (with_bonus), and worked cases at the rounding edges (rounding.yaml); 0.4.17: the opinions' English title says it in a line; on the last day of a running school year or cycle its findings are still open (须修满, 尚无, due that day), not 届满/不合格: a period ends after its last day (Period.ended_on, read on the core's today), and the previous cycle's page and the city's conclusion, read after it, still say it ended; 0.4.16: the cycle's findings name the cycle (周期（…）, 周期内) rather than 本周期, which read wrong on the previous cycle's page, and an ended cycle without a compulsory topic says it ended without it (not 尚无); 0.4.15: a project's declared figure reads 认定学分, the document's word for credits the county recognises (§四(三)(四)), not 项目基础学分 (基本学分 is §四(二)'s hours-based figure); 0.4.14: the school-year setting reads as a month (9 月), not a date; a claim outside the portal says the own school verifies and registers it and a private school's county registers and audits it (§五(一)), not 学校（民办学校为所在区县）; the school's registration and the hours-based credit in §三(三)/§五(二)'s terms (研训经历学分, 培训个人档案, 继续教育证书); 0.4.13: the English labels of its county level, degree course, centralized training, programs and ethics topic capitalised like every label beside them; 0.4.12: the compulsory duties say 必修学分, the document's word (§三(三)), not 必修内容; 0.4.11: 核定 reads "confirmed" in English, not "fixed" (§五(二)); 0.4.10: the city concludes each teacher's ended cycle (§二(四), §五(二)), and the demo has one school's previous cycle to conclude; 0.4.9: the claims of trainings outside the portal say that a private school's county registers them (§五(一)); 0.4.8: the yearly average per teacher leaves out the teachers being computed again, as the core's does; 0.4.7: the probation training's categories are kept in hours (Category.unit), so an entry made in them by hand is too; 0.4.6: a borrowing larger than the year's shortfall says what of it makes up the year; 0.4.5: a period that asks nothing before registration names no setting for it; 0.4.4: the probation training is due in the first school year in post, whatever the 转正 date (§三(二) 第一学年), and a year counts of a borrowing only what makes up its shortfall (§五(三)); 0.4.3: partial_year named on the year's figure, partial_cycle on the cycle's; 0.4.2: a borrowing's registration step has its own note (the year's shortfall, not proof)
# 0.4.1: a year ended before the teacher entered post is not judged 合格 for the purposes of §五(三)


@hookimpl
def portal_region_info():
    return RegionInfo("shanxi", _("山西省"), Unit.CREDIT, __version__)


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


@hookimpl
def portal_rule_versions():
    """The only Shanxi rules in the documents: 晋教师〔2017〕14号, from its signing date (a setting)."""
    return [RuleVersion("shanxi-2017", parameters.RULES_2017_EFFECTIVE.at(parameters.V2017), parameters.src("落款"))]


@hookimpl
def portal_parameters():
    return list(parameters.PARAMETERS)


@hookimpl
def portal_level_labels():
    return own_level_labels()


@hookimpl
def portal_mode_labels():
    return own_mode_labels()


@hookimpl
def portal_activity_role_labels():
    """参训教师 (§四(二)); teaching, mentoring, presenting as 参与培训、教研工作 (§三(二))."""
    return dict(ACTIVITY_ROLE_LABELS)


@hookimpl
def portal_credit_categories():
    return list(categories.CATEGORIES)


@hookimpl
def portal_programs():
    return list(categories.PROGRAMS)


@hookimpl
def portal_activity_fields(on):
    return conversion.activity_fields(on)


@hookimpl
def portal_convert_activity(activity, on):
    return conversion.convert(activity, on)


@hookimpl
def portal_cycle(on):
    """Five school years, the same for every teacher, as is the school year: counting from
    转正 or arrival changes what is asked of a teacher (``portal_requirements``), not when."""
    return periods.cycle(on)


@hookimpl
def portal_year(on):
    return periods.year_holding(on)


@hookimpl
def portal_requirements(on, teacher):
    return compliance.requirements(on, teacher)


@hookimpl
def portal_check_compliance(teacher, records, as_of, today):
    return compliance.check(teacher, records, as_of, today)


@hookimpl
def portal_duties():
    return compliance.duties()


@hookimpl
def portal_purposes():
    return eligibility.purposes()


@hookimpl
def portal_eligibility(teacher, records, as_of):
    return eligibility.eligibility(teacher, records, as_of)


@hookimpl
def portal_enrollment_workflow():
    return workflow.ENROLLMENT_WORKFLOW


@hookimpl
def portal_audit_workflow():
    return workflow.AUDIT_WORKFLOW


@hookimpl
def portal_audit_findings(step):
    return audit.audit_findings(step)


@hookimpl
def portal_project_choices(on):
    return enrollment.project_choices(on)


@hookimpl
def portal_project_review(project):
    return enrollment.project_review(project)


@hookimpl
def portal_project_labels():
    return enrollment.project_labels()


@hookimpl
def portal_selection_findings(selection):
    return enrollment.selection_findings(selection)


@hookimpl
def portal_move_findings(move):
    return enrollment.move_findings(move)


@hookimpl
def portal_highest_levels():
    return enrollment.highest_levels()


@hookimpl
def portal_dashboard_panels(summary):
    return reporting.dashboard_panels(summary)


@hookimpl
def portal_reports():
    return reporting.reports()


@hookimpl
def portal_documents():
    return [Document(
        parameters.DOC, _("山西省教育厅关于实施专业技术人才知识更新工程加强中小学教师培训学分管理的意见"), __name__,
        issuer=_("山西省教育厅"), issued=parameters.V2017,
    )]


@hookimpl
def portal_claim_kinds():
    return claims.claim_kinds()


@hookimpl
def portal_appeal_policy():
    """The county bureau answers, within half a year (§五(三)); the hook has no date, so the
    window is the one in force today."""
    return account.appeal_policy(clock.today())


@hookimpl
def portal_cycle_conclusion():
    return workflow.cycle_conclusion()


@hookimpl
def portal_recognise_transfer(entry, teacher):
    return transfers.recognition(entry, teacher, clock.today())


@hookimpl
def portal_credit_account(teacher, records, as_of):
    return account.account(teacher, records, as_of)
