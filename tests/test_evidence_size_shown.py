"""An evidence file's size as the pages show it: a file of a few hundred bytes read "0 KB" in a
phone trial's review queue, as if empty (an empty file is refused, README: nothing of it is kept).
Sizes are rounded up: 1 KB."""
import io
import re
from datetime import timedelta

from portal import clock
from tests.support import login

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_small_file_reads_one_kilobyte_not_zero(app, client):
    login(client, "teacher")
    sent = client.post("/claims/new/outside_training", data={
        "title": "省平台：信息技术应用能力提升", "activity_date": (clock.today() - timedelta(days=30)).isoformat(), "level": "provincial", "figure": "12",
        "details": "证书编号 2026-001", "files": (io.BytesIO(PDF), "证书.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 303
    client.post("/logout")
    login(client, "school_admin")
    queue = client.get("/admin/reviews").get_data(as_text=True)
    size = re.search(r"证书\.pdf</a>\s*<span class=\"note\">(\d+) KB", queue)
    assert size is not None and size.group(1) == "1"
