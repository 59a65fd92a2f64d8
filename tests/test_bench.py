"""The benchmarks' city builder and bare baseline keep working as the schema changes (their
timings are printed by bench/*.py, never asserted here)."""
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import bare
    import dataset

    yield dataset, bare
    for name in ("bare", "dataset", "measure"):
        sys.modules.pop(name, None)


def test_a_small_city_is_built_and_its_pages_answer(bench_modules, tmp_path):
    dataset, bare = bench_modules
    url = f"sqlite:///{tmp_path}/city.sqlite3"
    dataset.build(url, "qingdao", teachers=30, entries=3)
    app = dataset.app_for(url, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    assert client.post("/login", data={"username": "t000007", "password": dataset.PASSWORD}).status_code == 302
    for page in ("/me/", "/me/compliance", "/me/ledger"):
        assert client.get(page).status_code == 200, page
    baseline = bare.create(url).test_client()
    for page in ("/me/8", "/ledger/8", "/teachers?page=2"):
        assert baseline.get(page).status_code == 200, page
    # what bench/instructions.py runs under valgrind, here without it: both sides ask their pages
    for side in ("bare", "portal"):
        subprocess.run([sys.executable, str(BENCH / "instructions.py"), "--child", side, "--database", url,
                        "--page", "/me/compliance", "--requests", "1"], check=True, cwd=BENCH, timeout=600)
