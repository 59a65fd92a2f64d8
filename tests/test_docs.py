"""The plugin author's guide covers the whole contract and points only at what they have."""
import inspect
import re
from pathlib import Path

from portal import hookspecs
from portal.rulebook import TEACHER_FIELDS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "writing-a-region.md").read_text(encoding="utf-8")


def test_every_hook_is_in_the_guide():
    hooks = [name for name, f in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("portal_")]
    missing = [name for name in hooks if f"`{name}(" not in GUIDE]
    assert hooks and not missing, missing


def test_the_guide_shows_every_teacher_field():
    assert all(f'"{field}"' in GUIDE for field in TEACHER_FIELDS)


def test_the_guide_links_only_to_what_an_installed_portal_has():
    links = re.findall(r"\]\(([^)]+)\)", GUIDE)
    assert all(link.startswith(("http://", "https://", "#")) for link in links), links
    assert "tests/test_conformance" not in GUIDE and "example_region" not in GUIDE and "DESIGN.md" not in GUIDE
