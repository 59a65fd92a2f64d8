"""Shanxi fixes of session sx (晋教师〔2017〕14号).

1. 学分借贷 (§五(三); the bank of §四(五)) is no kind of training: the credits by category list
   the categories a training may be of (§四), and a borrowing's teachers and amount apart, after
   them and behind the tap, never as a category beside them (its share was a headline figure).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from flask_babel import force_locale

from portal.domain import ScopeSummary
from portal.domain.reporting import CategoryCount
from portal.domain.results import Period
from portal.services import reports, teacher_pages
from tests.support import on_demo_day
from tests.test_reports import user

BORROWING = "credit_bank_borrowing"


def _summary() -> ScopeSummary:
    return ScopeSummary(10, 0, 2026, D(130), 6, Period(date(2026, 9, 1), date(2027, 8, 31)),
                        categories=(CategoryCount("school_based", 8, 8, D(120), D(120)),
                                    CategoryCount(BORROWING, 2, 2, D("6.2"), D("6.2"))))


def test_borrowed_credits_are_counted_apart_not_as_a_category(make_app, monkeypatch):
    today = on_demo_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        view = reports.report_view(region, user("city_admin"), "categories", None, today)
        columns = view.report.columns
        borrowing = str(region.category_labels()[BORROWING])
        naming = [c for c in columns if borrowing in str(c.label)]
        # never a category's figures: no share, no per-head, nothing at once on the phone
        assert naming and not any(c.headline for c in naming)
        assert not any(c.code.startswith(("share_", "average_", "teachers_", "amount_")) for c in naming)
        assert [str(c.label) for c in naming] == [f"培训以外的{borrowing}：有记录的教师", f"培训以外的{borrowing}：本年度登记合计"]
        # after every category's
        last_category = max(i for i, c in enumerate(columns) if c.code.startswith(("share_", "amount_", "average_")))
        assert min(columns.index(c) for c in naming) > last_category
        assert "单列在各类别之后" in str(view.report.description)
        # the figures read the borrowing's entries, the drill names them as no training
        teachers, amount = (c.value(_summary()) for c in naming)
        assert (teachers, amount) == (2, D("6.2"))
        assert teacher_pages.drill_label(region, naming[0].drill) == f"本年度培训以外的记录：{borrowing}"
        with force_locale("en"):
            english = reports.report_view(region, user("city_admin"), "categories", None, today).report
            said = [str(c.label) for c in english.columns if c.code.startswith("apart_")]
            assert said == ["Credit bank borrowing (not a training): teachers with entries",
                            "Credit bank borrowing (not a training): registered this year"]
            assert "counted apart, after the categories" in str(english.description)


def test_a_school_years_heading_keeps_each_of_its_days_on_one_line(make_app, monkeypatch):
    """2. The admin's card 本年度计入（2026-09-01 – 2027-08-31） (and the teacher's 本年度（…）) broke at
    375 px inside its last day, 2027-08- / 31: a year of other days than a calendar year's is named
    by its days, each kept whole (``.day``, nowrap), breaking only between them; a calendar year
    still reads 2026年."""
    from flask import render_template_string

    from tests.support import signed_in

    on_demo_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        from portal import clock
        year = region.year(clock.today())
    days = (f'<span class="day">{year.start.isoformat()}</span> – '
            f'<span class="day">{year.end.isoformat()}</span>')
    client = signed_in(app, "district_admin")
    assert f"<h2>本年度计入（{days}）</h2>" in client.get("/admin/").get_data(as_text=True)
    client.post("/locale/en")
    assert f"<h2>Counted this year ({days})</h2>" in client.get("/admin/").get_data(as_text=True)
    teacher = signed_in(app, "teacher").get("/me/").get_data(as_text=True)
    assert f"本年度（{days}）" in teacher
    with app.test_request_context():
        from portal.domain.calendar import calendar_year
        page = render_template_string('{% from "macros.html" import year_label %}{{ year_label(p) }}',
                                      p=calendar_year(2026))
    assert page == "2026年"


def test_the_bonus_order_is_a_setting_asked_as_a_question_its_value_answering_it(make_app):
    """3. §四(二) gives 优/良 +20%/+10% 在其原学分基础上 but no rounding, nor whether the bonus goes on
    before or after it: bonus_on_rounded_base is a setting with a default, under the settings the
    documents leave open, not among the documents' figures. Its label said the default as a fact
    and its value said it again (考核等级奖励加在取舍后的基本学分上：加在取舍后的基本学分上，合计再取舍);
    it now asks, as the other yes-or-no settings do, and the value answers (是/否, and what it does)."""
    import re

    from plugins.shanxi import parameters as P
    from tests.support import signed_in

    bonus = P.BONUS_ON_ROUNDED_BASE
    assert bonus.is_setting and bonus.default is True and "须由本区教育行政部门确认" in str(bonus.assumption)
    assert "是否" in str(bonus.label)
    assert str(bonus.display(True)).startswith("是") and str(bonus.display(False)).startswith("否")
    # the rounding's note names it by its label, as the settings page lists it
    assert f"“{bonus.label}”" in str(P.CREDIT_QUANTUM.assumption)
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "district_admin")
    for lang, figures, said in (("zh", "文件", "考核等级奖励是否加在取舍后的基本学分上：是，合计再取舍一次"),
                                ("en", "document",
                                 "Whether the grade bonus is added to the rounded base credits: yes, the total rounded again")):
        if lang == "en":
            client.post("/locale/en")
        page = client.get("/rules/").get_data(as_text=True)
        settings = page.split('id="setting-bonus_on_rounded_base"')[1].split("</li>")[0]
        summary = re.sub(r"<[^>]+>", "", settings.split("<summary>")[1].split("</summary>")[0])
        assert summary == said, summary
        assert 'id="figure-bonus_on_rounded_base"' not in page  # not one of the documents' figures
        if lang == "en":
            assert "recognised for a pass" in settings and not re.search(r"[\u4e00-\u9fff]", settings)


def test_a_duty_still_open_keeps_its_day_on_one_line(make_app, monkeypatch):
    """The walk at 375 px: the teacher's home read 66.4 credits still needed by 2027-08- / 31, its
    last day broken (EN and ZH, 截止 2027-08- / 31): the day is kept whole (``.day``)."""
    import re

    from tests.support import signed_in

    on_demo_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    page = client.get("/me/").get_data(as_text=True)
    shown = re.findall(r'还需 [^<]*?学分，截止 (<span class="day">)?\d{4}-\d{2}-\d{2}', page)
    assert shown and all(shown), shown
    client.post("/locale/en")
    page = client.get("/me/").get_data(as_text=True)
    shown = re.findall(r'credits still needed by (<span class="day">)?\d{4}-\d{2}-\d{2}', page)
    assert shown and all(shown), shown


def test_why_no_borrowing_can_be_made_reads_as_one_ended_sentence(make_app, monkeypatch):
    """The walk: after a borrowing for the year, the bank read 目前不能借贷。 2026—2027 学年已借贷 14 学分
    (No borrowing can be made now. 14 credits already borrowed for school year 2026–2027), the
    region's reason an unended phrase after a sentence: it is one sentence, ended."""
    from decimal import Decimal

    from flask import render_template

    from portal.domain.appeals import CreditAccount
    from portal.domain.results import Period

    app = make_app("shanxi")
    year = Period(date(2026, 9, 1), date(2027, 8, 31))
    account = CreditAccount((), Decimal(0), Decimal(0), None, year, "2026—2027 学年已借贷 14 学分", (), "")
    with app.test_request_context():
        from types import SimpleNamespace
        html = render_template("bank/account.html", view=SimpleNamespace(
            teacher=SimpleNamespace(name="张俊杰", id=1), account=account, pending=None, may_ask=False,
            awaiting=(0, Decimal(0))), own=True)
    assert "目前不能借贷：2026—2027 学年已借贷 14 学分。" in html
