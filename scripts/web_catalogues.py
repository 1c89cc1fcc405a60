"""Update the card page's gettext catalogues (domain ``web``) from its code and templates, with Babel.

    python scripts/web_catalogues.py          # add new words to assets/locale/{cs,ru}/LC_MESSAGES/web.po
    python scripts/web_catalogues.py --check  # exit 1 when a word is missing or untranslated

Words are ``_()``, ``gettext()``, ``ngettext()`` and ``N_()`` in ``kiosk/web/*.py`` and the
templates. Existing translations are kept; words no longer used are dropped. Translate the
new entries by hand (msgstr), then run the check (tests/web/test_catalogues.py runs it too).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages import Catalog, pofile
from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("cs", "ru")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def template() -> Catalog:
    """Every word of the card page, as Babel extracts it."""
    catalog = Catalog(project="stampcard", domain="web")
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "kiosk" / "web", method_map, keywords=KEYWORDS, options_map={"templates/**.html": {}}):
        catalog.add(message, None, [(f"kiosk/web/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def path(lang: str) -> Path:
    return ROOT / "assets" / "locale" / lang / "LC_MESSAGES" / "web.po"


def problems() -> list[str]:
    """What is missing or untranslated, one line each."""
    out = []
    words = template()
    for lang in LANGS:
        if not path(lang).exists():
            out.append(f"{lang}: no catalogue")
            continue
        with path(lang).open("rb") as source:
            catalog = pofile.read_po(source, locale=lang)
        for message in words:
            if not message.id:
                continue
            found = catalog.get(message.id)
            strings = found.string if found is not None else None
            if not strings or (isinstance(strings, tuple) and not all(strings)):
                out.append(f"{lang}: untranslated: {message.id!r}")
    return out


def update() -> None:
    words = template()
    for lang in LANGS:
        target = path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            with target.open("rb") as source:
                catalog = pofile.read_po(source, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="stampcard", domain="web")
        catalog.update(words, no_fuzzy_matching=True)
        with target.open("wb") as out:
            pofile.write_po(out, catalog, omit_header=False, ignore_obsolete=True, width=100, no_location=True)


if __name__ == "__main__":
    if "--check" in sys.argv:
        found = problems()
        print("\n".join(found) or "catalogues complete")
        sys.exit(1 if found else 0)
    update()
    print("\n".join(problems()) or "catalogues complete")
