"""The teacher's home counts duties, not caps: a cap (school-based at most 120) is always
"met" and is no duty of the teacher's."""
import re

from tests.support import login


def test_the_home_page_counts_duties_and_leaves_caps_out(make_app):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    findings = client.get("/api/me/standing").get_json()["compliance"]["findings"]
    caps = [f for f in findings if f.get("cap")]
    assert caps, "the demo teacher's standing has a cap (school-based at most 120)"
    duties = [f for f in findings if not f.get("cap")]
    page = client.get("/me/").get_data(as_text=True)
    met, total = map(int, re.search(r"已完成 (\d+) / (\d+) 项学分要求", page).groups())
    assert (met, total) == (sum(1 for f in duties if f["ok"]), len(duties))
