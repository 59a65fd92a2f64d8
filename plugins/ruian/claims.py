"""The credits claimed with evidence outside the portal's projects (``portal_claim_kinds``).

The notice describes no such case. It names no self-study achievement (awards, honours,
papers, books), no degree course, no training on another platform or in another province;
the Zhejiang rules it applies (浙教师〔2016〕71号) may, but they are not shipped, so nothing
of them is listed here. What it does say is how a training is credited, by the base credits
it declares (基础学分, §二), and who recognises credits: 各校（园）…合理安排好教师在培训周期
内的参训和学分认定时间 (§二), the school.

So the list is the minimal honest one: a centralized training the teacher took outside the
portal, credited like any centralized training by the base credits it declared (a 90+ one
is the cycle's 90+ centralized training, §二), recognised by the school. The claimant gives
credits, not hours: the notice converts no hours. School-based training (校（园）本培训) is
not claimed: it is the school's own project (§一 加大校本研修培训项目开发力度, §三), run in
the portal.
"""
from __future__ import annotations

from portal.domain import ClaimKind, LedgerSource, Mode, UserRole
from portal.domain.claims import CREDITS

from . import parameters as P
from .words import _

OUTSIDE_CENTRALIZED = "outside_centralized"

KINDS = (
    ClaimKind(
        OUTSIDE_CENTRALIZED, _("在本平台以外参加的集中培训"), P.RECOGNITION_CLAUSE,
        detail=_("在本平台以外参加的集中培训（如其他培训平台、外省的培训），由学校认定学分：按培训申报的基础学分计，"
                 "学时不折算；基础学分 90 及以上的，算周期内须参加的基础学分 90 以上的集中培训"),
        ledger_source=LedgerSource.OUTSIDE,
        mode=Mode.CENTRALIZED,
        # The notice does not rank trainings by level (the calculator says 项目级别不影响学分):
        # every level is offered and recorded, none changes the credits.
        levels=(),
        program=P.PROGRAM_RECOGNISED,
        figure=CREDITS,
        # what the claimant reads off the certificate: the base credits the training declared (§二), not
        # credits someone recognised (the school recognises the claim afterwards); the core's 认定或标明的学分
        # read as if the teacher set them
        figure_label=_("培训申报的基础学分"),
        # The notice names no evidence: what proves the claim, in plain words.
        evidence=_("培训机构发放的结业证书或学分证明，写明培训名称、举办单位、日期和申报的基础学分"),
        # The school recognises (§二); the teacher, who selects and takes trainings for themself
        # (教师自主选课, §四(二)), holds the certificate and may claim it, and the school's review
        # decides either way (audit.py).
        who=(UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL),
    ),
)
KINDS_BY_CODE = {kind.code: kind for kind in KINDS}


def claim_kinds() -> list[ClaimKind]:
    return list(KINDS)
