"""Card and receipt wording in the shop's language (English, Czech, Russian).

``text(language, key, **values)`` returns the phrase; an unknown language
falls back to English. The sentences themselves live in the gettext
catalogues (``assets/locale``, through ``cards.words``); this module names
which sentence each printed line uses. Counted phrases take ``n`` and follow
the language's CLDR plural rule from its catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from cards import languages, rules, words

LANGUAGES = languages.CODES

_Phrase = Callable[[words.Words, dict[str, object]], str]


def _count(values: dict[str, object]) -> int:
    n = values.get("n", 0)
    return abs(n) if isinstance(n, int) else 0


_PHRASES: dict[str, _Phrase] = {
    "loyalty_card": lambda w, v: w.gettext("Loyalty card"),
    "collect": lambda w, v: w.ngettext("Collect %(n)d stamp", "Collect %(n)d stamps", _count(v)),
    "head_start": lambda w, v: w.ngettext("%(n)d already on us", "%(n)d already on us", _count(v)),
    "complain_card": lambda w, v: w.gettext("Not happy? Tell us first:"),
    "date": lambda w, v: w.gettext("Date"),
    "station": lambda w, v: w.pgettext("receipt", "Station"),
    "card": lambda w, v: w.pgettext("receipt", "Card"),
    "tier": lambda w, v: w.pgettext("receipt", "Tier"),
    "progress": lambda w, v: w.pgettext("receipt", "Stamps"),
    "reference": lambda w, v: w.pgettext("receipt", "Reference"),
    "stamp": lambda w, v: w.gettext("Stamp +%(n)d", n=_count(v)),
    "redeem": lambda w, v: w.gettext("Reward redeemed"),
    "transfer": lambda w, v: w.gettext("Card transferred"),
    "complaint": lambda w, v: w.gettext("Complaint registered"),
    "issue": lambda w, v: w.gettext("New card"),
    "status": lambda w, v: w.gettext("Card status"),
    "of_to_go": lambda w, v: w.gettext("%(stamps)d of %(required)d, %(to_go)d to go", **v),
    "of_ready": lambda w, v: w.gettext("%(stamps)d of %(required)d, reward ready!", **v),
    "complain_head": lambda w, v: w.gettext("Something wrong? Tell us first"),
    "complain_body": lambda w, v: w.gettext("and we will put it right."),
    "phone": lambda w, v: w.pgettext("receipt", "Phone"),
    "email": lambda w, v: w.pgettext("receipt", "E-mail"),
    "web": lambda w, v: w.pgettext("receipt", "Web"),
    "scan": lambda w, v: w.gettext("Scan to write to us"),
    "quote": lambda w, v: w.gettext("Please quote reference %(ref)s", ref=v.get("ref", "")),
    "thanks": lambda w, v: w.gettext("Thank you!"),
    "undo_stamps": lambda w, v: w.ngettext("%(n)d stamp taken back", "%(n)d stamps taken back", _count(v)),
    "undo_reward": lambda w, v: w.ngettext("Reward cancelled, %(n)d stamp back", "Reward cancelled, %(n)d stamps back",
                                           _count(v)),
    "undo": lambda w, v: w.gettext("Last change undone"),
    "moved": lambda w, v: w.ngettext("%(n)d stamp moved to this card", "%(n)d stamps moved to this card", _count(v)),
    "from_card": lambda w, v: w.gettext("From card %(card)s", card=v.get("card", "")),
    "batch": lambda w, v: w.gettext("Batch %(n)s", n=v.get("n", "")),
    "page": lambda w, v: w.gettext("page %(n)s", n=v.get("n", "")),
    "cards_subject": lambda w, v: w.gettext("Loyalty cards"),
}

KEYS: tuple[str, ...] = tuple(_PHRASES)
"""Every phrase paper prints (a test renders each in every language)."""


def tier_name(language: str, name: str) -> str:
    """The program's default tier names (Member, Silver, Gold) in the shop's language; others as set."""
    return words.tier_name(language, name)


def language_of(language: str) -> str:
    """The supported language for a shop setting (``"cs-CZ"`` → ``"cs"``), else English."""
    return words.language_of(language)


def text(language: str, key: str, **values: object) -> str:
    """The phrase ``key`` in ``language`` with ``values`` filled in (``n`` counts a counted phrase)."""
    return _PHRASES[key](words.words(language), values)


def progress(language: str, stamps: int, required: int) -> str:
    """'7 of 10, 3 to go', or 'reward ready' when the card is full."""
    missing = rules.stamps_to_go(required, stamps)
    if missing == 0:
        return text(language, "of_ready", stamps=stamps, required=required)
    return text(language, "of_to_go", stamps=stamps, required=required, to_go=missing)
