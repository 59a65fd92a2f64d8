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
