"""The header named two queues 报名审核 and 审核 side by side (a qingdao trial's institution could
not tell which held what): the credit audit's reads 学分审核, or 学时审核 where the region counts hours."""
import re

import pytest

from tests.support import signed_in


@pytest.mark.parametrize(("region", "user", "named"), [("qingdao", "institution", "学分审核"),
                                                      ("kaifeng", "district_admin", "学时审核")])
def test_the_credit_audit_is_named_in_the_menu(make_app, region, user, named):
    client = signed_in(make_app(region, demo=True), user)
    client.post("/locale/zh_Hans_CN")
    page = client.get("/notifications").get_data(as_text=True)
    assert re.search(rf'href="/admin/reviews[^"]*">{named}</a>', page), re.findall(r'href="/admin/reviews[^"]*">[^<]*', page)


@pytest.mark.parametrize(("region", "user", "named"), [("qingdao", "institution", "Credit audit"),
                                                      ("kaifeng", "district_admin", "Hours audit")])
def test_in_english_too(make_app, region, user, named):
    client = signed_in(make_app(region, demo=True), user)
    client.post("/locale/en")
    page = client.get("/notifications").get_data(as_text=True)
    assert re.search(rf'href="/admin/reviews[^"]*">{named}</a>', page), re.findall(r'href="/admin/reviews[^"]*">[^<]*', page)
