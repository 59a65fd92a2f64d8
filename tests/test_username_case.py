"""Usernames as phones type them: a capital first letter signs in to the one account named so
but for case, and no second account differing only by case is made (a deploying bureau made
AYXX_admin beside ayxx_admin; ChenXY could not sign in as chenxy)."""
import re

from tests.support import login, signed_in


def test_a_username_typed_with_capitals_signs_in(client):
    assert login(client, "Teacher").status_code == 302


def test_the_sign_in_field_asks_for_no_capital_letter(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'autocapitalize="none"' in page and 'autocorrect="off"' in page


def test_no_second_account_differs_only_by_case(app):
    admin = signed_in(app, "school_admin")
    form = admin.get("/admin/users/new").get_data(as_text=True)
    unit = re.search(r'name="org_unit"[^>]*>\s*(?:<option[^>]*value=""[^>]*>[^<]*</option>\s*)?<option[^>]*value="(\d+)"',
                     form, re.S)
    answer = admin.post("/admin/users/new", data={"username": "School_Admin", "display_name": "重名", "role": "school_admin",
                                                  "org_unit": unit.group(1) if unit else "", "password": "a-long-pass1",
                                                  "password_again": "a-long-pass1"})
    assert answer.status_code != 303 and "该用户名已被使用" in answer.get_data(as_text=True)
