"""The review queue's "several at once" note says which steps need a reason as the step list marks
them (须填写理由): "除审核通过外须填写理由" named a step, 审核通过, that a region's steps need not have
(shanxi's school registers with 核实并登记, its county audits with 审核验证，核定学年学分)."""
from __future__ import annotations

from tests.support import signed_in, text


def test_the_bulk_note_points_at_the_steps_marked_as_needing_a_reason(make_app):
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    school.post("/locale/zh_Hans_CN")
    page = text(school.get("/admin/reviews"))
    assert "批量处理" in page and "核实并登记" in page and "（须填写理由）" in page
    assert "审核通过" not in page
    assert "标有“须填写理由”的操作须填写理由" in page


def test_what_a_step_does_is_said_once_above_the_queue(make_app):
    """A shanxi school admin's phone read the same three lines (核查证明材料并登记…) under the
    register button of each of twelve rows: 6,000 px. Said once above the list, behind a tap; a
    row answered alone after a step still says it under its button."""
    import re
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    school.post("/locale/en")
    html = school.get("/admin/reviews").get_data(as_text=True)
    note = "personal training file and continuing-education certificate"
    assert html.count("<li class=\"entry pending\"") > 3 and html.count(note) == 1, html.count(note)
    panel = re.search(r"<summary>What the steps do</summary>(.*?)</details>", html, re.S)
    assert panel and note in panel.group(1)


def test_a_step_word_with_two_notes_on_a_page_keeps_each_note_under_its_button():
    """shanxi registers a claim and a borrowing under one word (核实并登记), each with its own
    note: said above the list together, no reader could tell which note is whose (a second
    read). With two of each on a page, both stay under their buttons; one word of one note
    shared by several rows is said once."""
    from plugins.shanxi.workflow import AUDIT_WORKFLOW
    from portal.services.reviews import ReviewPage, shared_notes

    claim, borrowing = [t for t in AUDIT_WORKFLOW.transitions if (t.source, t.target) == ("submitted", "registered")]
    assert str(claim.label) == str(borrowing.label) and str(claim.note) != str(borrowing.note)
    assert shared_notes([(claim,), (claim,), (borrowing,), (borrowing,)]) == ()
    assert shared_notes([(claim,), (claim,)]) == (claim,)
    page = ReviewPage([], 1, 20, 0, shared_notes=shared_notes([(claim,), (claim,)]))
    assert page.said_above(claim) and not page.said_above(borrowing)
