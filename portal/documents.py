"""The regulations a region implements, and the citations that point into them.

A rule cites its clause as ``file §clause`` (``province-2017-credit-rules.txt §四(二)``),
several joined with "、§" or "；". People read a citation as the document's title and the
clause (《某省中小学教师培训学分管理办法》四(二)), linking to the document's text with the
clause highlighted. The region ships each document in its package (``documents/<file>``)
and declares it with ``portal_documents``.

A clause is found in the text by its numbering: annexes (附件1), sections (一、), their
parts (（二）), numbered items (3. or 第3步) and table rows (第3项), as Chinese notices write
them, and the chapters and articles of a regulation (第二章, 第三条, 第三条(二)). Anything
quoted in the clause (“不低于解释”, or a note in full-width brackets that the text contains
word for word, words left out standing as ……) pins the exact words. ``portal rules test``
reports a citation that names no document of the region, no clause the text has, or words
the text does not hold.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from importlib import resources

from .domain import Document
from .domain.text import Messages, Text, current_locale, figure

_ = Messages("messages", "portal")

NUMERALS = "一二三四五六七八九十"
_FILE = re.compile(r"(?P<file>[\w.\-]+\.(?:txt|md|pdf|docx?)) §")
_STRUCTURAL = re.compile(rf"[（(]([{NUMERALS}]+)[）)]")
_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]")  # left by the conversion from Word
_NOTE = re.compile(r"（([^（）]*)）|“([^”]*)”|\(([^()]*[^\d{0}()][^()]*)\)".format(NUMERALS))


@dataclass(frozen=True)
class Citation:
    file: str
    clause: str  # as written after §, notes included

    @cached_property
    def parts(self) -> tuple[str, tuple[str, ...]]:
        """The clause's numbering (normalised) and the phrases it quotes."""
        return split_clause(self.clause)


def parse_source(source: str) -> list[Citation]:
    """Every ``file §clause`` in a source; clauses after "、§" belong to the file before."""
    matches = list(_FILE.finditer(source or ""))
    found = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(source)
        body = source[match.end():end].strip().rstrip("；;、，, ")
        for clause in re.split(r"、§|；§|;\s*§", body):
            clause = clause.strip().rstrip("；;、，, ")
            if clause:
                found.append(Citation(match.group("file"), clause))
    return found


def split_clause(clause: str) -> tuple[str, tuple[str, ...]]:
    """``附件2 第6步（按学习任务完成情况…）`` → ("附件2第6步", ("按学习任务完成情况…",))."""
    phrases = []

    def keep_structure(match: re.Match) -> str:
        text = next(g for g in match.groups() if g is not None)
        if re.fullmatch(rf"[{NUMERALS}]+", text):
            return f"({text})"
        phrases.append(text)
        return ""

    numbering = _NOTE.sub(keep_structure, clause)
    numbering = _STRUCTURAL.sub(lambda m: f"({m.group(1)})", numbering)
    numbering = re.sub(r"(?<=\d)、(?=\d)", ",", numbering)
    numbering = re.sub(r"[\s.．、:：]", "", numbering)
    return numbering, tuple(p.strip() for p in phrases if p.strip())


# Reading a document's structure -------------------------------------------------------------

LEVELS = {"annex": 0, "chapter": 0, "section": 1, "part": 2, "item": 3, "row": 3}
# A regulation's chapters and articles (第二章 总则, 第三条 …): an article is numbered through
# the chapters, so it stands for a section of its own and its parts are 第三条(二).
_ARTICLE = re.compile(rf"第\s*([{NUMERALS}百零]+|\d+)\s*([章条])")
_DATE_LINE = re.compile(r"[〇○零一二三四五六七八九十\d]{4}\s*年\s*[〇○零一二三四五六七八九十\d]{1,2}\s*月\s*[〇○零一二三四五六七八九十\d]{1,3}\s*日")
ISSUER_LINES = 2  # above the date of a signature (落款): the issuing body's name, perhaps a second body


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    level: int | None = None  # a heading's level (0 annex … 3 item or table row), None for body text
    kind: str = ""  # which heading: annex, section, part, item, row
    cell: bool = False  # a table's cell: the text file gives each on a line of its own after a tab


@dataclass(frozen=True)
class Location:
    """Lines ``first``..``last`` (inclusive) hold the clause; ``phrase`` marks its words."""

    first: int
    last: int
    phrase: str = ""
    exact: bool = True  # False: only the document, or a coarser part of the clause, was found


@dataclass
class DocumentText:
    lines: list[Line]
    anchors: dict[str, int] = field(default_factory=dict)  # normalised clause → line number
    signed_from: int | None = None  # the first line of the signature (落款) ending the document, if any

    @classmethod
    def parse(cls, text: str) -> DocumentText:
        lines, anchors = [], {}
        annex = section = part = ""
        preamble = None
        for number, raw in enumerate(text.splitlines(), start=1):
            stripped = _ARTIFACT.sub("", raw).replace("\u3000", " ").strip()
            kind, keys = None, []
            if (m := re.fullmatch(r"附件\s*(\d*)\s*[：:]?", stripped)) and (m.group(1) or number > 5):
                annex, section, part = f"附件{m.group(1)}", "", ""
                kind, keys = "annex", [annex]
            elif m := _ARTICLE.match(stripped):
                number_of, heading = m.groups()
                if heading == "章":
                    section, part = "", ""
                    kind, keys = "chapter", [f"{annex}第{number_of}章"]
                else:
                    section, part = f"第{number_of}条", ""
                    kind, keys = "section", [annex + section]
            elif m := re.match(rf"([{NUMERALS}]+)、", stripped):
                section, part = m.group(1), ""
                kind, keys = "section", [annex + section]
            elif m := re.match(r"(\d+)、\s", stripped):
                section, part = to_numeral(int(m.group(1))), ""
                kind, keys = "section", [annex + section]
            elif m := re.match(rf"[（(]([{NUMERALS}]+)[）)]", stripped):
                part = m.group(1)
                kind, keys = "part", [f"{annex}{section}({part})"]
            elif m := re.fullmatch(r"(\d+)", stripped):
                if annex:
                    kind, keys = "row", [f"{annex}第{m.group(1)}项"]
            elif m := re.match(r"(\d+)\s*[.．、]", stripped):
                n = m.group(1)
                base = f"{annex}{section}" + (f"({part})" if part else "")
                kind, keys = "item", [f"{base}{n}", f"{base}第{n}项", f"{base}第{n}步"]
            elif stripped and preamble is None and lines and any(line.text for line in lines):
                preamble = number
            for key in keys:
                anchors.setdefault(key, number)
            lines.append(Line(number, stripped, LEVELS[kind] if kind else None, kind or "", raw.startswith("\t")))
        if preamble is not None:
            anchors.setdefault("序言", preamble)
        signature = [line.number for line in lines if line.text]
        signed_from = _signed_from(lines)
        if signature:
            anchors.setdefault("落款", signed_from or signature[-1])
        return cls(lines, anchors, signed_from)

    def locate(self, clause: str) -> Location:
        numbering, phrases = split_clause(clause)
        first, exact = self._structural(numbering)
        last = self._section_end(first) if first else len(self.lines)
        for phrase in phrases:
            hit = self._find(phrase, first or 1, last) or self._find(phrase, 1, len(self.lines))
            if hit:
                return Location(hit, hit, phrase, True)
        if first is None:
            return Location(1, len(self.lines), "", False)
        return Location(first, last, "", exact)

    def _structural(self, numbering: str) -> tuple[int | None, bool]:
        if numbering in self.anchors:
            return self.anchors[numbering], True
        first_row = re.sub(r"第(\d+)(?:[,—\-~～至到]\d+)+([项步])", r"第\1\2", numbering)
        if first_row in self.anchors:
            return self.anchors[first_row], True
        prefixes = [key for key in self.anchors if numbering.startswith(key)]
        if prefixes:
            return self.anchors[max(prefixes, key=len)], False
        return None, False

    def _section_end(self, first: int) -> int:
        """A section, part or table row runs to the next heading of its level or above; a
        numbered item to the end of its paragraph; the last section to the signature (落款),
        which is no part of it."""
        if first == self.signed_from:  # the signature: who issued it, and its date below
            return max(line.number for line in self.lines if line.text)
        end = self._heading_end(first)
        if self.signed_from is not None and first < self.signed_from <= end:
            return self.signed_from - 1
        return end

    def _heading_end(self, first: int) -> int:
        level = self.lines[first - 1].level
        if level is None:
            return first
        if self.lines[first - 1].kind == "item":
            for line in self.lines[first:]:
                if not line.text:
                    return line.number - 1
                if line.level is not None and line.level <= level:
                    return line.number - 1
            return len(self.lines)
        for line in self.lines[first:]:
            if line.level is not None and line.level <= level:
                return line.number - 1
        return len(self.lines)

    def _find(self, phrase: str, first: int, last: int) -> int | None:
        """The line holding ``phrase``; words left out with …… may stand in between its parts."""
        parts = [p for p in re.split(r"…+|\.{3,}", _squeeze(phrase)) if p]
        if sum(map(len, parts)) < 2:
            return None
        pattern = re.compile(".*?".join(map(re.escape, parts)))
        for line in self.lines[first - 1:last]:
            if pattern.search(_squeeze(line.text)):
                return line.number
        return None

    def text_of(self, location: Location) -> str:
        return "\n".join(line.text for line in self.lines[location.first - 1:location.last])


@dataclass(frozen=True)
class TableGroup:
    """One row of a table read on a phone: its leading cells (``title``: 序号 and the work it
    names) once, then each line of the row beneath them, every cell beside its column's heading
    (``rows``: pairs of heading and cell). A line whose leading cells are empty (a merged cell in
    the original: the same work, another date) is one more of the group's ``rows``."""

    title: tuple[Line, ...]
    rows: tuple[tuple[tuple[Line, Line], ...], ...]


@dataclass(frozen=True)
class Table:
    """A table of the text: its column headings, then its rows grouped (``TableGroup``)."""

    header: tuple[Line, ...]
    groups: tuple[TableGroup, ...]


def _cell_blocks(lines: list[Line], start: int) -> tuple[list[list[Line]], int]:
    """The blocks of cells from ``start`` (each a row: cells on lines of their own, rows apart by
    an empty line), and the index of the first line after them."""
    blocks, i = [], start
    while i < len(lines):
        if lines[i].cell:
            block = []
            while i < len(lines) and lines[i].cell:
                block.append(lines[i])
                i += 1
            blocks.append(block)
        elif not lines[i].text and i + 1 < len(lines) and lines[i + 1].cell:
            i += 1
        else:
            break
    return blocks, i


def _table(blocks: list[list[Line]]) -> Table | None:
    """The blocks as a table (the first its headings), or None when they are not one: no row,
    or a row with more cells than headings, or too few to tell its columns (a blank form to
    fill in). A row short of cells spans the last columns with its last cell (merged in the
    original: a credit table's 其他情况 says its standard and its requirement in one), which reads
    beside those columns' headings together."""
    header, rows = blocks[0], blocks[1:]
    if not rows or len(header) < 2 or any(len(row) > len(header) or len(row) < 2 for row in rows):
        return None
    # the leading cells a row may leave empty (merged with the row above) title the group; a
    # table none of whose rows does, its first two (序号 and what it is), if it has more
    lead = max((next((k for k, cell in enumerate(row) if cell.text), len(row)) for row in rows), default=0)
    lead = min(lead or 2, len(header) - 1)
    groups: list[TableGroup] = []
    for row in rows:
        heads = list(header[:len(row)])
        if len(row) < len(header):  # its last cell spans the columns left: their headings together
            last = header[len(row) - 1:]
            heads[-1] = replace(last[0], text="、".join(h.text for h in last))
        cells = tuple((head, cell) for head, cell in zip(heads[lead:], row[lead:]) if cell.text)
        if groups and not any(cell.text for cell in row[:lead]):
            groups[-1] = TableGroup(groups[-1].title, (*groups[-1].rows, cells))
        else:
            groups.append(TableGroup(tuple(cell for cell in row[:lead] if cell.text), (cells,)))
    return Table(tuple(header), tuple(groups))


def blocks(lines: list[Line]) -> list[Line | Table]:
    """The text's lines, with each table among them as one ``Table``: a page shows a table's
    columns as headings beside each cell, row by row, which a phone reads (as a table of five
    columns it is wider than the screen, and as one cell a line nobody can tell the columns
    apart). Cells that make no table stay lines."""
    out: list[Line | Table] = []
    i = 0
    while i < len(lines):
        if not lines[i].cell:
            out.append(lines[i])
            i += 1
            continue
        found, end = _cell_blocks(lines, i)
        table = _table(found)
        out.extend([table] if table is not None else lines[i:end])
        i = end
    return out


def _signed_from(lines: list[Line]) -> int | None:
    """Where the signature ending a document begins: its date (2021年3月1日, 二〇一九年…) on the
    last line, under at most ``ISSUER_LINES`` short lines naming who issued it; None when the
    document does not end with a date."""
    filled = [line for line in lines if line.text]
    if not filled or not _DATE_LINE.fullmatch(filled[-1].text) or filled[-1].level is not None:
        return None
    start = filled[-1].number
    for line in reversed(filled[-1 - ISSUER_LINES:-1]):
        if line.level is not None or len(line.text) > 30 or line.text.endswith(tuple("。；：，;:,")):
            break
        start = line.number
    return start


def _squeeze(text: str) -> str:
    """Without spaces, and full-width punctuation as its half-width twin (NFKC): a quote typed
    with ，and （ finds a document written with , and (, as some are."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def to_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (section numbers as notices write them)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def from_numeral(text: str) -> int | None:
    if not text or any(c not in NUMERALS for c in text):
        return None
    if "十" not in text:
        return NUMERALS.index(text) + 1 if len(text) == 1 else None
    tens, _sep, ones = text.partition("十")
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)


# Reading a citation --------------------------------------------------------------------------


class ClauseWords:
    """A clause as people cite it, without its notes: in Chinese as the rule wrote it
    (附件1 第9项), in English by its numbering (Annex 1, item 9)."""

    def __init__(self, clause: str):
        numbering, phrases = split_clause(clause)
        self.chinese = re.sub(r"\s+", " ", _NOTE.sub(_structure_only, clause)).strip()
        self.english = _clause_text(numbering)
        if not self.chinese and phrases:  # pinned by its words alone: the words are the clause
            self.chinese = self.english = f"“{phrases[0]}”"

    def render(self, locale: str | None = None) -> str:
        if (locale or current_locale()).startswith("zh"):
            return self.chinese
        return self.english if isinstance(self.english, str) else self.english.render(locale)

    def __str__(self) -> str:
        return self.render()


def _structure_only(match: re.Match) -> str:
    text = next(g for g in match.groups() if g is not None)
    return match.group(0) if re.fullmatch(rf"[{NUMERALS}]+", text) else ""


def clause_words(clause: str) -> ClauseWords:
    return ClauseWords(clause)


def _clause_text(numbering: str) -> Text:
    return _structural_words(numbering) or _("the text")


def _structural_words(numbering: str) -> Text | None:
    """English for the numbering of a clause; ``None`` for words that are not numbering."""
    special = {"序言": _("preamble"), "落款": _("signature")}
    if numbering in special:
        return special[numbering]
    if m := re.fullmatch(r"附件(\d*)(.*)", numbering):
        annex = _("Annex {n}", n=m.group(1)) if m.group(1) else _("Annex")
        if m.group(2) == "后":  # 附件3后: the notes printed after the annex, not the annex itself
            return _("the notes after {annex}", annex=annex)
        rest = _structural_words(m.group(2)) if m.group(2) else None
        return annex if rest is None else _("{annex}, {clause}", annex=annex, clause=rest)
    if m := re.fullmatch(rf"第([{NUMERALS}百零]+|\d+)([章条])(.*)", numbering):
        n = str(m.group(1) if m.group(1).isdigit() else from_numeral(m.group(1)) or m.group(1))
        if m.group(2) == "章":
            return _("Chapter {n}", n=n)
        within = re.fullmatch(rf"\(([{NUMERALS}]+)\)(\d*)", m.group(3))  # 第三条(二)1 → Article 3(2).1
        if within:
            n += f"({from_numeral(within.group(1))})" + (f".{within.group(2)}" if within.group(2) else "")
        return _("Article {n}", n=n)
    if m := re.match(r"第(\d+)项", numbering):
        return _("item {n}", n=m.group(1))
    if m := re.match(r"第(\d+(?:,\d+)+)项", numbering):
        return _("items {n}", n=m.group(1).replace(",", ", "))
    if m := re.match(r"第(\d+)[—\-~～至到]*(\d*)步", numbering):
        return _("step {n}", n=m.group(1) + (f"–{m.group(2)}" if m.group(2) else ""))
    parts = re.match(rf"([{NUMERALS}]*)(?:\(([{NUMERALS}]+)\))?(\d*)", numbering)
    section, part, item = parts.groups()
    if not (section or part or item):
        return None
    label = str(from_numeral(section)) if section else ""
    if part:
        label += f"({from_numeral(part)})"
    if item:
        label += f".{item}" if label else item
    return _("§{clause}", clause=label)


@dataclass(frozen=True)
class ResolvedCitation:
    citation: Citation
    document: Document | None
    location: Location | None

    @property
    def title(self) -> Text | str:
        return self.document.title if self.document else self.citation.file


class Library:
    """The region's documents by file name, their texts read once."""

    def __init__(self, documents: list[Document]):
        self.documents = {d.file: d for d in documents}
        self._texts: dict[str, DocumentText] = {}

    def text(self, document: Document) -> DocumentText:
        if document.file not in self._texts:
            raw = resources.files(document.package).joinpath("documents", document.file).read_text(encoding="utf-8")
            self._texts[document.file] = DocumentText.parse(raw)
        return self._texts[document.file]

    def resolve(self, source: str) -> list[ResolvedCitation]:
        resolved = []
        for citation in parse_source(source):
            document = self.documents.get(citation.file)
            location = self.text(document).locate(citation.clause) if document else None
            resolved.append(ResolvedCitation(citation, document, location))
        return resolved

    def by_slug(self, slug: str) -> Document | None:
        return next((d for d in self.documents.values() if d.slug == slug), None)


# Checking a figure against its clause ----------------------------------------------------------


def number_forms(value: Decimal | int) -> set[str]:
    """How a document may write a figure: 360, 1.5%, 五, 两."""
    amount = Decimal(value)
    forms = {figure(amount)}
    if 0 < amount < 1:
        forms.add(figure(amount * 100) + "%")
        forms.add(figure(amount * 100) + "％")
        if amount == Decimal("0.5"):
            forms.add("半")
    if amount == amount.to_integral_value() and 0 < amount < 100:
        forms.add(to_numeral(int(amount)))
        if amount == 2:
            forms.add("两")
        if amount == 6:
            forms.add("半年")  # six months, as an appeal window is written
    return forms
