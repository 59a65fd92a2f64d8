"""Excel imports for admins (批量导入): teachers, org units and historical credits, each from a
template sheet of text cells.

How every kind goes:

1. The admin uploads a sheet. It is kept as a file (``PORTAL_IMPORTS_DIR``, by default the
   instance folder's ``imports``) under a random token only its uploader can name, and read
   with python-calamine, once, row by row (never the whole sheet as Python values).
2. *Preview*: every row is judged, ``CHUNK`` rows at a time with one query a chunk, and
   nothing is written: the page lists every bad row with its row number and why, and what
   each good row would do (new, updated with what changes, unchanged). A sheet of more than
   ``PORTAL_IMPORT_NOW`` rows is judged by a background job whose page shows its progress.
3. *Confirm*: the same pass again, in one transaction, writing each chunk set-based
   (``executemany`` inserts and updates, an audit event for each change). The pass's
   fingerprint (every row's outcome, in order) must equal the preview's: if anything
   changed since (another admin, another import), or a row is bad, nothing is kept and the
   admin is asked to upload again. Importing the same sheet again finds every row
   unchanged: the preview says so and offers nothing to confirm, and the upload is not kept.

Limits: ``PORTAL_IMPORT_MAX_ROWS`` rows (default 100,000) and ``PORTAL_IMPORT_MAX_BYTES``
bytes (default 32 MiB) a sheet, read from the app's config or the environment.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError
from sqlalchemy import select, update

from .. import calculator, clock
from ..domain import ADMIN_ROLES, Activity, Described, Gender, InvalidInput, LedgerSource, Level, Mode, OrgKind, SchoolStage
from ..domain.activity import FIRST_YEAR, LAST_YEAR
from ..domain.dates import NOT_IN_FUTURE, LatestDate, add_years
from ..domain.idcard import InvalidIdNumber, born_on, gender_of, parse_id_number
from ..domain.labels import LEVEL_LABELS, MODE_LABELS
from ..domain.text import DEFAULT_LOCALE, LIST_SEPARATOR, stored, to_data, words
from ..extensions import db
from ..models import AuditEvent, LedgerEntry, OrgUnit, Teacher, User
from ..models.types import utcnow
from ..plugins import Region
from . import background, bulk, ledger, sheets, standings, teacher_facts
from .scope import Scope
from .transactions import use_case

TEACHERS, UNITS, CREDITS = "teachers", "units", "credits"
KINDS = (TEACHERS, UNITS, CREDITS)
PREVIEW, CONFIRM = "import.preview", "import.confirm"  # the kinds of background job

CHUNK = 2000  # rows judged (and written) together, with one query for what they name
SAMPLE = 300  # good rows kept for the page to show; bad rows are all kept
KEEP_UPLOADS = 24 * 3600  # seconds an upload waits for its confirmation


class ImportRefused(Exception):
    """``code``: "not_allowed" (not an admin), "not_found" (no such kind, upload or job of
    this admin), "missing" (no file chosen), "empty" (a file of 0 bytes), "blank" (a first sheet
    without a single cell), "too_large", "too_many" (more than ``limit`` rows), "unreadable",
    "headings" (not this kind's template: ``problems`` says how, where it can), "no_rows" (nothing below the headings: a template
    left as it was downloaded), "bad_rows" (a bad row: nothing to confirm), "unchanged"
    (every row is already kept as it is: nothing to confirm),
    "changed" (something changed since the preview: nothing was kept)."""

    def __init__(self, code: str, limit: int = 0, problems: tuple[HeadingProblem, ...] = ()):
        super().__init__(code)
        self.code, self.limit, self.problems = code, limit, problems


def max_rows() -> int:
    return current_app.config["PORTAL_IMPORT_MAX_ROWS"]


def max_bytes() -> int:
    return current_app.config["PORTAL_IMPORT_MAX_BYTES"]


def rows_now() -> int:
    return current_app.config["PORTAL_IMPORT_NOW"]


# The templates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A template's column. ``required``: its cell may not be empty. ``omissible``: a sheet
    may leave the whole column out, its cells then read as empty (a column added after sheets
    were filled in from an older template); every other column's heading a sheet must give.
    A sheet names its columns by their headings, in any order (``Sheet``)."""

    key: str
    zh: str
    en: str
    required: bool = False
    omissible: bool = False

    @property
    def heading(self) -> str:
        return f"{self.zh} {self.en}"


COLUMNS = {
    TEACHERS: (
        Column("name", "姓名", "Name", True),
        Column("gender", "性别", "Gender", True),
        Column("id_number", "身份证号", "ID number", True),
        Column("school", "学校代码", "School code", True),
        Column("phone", "手机", "Phone"),
        Column("stages", "学段", "School stages"),
        Column("subjects", "学科", "Subjects"),
        Column("title", "职称", "Title"),
        Column("title_date", "职称取得日期", "Title date"),
        # Added after sheets were filled in without it: whether the teacher holds a teacher
        # qualification certificate (教师资格证书), as the teacher's details form records it.
        Column("qualified", "教师资格证书", "Teacher qualification", omissible=True),
        Column("entered_post", "入职日期", "Entered post"),
        Column("probation_end", "转正日期", "Probation end"),
        Column("transferred_in", "调入日期", "Transferred in"),
        Column("transferred_from", "调出单位", "Transferred from"),
        # Added after sheets were filled in without it; left out of the template of a region that lists no layers.
        Column("layer", "分层分类", "Layer", omissible=True),
    ),
    UNITS: (
        Column("code", "单位代码", "Code", True),
        Column("unit_name", "单位名称", "Name", True),
        Column("kind", "类型", "Kind", True),
        Column("parent", "上级单位代码", "Parent code", True),
    ),
    CREDITS: (
        Column("id_number", "身份证号", "ID number", True),
        Column("date", "日期", "Date", True),
        Column("training_title", "培训名称", "Training title", True),
        Column("category", "类别", "Category"),
        Column("level", "级别", "Level", True),
        Column("mode", "形式", "Mode", True),
        Column("hours", "学时", "Hours"),
        Column("credits", "学分", "Credits"),
    ),
}

NOTES = {
    TEACHERS: ("每个单元格都是文本：身份证号18位，必须以文本输入（数字单元格会丢失末位）。学校代码是本单位范围内的学校。"
               "性别：男或女（也可写 Male 或 Female），不接受其他写法。学段、学科用顿号分隔。日期写作 2020-09-01。"
               "教师资格证书：持有的填“是”（也可写有、持有、Yes），未持有的填“否”（也可写无、未持有、No）；"
               "新教师留空即为未登记。已有教师的空白单元格保持原值。各列按表头识别，顺序不限。\n"
               "Every cell is text: type the 18-character ID number as text (a number cell loses its last "
               "digits). The school code names a school of your scope. Gender: 男 or 女 (or Male or Female), "
               "nothing else. Separate stages and subjects with 、 or commas. Dates as 2020-09-01. Teacher "
               "qualification: 是 (or 有, 持有, Yes) if the teacher holds a teacher qualification certificate, "
               "否 (or 无, 未持有, No) if not; left empty for a new teacher, it is not recorded. For a teacher "
               "already kept, an empty cell leaves what is kept. Columns are read by their headings, in any "
               "order."),
    UNITS: ("每个单元格都是文本。类型：市、区县、学区、学校、民办学校、培训机构。上级单位是本单位或其下级，"
            "或本表前面各行的单位。\nEvery cell is text. Kind: city, district, zone, school, private_school "
            "(a school run privately), institution (or 市、区县、学区、学校、民办学校、培训机构). The parent is "
            "your unit, a unit below it, or a unit on an earlier row."),
    # The levels and modes are the region's (``credit_choices``), filled in by ``template``.
    CREDITS: ("每个单元格都是文本：身份证号以文本输入。级别：{levels_zh}；形式：{modes_zh}（在下拉列表中选择）；"
              "学时或学分填一项：本地区规则按学时折算的，填学时。同一行导入两次只记一次。\nEvery cell is text: the ID number as text. Level: "
              "{levels}; mode: {modes} (or the Chinese words the drop-down lists offer); give hours or credits: hours where the region's rules convert hours. "
              "The same row imported twice is entered once."),
}
# The teachers' note on the layer column, where the region lists layers (``layer_choices``), filled in by ``template``.
LAYER_NOTE = ("分层分类：{names_zh}之一（在下拉列表中选择）。", " Layer and category: one of {names} (pick one from "
                                                         "the drop-down list).")
# What Excel says when a level or mode typed is not one of its column's list (it may be kept: a code is read too).
CHOICE_WARNING = ("不是本地区规则认可的选项：请在下拉列表中选择。\n"
                  "Not one of the choices the region's rules accept: pick one from the drop-down list.")
# The org units' kind column offers the words its note lists (the note, a comment on the first
# heading, is hardly shown by a phone's or WPS's viewer); English codes typed are read too.
UNIT_KIND_LIST = ("市", "区县", "学区", "学校", "民办学校", "培训机构")
UNIT_KIND_WARNING = ("不是单位类型：请在下拉列表中选择。\n"
                     "Not a kind of unit: pick one from the drop-down list.")
LAYER_WARNING = ("不是本地区列出的分层分类：请在下拉列表中选择。\n"
                 "Not one of the layers and categories the region lists: pick one from the drop-down list.")


# Example rows, on the template's second sheet ("示例 Example"), which is never read. Their ID
# numbers and codes are refused as "row.example" should they be copied into the first sheet:
# a template filled in with its examples imports nothing.
EXAMPLE_ID_NUMBERS = ("110105198503010016", "110105199005120022")
EXAMPLE_CODES = ("example-zone-1", "example-school-1")
EXAMPLES = {
    TEACHERS: (
        ("张晓明", "男", EXAMPLE_ID_NUMBERS[0], EXAMPLE_CODES[1], "13800000000", "初中", "语文、数学", "一级教师",
         "2015-09-01", "是", "2008-09-01", "2009-09-01", "", ""),
        ("李华", "女", EXAMPLE_ID_NUMBERS[1], EXAMPLE_CODES[1], "", "小学", "英语", "", "", "", "2012-09-01", "",
         "2020-09-01", "某某县第一中学"),
    ),
    UNITS: (
        (EXAMPLE_CODES[0], "示例学区 Example zone", "学区", "example-district"),
        (EXAMPLE_CODES[1], "示例第一小学 Example primary school", "学校", EXAMPLE_CODES[0]),
    ),
    CREDITS: (  # their level and mode are replaced by the region's words (``credit_examples``)
        (EXAMPLE_ID_NUMBERS[0], "2019-07-15", "2019年暑期骨干教师培训", "", "市级", "集中培训", "24", ""),
        # hours, as every region's rules convert them: a credit figure alone counts 0 in most (the
        # bureau's own rows, filled in after this one, would each be refused)
        (EXAMPLE_ID_NUMBERS[1], "2018-11-02", "信息技术应用能力提升培训", "", "省级", "网络研修", "30", ""),
    ),
}
EXAMPLES_NOTE = ("以上是示例，不会导入：请在第一个工作表“导入 Import”中填写。\n"
                 "These rows are examples and are never imported: fill in the first sheet, \"导入 Import\".")
SEE_EXAMPLES = ("\n工作表“示例 Example”中有示例行。\nThe sheet \"示例 Example\" shows example rows.")


def template(kind: str, region: Region | None = None, on: date | None = None) -> bytes:
    """The sheet to fill in for ``kind``: its headings in Chinese and English, every column
    formatted as text, a note on the first heading; a second sheet shows example rows. For
    historical credits, the note, the examples and the level and mode columns' drop-down lists
    give only the levels and modes the ``region``'s rules take on ``on`` (``credit_choices``;
    by default today), which that kind needs. For teachers, the layer column, with its
    drop-down list, its note and its examples, where the ``region`` lists layers on ``on``
    (``layer_choices``); without a region or layers, the sheet has no such column."""
    if kind not in COLUMNS:
        raise ImportRefused("not_found")
    note, examples, lists, rows = NOTES[kind], EXAMPLES[kind], {}, 0
    columns, warning = template_columns(kind, region, on), CHOICE_WARNING
    if kind == TEACHERS:
        layers = layer_choices(region, on or clock.today()) if region is not None else ()
        zh_note, en_note = note.split("\n", 1)
        if layers:
            names = LIST_SEPARATOR[DEFAULT_LOCALE].join(w for _c, w in layers)
            zh_note += LAYER_NOTE[0].format(names_zh=names)
            en_note += LAYER_NOTE[1].format(names=names)
            lists, rows, warning = {len(columns) - 1: [w for _c, w in layers]}, max_rows(), LAYER_WARNING
        note, examples = f"{zh_note}\n{en_note}", teacher_examples(layers)
    if kind == UNITS:
        keys = [c.key for c in COLUMNS[UNITS]]
        lists, rows, warning = {keys.index("kind"): list(UNIT_KIND_LIST)}, max_rows(), UNIT_KIND_WARNING
    if kind == CREDITS:
        if region is None:
            raise TypeError("the historical credits' template lists the region's levels and modes: give the region")
        choices = credit_choices(region, on or clock.today())
        zh, codes = LIST_SEPARATOR[DEFAULT_LOCALE], ", "
        note = note.format(levels_zh=zh.join(w for _c, w in choices["level"]),
                           modes_zh=zh.join(w for _c, w in choices["mode"]),
                           levels=codes.join(c for c, _w in choices["level"]),
                           modes=codes.join(c for c, _w in choices["mode"]))
        examples = credit_examples(choices, region)
        keys = [c.key for c in COLUMNS[CREDITS]]
        lists, rows = {keys.index(name): [w for _c, w in choices[name]] for name in ("level", "mode")}, max_rows()
    return sheets.template([c.heading for c in columns], note + SEE_EXAMPLES, examples=examples,
                           examples_note=EXAMPLES_NOTE, lists=lists, list_rows=rows, list_warning=warning)


def template_columns(kind: str, region: Region | None = None, on: date | None = None) -> tuple[Column, ...]:
    """The columns of ``kind``'s template: all of them, but the teachers' layer only where the
    ``region`` lists layers on ``on`` (a sheet may still give it: a cell filled in is refused)."""
    if kind == TEACHERS and (region is None or not layer_choices(region, on or clock.today())):
        return tuple(c for c in COLUMNS[kind] if c.key != "layer")
    return COLUMNS[kind]


def layer_choices(region: Region, on: date) -> tuple[tuple[str, str], ...]:
    """The layers and categories (分层分类) a teacher may be given on ``on``: those the region
    lists for its projects (``portal_project_choices``' "layer", as the teacher's details form
    offers them), each as (code, the region's Chinese words); none where it lists none. The
    template offers the words; the import reads the words or the code."""
    return tuple((c.code, words(c.label, DEFAULT_LOCALE)) for c in region.project_choices(on).get("layer", ()))


def teacher_examples(layers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], ...]:
    """The example rows of teachers, the first with the region's last layer (its second with the
    cell left empty) where it lists layers, else without the layer column."""
    if not layers:
        return EXAMPLES[TEACHERS]
    first, second = EXAMPLES[TEACHERS]
    return (*first, layers[-1][1]), (*second, "")


def credit_choices(region: Region, on: date) -> dict[str, tuple[tuple[str, str], ...]]:
    """The levels and modes a historical credit may name on ``on``: those the region's rules
    take, as its calculator (规则试算) offers them (``calculator.asked``: the choices of
    ``portal_activity_fields``, else of ``portal_project_choices``, else the core's), each as
    (code, the region's Chinese word). The template lists only these, and the import reads
    their words as well as the core's."""
    asked = {a.name: a for a in calculator.asked(region, on)}
    core = {"level": LEVEL_LABELS, "mode": MODE_LABELS}
    chosen = {}
    for name, labels in core.items():
        field = asked.get(name)
        offered = field.choices if field is not None and field.choices else tuple(
            Described(code.value, label, "") for code, label in labels.items())
        chosen[name] = tuple((c.code, words(c.label, DEFAULT_LOCALE)) for c in offered)
    return chosen


def credit_examples(choices: dict[str, tuple[tuple[str, str], ...]],
                    region: Region | None = None) -> tuple[tuple[str, ...], ...]:
    """The example rows of historical credits with levels and modes the region takes: a city's
    centralized training and a provincial online one where it has them, else its first and
    last of each. Given the ``region``, each row gives the figure its rules convert: its hours,
    or, where they count none of them (a region crediting a project's base credits alone), credits
    instead, so that rows filled in after the examples are not each refused as counting 0."""
    def pick(name: str, wanted: str, fallback: int) -> str:
        offered = dict(choices[name])
        return offered.get(wanted) or choices[name][fallback][1]

    first, second = EXAMPLES[CREDITS]
    rows = ((*first[:4], pick("level", Level.CITY.value, 0), pick("mode", Mode.CENTRALIZED.value, 0), *first[6:]),
            (*second[:4], pick("level", Level.PROVINCIAL.value, -1), pick("mode", Mode.ONLINE.value, -1), *second[6:]))
    if region is None:
        return rows
    return tuple(row if _example_counts(region, choices, row) or not _example_counts(region, choices, swapped)
                 else swapped for row, swapped in ((r, (*r[:6], "", EXAMPLE_CREDITS)) for r in rows))


EXAMPLE_CREDITS = "2"  # an example row's credits, where the region's rules count no hours


def _example_counts(region: Region, choices: dict[str, tuple[tuple[str, str], ...]], row: tuple[str, ...]) -> bool:
    """Whether the region's rules count the example ``row`` (as ``CreditJudge`` converts a row)."""
    levels, modes = ({word: code for code, word in choices[name]} for name in ("level", "mode"))
    day = date.fromisoformat(row[1])
    try:
        activity = Activity(level=Level(levels[row[4]]), mode=Mode(modes[row[5]]), hours=Decimal(row[6] or 0),
                            days=1, start=day, end=day, base_credits=Decimal(row[7]) if row[7] else None)
        return region.convert(activity, on=day).amount > 0
    except (InvalidInput, ValueError, ArithmeticError, KeyError):
        return False


# What a row came to -------------------------------------------------------------------------

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(frozen=True)
class Row:
    """One row of a sheet as judged: ``key`` (its ID number or code) and ``label`` (a name or
    title) to recognise it; ``problem``, a code the page words, when it is bad; else its
    ``outcome`` and, for an update, ``changes`` as (column, before, after); for a historical
    credit, ``counts``: what the region's rules make of it, (amount, unit, category)."""

    number: int  # the row's number in the sheet, its heading being row 1
    key: str
    label: str = ""
    problem: str = ""
    outcome: str = ""
    changes: tuple[tuple[str, str, str], ...] = ()
    counts: tuple[str, str, str] = ()
    detail: Any = ""  # the rules' own reason for a refusal (``InvalidInput.message``), in the reader's words

    @property
    def ok(self) -> bool:
        return not self.problem

    def as_data(self) -> list:
        data = [self.number, self.key, self.label, self.problem, self.outcome, [list(c) for c in self.changes]]
        if self.counts or self.detail:
            data.append(list(self.counts))
        return data + [to_data(self.detail)] if self.detail else data

    @classmethod
    def from_data(cls, data: list) -> Row:
        number, key, label, problem, outcome, changes, *rest = data
        return cls(number, key, label, problem, outcome, tuple(tuple(c) for c in changes),
                   tuple(rest[0]) if rest else (), stored(rest[1]) if len(rest) > 1 else "")


@dataclass(frozen=True)
class Outcome:
    """A sheet's pass: how many rows, each bad row, some good ones, and the counts of what
    the good ones do; ``fingerprint`` is the hash of every row's outcome in order."""

    kind: str
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: tuple[Row, ...] = ()
    sample: tuple[Row, ...] = ()
    fingerprint: str = ""
    saved: bool = False
    standings: int = 0  # kept standings computed after the import (teachers)

    @property
    def ok(self) -> bool:
        return self.total > 0 and not self.bad

    @property
    def changes(self) -> int:
        return self.new + self.updated

    @property
    def problems(self) -> list[tuple[str, list[Row]]]:
        """Each problem with its rows, in the order first met: a row may have several."""
        rows: dict[str, list[Row]] = {}
        for row in self.bad:
            for code in row.problem.split():
                rows.setdefault(code, []).append(row)
        return list(rows.items())

    def as_data(self) -> dict:
        return {"kind": self.kind, "total": self.total, "new": self.new, "updated": self.updated,
                "unchanged": self.unchanged, "bad": [r.as_data() for r in self.bad],
                "sample": [r.as_data() for r in self.sample], "fingerprint": self.fingerprint,
                "saved": self.saved, "standings": self.standings}

    @classmethod
    def from_data(cls, data: dict) -> Outcome:
        return cls(data["kind"], data["total"], data["new"], data["updated"], data["unchanged"],
                   tuple(Row.from_data(r) for r in data["bad"]), tuple(Row.from_data(r) for r in data["sample"]),
                   data["fingerprint"], data.get("saved", False), data.get("standings", 0))


# The uploads -------------------------------------------------------------------------------

TOKEN = re.compile(r"^[0-9a-f]{32}$")


def folder() -> Path:
    return Path(current_app.config.get("PORTAL_IMPORTS_DIR") or Path(current_app.instance_path) / "imports")


def _path(actor: User, token: str) -> Path:
    if not isinstance(token, str) or not TOKEN.match(token):
        raise ImportRefused("not_found")
    return folder() / f"{actor.id}-{token}.xlsx"


def _store(actor: User, data: bytes) -> str:
    where = folder()
    where.mkdir(parents=True, exist_ok=True)
    old = time.time() - KEEP_UPLOADS
    for path in where.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except OSError:
            pass
    token = secrets.token_hex(16)
    _path(actor, token).write_bytes(data)
    return token


def _load(actor: User, token: str) -> bytes:
    try:
        return _path(actor, token).read_bytes()
    except OSError:
        raise ImportRefused("not_found") from None


def _discard(actor: User, token: str) -> None:
    try:
        _path(actor, token).unlink()
    except OSError:
        pass


# Reading a sheet, once, row by row --------------------------------------------------------


class Sheet:
    """The first sheet of an upload: its heading row read against ``kind``'s template
    (``read_headings``: each column by its heading, in any order), then its non-empty rows as
    (row number, cells), the cells a dict by column key, each a ``str``, ``None`` (empty, or a
    column the sheet leaves out) or what python-calamine read (a number, a date) for the
    judges to refuse or take."""

    def __init__(self, data: bytes | None, kind: str):
        if data is None:
            raise ImportRefused("missing")
        if not data:  # a file of 0 bytes, not a sheet
            raise ImportRefused("empty")
        if len(data) > max_bytes():
            raise ImportRefused("too_large", max_bytes())
        try:
            self._sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = self._sheet.iter_rows()
            heading = next(rows, [])
        except (CalamineError, PasswordError, XmlError, ZipError, ValueError, IndexError):
            raise ImportRefused("unreadable") from None
        if not self._sheet.height:  # a workbook whose first sheet holds no cell at all
            raise ImportRefused("blank")
        self._rows = rows
        self.keys = tuple(c.key for c in COLUMNS[kind])
        self.read = read_headings(heading, COLUMNS[kind])  # (the sheet's column, its key); the others read as empty
        self.total = max(self._sheet.height - 1, 0)  # rows after the heading, empty ones included
        if self.total > max_rows() and self._count_filled() > max_rows():
            raise ImportRefused("too_many", max_rows())

    def _count_filled(self) -> int:
        """Only when the sheet looks too long: trailing formatted but empty rows do not count."""
        rows = self._sheet.to_python(skip_empty_area=True)[1:]
        return sum(1 for row in rows if any(cell not in ("", None) for cell in row))

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        read, keys = self.read, self.keys
        try:
            for number, row in enumerate(self._rows, start=2):
                width = len(row)
                given = {key: row[at] for at, key in read if at < width and row[at] not in ("", None)}
                if given:
                    yield number, {**dict.fromkeys(keys), **given}
        except (CalamineError, XmlError, ZipError, ValueError):
            raise ImportRefused("unreadable") from None


@dataclass(frozen=True)
class HeadingProblem:
    """Why a sheet's heading row is not its kind's template, for the page to word: "missing"
    (``headings``: the headings of the columns it must give and does not), "twice" (a
    ``heading`` given in several ``columns``), "unknown" (a ``heading`` in ``columns[0]`` that
    names no column), "blank" (a column without a heading among those that have one). Columns
    as Excel letters them (A, B, … AA)."""

    code: str
    heading: str = ""
    columns: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()


def read_headings(heading: list, columns: tuple[Column, ...]) -> tuple[tuple[int, str], ...]:
    """Which of the sheet's columns holds which of ``columns``, by the heading row: each
    heading names a column by its Chinese, its English or both as the template writes them
    (``_column_named``), in any order. Refused ("headings", with every ``HeadingProblem`` at
    once) when a column that must be given is not (every one but the omissible), when a
    heading is given twice, or when a heading, or a column without one, stands among the
    template's. Columns of the sheet's own after all of the template's given are not read, as
    before headings were read by name (a bureau's 备注 at the end), unless their heading reads
    like a column left out (a slip in it: 教师资格证 for 教师资格证书), which is refused too."""
    texts = [_text(cell) for cell in heading]
    while texts and not texts[-1]:
        texts.pop()  # the sheet's width beyond its last heading: not a column
    found = [_column_named(text, columns) for text in texts]
    named = [at for at, column in enumerate(found) if column is not None]
    if not named:  # no heading of this kind's template at all: another sheet
        raise ImportRefused("headings")
    where: dict[str, list[int]] = {}
    for at in named:
        where.setdefault(found[at].key, []).append(at)
    left_out = [c for c in columns if c.key not in where]
    problems = []
    missing = tuple(c.heading for c in left_out if not c.omissible)
    if missing:
        problems.append(HeadingProblem("missing", headings=missing))
    for places in where.values():
        if len(places) > 1:
            problems.append(HeadingProblem("twice", texts[places[0]], tuple(_letters(at) for at in places)))
    last = named[-1]
    for at, text in enumerate(texts):
        if found[at] is not None or (at > last and not any(_resembles(text, c) for c in left_out)):
            continue
        problems.append(HeadingProblem("unknown", text, (_letters(at),)) if text else
                        HeadingProblem("blank", columns=(_letters(at),)))
    if problems:
        raise ImportRefused("headings", problems=tuple(problems))
    return tuple((places[0], key) for key, places in where.items())


def _squeezed(text: str) -> str:
    """A heading as it is compared: without spaces, case aside."""
    return "".join(text.split()).casefold()


def _column_named(text: str, columns: tuple[Column, ...]) -> Column | None:
    """The column a heading names: its Chinese, its English or both (as the template writes
    them), spaces and case aside; else the column whose Chinese it begins with, then a space
    and anything (as headings were always read)."""
    squeezed, first = _squeezed(text), text.split()[:1]
    named = [c for c in columns if squeezed in (_squeezed(c.zh), _squeezed(c.en), _squeezed(c.heading))]
    return next(iter(named), None) or next((c for c in columns if first == [c.zh]), None)


def _resembles(text: str, column: Column) -> bool:
    """Whether a heading that names no column reads like ``column``'s, mistyped: one holds the
    other (教师资格证, 分层), or they differ by a character or two."""
    given = _squeezed(text)
    if len(given) < 2:
        return False
    for name in (_squeezed(column.zh), _squeezed(column.en)):
        shorter, longer = sorted((given, name), key=len)
        if shorter in longer and 2 * len(shorter) >= len(longer):
            return True
        if difflib.SequenceMatcher(None, given, name).ratio() >= 0.8:
            return True
    return False


def _letters(index: int) -> str:
    """A column's letters as Excel shows them: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(cell) -> str:
    return cell.strip() if isinstance(cell, str) else "" if cell is None else str(cell)


def _chunks(sheet: Sheet) -> Iterator[list[tuple[int, dict]]]:
    chunk = []
    for row in sheet:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Bad(ValueError):
    """A cell refused: its code names the column and the reason (``title_date.format``); a
    row's several refused cells, their codes separated by spaces."""


class _Reading:
    """One row's cells, read on past a refused one so that the row names every problem at
    once: ``read(reader, key, …)`` gives a cell's value, or None with its problem kept."""

    def __init__(self, cells: dict):
        self.cells, self.problems = cells, []

    def read(self, reader: Callable, *args, **kwargs):
        try:
            return reader(self.cells, *args, **kwargs)
        except Bad as bad:
            self.refuse(str(bad))
            return None

    def refuse(self, code: str) -> None:
        self.problems.append(code)


def _unspaced(text: str) -> str:
    """``text`` without its spaces, to match a label however a sheet spaced it."""
    return "".join(text.split())


def _cell_text(cells: dict, name: str, required: bool = False, limit: int = 200) -> str | None:
    """The cell of column ``name`` as text, or None when empty; its problems are ``name``'s."""
    cell = cells[name]
    if cell is None:
        if required:
            raise Bad(f"{name}.required")
        return None
    if not isinstance(cell, str):
        raise Bad(f"{name}.not_text")
    value = cell.strip()
    if not value:
        if required:
            raise Bad(f"{name}.required")
        return None
    if len(value) > limit:
        raise Bad(f"{name}.too_long")
    return value


DATE_FORMAT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _cell_word(cells: dict, name: str, words: dict, limit: int = 20):
    """A cell naming one of ``words`` (case aside), as the column's note lists them."""
    value = words.get(_cell_text(cells, name, True, limit).lower())
    if value is None:
        raise Bad(f"{name}.invalid")
    return value


def _cell_date(cells: dict, name: str, latest: date | None = None, required: bool = False) -> date | None:
    """A date cell (text as 2020-09-01, or a date Excel kept), refused after ``latest`` (the
    field's ``LatestDate`` bound, worked out once a pass: this runs four times a row)."""
    cell = cells[name]
    if cell is None and not required:
        return None
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    else:
        text = _cell_text(cells, name, required, 20)
        if text is None:
            return None
        found = DATE_FORMAT.match(text)
        try:
            value = date(int(found[1]), int(found[2]), int(found[3])) if found else None
        except ValueError:
            value = None
        if value is None:
            raise Bad(f"{name}.format")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Bad(f"{name}.format")
    if latest is not None and value > latest:
        raise Bad(f"{name}.future")
    return value


def _cell_id_number(cells: dict, today: date | None = None) -> str:
    cell = cells["id_number"]
    if cell is None:
        raise Bad("id_number.required")
    if not isinstance(cell, str):
        raise Bad("id_number.not_text")
    try:
        return parse_id_number(cell, today).value
    except InvalidIdNumber as invalid:
        raise Bad(f"id_number.{invalid}") from None


def _raw_key(cells: dict, name: str) -> str:
    cell = cells[name]
    if isinstance(cell, float) and cell.is_integer():
        return f"{cell:.0f}"[:64]  # a number cell's digits as Excel kept them
    return cell.strip()[:64] if isinstance(cell, str) else "" if cell is None else str(cell)[:64]


# The pass, for every kind -------------------------------------------------------------------


class Judge:
    """What a kind knows: ``judge(chunk)`` returns each row's ``Row`` (without writing), and
    ``write()`` keeps the good rows of the chunk last judged. ``after()`` runs once the
    transaction is committed (standings of new teachers)."""

    kind = ""

    def __init__(self, region: Region, actor: User, scope: Scope, today: date):
        self.region, self.actor, self.scope, self.today = region, actor, scope, today

    def judge(self, chunk: list[tuple[int, dict]]) -> list[Row]:
        raise NotImplementedError

    def write(self) -> None:
        raise NotImplementedError

    def hold(self) -> None:
        """What the import's transaction takes before writing, so that two writers wait for
        each other rather than deadlock."""

    def after(self, progress) -> int:
        return 0


def _pass(judge: Judge, sheet: Sheet, write: bool, progress: Callable[[int, int], None]) -> Outcome:
    digest = hashlib.sha256(judge.kind.encode())
    counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0}
    bad, sample, done = [], [], 0
    for chunk in _chunks(sheet):
        for row in judge.judge(chunk):
            digest.update(json.dumps(row.as_data(), ensure_ascii=False).encode())
            if row.problem:
                bad.append(row)
            else:
                counts[row.outcome] += 1
                if len(sample) < SAMPLE and (row.outcome != UNCHANGED or len(sample) < SAMPLE // 3):
                    sample.append(row)
        if write and not bad:
            judge.write()
        done += len(chunk)
        progress(done, max(sheet.total, done))
    return Outcome(judge.kind, done, counts[NEW], counts[UPDATED], counts[UNCHANGED], tuple(bad), tuple(sample),
                   digest.hexdigest())


def _admin_scope(actor: User) -> Scope:
    scope = Scope.of(actor, ADMIN_ROLES)
    if not scope.paths:
        raise ImportRefused("not_allowed")
    return scope


def _judge(kind: str, region: Region, actor: User) -> Judge:
    scope = _admin_scope(actor)
    judges = {TEACHERS: TeacherJudge, UNITS: UnitJudge, CREDITS: CreditJudge}
    if kind not in judges:
        raise ImportRefused("not_found")
    return judges[kind](region, actor, scope, clock.today())


def preview(region: Region, actor: User, kind: str, token: str,
            progress: Callable[[int, int], None] = background.Progress(None)) -> Outcome:
    """Every row of an upload judged; nothing is written. An upload that would change nothing
    is not kept: there is nothing to confirm."""
    judge = _judge(kind, region, actor)
    sheet = Sheet(_load(actor, token), kind)
    outcome = _pass(judge, sheet, False, progress)
    if outcome.ok and not outcome.changes:
        _discard(actor, token)
    return outcome


def confirm(region: Region, actor: User, kind: str, token: str, fingerprint: str,
            progress: Callable[[int, int], None] = background.Progress(None)) -> Outcome:
    """The use case: the upload the admin previewed, kept, all or nothing, in one transaction.
    Refused ("changed") when its rows no longer come to what the preview showed, "bad_rows"
    when a row is bad; the upload is removed once kept."""
    judge = _judge(kind, region, actor)
    sheet = Sheet(_load(actor, token), kind)
    with use_case():
        judge.hold()
        outcome = _pass(judge, sheet, True, progress)
        if outcome.bad:
            raise ImportRefused("bad_rows" if outcome.fingerprint == fingerprint else "changed")
        if outcome.fingerprint != fingerprint:
            raise ImportRefused("changed")
    _discard(actor, token)
    return replace(outcome, saved=True, standings=judge.after(progress))


@dataclass(frozen=True)
class Started:
    """An upload: judged at once (``outcome``) or by a background job (``job_id``)."""

    token: str
    outcome: Outcome | None = None
    job_id: int | None = None


def upload(region: Region, actor: User, kind: str, data: bytes | None) -> Started:
    """The admin's sheet, kept for its confirmation and judged: at once when it has at most
    ``PORTAL_IMPORT_NOW`` rows, else by a background job. ``data`` is None when no file was
    chosen."""
    _admin_scope(actor)
    if kind not in COLUMNS:
        raise ImportRefused("not_found")
    sheet = Sheet(data, kind)
    token = _store(actor, data)
    if sheet.total <= rows_now():
        outcome = preview(region, actor, kind, token)
        if not outcome.total:
            _discard(actor, token)
            raise ImportRefused("no_rows")
        return Started(token, outcome=outcome)
    from ..jobs import preview_import

    try:
        return Started(token, job_id=background.start(actor, PREVIEW, {"kind": kind, "token": token}, preview_import))
    except background.QueueUnavailable:
        _discard(actor, token)  # nothing of the upload kept: the admin sends it again
        raise


def preview_job(region: Region, actor: User, params: dict, progress) -> dict:
    return preview(region, actor, params["kind"], params["token"], progress).as_data()


def start_confirm(actor: User, kind: str, job_id: int) -> int:
    """The use case: a previewed sheet (``job_id``, the preview's job) queued to be kept."""
    from ..jobs import confirm_import

    found = job(actor, kind, job_id)
    if found.job.kind != PREVIEW or found.job.state != background.DONE or found.outcome is None:
        raise ImportRefused("not_found")
    if not found.outcome.ok:
        raise ImportRefused("bad_rows")
    if not found.outcome.changes:
        raise ImportRefused("unchanged")
    return background.start(actor, CONFIRM, {"kind": kind, "token": found.job.params["token"],
                                             "fingerprint": found.outcome.fingerprint, "preview": job_id},
                            confirm_import)


def confirm_job(region: Region, actor: User, params: dict, progress) -> dict:
    try:
        return confirm(region, actor, params["kind"], params["token"], params["fingerprint"], progress).as_data()
    except ImportRefused as refused:
        return {"refused": refused.code}


@dataclass(frozen=True)
class ImportJob:
    """A sheet's job as its page shows it: its progress, then what the preview found or what
    was kept (``outcome``), or why nothing was (``refused``)."""

    job: background.JobView
    kind: str
    outcome: Outcome | None = None
    refused: str = ""


def job(actor: User, kind: str, job_id: int) -> ImportJob:
    """One of the actor's import jobs of ``kind``."""
    _admin_scope(actor)
    for job_kind in (PREVIEW, CONFIRM):
        try:
            view = background.job_view(actor, job_id, job_kind)
        except background.JobNotFound:
            continue
        if view.params.get("kind") != kind:
            break
        result = view.result or {}
        return ImportJob(view, kind, Outcome.from_data(result) if "fingerprint" in result else None,
                         result.get("refused", ""))
    raise ImportRefused("not_found")


# Teachers ------------------------------------------------------------------------------------

# The template's words and no others: a lone letter ("M", "F") is as easily a slip as a gender.
GENDER_WORDS = {"男": Gender.MALE, "女": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}
STAGE_WORDS = {
    "高中": SchoolStage.SENIOR_HIGH, "初中": SchoolStage.JUNIOR_HIGH, "小学": SchoolStage.PRIMARY,
    "幼儿园": SchoolStage.KINDERGARTEN, "学前": SchoolStage.KINDERGARTEN, "特殊教育": SchoolStage.SPECIAL,
    "特教": SchoolStage.SPECIAL, "中职": SchoolStage.VOCATIONAL, "中等职业": SchoolStage.VOCATIONAL,
    **{s.value: s for s in SchoolStage}, **{s.value.replace("_", " "): s for s in SchoolStage},
}
# Whether the teacher holds a teacher qualification certificate (教师资格证书), as the template's note words it.
QUALIFIED_WORDS = {"是": True, "有": True, "持有": True, "yes": True, "否": False, "无": False, "未持有": False, "no": False}
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
PHONE = re.compile(r"^\+?[0-9-]{5,20}$")
MIN_WORKING_AGE = 16  # 劳动法 第十五条: no one under 16 is employed; a first day in post before it is a typing mistake
# What a teacher's row may set, in the order the preview lists changes.
TEACHER_FIELDS = ("name", "gender", "school", "phone", "stages", "subjects", "title", "title_date", "qualified",
                  "entered_post", "probation_end", "transferred_in", "transferred_from", "layer")


def _cell_qualified(cells: dict) -> bool | None:
    """Whether the teacher holds a teacher qualification certificate: True, False, or None
    (an empty cell: not recorded for a new teacher, left as kept for another). An Excel
    TRUE or FALSE cell says it too."""
    cell = cells["qualified"]
    if isinstance(cell, bool):
        return cell
    word = _cell_text(cells, "qualified", False, 10)
    if word is None:
        return None
    if word.lower() not in QUALIFIED_WORDS:
        raise Bad("qualified.invalid")
    return QUALIFIED_WORDS[word.lower()]


def _words(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [w for w in LIST_SEPARATORS.split(text) if w]


def _shown(value) -> str:
    """A value as the preview's changes and the audit events keep it: a qualification as
    "yes" or "no" (the details form's choices), a list joined by 、, a date as 2020-09-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "、".join(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def _paths(unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    return {uid: path for uid, path in db.session.execute(select(OrgUnit.id, OrgUnit.path)
                                                          .where(OrgUnit.id.in_(unit_ids)))}


class TeacherJudge(Judge):
    """A teacher per row, by ID number: new, or updated within the admin's scope (an empty
    cell leaves what is kept). Their kept standings: of an updated teacher in the import's
    transaction, of a new one (no ledger yet, shown as waiting meanwhile) just after. A layer
    (分层分类) is one the region lists on the import's day (``layer_choices``), by its words or
    its code, and kept as its code, as the teacher's details form keeps it; so is whether the
    teacher holds a teacher qualification certificate (``Teacher.qualified``)."""

    kind = TEACHERS

    def __init__(self, *args):
        super().__init__(*args)
        self.schools = {code: (uid, path, name) for uid, code, path, name in db.session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.path, OrgUnit.name)
            .where(OrgUnit.kind == OrgKind.SCHOOL.value, self.scope.covers_path(OrgUnit.path)))}
        self.school_codes = {uid: code for code, (uid, _, _) in self.schools.items()}
        self.seen: set[str] = set()
        self.no_later = NOT_IN_FUTURE.latest(self.today)
        self.latest_start = LatestDate(current_app.config.get("PORTAL_FUTURE_START_DAYS", 60)).latest(self.today)
        self.inserts: list[dict] = []
        self.updates: list[tuple[dict, tuple, int]] = []  # (columns to set, changes as shown, school id)
        self.new_ids: list[int] = []
        self.layers = {}
        for code, word in layer_choices(self.region, self.today):
            self.layers.setdefault(code.lower(), code)
            self.layers.setdefault(word.lower(), code)

    def hold(self) -> None:
        """The scope's schools' rows, in the order of their ids, as the database's triggers take
        a school's row to count its teachers (``OrgUnit.teacher_count``): an import writing
        thousands of teachers in chunks would otherwise take them in the sheet's order, and two
        imports of the same schools could each hold one the other waits for."""
        db.session.execute(select(OrgUnit.id).where(OrgUnit.id.in_(self.school_codes)).order_by(OrgUnit.id)
                           .with_for_update(key_share=True))  # FOR NO KEY UPDATE

    def judge(self, chunk):
        self.inserts, self.updates = [], []
        parsed = [(number, cells, self._parse(cells)) for number, cells in chunk]
        numbers = [values["id_number"] for _, _, (values, _) in parsed if values and values["id_number"]]
        # By the unique ID number alone (joined to the schools, SQLite may walk each school's teachers).
        kept = {row.id_number: row for row in db.session.execute(
            select(Teacher.id, Teacher.id_number, Teacher.name, Teacher.gender, Teacher.school_id, Teacher.phone,
                   Teacher.stages, Teacher.subjects, Teacher.title, Teacher.title_date, Teacher.entered_post,
                   Teacher.probation_end, Teacher.transferred_in, Teacher.transferred_from, Teacher.layer,
                   Teacher.qualified)
            .where(Teacher.id_number.in_(numbers)))} if numbers else {}
        self.paths = _paths({row.school_id for row in kept.values()})
        judged = []
        for number, cells, (values, problems) in parsed:
            if values is None:  # a row of the template's examples: that alone is said
                judged.append(Row(number, _raw_key(cells, "id_number"), _raw_key(cells, "name"), "row.example"))
                continue
            judged.append(self._row(number, cells, values, problems, kept.get(values["id_number"])))
        return judged

    def _parse(self, cells: dict) -> tuple[dict | None, list[str]]:
        """The row's values (None for a cell refused) and its cells' problems; no values for a
        row of the template's examples."""
        row = _Reading(cells)
        name, gender = row.read(_cell_text, "name", True, 80), row.read(_cell_word, "gender", GENDER_WORDS, 10)
        id_number = row.read(_cell_id_number, self.today)
        if id_number in EXAMPLE_ID_NUMBERS:
            return None, []
        school = row.read(_cell_text, "school", True, 64)
        phone = row.read(_cell_text, "phone", False, 20)
        if phone is not None and not PHONE.match(phone):
            row.refuse("phone.invalid")
        stage_words = _words(row.read(_cell_text, "stages"))
        stages = None
        if stage_words is not None:
            if any(w.lower() not in STAGE_WORDS for w in stage_words):
                row.refuse("stages.invalid")
            else:
                stages = list(dict.fromkeys(STAGE_WORDS[w.lower()].value for w in stage_words))
        subjects = _words(row.read(_cell_text, "subjects"))
        if subjects is not None and any(len(s) > 40 for s in subjects):
            row.refuse("subjects.too_long")
        values = {
            "name": name, "gender": gender, "id_number": id_number, "school": school, "phone": phone,
            "stages": stages, "subjects": list(dict.fromkeys(subjects)) if subjects is not None else None,
            "title": row.read(_cell_text, "title", False, 40),
            "title_date": row.read(_cell_date, "title_date", self.no_later),
            "qualified": row.read(_cell_qualified),
            "entered_post": row.read(_cell_date, "entered_post", self.latest_start),
            # as the teacher's details form bounds them (teacher_facts.date_limits): 转正 has
            # happened, a transfer may be arranged ahead like a first day in post
            "probation_end": row.read(_cell_date, "probation_end", self.no_later),
            "transferred_in": row.read(_cell_date, "transferred_in", self.latest_start),
            "transferred_from": row.read(_cell_text, "transferred_from", False, 120),
            "layer": self._layer(row),
        }
        for name in teacher_facts.before_entering_post(values["entered_post"], probation_end=values["probation_end"],
                                                       transferred_in=values["transferred_in"]):
            row.refuse(f"{name}.before_entering_post")  # as the details form refuses them
        if id_number and gender is not None and gender_of(id_number) != gender:
            row.refuse("gender.id_number")  # the ID number's 17th digit says it (GB 11643: odd for a man)
        if id_number and values["entered_post"] is not None and values["entered_post"] < add_years(
                born_on(id_number), MIN_WORKING_AGE):
            row.refuse("entered_post.too_young")
        return {**values, "gender": gender.value if gender is not None else None}, row.problems

    def _layer(self, row: _Reading) -> str | None:
        """The layer's code, or None (an empty cell, or refused: "layer.invalid" when not one
        the region lists, "layer.none" when the region lists none)."""
        word = row.read(_cell_text, "layer")
        if word is None:
            return None
        code = self.layers.get(word.lower())
        if code is None:
            row.refuse("layer.invalid" if self.layers else "layer.none")
        return code

    def _row(self, number: int, cells: dict, values: dict, problems: list[str], kept) -> Row:
        """The row's outcome, or every problem it has: its cells' first, then those found
        against the sheet's earlier rows and what is kept (an admin corrects a row once)."""
        id_number, name = values["id_number"], values["name"]
        problems = list(problems)
        if id_number is not None:
            if id_number in self.seen:
                problems.append("id_number.twice")
            self.seen.add(id_number)
        school = self.schools.get(values["school"]) if values["school"] is not None else None
        if values["school"] is not None and school is None:
            problems.append("school.unknown")
        in_scope = kept is None or any(self.paths[kept.school_id].startswith(p) for p in self.scope.paths)
        if not in_scope:
            problems.append("id_number.other_scope")
        # a title's date with no title, given or kept (an empty cell keeps it), as the details
        # and new-user forms refuse it (the date of nothing)
        elif teacher_facts.title_missing(values["title"] or (kept.title if kept is not None else None),
                                         values["title_date"]):
            problems.append("title.missing")
        if problems:
            return Row(number, id_number or _raw_key(cells, "id_number"), name or _raw_key(cells, "name"),
                       " ".join(dict.fromkeys(problems)))
        if kept is None:
            self.inserts.append({**{k: v for k, v in values.items() if k != "school"}, "school_id": school[0],
                                 "stages": values["stages"] or [], "subjects": values["subjects"] or []})
            return Row(number, id_number, name, outcome=NEW)
        before = {"name": kept.name, "gender": kept.gender, "school": self.school_codes.get(kept.school_id, ""),
                  "phone": kept.phone, "stages": list(kept.stages or ()), "subjects": list(kept.subjects or ()),
                  "title": kept.title, "title_date": kept.title_date, "qualified": kept.qualified,
                  "entered_post": kept.entered_post,
                  "probation_end": kept.probation_end, "transferred_in": kept.transferred_in,
                  "transferred_from": kept.transferred_from, "layer": kept.layer}
        changed = {k: values[k] for k in TEACHER_FIELDS if values[k] is not None and values[k] != before[k]}
        if not changed:
            return Row(number, id_number, name, outcome=UNCHANGED)
        columns = {("school_id" if k == "school" else k): (school[0] if k == "school" else v) for k, v in changed.items()}
        changes = tuple((k, _shown(before[k]), _shown(v)) for k, v in changed.items())
        self.updates.append(({"id": kept.id, **columns}, changes, school[0]))
        return Row(number, id_number, name, outcome=UPDATED, changes=changes)

    def write(self) -> None:
        now = utcnow()
        if self.inserts:
            made = bulk.insert_rows(Teacher.__table__, self.inserts, ids=True)
            self.new_ids.extend(made)
            bulk.insert_rows(AuditEvent.__table__, [
                {"at": now, "actor_id": self.actor.id, "action": "teacher.imported", "subject_type": "teacher",
                 "subject_id": tid, "org_unit_id": values["school_id"], "before": None,
                 "after": {k: _shown(v) for k, v in values.items() if v not in (None, [])}}
                for tid, values in zip(made, self.inserts)])
        if self.updates:
            by_columns: dict[tuple, list[dict]] = {}
            for values, _, _ in self.updates:  # executemany needs the same columns in each row
                by_columns.setdefault(tuple(sorted(values)), []).append(values)
            for rows in by_columns.values():
                db.session.execute(update(Teacher), rows)
            bulk.insert_rows(AuditEvent.__table__, [
                {"at": now, "actor_id": self.actor.id, "action": "teacher.updated", "subject_type": "teacher",
                 "subject_id": values["id"], "org_unit_id": school_id,
                 "before": {k: old for k, old, _ in changes}, "after": {k: new for k, _, new in changes}}
                for values, changes, school_id in self.updates])
            # Their facts changed: their kept standings, in this transaction.
            ids = [values["id"] for values, _, _ in self.updates]
            standings.refresh(self.region, list(db.session.scalars(
                select(Teacher).where(Teacher.id.in_(ids)).execution_options(populate_existing=True))), self.today)
        self.inserts, self.updates = [], []

    def after(self, progress) -> int:
        """The new teachers' standings, ``standings.BATCH`` at a time, each batch its own
        transaction: a new teacher has no ledger, and until then reads as waiting."""
        total = len(self.new_ids)
        done = [0]

        def heard(count: int) -> None:
            done[0] += count
            progress(done[0], total)

        return standings.refresh_all(self.region, self.today, self.new_ids, heard)


# Org units ------------------------------------------------------------------------------------

KIND_WORDS = {
    "省": OrgKind.PROVINCE, "市": OrgKind.CITY, "区县": OrgKind.DISTRICT, "区": OrgKind.DISTRICT,
    "县": OrgKind.DISTRICT, "学区": OrgKind.ZONE, "教育学区": OrgKind.ZONE, "学校": OrgKind.SCHOOL,
    "培训机构": OrgKind.INSTITUTION, "机构": OrgKind.INSTITUTION, **{k.value: k for k in OrgKind},
    "民办学校": OrgKind.SCHOOL, "private_school": OrgKind.SCHOOL,
}
PRIVATE_WORDS = frozenset({"民办学校", "private_school"})  # a school run privately (``OrgUnit.private``)
RANK = {OrgKind.PROVINCE: 0, OrgKind.CITY: 1, OrgKind.DISTRICT: 2, OrgKind.ZONE: 3, OrgKind.SCHOOL: 4,
        OrgKind.INSTITUTION: 4}
CODE = re.compile(r"^[0-9A-Za-z_.\-]{1,64}$")


@dataclass
class _Unit:
    id: int | None
    kind: str
    name: str
    parent: str  # the parent's code
    path: str
    private: bool = False


def _school_words(private: bool) -> str:
    """A school's kind as the sheet writes it."""
    return "民办学校" if private else "学校"


class UnitJudge(Judge):
    """An org unit per row, by code, below the admin's own unit: new, renamed, or unchanged.
    An import never moves a unit or changes its kind."""

    kind = UNITS

    def __init__(self, *args):
        super().__init__(*args)
        parent = OrgUnit.__table__.alias("parent")
        self.units = {code: _Unit(uid, kind, name, parent_code or "", path, private)
                      for uid, code, kind, name, path, parent_code, private
                      in db.session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.kind, OrgUnit.name, OrgUnit.path,
                                                   parent.c.code, OrgUnit.private)
                                            .outerjoin(parent, parent.c.id == OrgUnit.parent_id)
                                            .where(self.scope.covers_path(OrgUnit.path)))}
        self.seen: set[str] = set()
        self.refused: set[str] = set()  # the codes of earlier rows to correct, which a later row may name as parent
        self.pending: list[tuple[str, str, str, str, bool]] = []  # new units: code, name, kind, parent code, private
        self.changed: list[tuple[int, _Unit, _Unit]] = []  # id, the unit before and after

    def judge(self, chunk):
        self.pending, self.changed = [], []
        codes = [_raw_key(cells, "code") for _, cells in chunk]
        elsewhere = set(db.session.scalars(select(OrgUnit.code).where(
            OrgUnit.code.in_([c for c in codes if c and c not in self.units]))))
        judged = []
        for number, cells in chunk:
            judged.append(self._row(number, cells, elsewhere))
            if judged[-1].problem and judged[-1].key:
                self.refused.add(judged[-1].key)
        return judged

    def _row(self, number: int, cells: dict, elsewhere: set[str]) -> Row:
        key, label = _raw_key(cells, "code"), _raw_key(cells, "unit_name")
        row = _Reading(cells)
        code = row.read(_cell_text, "code", True, 64)
        if code in EXAMPLE_CODES:
            return Row(number, key, label, "row.example")
        if code is not None and not CODE.match(code):
            row.refuse("code.invalid")
        name = row.read(_cell_text, "unit_name", True, 120)
        kind = row.read(_cell_word, "kind", KIND_WORDS)
        private = str(cells["kind"] or "").strip().lower() in PRIVATE_WORDS
        parent_code = row.read(_cell_text, "parent", True, 64)
        # every problem of the row at once: its cells', then those against earlier rows and what is kept
        problems = list(row.problems)
        valid = code is not None and "code.invalid" not in problems
        if valid and code in self.seen:
            problems.append("code.twice")
        elif valid:
            self.seen.add(code)
            if code in elsewhere:
                problems.append("code.other_scope")
        kept = self.units.get(code) if valid and not problems[len(row.problems):] else None
        if kept is not None:
            if (kind is not None and kept.kind != kind.value) or (parent_code is not None and kept.parent != parent_code):
                problems.append("code.moved")
            if problems:
                return Row(number, key, label, " ".join(problems))
            if (kept.name, kept.private) == (name, private):
                return Row(number, code, name, outcome=UNCHANGED)
            before = replace(kept)
            kept.name, kept.private = name, private
            self.changed.append((kept.id, before, kept))
            changes = ((("unit_name", before.name, name),) if before.name != name else ()) + (
                (("kind", _school_words(before.private), _school_words(private)),) if before.private != private else ())
            return Row(number, code, name, outcome=UPDATED, changes=changes)
        parent = self.units.get(parent_code) if parent_code is not None else None
        if parent_code is not None and parent is None:  # the parent on an earlier row to correct is said so
            problems.append("parent.refused" if parent_code in self.refused else "parent.unknown")
        elif parent is not None and kind is not None and (
                parent.kind in (OrgKind.SCHOOL.value, OrgKind.INSTITUTION.value) or RANK[OrgKind(parent.kind)] >= RANK[kind]):
            problems.append("kind.below")
        if problems:
            return Row(number, key, label, " ".join(problems))
        self.units[code] = _Unit(None, kind.value, name, parent_code, "", private)
        self.pending.append((code, name, kind.value, parent_code, private))
        # a new school's preview says it is run privately (its county may register its credits):
        # a district admin read only its code and name before saving it
        return Row(number, code, f"{name}（{_school_words(True)}）" if private else name, outcome=NEW)

    def write(self) -> None:
        now = utcnow()
        pending = self.pending
        while pending:  # a generation at a time: the units whose parent already has an id
            ready = [u for u in pending if self.units[u[3]].id is not None]
            pending = [u for u in pending if self.units[u[3]].id is None]
            made = bulk.insert_rows(OrgUnit.__table__, [
                {"code": code, "name": name, "kind": kind, "parent_id": self.units[parent].id, "path": "",
                 "private": private}
                for code, name, kind, parent, private in ready], ids=True)
            for uid, (code, _, _, parent, _private) in zip(made, ready):
                unit = self.units[code]
                unit.id, unit.path = uid, f"{self.units[parent].path}{uid}/"
            db.session.execute(update(OrgUnit), [{"id": self.units[u[0]].id, "path": self.units[u[0]].path}
                                                 for u in ready])
            bulk.insert_rows(AuditEvent.__table__, [
                {"at": now, "actor_id": self.actor.id, "action": "org_unit.imported", "subject_type": "org_unit",
                 "subject_id": self.units[code].id, "org_unit_id": self.units[code].id,
                 "after": {"code": code, "name": name, "kind": kind, "parent": parent,
                           **({"private": True} if private else {})}}
                for code, name, kind, parent, private in ready])
        if self.changed:
            db.session.execute(update(OrgUnit), [{"id": uid, "name": after.name, "private": after.private}
                                                 for uid, _before, after in self.changed])
            bulk.insert_rows(AuditEvent.__table__, [
                {"at": now, "actor_id": self.actor.id, "subject_type": "org_unit", "subject_id": uid,
                 "org_unit_id": uid, **_unit_change(before, after)} for uid, before, after in self.changed])
        self.pending, self.changed = [], []


def _unit_change(before: _Unit, after: _Unit) -> dict:
    """A kept unit's change as its audit event: renamed, or its name and whether it is run privately."""
    if before.private == after.private:
        return {"action": "org_unit.renamed", "before": {"name": before.name}, "after": {"name": after.name}}
    return {"action": "org_unit.updated", "before": {"name": before.name, "private": before.private},
            "after": {"name": after.name, "private": after.private}}


# Historical credits -----------------------------------------------------------------------------

LEVEL_WORDS = {"国家级": Level.NATIONAL, "省级": Level.PROVINCIAL, "市级": Level.CITY, "区县级": Level.COUNTY,
               "县级": Level.COUNTY, "区级": Level.COUNTY, "校级": Level.SCHOOL, **{v.value: v for v in Level}}
MODE_WORDS = {"集中培训": Mode.CENTRALIZED, "集中": Mode.CENTRALIZED, "网络研修": Mode.ONLINE, "网络培训": Mode.ONLINE,
              "远程培训": Mode.ONLINE, "校本研修": Mode.SCHOOL_BASED, "校本培训": Mode.SCHOOL_BASED,
              "自主研修": Mode.SELF_STUDY, "学历提升": Mode.DEGREE, **{v.value: v for v in Mode}}
AMOUNT = re.compile(r"^\d{1,5}(\.\d{1,2})?$")


def _cell_amount(cells: dict, name: str) -> Decimal | None:
    cell = cells[name]
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        text = f"{cell:.6f}".rstrip("0").rstrip(".")  # a number cell holds hours or credits whole
    else:
        text = _cell_text(cells, name, False, 20)
        if text is None:
            return None
    if not AMOUNT.match(text) or Decimal(text) <= 0:
        raise Bad(f"{name}.invalid")
    return Decimal(text)


def import_key(teacher_id: int, values: dict) -> str:
    """The natural key of a historical credit: the teacher, the day, the title, level, mode
    and figure as given. The same row imported twice has the same key, and is entered once."""
    given = [teacher_id, values["date"].isoformat(), values["title"], values["level"].value, values["mode"].value,
             str(values["hours"] or ""), str(values["credits"] or "")]
    return hashlib.sha256(json.dumps(given, ensure_ascii=False).encode()).hexdigest()[:32]


class CreditJudge(Judge):
    """A credit earned before the portal, per row, for a teacher of the admin's scope found by
    ID number: converted by the region's own rules (``Region.convert``, as a claim is), and
    entered in the ledger as a transfer (``LedgerSource.TRANSFER``: credits carried over from
    the bureau's old system, not an admin's hand-typed correction, which is "manual") in the
    first state of the region's audit workflow that counts (the old system audited it). Its
    natural key (``LedgerEntry.import_key``, unique in the database) makes a row already
    entered unchanged, and refuses it even from two imports at once. The teachers' kept standings are refreshed in the same transaction."""

    kind = CREDITS

    def __init__(self, *args):
        super().__init__(*args)
        workflow = self.region.audit_workflow()
        self.state = next((s.code for s in workflow.states if s.counts), workflow.initial)
        # a category by its code or its label, read without spaces: a sheet filled before a region
        # spaced its label (集中培训（基础学分90以下）, now 集中培训（基础学分 90 以下）) still reads
        self.categories = {_unspaced(c.code): c.code for c in self.region.categories()}
        self.categories.update({_unspaced(str(c.label)): c.code for c in self.region.categories()})
        # The core's words and codes, and the region's words its template's lists offer (区（市县）级, 校（园）本培训).
        choices = credit_choices(self.region, self.today)
        self.levels = {**LEVEL_WORDS, **{word.lower(): Level(code) for code, word in choices["level"]}}
        self.modes = {**MODE_WORDS, **{word.lower(): Mode(code) for code, word in choices["mode"]}}
        self.seen: set[str] = set()
        self.entries: list[tuple[dict, object]] = []  # (the entry's columns, the result)
        self.explanations: dict[str, int] = {}

    def judge(self, chunk):
        self.entries = []
        parsed = [(number, cells, self._parse(cells)) for number, cells in chunk]
        numbers = {values["id_number"] for _, _, (values, _) in parsed if values and values["id_number"]}
        found = db.session.execute(select(Teacher.id, Teacher.id_number, Teacher.school_id)
                                   .where(Teacher.id_number.in_(numbers))).all() if numbers else []
        paths = _paths({school_id for _, _, school_id in found})
        teachers = {number: (tid, school_id, paths[school_id]) for tid, number, school_id in found
                    if any(paths[school_id].startswith(p) for p in self.scope.paths)}
        keys = {}
        for number, _cells, (values, problems) in parsed:
            if values and not problems and values["id_number"] in teachers:
                keys[number] = import_key(teachers[values["id_number"]][0], values)
        entered = set(db.session.scalars(select(LedgerEntry.import_key).where(
            LedgerEntry.import_key.in_(set(keys.values()))))) if keys else set()
        judged = []
        for number, cells, (values, problems) in parsed:
            if values is None:  # a row of the template's examples: that alone is said
                judged.append(Row(number, _raw_key(cells, "id_number"), _raw_key(cells, "training_title"),
                                  "row.example"))
                continue
            if problems:  # its cells' problems, and an ID number naming no teacher of the scope with them
                unknown = values["id_number"] is not None and values["id_number"] not in teachers
                judged.append(Row(number, _raw_key(cells, "id_number"), _raw_key(cells, "training_title"),
                                  " ".join([*problems, *(["id_number.unknown"] if unknown else [])])))
                continue
            teacher = teachers.get(values["id_number"])
            label = f"{values['date'].isoformat()} {values['title']}"
            if teacher is None:
                judged.append(Row(number, values["id_number"], label, "id_number.unknown"))
                continue
            key = keys[number]
            if key in self.seen:
                judged.append(Row(number, values["id_number"], label, "row.twice"))
                continue
            self.seen.add(key)
            if key in entered:
                judged.append(Row(number, values["id_number"], label, outcome=UNCHANGED))
                continue
            try:
                activity = Activity(level=values["level"], mode=values["mode"], hours=values["hours"] or Decimal(0),
                                    days=1, start=values["date"], end=values["date"],
                                    base_credits=values["credits"])
                result = self.region.convert(activity, on=values["date"])
            except InvalidInput as refused:  # the rules say why: a reason the sheet's author can act on
                judged.append(Row(number, values["id_number"], label, "rules", detail=refused.message))
                continue
            except (ValueError, ArithmeticError):
                judged.append(Row(number, values["id_number"], label, "rules"))
                continue
            if result.amount <= 0:  # a figure the old system registered, which these rules count as nothing
                judged.append(Row(number, values["id_number"], label, "rules.nothing"))
                continue
            if ledger.beyond_cycle(self.region, result.amount, result.unit, values["date"]) is not None:
                judged.append(Row(number, values["id_number"], label, "rules.beyond_cycle"))
                continue
            facts = {**activity.as_json(), "transfer": "import"}
            if values["category"]:
                facts["old_category"] = values["category"]
            self.entries.append(({"teacher_id": teacher[0], "source": LedgerSource.TRANSFER.value,
                                  "activity_date": values["date"], "hours": values["hours"], "amount": result.amount,
                                  "unit": result.unit.value, "category": result.category, "title": values["title"],
                                  "facts": facts, "import_key": key, "rule_version": result.rule_version,
                                  "audit_state": self.state,
                                  "created_by_id": self.actor.id}, result, teacher[1]))
            judged.append(Row(number, values["id_number"], label, outcome=NEW,
                              counts=(str(result.amount), result.unit.value, result.category)))
        return judged

    def _parse(self, cells: dict) -> tuple[dict | None, list[str]]:
        """The row's values (None for a cell refused) and its cells' problems; no values for a
        row of the template's examples."""
        row = _Reading(cells)
        id_number = row.read(_cell_id_number, self.today)
        if id_number in EXAMPLE_ID_NUMBERS:
            return None, []
        day = row.read(_cell_date, "date", NOT_IN_FUTURE.latest(self.today), required=True)
        title = row.read(_cell_text, "training_title", True, 200)
        category = row.read(_cell_text, "category", False, 40)
        if category is not None and _unspaced(category) not in self.categories:
            row.refuse("category.invalid")
        level = row.read(_cell_word, "level", self.levels)
        mode = row.read(_cell_word, "mode", self.modes)
        hours, credits = row.read(_cell_amount, "hours"), row.read(_cell_amount, "credits")
        if hours is None and credits is None and not any(p.startswith(("hours.", "credits.")) for p in row.problems):
            row.refuse("figure.missing")
        if hours is not None and credits is not None:
            row.refuse("figure.both")
        return {"id_number": id_number, "date": day, "title": title, "level": level, "mode": mode,
                "category": self.categories.get(_unspaced(category)) if category else None, "hours": hours,
                "credits": credits}, row.problems

    def write(self) -> None:
        if not self.entries:
            return
        from .ledger import explanation_for

        rows = []
        for columns, result, _school in self.entries:
            steps = [s.as_data() for s in result.steps]
            digest = json.dumps(steps, sort_keys=True, ensure_ascii=False)
            if digest not in self.explanations:
                self.explanations[digest] = explanation_for(steps)
            rows.append({**columns, "explanation_id": self.explanations[digest], "created_at": utcnow()})
        made = bulk.insert_rows(LedgerEntry.__table__, rows, ids=True)
        bulk.insert_rows(AuditEvent.__table__, [
            {"at": utcnow(), "actor_id": self.actor.id, "action": "ledger.entered", "subject_type": "ledger_entry",
             "subject_id": entry_id, "org_unit_id": school,
             "after": {"amount": str(columns["amount"]), "state": self.state, "source": LedgerSource.TRANSFER.value,
                       "import": True}}
            for entry_id, (columns, _result, school) in zip(made, self.entries)])
        # Their ledgers changed: their kept standings, in this transaction.
        ids = sorted({columns["teacher_id"] for columns, _r, _s in self.entries})
        for start in range(0, len(ids), standings.BATCH):
            standings.refresh(self.region, list(db.session.scalars(
                select(Teacher).where(Teacher.id.in_(ids[start:start + standings.BATCH])))), self.today)
        self.entries = []
