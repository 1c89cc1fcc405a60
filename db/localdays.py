"""The shop's local days: which UTC instants a calendar day of the shop spans.

Times are stored in UTC; the owner thinks in the shop's days. A report counts a
visit on the day it happened where the shop is (``shop.timezone``, an IANA name;
"" means the system's zone): a Prague visit at 00:30 local time (23:30 UTC the
day before) counts on the Prague day. Days are cut at local midnight, computed
here in Python, so the database only compares stored UTC times with bounds
(portable to SQLite and PostgreSQL); a day of a DST change has 23 or 25 hours.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

UTC = dt.timezone.utc
EARLIEST = dt.datetime.min.replace(tzinfo=UTC)
LATEST = dt.datetime.max.replace(tzinfo=UTC)


def zone(name: str) -> dt.tzinfo | None:
    """The named zone, or None for the system's (also when the name is not a known zone)."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def local_date(moment: dt.datetime, where: dt.tzinfo | None) -> dt.date:
    """The shop's calendar day at an aware instant (``where`` None: the system's zone, DST included)."""
    return (moment.astimezone(where) if where is not None else moment.astimezone()).date()


def day_start(day: dt.date, where: dt.tzinfo | None) -> dt.datetime:
    """The aware UTC instant at which the shop's ``day`` begins (its local midnight).

    Where midnight falls in a DST gap the day begins at the change; where it
    happens twice, at the first one (``fold=0``). A day at the ends of the
    calendar whose start lies outside it (1 January of year 1 east of Greenwich,
    31 December 9999 west of it) begins at the first or last representable instant.
    """
    midnight = dt.datetime.combine(day, dt.time())
    try:
        if where is None:
            return midnight.astimezone(UTC)  # a naive time is the system's local time
        return midnight.replace(tzinfo=where).astimezone(UTC)
    except (OverflowError, ValueError):
        return EARLIEST if day.year < 5000 else LATEST


def day_starts(first: dt.date, last: dt.date, where: dt.tzinfo | None) -> list[dt.datetime]:
    """The UTC start of every local day from ``first`` to ``last`` (inclusive)."""
    return [day_start(first + dt.timedelta(days=i), where) for i in range((last - first).days + 1)]
