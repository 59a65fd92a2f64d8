"""``portal_awaiting_when``'s ``roles``: the core passes every role of the reader but teacher (a
workshop leader's among them), as the guide says; the hookspec said "the reader's admin roles",
and a region reading it would not expect a workshop leader's role there."""
from __future__ import annotations

from pathlib import Path

from portal import hookspecs

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "writing-a-region.md"


def test_the_hookspec_and_the_guide_say_the_same_roles():
    row = next(line for line in GUIDE.read_text(encoding="utf-8").splitlines()
               if line.startswith("| `portal_awaiting_when("))
    spec = " ".join(hookspecs.portal_awaiting_when.__doc__.split())
    assert "the reader's roles other than teacher" in row
    assert "the reader's roles other than teacher" in spec
    assert "admin roles" not in spec
