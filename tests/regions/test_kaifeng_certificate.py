"""开封市全员培训结业证书：综合考核合格的学员发放结业证书（§四(二)3），考核合格的教师获得学时证书
（§三(五)），不合格不发（§五(四)只说未参训的教师不再统一安排补训）；培训时间 1月至4月（§四(二)2）。以通知的情形为例逐条检验。"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import plugins.kaifeng as kaifeng
from portal.domain import Grade, LedgerSource, Period, Record, TeacherFacts, Unit
from portal.domain.certificates import CertificateCase, CertificateKind
from portal.domain.text import using
from portal.plugins import Region
from portal.services.standings import compute

D = Decimal
TEACHER = TeacherFacts(entered_post=date(2010, 9, 1))


def region() -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng})


def all_staff(day: date, grade: Grade, program: str = "all_staff_jpk", amount: D | None = None) -> Record:
    passed = grade != Grade.FAIL
    return Record(day, D(60) if amount is None and passed else (amount or D(0)), Unit.HOUR, "all_staff_online",
                  program=program, grade=grade)


def case(records, as_of=date(2019, 6, 30)) -> CertificateCase:
    r = region()

    class Facts:  # what ``compute`` reads of a teacher
        def facts(self):
            return TEACHER

    return CertificateCase(TEACHER, tuple(records), compute(r, Facts(), list(records), as_of), as_of)


def kind() -> CertificateKind:
    [found] = region().certificates()
    return found


def test_the_region_declares_one_certificate_citing_its_clause():
    found = kind()
    assert found.code == "all_staff_completion" and len(found.code) <= 20
    assert found.source == "kaifeng-2018-online-training.txt §四(二)3（综合考核合格的学员发放结业证书）"
    assert str(found.title) == "开封市中小学教师继续教育全员培训结业证书"
    with using("en"):
        assert "completion certificate" in str(found.title).lower()


def test_a_pass_in_april_2019_gets_the_certificate_of_phase_one():
    """一期培训时间为 2019 年 1 月至 4 月（§四(二)2）；2019-04-30 考核合格，发放结业证书。"""
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS)]))
    assert award.ok and award.period == Period(date(2019, 1, 1), date(2019, 4, 30))
    assert "综合考核合格，准予结业" in str(award.statement) and "60 学时" in str(award.statement)
    assert "中国教师教育网" in str(dict((str(k), str(v)) for k, v in award.details))
    [finding] = award.findings
    assert finding.ok and finding.actual == 1 and finding.source == kind().source


@pytest.mark.parametrize("grade", [Grade.EXCELLENT, Grade.GOOD, Grade.PASS])
def test_every_passing_grade_is_a_pass(grade):
    assert kind().judge(case([all_staff(date(2019, 4, 30), grade, "all_staff_high")])).ok


def test_a_failed_assessment_gets_none_and_says_nothing_of_make_up():
    """考核不合格：不发结业证书；§五(四) 只说未参训的教师不再统一安排补训，她参训了：不说补训。"""
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.FAIL)]))
    assert not award.ok and award.period is None
    [finding] = award.findings
    assert not finding.ok and finding.required == 1 and finding.actual == 0
    assert "1 次全员培训综合考核未合格" in str(finding.message) and "补训" not in str(finding.message)
    assert "§五(四)" not in finding.source and "§四(二)3" in finding.source


def test_no_all_staff_training_at_all_gets_none():
    award = kind().judge(case([Record(date(2019, 3, 1), D(20), Unit.HOUR, "other_training")]))
    assert not award.ok and "尚无全员培训综合考核合格的记录" in str(award.findings[0].message)


def test_a_pass_after_the_day_asked_does_not_count_yet():
    assert not kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS)], as_of=date(2019, 4, 29))).ok


def test_the_latest_pass_is_certified_and_a_county_phase_covers_its_day():
    """县区自行组织的培训（§二(三)）日期通知未载：证书只写合格之日。"""
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS),
                               all_staff(date(2020, 9, 15), Grade.PASS)], as_of=date(2020, 12, 31)))
    assert award.ok and award.period == Period(date(2020, 9, 15), date(2020, 9, 15))
    assert award.findings[0].actual == 2


def test_a_certificate_claimed_counts_like_the_platform_s_pass():
    """凭结业证书登记的全员培训（本平台未录入考核结果）。"""
    claimed = Record(date(2019, 4, 20), D(60), Unit.HOUR, "all_staff_online", source=LedgerSource.OUTSIDE,
                     program="all_staff_high", grade=Grade.PASS)
    award = kind().judge(case([claimed]))
    assert award.ok and "陕西师范大学" in str(dict((str(k), str(v)) for k, v in award.details))


def test_what_it_says_reads_in_english():
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS)]))
    with using("en"):
        text = str(award.statement) + str(award.findings[0].message)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_each_phase_passed_is_offered_its_own_certificate():
    """综合考核合格的学员发放结业证书（§四(二)3）：a phone trial's teacher who passed in 2019 and
    2020 found only 2020's; each phase passed is offered, the latest first, one per phase."""
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS),
                               all_staff(date(2019, 3, 1), Grade.PASS),  # the same phase again
                               all_staff(date(2020, 4, 20), Grade.PASS, "all_staff_high")], as_of=date(2020, 12, 31)))
    assert [a.period for a in award.each] == [Period(date(2020, 1, 1), date(2020, 4, 30)),
                                              Period(date(2019, 1, 1), date(2019, 4, 30))]
    earlier = award.earlier[0]
    assert "2019-04-30" in str(dict((str(k), str(v)) for k, v in earlier.details))
    assert award.covering(date(2019, 1, 1)) is earlier and award.covering(None) is award
    assert award.covering(date(2018, 1, 1)) is None


def test_the_statement_reads_as_a_sentence_in_english():
    """The certificates page shows the statement alone: in English it began "took part in…"."""
    award = kind().judge(case([all_staff(date(2019, 4, 30), Grade.PASS)]))
    with using("en"):
        statement = str(award.statement)
    assert statement[0].isupper() and statement.startswith("Took part in the "), statement
    assert statement.endswith(".")
