"""A borrowing makes up a school year's shortfall (§五(三) 未实行学分“借贷”者 … 不合格) but is no
credit earned or recognised: the year read 20 earned (本年度已认定 20) of 13.8 registered and 6.2
borrowed. Now the year's earned is what was registered, and what counts toward it (the year's
duty is judged by it) holds the borrowing's covering part, which the pages say apart."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import plugins.shanxi as shanxi
from tests.regions.test_shanxi_bank import VETERAN, borrowed, earned


def test_a_borrowing_counts_toward_the_year_but_is_not_earned():
    as_of = date(2025, 12, 1)
    records = [earned(date(2025, 10, 8), "13.8"), borrowed(date(2025, 11, 1), "6.2")]
    standing = shanxi.portal_check_compliance(VETERAN, records, as_of, as_of)
    year = standing.year(2025)
    assert (year.earned, year.counts, year.ok) == (D("13.8"), D(20), True)
    account = shanxi.portal_credit_account(VETERAN, records, as_of)
    mine = next(y for y in account.years if y.period.start == date(2025, 9, 1))
    assert mine.earned == D("13.8") and mine.toward_required == D(20)
