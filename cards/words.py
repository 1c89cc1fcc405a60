"""Words in a language: the gettext catalogues of paper and the command line.

Sentences live once, in ``assets/locale/<lang>/LC_MESSAGES/stampcard.po``
(managed with Babel: ``pybabel extract``/``update``/``compile``, see the README);
the compiled ``.mo`` beside each ``.po`` is what runs. Plural forms follow the
``Plural-Forms`` rule Babel writes from CLDR into each catalogue; no plural rule
is written by hand here. An unknown language, or a message not in a catalogue,
is English (the msgid itself).

Paper (cards, receipts, slips) speaks the shop's language; the command line
speaks the user's (:func:`user_language`, from ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` as git and apt read them). The touchscreen keeps
Qt's ``.ts`` catalogues, but the words it shares with paper come from here
(:func:`tier_name`, and counted cards, stamps and rewards: :meth:`Words.cards` ...).

Messages use named ``%(name)s`` fields; :class:`Words` fills them in.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from cards import languages

DOMAIN = "stampcard"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "assets" / "locale"
"""Where the catalogues are: ``<lang>/LC_MESSAGES/stampcard.po`` and ``.mo``."""

DEFAULT_TIER_NAMES: tuple[str, ...] = ("Member", "Silver", "Gold")
"""The program's own tier names (``cards.rules``), translated on paper, on screens and in the CLI;
a name the owner typed is shown as typed."""


def _short(language: str) -> str:
    return language.lower().replace("_", "-").split(".")[0].split("@")[0].split("-")[0]


def language_of(language: str | None) -> str:
    """The supported language for a setting or a locale (``"cs-CZ"``, ``"ru_RU.UTF-8"`` → ``"cs"``, ``"ru"``);
    anything else is English."""
    short = _short(language or "en")
    return short if short in languages.CODES else "en"


def user_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the person at the terminal, as gettext programs (git, apt) find it.

    The locale is the first non-empty of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``; the C or POSIX
    locale is English. Otherwise ``LANGUAGE`` (a colon-separated list of preferences) comes first,
    then that locale. A language stampcard does not speak is English.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if locale.split(".")[0] in ("", "C", "POSIX"):
        return "en"
    for wanted in [*env.get("LANGUAGE", "").split(":"), locale]:
        if _short(wanted) in languages.CODES:
            return _short(wanted)
    return "en"


@functools.lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:  # a broken install: English rather than no words at all
        return gettext.NullTranslations()


def catalogue(language: str | None) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: none; the text is its own translation), for a caller
    that looks words up itself (argparse's ``gettext``/``ngettext``: ``kiosk.cli``)."""
    return _catalogue(language_of(language))


class Words:
    """One language's words: ``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` that also fill in
    the ``%(name)s`` fields from keyword arguments (Babel extracts these calls by their names)."""

    def __init__(self, language: str | None) -> None:
        self.language = language_of(language)
        self._t = _catalogue(self.language)

    @staticmethod
    def _fill(text: str, values: dict[str, object]) -> str:
        return text % values if values else text

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language."""
        return self._fill(self._t.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of a counted message for ``n`` (the language's CLDR plural rule); ``n`` is a field too."""
        return self._fill(self._t.ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, context: str, message: str, **values: object) -> str:
        """``message`` in ``context`` (one English word that means two things)."""
        return self._fill(self._t.pgettext(context, message), values)

    def npgettext(self, context: str, singular: str, plural: str, n: int, **values: object) -> str:
        """:meth:`ngettext` in a context."""
        return self._fill(self._t.npgettext(context, singular, plural, n), {"n": n, **values})

    def cards(self, n: int) -> str:
        """'1 card', '5 cards' (the screens put it into their sentences, worded to take any count)."""
        return self.ngettext("%(n)d card", "%(n)d cards", n)

    def stamps(self, n: int) -> str:
        """'1 stamp', '5 stamps'."""
        return self.ngettext("%(n)d stamp", "%(n)d stamps", n)

    def rewards(self, n: int) -> str:
        """'1 reward', '5 rewards'."""
        return self.ngettext("%(n)d reward", "%(n)d rewards", n)

    def tier_name(self, name: str) -> str:
        """A tier's name: the program's default names translated, a name the owner typed as typed."""
        if name == "Member":
            return self.pgettext("tier", "Member")
        if name == "Silver":
            return self.pgettext("tier", "Silver")
        if name == "Gold":
            return self.pgettext("tier", "Gold")
        return name


def words(language: str | None) -> Words:
    """The :class:`Words` of ``language`` (a shop setting or a locale name; others English)."""
    return _words(language_of(language))


@functools.lru_cache(maxsize=None)
def _words(language: str) -> Words:
    return Words(language)


def for_user(environ: Mapping[str, str] | None = None) -> Words:
    """The words of the person at the terminal (:func:`user_language`)."""
    return words(user_language(environ))


def tier_name(language: str | None, name: str) -> str:
    """A tier's name in ``language``: Member, Silver and Gold translated; a name the owner typed as typed."""
    return words(language).tier_name(name)
