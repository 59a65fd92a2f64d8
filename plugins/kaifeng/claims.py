"""What a teacher claims, or their school enters for them, with evidence, outside the portal's
projects (``portal_claim_kinds``), and how the audit tells a claim from a project's result.

The notice (kaifeng-2018-online-training.txt) is about one training, the city-wide 60-hour
online all-staff training. It describes no self-study achievement, no degree course and no
other credit to be claimed: it leaves the registration of other training to the Henan
hours-registration rules (《河南省中小学教师继续教育学时登记管理暂行意见》, 教师〔2016〕724号),
which its preamble names but which are not in the collection. So the list is short and only
what the notice and the region's conversion already support:

- **training taken outside the portal**, centralized (another province, a higher department's
  course) or online (another platform), credited as the conversion credits other training:
  by the hours attended, in the modes and to the step the bureau's settings give
  (``other_modes``, ``hours_quantum``), citing the preamble's words that name the Henan rules,
  as that conversion does. Its level changes nothing there, so it is not asked
  (``asks_level=False``) and the claim records none. A mode the bureau takes out of ``other_modes`` is refused on the
  claim form with the conversion's own words;
- **the all-staff training passed where its result is not in the portal** (a county that ran
  it itself, §二(三); a teacher who passed it before coming to the school): only a teacher
  who passed the composite assessment gets the completion certificate and the hours
  certificate (§三(五), §四(二)3), so the certificate stands for the pass and the conversion
  registers the program's 60 hours. One kind for each of the two projects (§四(二)1), since a
  kind carries one program.

Self-study, degree courses and hours as a lecturer or mentor are not offered: the conversion
leaves them to the Henan rules (另行认定), which are not in the collection.

Who claims: the notice names nobody, so every kind keeps the core's claimants (the teacher
for themself, the school's admin or principal for a teacher of the school). The evidence is,
for the all-staff training, the certificates the notice names; for other training, which the
notice does not describe, what proves it in plain words.
"""
from __future__ import annotations

from portal.domain import AuditStep, ClaimKind, Grade, LedgerSource, Level, Mode
from portal.domain.amounts import hours
from portal.domain.claims import FIXED, HOURS
from portal.domain.text import listing

from . import parameters as P
from .words import _

# The key the core adds to a claim's facts, with the kind's code.
CLAIM = "claim"

OUTSIDE_EVIDENCE = _("主办单位出具的结业证书或学时证明，写明培训名称、起止日期和参训学时")
# The preamble names the Henan rules by their title (not in the collection): each detail gives its
# example first (a trial read "……由本市设置（如外省市……）" as if the city set the example), then
# names the rules as the notice does, then what the city's settings decide.

# 考核合格的教师……获得继续教育相应的学时证书 (§三(五)); 综合考核合格的学员发放结业证书 (§四(二)3);
# 祥符区、杞县、尉氏县、通许县……自行组织实施 (§二(三)).
CERTIFICATE_SOURCE = P.src("三(五)（获得继续教育相应的学时证书）", "四(二)3（综合考核合格的学员发放结业证书）", "二(三)")
CERTIFICATE_EVIDENCE = _("全员培训的结业证书或继续教育学时证书（综合考核合格者获得）")


def _certified(program: P.AllStaffProgram) -> ClaimKind:
    """The all-staff training, claimed with its completion certificate. The certificate is
    given only to those who passed the composite assessment (§四(二)3), so the claim is a pass
    (the grade the platform would have reported), and a pass registers the program's hours
    whatever was spent online (§三(五)): the claimant gives no figure."""
    return ClaimKind(
        f"{program.code}_certificate",
        _("{program}（凭结业证书登记）", program=program.label),
        CERTIFICATE_SOURCE,
        detail=_("本平台未录入综合考核结果的全员培训（如{counties}自行组织实施的）：综合考核合格的教师获得结业证书"
                 "和继续教育学时证书，凭证书登记 {hours}；结业日期填培训结束之日",
                 counties=listing(P.SELF_ORGANISED_AREAS.default), hours=hours(P.PROGRAM_HOURS.default)),
        ledger_source=LedgerSource.OUTSIDE,
        mode=P.PROGRAM_MODE.default,
        levels=tuple(level for level in Level if level in P.PROGRAM_LEVELS.default),
        program=program.code,
        stages=program.stages,  # each program for its stages (§四(一)), as a submission to it is
        figure=FIXED,
        grade=Grade.PASS,
        evidence=CERTIFICATE_EVIDENCE,
    )


CLAIM_KINDS: tuple[ClaimKind, ...] = (
    ClaimKind(
        "outside_centralized", _("本平台之外参加的集中培训"), P.HENAN_RULES,
        detail=_("如外省市或上级部门举办的集中培训。按《河南省中小学教师继续教育学时登记管理暂行意见》以实际参训学时登记，"
                 "可登记的培训形式和学时的取舍以本市设置为准"),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED, figure=HOURS, evidence=OUTSIDE_EVIDENCE,
        asks_level=False,  # registered by the hours attended, whatever the level (conversion.convert_other)
    ),
    ClaimKind(
        "outside_online", _("其他平台上的网络研修"), P.HENAN_RULES,
        detail=_("如国家或省级平台上的网络研修。按《河南省中小学教师继续教育学时登记管理暂行意见》以实际参训学时登记，"
                 "可登记的培训形式和学时的取舍以本市设置为准"),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.ONLINE, figure=HOURS, evidence=OUTSIDE_EVIDENCE,
        asks_level=False,  # registered by the hours attended, whatever the level (conversion.convert_other)
    ),
    *(_certified(program) for program in P.PROGRAMS.values()),
)


def claim_kinds() -> list[ClaimKind]:
    return list(CLAIM_KINDS)


def from_project(step: AuditStep) -> bool:
    """Whether the entry is a project's result, recorded by the institution that ran it
    (``entry_source`` enrollment, no claim in its facts), rather than claimed with evidence,
    entered by hand or carried over: those have no institution to check them."""
    return step.entry_source == LedgerSource.ENROLLMENT.value and CLAIM not in step.facts
