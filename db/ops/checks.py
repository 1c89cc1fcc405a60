"""Checks every operation makes of what people typed: text limits and characters, ids, station and staff names."""

from __future__ import annotations

import unicodedata


from cards import languages, refusals
from cards.refusals import Kind, Refused


# Text limits, checked before writing so that SQLite (which stores any length) and
# PostgreSQL (which refuses past VARCHAR(n)) agree; the columns in db/models.py.
STATION_LENGTH = STAFF_LENGTH = 60
NOTE_LENGTH = 300
CONTACT_LENGTH = 200
CUSTOMER_NAME_LENGTH, CUSTOMER_PHONE_LENGTH = 120, 60
LONG_TEXT_LENGTH = 2000  # a complaint's text, a resolution note
MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL


def _check_language(language: str) -> None:
    if language not in languages.CODES:
        raise Refused(Kind.BAD_CHOICE, field="language", value=language, choices=languages.CODES)


def checked_text(field: str, value: str, limit: int, *, lines: bool = False) -> str:
    """``value`` when it fits ``limit`` characters and holds no control or format characters, else refuse.

    ``Kind.BAD_CHARACTERS`` for NUL and other control characters, and for format
    characters (category Cf: a right-to-left override U+202E that would turn a
    text around on the owner's screen, zero-width characters) (``lines``
    allows line breaks and tabs, for a complaint's text); ``Kind.TOO_LONG`` with
    ``field`` and ``limit``. Checked before writing, so both databases agree.
    """
    allowed = "\n\r\t" if lines else ""
    if any((unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in allowed) for ch in value):
        raise Refused(Kind.BAD_CHARACTERS, field=field)
    if len(value) > limit:
        raise Refused(Kind.TOO_LONG, field=field, limit=limit)
    return value


def check_id(field: str, value: int) -> int:
    """An id typed by a person (a batch, a complaint): refuse one outside 1..2^31-1 as out of range."""
    return refusals.check_range(field, value, 1, MAX_ID)


def _check_who(station: str, staff: str) -> None:
    checked_text("station", station, STATION_LENGTH)
    checked_text("staff", staff, STAFF_LENGTH)
