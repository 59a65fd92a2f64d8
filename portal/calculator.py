"""What the calculator (规则试算) asks, from what the region declares: the fields its conversion
reads (``portal_activity_fields``), its programs, its assessment parts and the choices it
lists for a project (``portal_project_choices``), in the region's words. No Flask: the web's
form (``portal.web.forms.ActivityForm.fitted``) and ``portal rules test`` read the same answer,
so the check that the conversion takes every choice offered checks what the page offers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .domain import ActivityRole, Described, Grade, Level, Mode
from .domain.labels import LEVEL_LABELS, labels
from .domain.region import ACTIVITY_FIELDS, ALWAYS_ASKED, ActivityField
from .domain.results import Words

CHOSEN = ("level", "mode", "role", "grade", "topics")  # fields whose codes are chosen from a list
PROJECT_CHOSEN = ("level", "mode", "topics")  # … that a project's choices may list
ENUMS = {"level": Level, "mode": Mode, "role": ActivityRole, "grade": Grade}


@dataclass(frozen=True)
class Asked:
    """One field the calculator asks: its name (``ACTIVITY_FIELDS``), the region's label for it
    (None: the core's), the choices offered (None: the core's, every code of its kind; for
    topics, typed) and whether it is required."""

    name: str
    label: Words | None = None
    choices: tuple[Described, ...] | None = None
    required: bool = False

    def codes(self) -> tuple[str, ...]:
        """The codes offered (every code of the field's kind where the core's are offered)."""
        if self.choices is not None:
            return tuple(c.code for c in self.choices)
        enum = ENUMS.get(self.name)
        return tuple(m.value for m in enum) if enum else ()


def asked(region, on: date) -> tuple[Asked, ...]:
    """The fields the calculator asks on ``on``, in order."""
    declared = region.activity_fields(on)
    given: dict[str, ActivityField] = {} if declared is None else {
        f.name: f for f in declared if f.name in ACTIVITY_FIELDS}
    if declared is None:  # every field the calculator asked before regions said which they read
        names = [n for n in ACTIVITY_FIELDS if n != "planned_hours"]
    else:
        names = [n for n in ALWAYS_ASKED if n not in given] + list(given)
        if "program" not in given:
            names.append("program")
    if not region.programs():
        names.remove("program")
    if not region.assessment_parts():
        names = [n for n in names if n not in ("scores", "weights")]
    project = region.project_choices(on)
    fields = []
    for name in names:
        field = given.get(name, ActivityField(name))
        choices = field.choices
        if choices is None and name in PROJECT_CHOSEN:
            choices = project.get(name) or None
        if choices is None and name == "level":  # every level, in the region's words (portal_level_labels)
            choices = tuple(Described(level.value, label, "")
                            for level, label in labels(LEVEL_LABELS, region.level_labels()).items())
        fields.append(Asked(name, field.label, None if choices is None else tuple(choices), field.required))
    return tuple(fields)


def unknown_fields(region, on: date) -> list[str]:
    """The names ``portal_activity_fields`` gives that are no field of an activity."""
    return [f.name for f in region.activity_fields(on) or () if f.name not in ACTIVITY_FIELDS]
