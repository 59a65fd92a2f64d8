"""The header named two queues 报名审核 and 审核 side by side (a qingdao trial's institution could
not tell which held what): the credit audit's reads 学分审核, or 学时审核 where the region counts hours,
and in English Credit audit or Hours audit."""
import re

import pytest

from tests.support import signed_in


@pytest.mark.parametrize(("region", "user", "locale", "named"), [
    ("qingdao", "institution", "zh_Hans_CN", "学分审核"), ("kaifeng", "district_admin", "zh_Hans_CN", "学时审核"),
    ("qingdao", "institution", "en", "Credit audit"), ("kaifeng", "district_admin", "en", "Hours audit")])
def test_the_credit_audit_is_named_in_the_menu(make_app, region, user, locale, named):
    client = signed_in(make_app(region, demo=True), user)
    client.post(f"/locale/{locale}")
    page = client.get("/notifications").get_data(as_text=True)
    assert re.search(rf'href="/admin/reviews[^"]*">{named}</a>', page), re.findall(r'href="/admin/reviews[^"]*">[^<]*', page)
