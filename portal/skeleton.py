"""``portal plugins new NAME``: write a new region as its own installable package.

The files come from ``portal/region_template/*.tmpl`` with ``$name``, ``$package``, ``$title``,
``$english`` and the unit's words filled in (and ``NAME`` in file names). What depends on
the unit the region counts (``--unit``: 学分 credits, the default, or 学时 hours) is under
``region_template/units/UNIT/``: the conversion, the parameters, the placeholder document,
its worked cases, and the English of their texts (``messages.po``, put into the catalogue
at ``$unit_messages``). The package is laid out by concern
(``conversion``, ``compliance``, ``eligibility``, ``workflow``, ``reporting``, ``parameters``,
``demo``, ``words`` and a short ``__init__`` of hook wiring), uses the helpers every region
shares from ``portal.domain``, cites the clauses of a placeholder document it ships, and has
its parameters (some of them settings), its English catalogue (compiled here), a demo with a
user for every role and worked cases; it passes ``portal rules test`` at once.
"""
from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path
from string import Template

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .domain import Unit
from .domain.enums import LEDGER_UNITS

SKELETON = Path(__file__).resolve().parent / "region_template"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
DISTRIBUTION = "teacher-credit-portal"
UNITS = tuple(unit.value for unit in LEDGER_UNITS)
# The words each unit puts into the templates: the Chinese and English of what is counted,
# and the placeholder document's title.
UNIT_WORDS = {
    Unit.CREDIT: {"measure": "学分", "measure_en": "credits", "document": "教师培训学分管理办法",
                  "document_en": "Teacher Training Credit Rules"},
    Unit.HOUR: {"measure": "学时", "measure_en": "hours", "document": "教师培训学时管理办法",
                "document_en": "Teacher Training Hours Rules"},
}


class SkeletonError(ValueError):
    pass


def portal_requirement() -> str:
    """The requirement on this portal's own distribution (not PyPI's unrelated ``portal``)."""
    dist = importlib.metadata.distribution(DISTRIBUTION)
    return f"{dist.metadata['Name']}>={dist.version}"


def write_region(name: str, title: str, into: Path, taken: set[str], unit: str = Unit.CREDIT.value) -> Path:
    """Write the package for region ``name``, counting ``unit`` (``credit`` or ``hour``), under
    ``into``/portal-region-NAME; return that folder."""
    if not NAME.match(name):
        raise SkeletonError(f"{name!r}: a region name is 2–31 lowercase letters, digits or _, starting with a letter")
    if name in taken:
        raise SkeletonError(f"a region named {name!r} is already installed")
    if unit not in UNITS:
        raise SkeletonError(f"{unit!r}: a region counts one of {', '.join(UNITS)}")
    target = into / f"portal-region-{name}"
    if target.exists():
        raise SkeletonError(f"{target} already exists")
    package = f"portal_region_{name}"
    values = {"name": name, "package": package, "title": title, "english": name.replace("_", " ").title(),
              "portal_requirement": portal_requirement(), **UNIT_WORDS[Unit(unit)]}
    own = SKELETON / "units" / unit
    values["unit_messages"] = Template((own / "messages.po").read_text(encoding="utf-8")).substitute(values)
    shared = [t for t in SKELETON.rglob("*.tmpl") if "units" not in t.relative_to(SKELETON).parts]
    for root, template in sorted([(SKELETON, t) for t in shared] + [(own, t) for t in own.rglob("*.tmpl")]):
        relative = template.relative_to(root).with_suffix("")
        parts = [part.replace("NAME", name) for part in relative.parts]
        if parts[0] == "package":
            parts[0] = package
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(template.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        if destination.suffix == ".po":
            _compile(destination)
    return target


def _compile(po: Path) -> None:
    """The ``.mo`` beside a ``.po``, as ``pybabel compile`` writes it."""
    with po.open("rb") as source:
        catalog = read_po(source)
    with po.with_suffix(".mo").open("wb") as compiled:
        write_mo(compiled, catalog)
