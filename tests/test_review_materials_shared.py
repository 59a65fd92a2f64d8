"""The review queue says the link to a training's materials once where several of the page's
entries come from that training, at the first of them: a qingdao district admin's queue repeated
该培训的培训情况资料：2 份 under each of six entries of one training. An entry alone of its training
on the page keeps its own link."""
from __future__ import annotations

import re
from types import SimpleNamespace

from tests.support import signed_in


def _blocks(page: str) -> list[tuple[str, str]]:
    return re.findall(r'id="review-(\d+)"(.*?)(?=id="review-\d+"|</main>)', page, re.S)


def test_a_trainings_materials_shared_by_several_entries_are_linked_once(make_app):
    app = make_app("qingdao", demo=True)
    queue = signed_in(app, "district_admin").get("/admin/reviews").get_data(as_text=True)
    linked = [(entry, re.search(r'href="(/projects/\d+#materials)"', block)) for entry, block in _blocks(queue)]
    links = [m.group(1) for _e, m in linked if m]
    assert links, "the demo district's queue has entries of a training holding materials"
    assert len(links) == len(set(links))  # each training's link once on the page
    assert re.search(r"培训情况资料：\d+ 份</a> （本页该培训的 [2-9] 条记录共用）", queue)


def test_the_link_is_said_at_the_first_entry_of_its_training_and_kept_by_an_entry_alone():
    from portal.services.reviews import ReviewPage, shared_materials

    assert shared_materials([(1, 7, 2), (2, 7, 2), (3, 8, 1), (4, None, None), (5, 7, 2), (6, 9, 0), (7, 9, 0)]) \
        == ((1, 3),)
    rows = [SimpleNamespace(entry=SimpleNamespace(id=i), project_id=p, materials=m)
            for i, p, m in [(1, 7, 2), (2, 7, 2), (3, 8, 1), (4, None, None)]]
    page = ReviewPage(rows, 1, 20, 4, shared_materials=((1, 2),))
    assert [page.materials_at(r) for r in rows] == [2, 0, 1, 0]


def test_an_entry_of_the_training_after_a_gap_says_the_link_again():
    """Newest first, a training's entries may lie apart (another training's between): said only
    at the first, the link was nowhere near the later ones. It is said once for each run of the
    training's entries one after another, the run's length at its first entry."""
    from portal.services.reviews import ReviewPage, shared_materials

    listed = [(1, 7, 2), (2, 7, 2), (3, 8, 1), (4, 7, 2), (5, None, None), (6, 7, 2), (7, 7, 2), (8, 7, 2)]
    rows = [SimpleNamespace(entry=SimpleNamespace(id=i), project_id=p, materials=m) for i, p, m in listed]
    page = ReviewPage(rows, 1, 20, len(rows), shared_materials=shared_materials(listed))
    assert [page.materials_at(r) for r in rows] == [2, 0, 1, 1, 0, 3, 0, 0]
    # how many of the page's entries the training has, for the words of a run holding them all
    assert [page.materials_shared(r) for r in rows] == [6, 6, 1, 6, 1, 6, 6, 6]
    alone = ReviewPage(rows[:2], 1, 20, 2, shared_materials=shared_materials(listed[:2]))
    assert [alone.materials_at(r) for r in alone.items] == [2, 0]
    assert alone.materials_shared(rows[0]) == 2
