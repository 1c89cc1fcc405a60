"""The shop's clock for people: one function turns a stored instant into the shop's local time.

Times are stored in UTC (aware datetimes); every time a person reads, on paper
(receipts, slips), on a screen (the inbox, the status strip, the lockout line)
or on a terminal (``complaint list``, ``batch list``), is the shop's wall time:
the zone of the shop's ``timezone`` setting (an IANA name such as
``Pacific/Auckland``; "" means the system's zone). :func:`local` is that one
conversion; the formatters below write an already local time the way people
read it. Reports and exports count the shop's calendar days with
:func:`local_date` and :func:`day_start` (days are cut at local midnight, here
in Python, so the database only compares stored UTC times with bounds, portable
to SQLite and PostgreSQL; a day of a DST change has 23 or 25 hours).

Pure: no "now" is read here; the callers pass the services' clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

UTC = dt.timezone.utc

Where = str | dt.tzinfo | None
"""A shop's zone: its setting (an IANA name, "" = the system's), a tzinfo, or None (the system's)."""


def zone(name: str) -> dt.tzinfo | None:
    """The named zone, or None for the system's (also when the name is not a known zone)."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _tz(where: Where) -> dt.tzinfo | None:
    return zone(where) if isinstance(where, str) else where


def local(instant: dt.datetime, where: Where) -> dt.datetime:
    """The aware local time in the shop's zone ``where`` of an aware instant (DST included).

    A naive datetime is refused (``ValueError``): it is no instant, and guessing
    its zone is how one visit came to show two different times.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime given; pass an aware instant (stored times are aware UTC)")
    tz = _tz(where)
    return instant.astimezone(tz) if tz is not None else instant.astimezone()


def local_date(moment: dt.datetime, where: Where) -> dt.date:
    """The shop's calendar day at an aware instant (``where`` None or "": the system's zone)."""
    return local(moment, where).date()


def day_start(day: dt.date, where: Where) -> dt.datetime:
    """The aware UTC instant at which the shop's ``day`` begins (its local midnight).

    Where midnight falls in a DST gap the day begins at the change; where it
    happens twice, at the first one (``fold=0``). A day at the ends of the
    calendar whose start lies outside it (1 January of year 1 east of Greenwich,
    31 December 9999 west of it) begins at the first or last representable instant.
    """
    midnight = dt.datetime.combine(day, dt.time())
    tz = _tz(where)
    try:
        if tz is None:
            return midnight.astimezone(UTC)  # a naive time is the system's local time
        return midnight.replace(tzinfo=tz).astimezone(UTC)
    except (OverflowError, ValueError):  # `report --since 0001-01-01` in Asia/Tokyo
        return dt.datetime.min.replace(tzinfo=UTC) if day.year < 5000 else dt.datetime.max.replace(tzinfo=UTC)


def day_starts(first: dt.date, last: dt.date, where: Where) -> list[dt.datetime]:
    """The UTC start of every local day from ``first`` to ``last`` (inclusive)."""
    tz = _tz(where)
    return [day_start(first + dt.timedelta(days=i), tz) for i in range((last - first).days + 1)]


# --- how people read a local time ---

def _language(language: str) -> str:
    return (language or "en").lower().replace("_", "-").split("-")[0]


def date_text(when: dt.date, language: str = "en") -> str:
    """A day the way the language's country writes it: en ``2026-12-06``, cs ``6. 12. 2026``, ru ``06.12.2026``."""
    lang = _language(language)
    if lang == "cs":
        return f"{when.day}. {when.month}. {when.year}"
    if lang == "ru":
        return f"{when.day:02d}.{when.month:02d}.{when.year:04d}"
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"


def time_text(when: dt.datetime | dt.time) -> str:
    """Hours and minutes on the 24-hour clock: ``14:05``."""
    return f"{when.hour:02d}:{when.minute:02d}"


def datetime_text(when: dt.datetime, language: str = "en") -> str:
    """Day and time of a local time: en ``2026-12-06 14:05``, cs ``6. 12. 2026 14:05``, ru ``06.12.2026 14:05``."""
    return f"{date_text(when, language)} {time_text(when)}"


def shown(instant: dt.datetime | None, where: Where, language: str = "en") -> str:
    """An instant as the shop's local day and time for people ("" for none): ``local`` then ``datetime_text``."""
    return "" if instant is None else datetime_text(local(instant, where), language)
