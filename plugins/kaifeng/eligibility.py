"""What the all-staff training opens (kaifeng-2018-online-training.txt §五(三)): it is a
necessary condition (必备条件) of teacher certification, certificate re-registration, title
promotion and appraisal awards. Only that condition is judged here; the others belong to
their own rules."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from portal.domain import Eligibility, Purpose, Record, TeacherFacts
from portal.domain.tenure import in_post_from

from . import parameters as P
from .compliance import all_staff_finding, counted_records, cycle, entered_after_training, on_leave_throughout_training
from .words import _

_NECESSARY = _("以全员培训考核合格为必备条件")
# What each use is called in the reasons; the purposes' labels, which head the ✓ or ✗ on a
# teacher's page, name the one condition judged (a pass is necessary, never sufficient: §五(三)).
USES = {
    "teacher_certification": _("教师资格认定"),
    "certificate_registration": _("教师资格证定期注册"),
    "title_review": _("职务（职称）晋升评聘"),
    "appraisal_award": _("考核奖励"),
}
PURPOSES = (
    Purpose("teacher_certification", _("教师资格认定的必备条件：全员培训考核合格"), P.src("五(三)"), _NECESSARY),
    Purpose("certificate_registration", _("教师资格证定期注册的必备条件：全员培训考核合格"), P.src("五(三)"), _NECESSARY),
    Purpose("title_review", _("职务（职称）晋升评聘的必备条件：全员培训考核合格"), P.src("五(三)"), _NECESSARY),
    Purpose("appraisal_award", _("考核奖励的必备条件：全员培训考核合格"), P.src("五(三)"), _NECESSARY),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """Each purpose's necessary condition (§五(三)) is met when the teacher has passed the
    all-staff training, the finding ``check_compliance`` reports; met, the reason says only
    that this condition is (the use's other conditions are judged elsewhere). A teacher who
    entered post after the one-off training is not asked the duty (§五(四): no make-up), but
    without a pass the condition is not met either: not shown as met; with a pass of a later
    phase (a school or district submitted them), it is. Likewise a teacher recorded as holding
    no teacher qualification certificate, whom the training is not for (§二(一)). Before the notice
    (2018-12-15) there was no such condition."""
    counted = counted_records(records, as_of)
    finding = all_staff_finding(teacher, counted, cycle(as_of), as_of)
    source = P.src("五(三)", "五(四)")
    if finding.deadline:
        missing = _("还需通过全市全员网络研修综合考核，截止 {deadline}；本次培训结束后，未参训的教师不再统一安排补训",
                    deadline=finding.deadline)
    else:
        missing = _("还需通过全市全员网络研修综合考核；本次培训结束后，未参训的教师不再统一安排补训")
    result = []
    before_notice = as_of < P.ALL_STAFF_REQUIRED_FROM.value_at(as_of).value
    for purpose in PURPOSES:
        use = USES[purpose.code]
        if finding.required is None and before_notice:  # no such condition yet: the finding says why
            reason = _("{situation}；{purpose}不以全员培训为必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=use)
            result.append(Eligibility(purpose.code, True, reason, finding.source, settings=finding.settings))
        elif finding.required is None and finding.actual:  # not asked, but passed a later phase
            reason = _("{situation}；已有全员培训考核合格记录，满足{purpose}的全员培训必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=use)
            result.append(Eligibility(purpose.code, True, reason, source, settings=finding.settings))
        elif finding.required is None and (leave := on_leave_throughout_training(teacher, as_of)) is not None \
                and not entered_after_training(teacher, as_of):
            # on approved leave throughout the training: not asked, but not passed either
            training = P.ALL_STAFF_TRAINING_PERIOD.at(as_of)
            reason = _("全员培训（一期）于 {start} 至 {end} 举办，其间经批准离岗（{leave_start} 至 {leave_end}），未能参训；"
                       "{purpose}以全员培训考核合格为必备条件，尚无合格记录，暂不能认定满足", start=training.start,
                       end=training.end, leave_start=leave.start, leave_end=leave.end, purpose=use)
            result.append(Eligibility(
                purpose.code, False, reason, P.src(P.QUALIFIED_CLAUSE, "四(二)2", "五(三)", "五(四)"),
                _("还需通过全市全员网络研修综合考核（离岗期间举办的一期已结束；如再举办，由学校或区教育局提交报名）"),
                settings=finding.settings))
        elif finding.required is None and not entered_after_training(teacher, as_of):
            # no qualification certificate (§二(一)): not submitted to it, but not passed either
            reason = _("学校登记该教师未持有教师资格证书，全员培训面向持有教师资格证书的在职在岗教师；{purpose}以全员培训"
                       "考核合格为必备条件，尚无合格记录，暂不能认定满足", purpose=use)
            result.append(Eligibility(
                purpose.code, False, reason, P.src(P.QUALIFIED_CLAUSE, "五(三)"),
                _("还需通过全市全员网络研修综合考核（持有教师资格证书后，由学校或区教育局提交报名）"),
                settings=finding.settings))
        elif finding.required is None:  # entered post after the training: not asked, but not passed either
            training = P.ALL_STAFF_TRAINING_PERIOD.at(as_of)
            reason = _("全员培训（一期）于 {start} 至 {end} 举办，自 {day} 起在岗，未能参训；{purpose}以全员培训考核合格为"
                       "必备条件，尚无合格记录，暂不能认定满足", start=training.start, end=training.end,
                       day=in_post_from(teacher), purpose=use)
            result.append(Eligibility(
                purpose.code, False, reason, P.src("四(二)2", "五(三)", "五(四)"),
                _("还需通过全市全员网络研修综合考核（入职前举办的一期已结束；如再举办，由学校或区教育局提交报名）"),
                settings=finding.settings))
        elif finding.ok:
            reason = _("{situation}，满足{purpose}的全员培训必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=use)
            result.append(Eligibility(purpose.code, True, reason, source, settings=finding.settings))
        else:
            reason = _("{purpose}以全员培训考核合格为必备条件，尚无合格记录", purpose=use)
            result.append(Eligibility(purpose.code, False, reason, source, missing, settings=finding.settings))
    return result
