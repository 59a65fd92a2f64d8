"""Addresses as people type or paste them."""
from tests.support import login


def test_an_address_with_or_without_its_final_slash_finds_the_page(client):
    login(client, "teacher")
    assert client.get("/catalog/").status_code == 200
    assert client.get("/me").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
