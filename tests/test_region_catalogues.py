"""Each bundled region ships its own English catalogue, complete and compiled: its texts
(rules, forms, workflows, documents' titles) are written in the Chinese of its documents
and read in English on English pages."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.support import BUNDLED_REGIONS

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def catalogue(region: str) -> Path:
    return ROOT / "plugins" / region / "translations" / "en" / "LC_MESSAGES"


def entries(catalog) -> dict:
    return {(m.id if isinstance(m.id, str) else tuple(m.id)): (m.string if isinstance(m.string, str) else tuple(m.string))
            for m in catalog if m.id}


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_every_text_of_the_region_has_its_english(region):
    found = {message if isinstance(message, str) else message[0]
             for _file, _line, message, _comments, _context in extract_from_dir(
                 str(ROOT / "plugins" / region), method_map=[("**.py", "python")], keywords=KEYWORDS)}
    with open(catalogue(region) / f"{region}.po", "rb") as f:
        po = read_po(f)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in po
                  if m.id and m.string and all(m.string) and not m.fuzzy}
    missing = found - translated
    assert found and not missing, f"translate into plugins/{region}/translations: {sorted(missing)[:20]}"


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_the_compiled_catalogue_matches(region):
    with open(catalogue(region) / f"{region}.po", "rb") as f:
        po = entries(read_po(f))
    with open(catalogue(region) / f"{region}.mo", "rb") as f:
        mo = entries(read_mo(f))
    assert mo == po, f"run pybabel compile -D {region} -d plugins/{region}/translations"


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_a_regions_words_for_the_cores_messages_are_still_the_cores_and_compiled(region):
    """A region's own words for the core's messages (portal_wording) replace messages the core still
    has, same id and plural, and are compiled: a message the core rewords would otherwise silently
    read the core's words again."""
    with open(ROOT / "portal" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po", "rb") as f:
        core = {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in read_po(f) if m.id}
    for locale in ("zh_Hans_CN", "en"):
        folder = ROOT / "plugins" / region / "translations" / locale / "LC_MESSAGES"
        po_file = folder / f"{region}_wording.po"
        if not po_file.exists():
            continue
        with open(po_file, "rb") as f:
            po = read_po(f)
        stale = [m.id for m in po if m.id and (m.id if isinstance(m.id, str) else tuple(m.id), m.context) not in core]
        assert not stale, (locale, stale)
        with open(folder / f"{region}_wording.mo", "rb") as f:
            assert entries(read_mo(f)) == entries(po), f"pybabel compile -D {region}_wording -d plugins/{region}/translations"
