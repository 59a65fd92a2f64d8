"""What the tests share besides fixtures: the test config, the regions, signing in."""
from __future__ import annotations

from portal.plugins import installed_regions
from tests import example_region

PASSWORD = "demo12345"
# The regions shipped with the portal: checks of what only they promise (their demo's size,
# their page texts) run for these, never for a region installed from elsewhere.
BUNDLED_REGIONS = ("kaifeng", "qingdao", "ruian", "shanxi")
BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PORTAL_LOCKOUT_FAILURES": 5,
}


def all_regions() -> dict:
    """The installed regions plus the one defined only in tests/."""
    return {**installed_regions(), "example": example_region}


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})
