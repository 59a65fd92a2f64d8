"""`portal rules test` on a region it cannot load (a hook misspelt, a region not installed)
printed only "Error: ..." on stderr, with no summary line, where docs/writing-a-region.md
(section 8) promises one line per problem and a summary line last, exit 1; and it named
PORTAL_REGION for a code given with --region. An outside author's CI reads stdout."""
from __future__ import annotations

from click.testing import CliRunner

from portal.cli import main
from tests.test_plugins import _example_with


def test_a_region_written_wrong_is_one_problem_line_and_a_summary_line(monkeypatch):
    from portal import plugins

    module = _example_with("portal_cylce", lambda on: None)
    monkeypatch.setattr(plugins, "installed_regions", lambda: {"outside": module})
    result = CliRunner().invoke(main, ["rules", "test", "--region", "outside"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert "no hook 'portal_cylce'" in lines[0]
    assert lines[-1] == "outside: not loaded, so no worked case was run; 1 problem"
    assert result.stderr == ""


def test_a_region_not_installed_is_named_without_blaming_a_setting_never_set(monkeypatch):
    monkeypatch.delenv("PORTAL_REGION", raising=False)
    result = CliRunner().invoke(main, ["rules", "test", "--region", "nosuch"])
    assert result.exit_code == 1
    first, last = result.stdout.splitlines()
    assert "Unknown region 'nosuch'" in first and "PORTAL_REGION" not in first and "Installed regions:" in first
    assert last.endswith("1 problem")
