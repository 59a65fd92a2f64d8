"""开封市：补训只说通知说过的话。§五(四) 只说“本次培训结束后，未参训的教师不再统一安排补训”；
考核不合格的教师能否补训，通知未说。凡说到补训的地方（考核不合格的结业证书、学时折算、
必备条件、培训项目和本市要求的说明），都照原文说未参训的教师，不说不合格者不再补训，仍引 §五(四)。"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from babel.messages.pofile import read_po

import plugins.kaifeng as kaifeng
from plugins.kaifeng import compliance, conversion, parameters as P
from portal.domain import Activity, ActivityRole, Grade, Level, Mode, Record, SchoolStage, TeacherFacts, Unit
from portal.domain.text import using
from portal.plugins import Region

D = Decimal
NOTICE = "本次培训结束后，未参训的教师不再统一安排补训"
NOT_TAKEN_PART = "no make-up training is arranged for teachers who did not take part"
TEACHER = TeacherFacts(entered_post=date(2010, 9, 1), title="一级教师", stages=(SchoolStage.PRIMARY,))
PO = "plugins/kaifeng/translations/en/LC_MESSAGES/kaifeng.po"


def region(**settings) -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng}, settings or None)


def as_the_notice_says(text) -> None:
    """Every 补训 the text says is the notice's own sentence (of teachers who did not take part),
    and in English it says so too."""
    zh = str(text)
    assert NOTICE in zh, zh
    assert "补训" not in zh.replace(NOTICE, ""), zh
    with using("en"):
        assert NOT_TAKEN_PART in str(text), str(text)


def failed(day=date(2019, 4, 30)) -> Record:
    return Record(day, D(0), Unit.HOUR, P.CATEGORY_ALL_STAFF, program="all_staff_jpk", grade=Grade.FAIL)


def test_a_failed_assessment_refused_a_certificate_says_only_what_the_notice_says_of_make_up():
    [kind] = region().certificates()
    as_the_notice_says(kind.detail)
    from portal.domain.certificates import CertificateCase
    from portal.services.standings import compute

    class Facts:
        def facts(self):
            return TEACHER

    records = (failed(),)
    as_of = date(2019, 6, 30)
    award = kind.judge(CertificateCase(TEACHER, records, compute(region(), Facts(), list(records), as_of), as_of))
    [finding] = award.findings
    assert not award.ok and "1 次全员培训综合考核未合格" in str(finding.message)
    # she took part: §五(四)'s sentence of those who did not is not hers, nor is its clause
    assert "补训" not in str(finding.message) and "五(四)" not in finding.source, finding


def test_a_failed_assessment_converted_says_only_what_the_notice_says_of_make_up():
    activity = Activity(level=Level.CITY, mode=Mode.ONLINE, hours=D(60), grade=Grade.FAIL,
                        program="all_staff_jpk", role=ActivityRole.PARTICIPANT)
    step = conversion.convert(activity, date(2019, 4, 30)).steps[-1]
    assert str(step.text) == "考核不合格：不登记学时，不发结业证书"  # nothing of make-up: she took part
    assert step.source == f"{P.DOC} §三(五)"


def test_a_use_still_missing_the_pass_says_only_what_the_notice_says_of_make_up():
    for settings, deadline in (({}, False), ({"all_staff_per_cycle": "true"}, True)):
        result = region(**settings).eligibility(TEACHER, [failed(date(2022, 4, 30))], date(2023, 6, 30))
        assert result and not any(e.ok for e in result)
        for e in result:
            assert ("截止 2025-12-31" in str(e.missing)) is deadline
            as_the_notice_says(e.missing)
            assert e.source == f"{P.DOC} §五(三)、§五(四)"


def test_the_duty_after_the_training_says_only_what_the_notice_says_of_make_up():
    finding = next(f for f in compliance.check_compliance(TEACHER, [failed()], date(2026, 3, 1)).findings
                   if f.code == "all_staff_training")
    assert not finding.ok
    as_the_notice_says(finding.message)
    assert "§五(四)" in finding.source
    duty = next(d for d in compliance.duties() if d.code == "all_staff_training")
    as_the_notice_says(duty.detail)


def test_the_program_says_only_what_the_notice_says_of_make_up():
    for program in P.PROGRAMS.values():
        described = program.described()
        as_the_notice_says(described.detail)
        assert "五(四)" in described.source


def test_no_message_says_a_failed_teacher_gets_no_make_up():
    """The whole catalogue: a message about failing (不合格, 未合格) that speaks of 补训 says
    the notice's sentence, and its English says whom it is of."""
    with open(PO, encoding="utf-8") as f:
        catalog = read_po(f)
    about_failing = [m for m in catalog if isinstance(m.id, str) and m.id and re.search(r"不合格|未合格", m.id) and "补训" in m.id]
    assert about_failing
    for message in about_failing:
        assert NOTICE in message.id and "补训" not in message.id.replace(NOTICE, ""), message.id
        assert NOT_TAKEN_PART in message.string, message.string
