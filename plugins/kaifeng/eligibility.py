"""What the all-staff training opens (kaifeng-2018-online-training.txt §五(三)): it is a
necessary condition (必备条件) of teacher certification, certificate re-registration, title
promotion and appraisal awards. Only that condition is judged here; the others belong to
their own rules."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from portal.domain import Eligibility, Purpose, Record, TeacherFacts

from . import parameters as P
from .compliance import all_staff_finding, counted_records, cycle
from .words import _

_NECESSARY = _("以全员培训考核合格为必备条件")
PURPOSES = (
    Purpose("teacher_certification", _("教师资格认定"), P.src("五(三)"), _NECESSARY),
    Purpose("certificate_registration", _("教师资格证定期注册"), P.src("五(三)"), _NECESSARY),
    Purpose("title_review", _("职务（职称）晋升评聘"), P.src("五(三)"), _NECESSARY),
    Purpose("appraisal_award", _("考核奖励"), P.src("五(三)"), _NECESSARY),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """Each purpose is open when the all-staff duty is met (§五(三), §五(四)), the finding
    ``check_compliance`` reports."""
    counted = counted_records(records, as_of)
    finding = all_staff_finding(teacher, counted, cycle(as_of), as_of)
    source = P.src("五(三)", "五(四)")
    if finding.deadline:
        missing = _("还需通过全市全员网络研修综合考核，截止 {deadline}；培训结束后不再统一安排补训",
                    deadline=finding.deadline)
    else:
        missing = _("还需通过全市全员网络研修综合考核；培训结束后不再统一安排补训")
    result = []
    for purpose in PURPOSES:
        if finding.required is None:  # not asked of this teacher on this day: the finding says why
            reason = _("{situation}；{purpose}不以全员培训为必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=purpose.label)
            result.append(Eligibility(purpose.code, True, reason, finding.source, settings=finding.settings))
        elif finding.ok:
            reason = _("{situation}，满足{purpose}的全员培训必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=purpose.label)
            result.append(Eligibility(purpose.code, True, reason, source, settings=finding.settings))
        else:
            reason = _("{purpose}以全员培训考核合格为必备条件，尚无合格记录", purpose=purpose.label)
            result.append(Eligibility(purpose.code, False, reason, source, missing, settings=finding.settings))
    return result
