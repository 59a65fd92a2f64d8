"""In production the portal answers only over HTTPS. Put behind nginx or a gateway that ends
TLS (``PORTAL_PROXIES``), it reads the client's scheme and address from the proxy's headers:
a request the proxy received over HTTPS is served, not redirected to itself forever, and the
sign-in limits count the client's address, not the proxy's."""
from __future__ import annotations

import pytest


@pytest.fixture
def production(make_app):
    def build(proxies: int):
        return make_app(PORTAL_ENV="production", PORTAL_PROXIES=proxies, SESSION_COOKIE_SECURE=True).test_client()
    return build


def test_plain_http_is_sent_to_https(production):
    response = production(0).get("/login", base_url="http://portal.example.cn")
    assert response.status_code in (301, 302)
    assert response.headers["Location"].startswith("https://portal.example.cn/login")


def test_behind_a_proxy_that_ended_tls_the_page_is_served(production):
    client = production(1)
    response = client.get("/login", base_url="http://portal.example.cn",
                          headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 200
    assert "max-age" in response.headers["Strict-Transport-Security"]
    # the proxy's own plain request is still sent to HTTPS
    assert client.get("/login", base_url="http://portal.example.cn",
                      headers={"X-Forwarded-Proto": "http"}).status_code in (301, 302)

