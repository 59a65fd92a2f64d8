"""One year's average everywhere: the core's compliance report (本年人均) and each region's own
average of the year beside a yearly minimum read the same figure, of the teachers judged on the
year. A second read found shanxi's 人均 leaving out a teacher asked nothing of the year (a
probation year) while the core's column beside it counted her: 5.2 beside 5 on one district."""
from decimal import Decimal as D

import pytest

from plugins.kaifeng import reporting as kaifeng_reporting
from plugins.qingdao import reporting as qingdao_reporting
from plugins.shanxi import reporting as shanxi_reporting
from portal import clock
from portal.domain.reporting import ScopeSummary
from portal.services import reports

REGION_AVERAGE = {"qingdao": qingdao_reporting.year_average, "kaifeng": kaifeng_reporting.per_teacher,
                  "shanxi": shanxi_reporting.per_teacher}


@pytest.mark.parametrize("code", sorted(REGION_AVERAGE))
def test_the_core_and_the_region_average_the_teachers_judged_on_the_year(make_app, code):
    app = make_app(code)
    with app.app_context():
        region = app.extensions["portal.region"]
        today = clock.today()
        # 10 teachers: 4 asked nothing of the year (their 8 credits apart), 1 being computed again;
        # the 5 judged hold 100 of the year's 108
        scope = ScopeSummary(teachers=10, projects=0, year=today.year, year_total=D("108"),
                             teachers_meeting_yearly=2, waiting=1, year_exempt=4, year_total_asked=D("100"))
        core = next(r for r in reports.core_reports(region, today) if r.code == "compliance")
        column = next(c for c in core.columns if c.code == "year_average")
        assert scope.year_judged == 5
        assert column.value(scope) == REGION_AVERAGE[code](scope) == D("20")


def test_a_summary_kept_before_the_asked_total_averages_the_whole_year():
    """A summary kept by a background job before ``year_total_asked`` was read has none: its
    average stays the year's total over the teachers counted (not being computed again), as it read
    then."""
    scope = ScopeSummary(teachers=4, projects=0, year=2026, year_total=D("229.64"), teachers_meeting_yearly=0,
                         waiting=1)
    assert scope.year_average(D("0.01")) == D("76.55")
    assert ScopeSummary(teachers=0, projects=0, year=2026, year_total=D(0), teachers_meeting_yearly=0
                        ).year_average() is None


def test_a_notice_published_before_the_asked_total_keeps_the_average_it_was_published_with():
    """A published notice keeps its rows' summaries as they were (``as_data``), those published
    before ``year_total_asked`` without it. Their total holds the credits of teachers asked nothing
    of the year, so it may not be put over the teachers judged alone: a notice published with
    人均 12 (10 teachers, 4 of them asked nothing, 120 credits) read 20 afterwards, and its total
    row likewise. It keeps the year's total over the teachers counted, as it was published."""
    from portal.domain.reporting import combined

    kept = ScopeSummary(teachers=10, projects=0, year=2026, year_total=D("120"), teachers_meeting_yearly=3,
                        year_exempt=4).as_data()
    del kept["year_total_asked"]  # as a notice published before it kept its rows
    old = ScopeSummary.from_data(kept)
    assert old.year_total_asked is None
    assert old.year_average() == D("12") == qingdao_reporting.year_average(old) == shanxi_reporting.per_teacher(old)
    total = combined([old, old], 2026, old.year_period)
    assert total.year_total_asked is None and total.year_average() == D("12")
    # read now, with the asked teachers' own total, the average is theirs
    now = ScopeSummary(teachers=10, projects=0, year=2026, year_total=D("120"), teachers_meeting_yearly=3,
                       year_exempt=4, year_total_asked=D("108"))
    assert now.year_average() == D("18") == combined([now, now], 2026, now.year_period).year_average()


def test_kaifengs_panel_names_the_teachers_its_average_is_of_when_some_are_asked_nothing(make_app):
    """kaifeng's dashboard put "10 名教师" under a total of every teacher's hours but averaged only
    the 5 judged: 10 × 20 is not 108. Once the hours of a teacher asked nothing are in the total,
    it says whose average it is; otherwise it reads as before (a teacher waiting is in neither)."""
    app = make_app("kaifeng")
    with app.test_request_context():
        year = clock.today().year
        some = ScopeSummary(teachers=10, projects=0, year=year, year_total=D("108"), teachers_meeting_yearly=2,
                            waiting=1, year_exempt=4, year_total_asked=D("100"))
        every = ScopeSummary(teachers=6, projects=0, year=year, year_total=D("100"), teachers_meeting_yearly=2,
                             waiting=1, year_total_asked=D("100"))
        assert str(kaifeng_reporting.dashboard_panels(some)[0].note) == "其中本年有要求的 5 名教师人均 20 学时"
        assert str(kaifeng_reporting.dashboard_panels(every)[0].note) == "5 名教师，人均 20 学时"
