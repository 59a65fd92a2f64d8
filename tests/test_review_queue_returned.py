"""A credit-audit entry the region's workflow returned to the reader (a claim sent back to its
school, which corrects it and hands it in again: kaifeng's 补正后重新提交) is counted apart from
those waiting for the reader's review, and offers no tick box for the batch step: a trial's
principal, whose only step in kaifeng's audit is that resubmission, read the returned claim
counted as waiting for her review (共 1 条记录待您审核), with a tick box beside it."""
from __future__ import annotations

import re

from portal.domain import UserRole
from tests.support import login


def _count_line(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.split('id="review-count"', 1)[1].split("</p>", 1)[0]).split())


def test_a_returned_claim_waits_for_its_correction_not_the_principals_review(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].audit_workflow()
        principal_steps = [t for t in workflow.transitions if t.actor == UserRole.PRINCIPAL]
        # by kaifeng's workflow a returned claim (claim_returned) goes back to the school, whose
        # principal hands it in again; the principal decides no entry
        assert principal_steps and all(workflow.resubmits(t) for t in principal_steps)
        assert {t.source for t in principal_steps} == {"claim_returned"}
    client = app.test_client()
    login(client, "principal")
    for locale, returned, review, heading in (
            ("zh_Hans_CN", "1 条记录已退回给您", "待您审核", "退回给您补正后重新提交的记录"),
            ("en", "1 entry was returned to you", "wait for your review", "Entries returned to you (Corrected: hand in again)")):
        client.post(f"/locale/{locale}")
        page = client.get("/admin/reviews").get_data(as_text=True)
        line = _count_line(page)
        assert returned in line and review not in line, line
        assert f"<h1>{heading}</h1>" in page
        assert "补正后重新提交" in page or "Hand in again after correcting" in page or 'value="submitted"' in page
        assert 'name="entry"' not in page  # no tick box: corrected and handed in one by one
        assert 'id="bulk"' not in page


def test_a_reviewer_still_reads_the_entries_waiting_for_review_and_ticks_them(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en")
    page = client.get("/admin/reviews").get_data(as_text=True)
    line = _count_line(page)
    waiting = re.search(r"(\d+) (entry waits|entries wait) for your review", line)
    assert waiting, line
    assert "returned to you" not in line
    assert ('name="entry"' in page) == (int(waiting.group(1)) > 0)


def test_the_institution_which_only_checks_and_hands_in_again_is_not_asked_to_review(make_app):
    """Trial: kaifeng's institution, whose only step in the audit is 核实后重新提交 (a result the
    department returned to it), read its queue headed 待您审核 with 共 0 条记录待您审核."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].audit_workflow()
        steps = [t for t in workflow.transitions if t.actor == UserRole.INSTITUTION_STAFF]
        assert steps and all(workflow.resubmits(t) for t in steps)
    client = app.test_client()
    login(client, "institution")
    for locale, heading, nothing, review in (
            ("zh_Hans_CN", "退回给您核实后重新提交的记录", "目前没有退回给您的记录", "审核"),
            ("en", "Entries returned to you (Checked: hand in again)", "Nothing was returned to you",
             "review")):
        client.post(f"/locale/{locale}")
        page = client.get("/admin/reviews").get_data(as_text=True)
        line = _count_line(page)
        assert f"<h1>{heading}</h1>" in page
        assert nothing in line and review not in line, line
        assert "待您审核" not in page and "Entries awaiting you" not in page


def test_an_empty_queue_says_so_once(make_app):
    """At 375 px the institution's empty queue read 目前没有退回给您的记录。按培训日期从早到晚排列。, then
    筛选, 暂无待办。 and 第 1 / 1 页: an order, a filter and a page of nothing under the sentence
    that said there was nothing. A filtered list that finds nothing still says so and keeps its filter."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "institution")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "目前没有退回给您的记录" in page
    assert not re.search("从早到晚|筛选|暂无待办|第 1 / 1 页", page)
    filtered = client.get("/admin/reviews?q=nobody-here").get_data(as_text=True)
    assert "暂无待办" in filtered and "筛选" in filtered


def test_the_schools_home_card_names_the_correction_not_a_review(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    # kaifeng's school hands in again both a claim returned to it (补正后重新提交) and the result of a
    # training it ran itself (核实后重新提交): the card names no one step, and says 补正 of neither
    assert "退回给您的记录" in home and "待您审核" not in home and "补正的记录" not in home
    login(client, "district_admin")
    assert "待您审核" in client.get("/", follow_redirects=True).get_data(as_text=True)  # a department reviews
