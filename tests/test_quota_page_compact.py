"""The quota page (kaifeng's city admin, a project's quotas per unit) read about 2600 px on a
375 px phone with 13 unit rows: each unit was a card with its input and its seats taken below.
Each unit is now one line (its name, its seats taken, its quota) and how quotas work is behind
a tap; every unit's input stays, so the page saves as before."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import ProjectQuota, TrainingProject
from tests.support import signed_in


def test_the_quota_page_is_one_line_a_unit_and_its_help_behind_a_tap(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published",
            TrainingProject.start_date > clock.today()))
    city = signed_in(app, "city_admin")
    page = city.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    rows = page[page.index('<ul class="quota-rows">'):]
    rows = rows[:rows.index("</ul>")]
    units = re.findall(r'<input type="number" id="unit-(\d+)"', rows)
    assert len(units) >= 8 and rows.count("<li") == len(units)
    assert 'class="card"' not in rows and "已占用 0" in rows
    # the rules of quotas: one line said, the rest behind a tap
    help_ = page[page.index('<details class="panel quota-help">'):]
    assert help_.index("不分配名额的单位请留空") < help_.index("</details>")
    assert "分配给各单位的名额，由本单位及下属学校的教师使用。" in help_[:help_.index("</summary>")]
    # it saves as before
    form = {f"unit-{u}": "" for u in units}
    with app.app_context():
        held = dict(db.session.execute(select(ProjectQuota.org_unit_id, ProjectQuota.seats)
                                       .where(ProjectQuota.project_id == project_id)).all())
    form.update({f"unit-{u}": str(s) for u, s in held.items()})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token:
        form["csrf_token"] = token.group(1)
    assert city.post(f"/projects/{project_id}/quotas", data=form).status_code in (200, 303)
    city.post("/locale/en")
    english = city.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    assert "0 taken" in english and "Leave a unit empty for no quota" in english
