"""Credits claimed with evidence outside the portal's projects: what the notices recognise.

The notices name one such case: row 9 of the Shinan standard table (2017 annex 1), 其他情况,
whatever the table's other rows do not cover (a training the district did not run and the
portal holds no project of: one at national, provincial or city level, in another district).
Its credits are not counted by a rule but recognised: 由承办部门将文件依据和参训人员及培训情况等
上传“教师教育平台”，由市南区教育研究中心据实认定，并登记学分. So the claimant gives the credits
(``CREDITS``), which the conversion registers as the row's certified credits (program ``other``,
no daily cap: they are not counted by the hour), and the research centre checks them against the
evidence in the audit (``audit.recognition_finding``): only it submits a claim.

Who claims: the unit that undertook the training (承办部门), a school or a district department,
each with its own account (2017 §二1, §二2); the notice gives a teacher no part in it, so a
teacher does not claim for themself. Levels: the row names none, so every level is offered; a
school-level claim counts as school-based training (setting ``school_level_is_school_based``) and
under its cap of 120 a cycle, like any school-level entry. The mode does not change what the row
credits: a claim is recorded as a centralized training, the form in which row 9 names it
(参训人员及培训情况).

No kind is offered for what the notices do not credit: self-study achievements (awards, papers,
books) and degree courses appear in neither notice (the conversion refuses those modes and sends
them to row 9's recognition). Nor for rows 10 and 11, run outside the district but held in the
portal as projects whose completion is recorded (the provincial 互联网+ tasks, the personalized
trainings on 睿师汇): a claim would count them a second time.
"""
from __future__ import annotations

from portal.domain import ClaimKind, LedgerSource, Mode, UserRole
from portal.domain.claims import CREDITS

from . import parameters as P
from .words import _

OTHER_ROW = P.ROW_BY_CODE["other"]

OTHER = ClaimKind(
    "other", OTHER_ROW.label,
    f"{P.F2017} §附件1 第9项（由承办部门将文件依据和参训人员及培训情况等上传“教师教育平台”，"
    f"由市南区教育研究中心据实认定，并登记学分）",
    detail=_("标准表第1—8、10、11项以外、本平台中没有项目的培训：由承办部门将文件依据和参训人员及培训情况等上传，"
             "由市南区教育研究中心据实认定，并登记学分；按认定的学分登记"),
    ledger_source=LedgerSource.OUTSIDE,
    mode=Mode.CENTRALIZED,
    levels=(),
    program=OTHER_ROW.code,
    figure=CREDITS,
    evidence=_("文件依据和参训人员及培训情况"),
    who=(UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN),
)

KINDS: tuple[ClaimKind, ...] = (OTHER,)
BY_CODE = {kind.code: kind for kind in KINDS}


def claim_kinds() -> list[ClaimKind]:
    return list(KINDS)


def kind_label(code: object):
    """The label of the region's kind ``code``; for a code it does not know, the claim in general."""
    kind = BY_CODE.get(code) if isinstance(code, str) else None
    return kind.label if kind is not None else _("申报的学分")
