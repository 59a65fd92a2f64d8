"""shanxi's 核定 (the county confirms a school year's credits, §五(二) 核定教师个人本学年的培训学分)
reads "confirmed" in English: "Audited and fixed by the county" read to a teacher as if her entry
had been broken and repaired."""
from __future__ import annotations

from tests.support import signed_in


def test_the_countys_confirmation_reads_confirmed_not_fixed(make_app):
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/en")
    ledger = teacher.get("/me/ledger").get_data(as_text=True)
    assert "Audited and confirmed by the county" in ledger and "fixed" not in ledger
    county = signed_in(app, "district_admin")
    county.post("/locale/en")
    queue = county.get("/admin/reviews").get_data(as_text=True)
    assert "registers and audits their credits and confirms the year" in queue  # a private school's entry
    assert "fix" not in queue.replace("prefix", "")
