"""Headless-browser tests: Debian's Chromium driven by pytest-playwright against a live server.

Every test here is marked ``browser``. Without ``/usr/bin/chromium`` they are skipped, unless
``PORTAL_REQUIRE_BROWSER=1`` (CI), where each one fails with the same message. No
browser is ever downloaded: Playwright launches the system binary through ``executable_path``.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
MISSING = "Debian chromium not installed: apt-get install chromium fonts-noto-cjk"
HERE = Path(__file__).resolve().parent


def _browser_missing() -> bool:
    return not os.path.exists(CHROMIUM)


def _browser_required() -> bool:
    return os.environ.get("PORTAL_REQUIRE_BROWSER") == "1"


class _BrowserMissing(pytest.Item):
    """Stands in for a browser test when Chromium is required but absent: it fails in the
    call phase (reported FAILED, not as a fixture ERROR) without starting Playwright."""

    def runtest(self):
        pytest.fail(MISSING, pytrace=False)

    def reportinfo(self):
        return self.path, None, self.name


@pytest.hookimpl(tryfirst=True)  # before -m/-k deselection reads the markers
def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, not only this folder's.
    missing, required = _browser_missing(), _browser_required()
    for index, item in enumerate(items):
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        if missing and required:
            item = items[index] = _BrowserMissing.from_parent(item.parent, name=item.name)
        item.add_marker(pytest.mark.browser)
        if missing and not required:
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, on the system Chromium, always headless."""
    if _browser_missing():  # not reached by this folder's tests (skipped or replaced above)
        if _browser_required():
            pytest.fail(MISSING, pytrace=False)
        pytest.skip(MISSING)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """Replaces pytest-playwright's fallback ``base_url``, an instance method of a plugin class:
    pytest 9.2 warns about those (PytestRemovedIn10Warning, a DeprecationWarning), an error
    under ``filterwarnings = error::DeprecationWarning``. The tests use ``live_server`` URLs."""
    return pytestconfig.getoption("--base-url", None) or None


@pytest.fixture
def live_server_for(make_app):
    """Serves a region's demo portal with CSRF on, on a free local port: ``live_server_for("ruian")``
    returns its base URL. One region per test: the test's database holds one demo."""
    servers = []

    def serve(region: str, prepare=None) -> str:
        """``prepare(app)``, where given, sets the demo's data up before the server starts."""
        app = make_app(region, demo=True, WTF_CSRF_ENABLED=True)
        if prepare is not None:
            prepare(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name=f"live-server-{region}", daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def live_server(live_server_for):
    """The qingdao demo portal with CSRF on, served on a free local port; yields its base URL."""
    return live_server_for("qingdao")
