"""The owner's report: cards, visits, stamps, rewards, returning customers, complaints, per local day."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from cards.ledger import CardStatus
from db import localdays, transactions
from db.models import Card, Complaint, Event, Shop, Visit


@dataclass(frozen=True)
class Report:
    since: dt.date | None
    cards_issued: int
    cards_active: int
    visits: int
    stamps: int
    rewards_redeemed: int
    returning_customers: int
    complaints_open: int
    complaints_resolved: int
    per_day: tuple[tuple[str, int, int, int], ...]  # (day, visits, stamps, rewards)
    today: dt.date | None = None  # the shop's local day when the report was made


def report(session: Session, *, since: dt.date | None = None, days: int | None = None,
           now: dt.datetime | None = None) -> Report:
    """Counts for the owner: cards, visits, stamps, rewards, returning customers, complaints.

    Days are the shop's local days (``shop.timezone``; "" = the system's zone): a
    visit at 00:30 in Prague counts on that Prague day. ``since`` is such a day;
    ``days`` asks for the last N days up to today (``now``'s local day, default the
    clock's). The UTC start of every local day is computed in Python
    (``db.localdays``, DST days of 23 or 25 hours included) and the database only
    compares stored times with those bounds (``_local_day_sums``: the same SQL on
    SQLite and PostgreSQL); an event dated after today counts on today. A window
    reads only the window's rows (``date(at)`` bounds let the day indexes of
    migrations 0002 and 0005 serve the range), so its time grows with the window,
    not with the history (benchmarks/ledger.py). It runs as a read
    (``db.transactions``): it never holds stamps up.
    """
    with transactions.reading():
        zone = localdays.zone(session.scalar(select(Shop.timezone).where(Shop.id == 1)) or "")
    today = localdays.local_date(now or dt.datetime.now(dt.timezone.utc), zone)
    if days is not None:
        since = today - dt.timedelta(days=max(1, days) - 1)
    start = localdays.day_start(since, zone) if since is not None else None
    first = _first_day(session, zone)  # a window from year 1 walks only the days that hold data
    if since is not None:
        first = None if first is None else max(since, first)
    visits: dict[str, int] = {}
    stamps: dict[str, int] = {}
    rewards: dict[str, int] = {}
    if first is not None:
        first = min(first, today)
        names = [(first + dt.timedelta(days=i)).isoformat() for i in range((today - first).days + 1)]
        starts = localdays.day_starts(first, today, zone)

        for (i,), (n,) in _local_day_sums(session, Visit.at, [Visit.stamps_added > 0], [], [func.count()],
                                          starts, start).items():
            visits[names[i]] = n
        for (i, kind), (n, delta, undone, rewards_delta) in _local_day_sums(
                session, Event.at, [Event.kind.in_(("stamp", "redeem", "undo"))], [Event.kind],
                [func.count(), func.sum(Event.delta), func.sum(case((Event.delta < 0, Event.delta), else_=0)),
                 func.sum(Event.rewards_delta)], starts, start).items():
            name = names[i]
            stamps.setdefault(name, 0)
            rewards.setdefault(name, 0)
            if kind == "stamp":
                stamps[name] += delta
            elif kind == "redeem":
                rewards[name] += n
            else:  # an undo takes back the stamps (negative) or the reward it reverses
                stamps[name] += undone
                rewards[name] += rewards_delta
    per_day = tuple((d, visits.get(d, 0), stamps.get(d, 0), rewards.get(d, 0))
                    for d in sorted({*visits, *stamps, *rewards}))
    # A window groups its rows of the day index (migration 0005 put card_id in it): ``card_id + 0``, as a bare
    # card_id lets SQLite prefer walking the whole (card_id, at) index to avoid a sort (91 ms at 1M). All time
    # walks that index, in card order, with no sort.
    card = (Visit.card_id + 0 if start is not None else Visit.card_id).label("card")
    repeat = _in_window(select(card).where(Visit.stamps_added > 0), Visit.at, start)
    returning = session.scalar(select(func.count()).select_from(
        repeat.group_by(card).having(func.count() >= 2).subquery())) or 0
    # The counts in one statement. Complaints by two sums, not GROUP BY status (which would walk the whole
    # (status, id) index in its order); cards in use as all cards less the few that are not active (two
    # short ranges of the status index; counting the active ones would walk nearly all of it).
    complaints_q = select(*(func.coalesce(func.sum(case((Complaint.status == state, 1), else_=0)), 0)
                            for state in ("open", "resolved")))
    issued_q = select(func.count()).select_from(Card)
    if start is not None:
        complaints_q = complaints_q.where(Complaint.created_at >= start)
        issued_q = issued_q.where(Card.created_at >= start)
    received = complaints_q.subquery()
    counts = session.execute(select(
        received.c[0], received.c[1], issued_q.scalar_subquery(),
        select(func.count()).select_from(Card).scalar_subquery(),
        select(func.count()).select_from(Card).where((Card.status < CardStatus.ACTIVE.value) | (Card.status > CardStatus.ACTIVE.value))
        .scalar_subquery())).one()
    complaints = {"open": int(counts[0]), "resolved": int(counts[1])}
    issued, active = int(counts[2]), int(counts[3]) - int(counts[4])
    return Report(since, issued, active, sum(visits.values()), sum(stamps.values()), sum(rewards.values()),
                  returning, complaints.get("open", 0), complaints.get("resolved", 0), per_day, today)


def _in_window(query: Any, column: Any, start: dt.datetime | None) -> Any:
    """``query`` limited to rows of ``column`` from ``start`` on, in a form the day indexes serve."""
    if start is None:
        return query
    return query.where(func.date(column) >= start.date(), column >= start)


def _local_day_sums(session: Session, when: Any, where: list[Any], keys: list[Any], sums: list[Any],
                    starts: list[dt.datetime], start: dt.datetime | None) -> dict[tuple[Any, ...], list[int]]:
    """Additive aggregates (``sums``, the first a count) of rows per shop-local day and ``keys``.

    Returns ``{(day index, *key values): [values]}`` for days with rows, day ``i``
    running from ``starts[i]`` to ``starts[i + 1]`` (the last one open: a row dated
    after today counts today). Rows are grouped by UTC date, which the day indexes
    stream in order; each local midnight inside a UTC date is then placed by
    aggregating that date's shorter side of it (at most 12 hours of rows; one
    statement, an OR of index ranges); a local day is the difference of the
    running totals at its two ends. That is cheaper than putting every row in its
    day with a CASE (which sorts).
    """
    base = [*where] if start is None else [*where, func.date(when) >= start.date(), when >= start]
    day = func.date(when)
    whole: dict[tuple[Any, ...], dict[str, list[int]]] = {}
    for row in session.execute(select(day, *keys, *sums).where(*base).group_by(*keys, day)):
        key = tuple(row[1:1 + len(keys)])
        whole.setdefault(key, {})[str(row[0])] = [int(v or 0) for v in row[1 + len(keys):]]
    cuts: dict[int, tuple[str, bool]] = {}  # split k -> (its UTC date, counted from the date's start)
    ranges: list[tuple[int, dt.date, dt.datetime, dt.datetime]] = []  # (k, UTC date, from, to): the
    # shorter side of each local midnight that falls on a date with rows
    dated = {d for dates in whole.values() for d in dates}
    for k, cut in list(enumerate(starts))[1:]:
        midnight = dt.datetime.combine(cut.date(), dt.time(), tzinfo=dt.timezone.utc)
        early = cut - midnight <= dt.timedelta(hours=12)
        cuts[k] = (cut.date().isoformat(), early)
        if cut.date().isoformat() in dated:
            low, high = (midnight, cut) if early else (cut, midnight + dt.timedelta(days=1))
            ranges.append((k, cut.date(), low, high))
    parts: dict[tuple[int, tuple[Any, ...]], list[int]] = {}
    while ranges:  # one statement; a second one only for a date with two local midnights (a DST change)
        batch: dict[str, tuple[int, dt.date, dt.datetime, dt.datetime]] = {}
        later = []
        for cut_range in ranges:
            if cut_range[1].isoformat() in batch:
                later.append(cut_range)
            else:
                batch[cut_range[1].isoformat()] = cut_range
        pieces = list(batch.values())
        for first in range(0, len(pieces), 250):  # SQLite parses at most 1,000 levels of ORs
            sides = or_(*((day == d) & (when >= low) & (when < high) for _k, d, low, high in pieces[first:first + 250]))
            for row in session.execute(select(day, *keys, *sums).where(*base, sides).group_by(*keys, day)):
                k = batch[str(row[0])][0]
                parts[(k, tuple(row[1:1 + len(keys)]))] = [int(v or 0) for v in row[1 + len(keys):]]
        ranges = later
    width = len(sums)
    out: dict[tuple[Any, ...], list[int]] = {}
    for key, dates in whole.items():
        ordered = sorted(dates)
        running = [[0] * width]  # running[j]: the totals of the dates before ordered[j]
        for d in ordered:
            running.append([a + b for a, b in zip(running[-1], dates[d])])
        ends = [[0] * width]  # the totals before each day's start; then the grand total
        for k in range(1, len(starts)):
            d, early = cuts[k]
            before = running[bisect.bisect_left(ordered, d)]
            part = parts.get((k, key), [0] * width)
            within = part if early else [a - b for a, b in zip(dates.get(d, [0] * width), part)]
            ends.append([a + b for a, b in zip(before, within)])
        ends.append(running[-1])
        for i in range(len(starts)):
            day_values = [b - a for a, b in zip(ends[i], ends[i + 1])]
            if day_values[0]:
                out[(i, *key)] = day_values
    return out


def _first_day(session: Session, zone: dt.tzinfo | None) -> dt.date | None:
    """The shop's local day of the oldest visit, stamp, redeem or undo (each read from the head of an index)."""
    firsts = [session.scalar(select(Visit.at).order_by(func.date(Visit.at), Visit.at).limit(1))]
    firsts += [session.scalar(select(Event.at).where(Event.kind == kind).order_by(func.date(Event.at), Event.at)
                              .limit(1)) for kind in ("stamp", "redeem", "undo")]
    known = [f for f in firsts if f is not None]
    return localdays.local_date(min(known), zone) if known else None
