"""The card page's words: gettext catalogues (domain ``web``) read with Babel, and the language choice.

Catalogues are ``assets/locale/<lang>/LC_MESSAGES/web.po``; English is the
source language (no catalogue). They are read once, compiled in memory with
Babel into :class:`gettext.GNUTranslations` (CLDR plural rules from the
catalogue header), so there is no compiled ``.mo`` to keep in step.

The language of a request: ``?lang=`` when it names one we have, else the first
of ``Accept-Language`` (by its q-values) that we have, else the shop's.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel.messages import mofile, pofile

LANGUAGES = ("en", "cs", "ru")
Translate = Callable[[str], str]
DOMAIN = "web"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "assets" / "locale"


def N_(text: str) -> str:  # noqa: N802 - the gettext convention: marks a word for the catalogue, unchanged
    """Mark ``text`` for the catalogue where it is translated later (by a variable)."""
    return text


def catalogue_path(lang: str) -> Path:
    """Where the ``web`` catalogue of ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The page's translations for ``lang`` (English: the words as written)."""
    path = catalogue_path(lang)
    if lang == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = pofile.read_po(source, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    mofile.write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def accepted(header: str) -> list[str]:
    """The primary language tags of an ``Accept-Language`` header, best first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary and quality > 0:
            ranked.append((-quality, index, primary))
    return [tag for _, _, tag in sorted(ranked)]


def choose(query: str | None, accept_language: str, shop_language: str) -> str:
    """The language to answer in: ``?lang=``, then ``Accept-Language``, then the shop's (then English)."""
    if query and query.lower() in LANGUAGES:
        return query.lower()
    for tag in accepted(accept_language):
        if tag in LANGUAGES:
            return tag
    return shop_language if shop_language in LANGUAGES else "en"
