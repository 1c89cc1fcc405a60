"""The shop's local days: which UTC instants a calendar day of the shop spans.

Moved down to :mod:`cards.clock` (the one clock for people's times, pure, so the
printing layer and the shells use the same conversion); these names stay so that
``db.localdays.zone``, ``local_date``, ``day_start`` and ``day_starts`` keep working.
"""

from __future__ import annotations

from cards.clock import UTC, day_start, day_starts, local_date, zone

__all__ = ["UTC", "day_start", "day_starts", "local_date", "zone"]
