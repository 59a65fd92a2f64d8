"""Plugin loading, the hook contract, and the portal plugins command."""
import importlib.metadata
import inspect
import json
import re
import subprocess
from pathlib import Path

import pytest

from portal.domain.text import using
from click.testing import CliRunner

from portal import create_app, hookspecs
from portal.cli import main
from portal.plugins import Region, UnknownRegion, installed_regions

REGIONS = {"qingdao", "kaifeng", "ruian", "shanxi"}
ROOT = Path(__file__).resolve().parent.parent


def test_the_four_regions_are_installed_by_entry_point():
    assert REGIONS <= set(installed_regions())


def test_every_hookspec_is_documented():
    specs = [(n, f) for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("portal_")]
    assert len(specs) >= 12
    for name, func in specs:
        doc = inspect.getdoc(func) or ""
        assert len(doc) > 80, f"{name} needs a docstring that says what it gets and returns"


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_names_itself_and_implements_the_required_hooks(code):
    module = installed_regions()[code]
    info = module.portal_region_info()
    assert info.code == code
    assert re.search(r"[\u4e00-\u9fff]", str(info.name)), "display name in Chinese"
    with using("en"):
        assert not re.search(r"[\u4e00-\u9fff]", str(info.name)), "and in English"
    for hook in ("portal_region_info", "portal_demo_data", "portal_rule_versions", "portal_convert_activity",
                 "portal_cycle", "portal_requirements", "portal_check_compliance"):
        assert hasattr(module, hook), f"{code} lacks {hook}"


def test_unknown_region_stops_start_up_listing_the_installed_ones():
    with pytest.raises(UnknownRegion) as exc:
        create_app({"PORTAL_REGION": "atlantis", "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for code in REGIONS:
        assert code in str(exc.value)


def test_portal_plugins_lists_each_region_with_its_hooks(monkeypatch):
    monkeypatch.setenv("PORTAL_REGION", "shanxi")
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("* shanxi") and "山西省" in line and "enabled" in line for line in lines)
    assert any(line.startswith("  qingdao") and "installed" in line for line in lines)
    assert "portal_convert_activity" in result.output


def test_portal_plugins_list_lists_them_too(monkeypatch):
    """An outside author typed `portal plugins list`, as most plugin systems spell it, and got
    "No such command 'list'": it lists what `portal plugins` alone lists, --json as well."""
    monkeypatch.setenv("PORTAL_REGION", "shanxi")
    listed = CliRunner().invoke(main, ["plugins", "list"])
    assert listed.exit_code == 0, listed.output
    assert listed.output == CliRunner().invoke(main, ["plugins"]).output
    as_json = CliRunner().invoke(main, ["plugins", "list", "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output) == json.loads(CliRunner().invoke(main, ["plugins", "--json"]).output)


def test_portal_plugins_shows_each_regions_rules_version_beside_its_package(monkeypatch):
    """The version the portal keeps standings under is the region's own (RegionInfo.version),
    not the version of the distribution that ships it: a plugin author bumps the former."""
    monkeypatch.setenv("PORTAL_REGION", "shanxi")
    modules = installed_regions()
    text = CliRunner().invoke(main, ["plugins"]).output
    rows = {row["name"]: row for row in json.loads(CliRunner().invoke(main, ["plugins", "--json"]).output)}
    for code, module in modules.items():
        rules = module.portal_region_info().version
        assert rules == Region.load(code).info.version
        assert rows[code]["rules_version"] == rules
        line = next(line for line in text.splitlines() if line[2:].startswith(code))
        assert f"rules {rules}" in line
        for dist in importlib.metadata.packages_distributions().get(module.__name__.split(".")[0], []):
            assert rows[code]["package_version"] == importlib.metadata.version(dist)
    assert len({row["rules_version"] for row in rows.values()}) > 1  # each region its own, not one package's


def test_portal_plugins_works_even_when_the_configured_region_is_unknown(monkeypatch):
    monkeypatch.setenv("PORTAL_REGION", "atlantis")
    result = CliRunner().invoke(main, ["plugins", "--json"])
    assert result.exit_code == 0
    assert '"enabled": true' not in result.output


def test_the_core_names_no_region():
    names = re.compile(r"qingdao|kaifeng|ruian|shanxi|青岛|开封|瑞安|山西", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "portal").rglob("*")
        if path.suffix in {".py", ".html", ".po"} and names.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_portal_command_is_a_flask_group(tmp_path):
    """Listing the commands builds no app: a fresh machine's ``portal --help`` writes no secret
    key and no database into the instance folder."""
    import os

    instance = tmp_path / "instance"
    result = subprocess.run([str(Path(__import__("sys").executable).parent / "portal"), "--help"],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "PORTAL_INSTANCE_PATH": str(instance)})
    assert result.returncode == 0
    for command in ("run", "db", "routes", "plugins", "demo", "standings", "ledger"):
        assert command in result.stdout
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    # a bureau's first command (README, "The first start") is listed beside the others
    assert {"setup", "worker", "keys", "rules", "run", "db", "demo", "standings", "ledger"} <= listed
    assert not instance.exists()


def test_a_region_written_before_today_is_answered_as_before_and_one_asking_gets_it(monkeypatch):
    """``today`` came to ``portal_check_compliance`` after regions were written against it: one
    that does not take it is called as before (its answer whatever ``today``), one that takes it
    gets ``as_of`` unless the core reads a later day (an ended cycle judged on its last day)."""
    from datetime import date, timedelta

    from portal.domain import Period, TeacherFacts
    from portal.hookspecs import hookimpl
    from portal.plugins import make_manager
    from tests import example_region

    assert "today" in inspect.signature(hookspecs.portal_check_compliance).parameters
    older = Region(make_manager(example_region), example_region)
    last = example_region.portal_cycle(date(2026, 6, 1)).end
    after = last + timedelta(days=1)
    assert older.check(TeacherFacts(), [], last) == older.check(TeacherFacts(), [], last, after)
    seen, judged = [], example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of, today):
        seen.append((as_of, today, Period(as_of, as_of).ended_on(today)))
        return judged(teacher=teacher, records=records, as_of=as_of)

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    newer = Region(make_manager(example_region), example_region)
    newer.check(TeacherFacts(), [], last)
    newer.check(TeacherFacts(), [], last, after)
    assert seen == [(last, last, False), (last, after, True)]


def _example_with(name: str, function):
    """The example region, with one more ``@hookimpl`` as an outside author might write it."""
    import types

    from tests import example_region

    module = types.ModuleType("outside_region")
    module.__spec__ = example_region.__spec__
    for attr in dir(example_region):
        if attr.startswith("portal_"):
            setattr(module, attr, getattr(example_region, attr))
    function.__name__ = name
    setattr(module, name, hookspecs.hookimpl(function))
    return module


@pytest.mark.parametrize("name, function, said", [
    ("portal_year_of", lambda on: None, ["portal_year_of(on)", "no hook 'portal_year_of'", "portal/hookspecs.py"]),
    ("portal_cycle", lambda day: None, ["portal_cycle(day) takes day", "the hook is portal_cycle(on, teacher)"]),
    # the guide says never to: pluggy then never passes teacher, and the rules judge everyone as the region
    ("portal_requirements", lambda on, teacher=None: None,
     ["portal_requirements gives teacher a default value", "portal_requirements(on, teacher) without defaults"]),
])
def test_a_hook_misspelt_or_taking_an_argument_the_hook_lacks_is_refused_in_a_line_saying_what_to_change(
        name, function, said, monkeypatch):
    """A region's author who misspells a hook, or names its argument otherwise than the hook
    (``def portal_cycle(day)``), got pluggy's PluginValidationError as a traceback from
    `portal rules test`; the error names the hook, what it is and what to change, and every
    command that loads a region (they catch ``UnknownRegion``) says it in a line."""
    from portal import plugins

    module = _example_with(name, function)
    with pytest.raises(UnknownRegion) as refused:
        Region.load("outside", {"outside": module})
    for words in said:
        assert words in str(refused.value), str(refused.value)
    assert "\n" not in str(refused.value)
    monkeypatch.setattr(plugins, "installed_regions", lambda: {"outside": module})
    result = CliRunner().invoke(main, ["rules", "test", "--region", "outside"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert said[0] in result.output and "Traceback" not in result.output
    for command in ("describe", "convert", "check"):  # said as the region's problem, not a setting's
        answer = CliRunner().invoke(main, ["rules", command, "--region", "outside"], input="{}")
        assert answer.exit_code == 2 and json.loads(answer.output)["error"] == "region", answer.output
        assert said[0] in json.loads(answer.output)["message"]


def test_portal_plugins_lists_every_region_and_says_what_is_wrong_with_one_written_wrong(monkeypatch):
    """One installed region with ``def portal_cycle(day)`` stopped `portal plugins` with a
    traceback for every region; the others are listed and it says its problem."""
    from portal import cli

    broken = _example_with("portal_cycle", lambda day: None)
    monkeypatch.setattr(cli, "installed_regions", lambda: {**installed_regions(), "outside": broken})
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert " qingdao " in result.output and "portal_convert_activity" in result.output
    assert "    problem: Region outside_region: portal_cycle(day) takes day" in result.output
    as_json = json.loads(CliRunner().invoke(main, ["plugins", "--json"]).output)
    assert [row["problem"] for row in as_json if row["name"] == "outside"][0].startswith("Region outside_region")


def test_a_hook_pluggy_takes_as_written_is_not_refused():
    """``check_hooks`` refuses what pluggy would never call as the author meant; it must not
    refuse what pluggy takes: an implementation named otherwise than its hook through
    ``@hookimpl(specname=...)``, or one taking ``**kwargs`` beside the hook's arguments (pluggy
    passes the arguments it names and nothing into ``**kwargs``)."""
    import types

    from portal.domain import Period
    from tests import example_region

    module = types.ModuleType("outside_region")
    module.__spec__ = example_region.__spec__
    for attr in dir(example_region):
        if attr.startswith("portal_") and attr != "portal_cycle":
            setattr(module, attr, getattr(example_region, attr))
    seen = []

    def cycle_of_everyone(on, **_unused):
        seen.append(on)
        return example_region.portal_cycle(on)

    module.cycle_of_everyone = hookspecs.hookimpl(specname="portal_cycle")(cycle_of_everyone)
    region = Region.load("example", {"example": module})  # RegionInfo says "example"
    from datetime import date

    assert isinstance(region.cycle(date(2026, 6, 1)), Period) and seen == [date(2026, 6, 1)]
