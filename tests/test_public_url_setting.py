"""PORTAL_PUBLIC_URL is printed on the schools' sheets of activation codes and in every QR code:
an address without its scheme stops start-up rather than being handed out on paper."""
from __future__ import annotations

import pytest

from portal.config import ConfigError, from_environment


@pytest.mark.parametrize("value", ["jsjy.example.gov.cn", "www.jsjy.example.gov.cn/", "ftp://jsjy.example.gov.cn",
                                   "https://", "https:// jsjy.example.gov.cn"])
def test_a_public_address_without_its_scheme_and_host_stops_start_up(tmp_path, value):
    with pytest.raises(ConfigError, match="PORTAL_PUBLIC_URL"):
        from_environment(str(tmp_path), {"PORTAL_PUBLIC_URL": value})


@pytest.mark.parametrize("value", ["", "https://jsjy.example.gov.cn", "https://jsjy.example.gov.cn/",
                                   "http://10.0.0.5:8080", "https://www.example.gov.cn/jsjy"])
def test_a_public_address_with_its_scheme_is_kept(tmp_path, value):
    assert from_environment(str(tmp_path), {"PORTAL_PUBLIC_URL": value})["PORTAL_PUBLIC_URL"] == value
