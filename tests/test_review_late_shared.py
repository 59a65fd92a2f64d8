"""The review queue says a note of lateness that several entries share once, above the list:
a phone trial's qingdao district read the same long note (逾期登记…, its clause) under each of its
six entries, ~3,700 px at 375 px. Each entry still says that it is late; a note of its own stays
with it."""
import re
from datetime import date

from portal.domain import Finding
from portal.services.reviews import Steps, Withheld, shared_late
from tests.support import signed_in
from tests.test_late_step_kept import registered_past_its_week


def _blocks(page: str) -> dict[str, str]:
    return {m.group(1): m.group(2)
            for m in re.finditer(r'id="review-(\d+)"(.*?)(?=id="review-\d+"|</main>)', page, re.S)}


def test_a_lateness_note_shared_by_the_entries_is_said_once_above_the_list(make_app, monkeypatch):
    app = make_app("qingdao", demo=True)
    registered_past_its_week(app, monkeypatch)
    queue = signed_in(app, "district_admin").get("/admin/reviews").get_data(as_text=True)
    blocks = _blocks(queue)
    late = [entry for entry, block in blocks.items() if "逾期" in block]
    assert len(late) > 1, "the demo's district has several registrations past their week"
    assert queue.count("仍可提交审核，记为逾期") == 1  # the region's note, with its clause, once
    above = queue.split('id="late-shared"')[1].split('<ul class="ledger"')[0]
    assert "仍可提交审核，记为逾期" in above and "附件1" in above
    for entry in late:  # each entry still says it is late, and no more
        assert "逾期：说明见列表上方。" in blocks[entry]
        assert "仍可提交审核" not in blocks[entry]


def test_a_note_only_one_entry_carries_stays_with_it():
    def note(day: int) -> Withheld:
        return Withheld("提交审核", "submitted", (Finding("deadline", True, None, None, f"截至 12-0{day}", "§1",
                                                           date(2026, 12, day)),))
    a, b = note(3), note(4)
    assert shared_late([Steps((), (), (a,)), Steps((), (), (a,)), Steps((), (), (b,))]) == (a,)
    assert shared_late([Steps((), (), (a,)), Steps((), (), (b,))]) == ()
    assert shared_late([Steps((), (), (a, a))]) == ()  # one entry is not several
