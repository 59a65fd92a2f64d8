"""A step taken past the region's deadline stays said on the entry: the next reviewer reads
that the registration was late (qingdao's district registers its own trainings within a week,
2018 notice 附件1; a phone trial saw "逾期登记" go with the step that was late)."""
import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in

CHILD_LAW = "市南区专题培训：儿童保护法律教育"  # the demo's district training awaiting its registration


def registered_past_its_week(app, monkeypatch) -> None:
    """The demo's district training ended ten days ago, past its week, as the demo dates it from
    mid-January on; in its first days the demo keeps it inside this year (on 1 January), not yet
    late: the queue is then read ten days after its end (the portal's day, not the demo's facts)."""
    with app.app_context():
        end = db.session.scalar(select(TrainingProject.end_date).where(TrainingProject.name.contains(CHILD_LAW)))
    if clock.today() <= end + timedelta(weeks=1):
        later = end + timedelta(days=10)
        monkeypatch.setattr(clock, "today", lambda: later)


def test_the_next_step_reads_that_an_earlier_one_was_late(make_app, monkeypatch):
    app = make_app("qingdao", demo=True)
    registered_past_its_week(app, monkeypatch)
    district = signed_in(app, "district_admin")
    queue = district.get("/admin/reviews").get_data(as_text=True)
    late = [m.group(1) for m in re.finditer(r'id="review-(\d+)"(.*?)(?=id="review-\d+"|</main>)', queue, re.S)
            if "逾期" in m.group(2)]
    assert late, "the demo's district has a registration past its week"
    entry = late[0]
    block = queue.split(f'id="review-{entry}"')[1].split('id="review-')[0]
    target = re.search(r'name="target" value="([a-z_]+)"', block).group(1)
    assert district.post(f"/admin/reviews/{entry}", data={"target": target}).status_code == 303
    after = district.get("/admin/reviews").get_data(as_text=True)
    assert f'id="review-{entry}"' in after, "the district takes the next step too"
    block = after.split(f'id="review-{entry}"')[1].split('id="review-')[0]
    assert re.search(r"此前的步骤逾期办理：期限为 \d{4}-\d{2}-\d{2}。", block)
