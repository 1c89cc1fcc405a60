"""One ledger: random operations through the real ``db.ops`` leave every cached card row equal to
``cards.ledger.fold`` over the events, and the fold does not depend on the order of the events or
on how they are split across stations (hypothesis; a real SQLite file per example)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from cards import ledger, rules
from cards.ledger import EventKind
from cards.refusals import Refused
from db import engine, ops, sync
from db.models import Card, Event
from tests.conftest import NOW, PIN

CARDS = 4
_pairs = itertools.count()
STATIONS = ("S1", "S2", "S3")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    """A shop (5 stamps, 1 head start, no cooldown) with a batch of cards, made once and copied per example."""
    path = tmp_path_factory.mktemp("ledger") / "template.db"
    database = engine.open_database(engine.sqlite_url(path))
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Kavárna", program=rules.Program(5, 1, "Coffee", cooldown_minutes=0),
                      owner_pin=PIN)
        batch = ops.create_batch(session, count=CARDS, now=NOW, station="S1")
    database.close()
    return path, batch.codes


_op = st.tuples(st.sampled_from(("scan", "stamp", "stamp", "stamp", "redeem", "undo", "transfer", "block")),
                st.integers(0, CARDS - 1), st.integers(0, CARDS - 1), st.integers(1, 5),
                st.sampled_from(STATIONS), st.integers(0, 12))


def ledger_events(database: engine.Database) -> list[ledger.LedgerEvent]:
    """Every event as the ledger sees it (as the sync's refold reads them)."""
    with database.sessions.begin() as session:
        numbers = dict(session.execute(select(Card.id, Card.number)).all())
        uids = dict(session.execute(select(Event.id, Event.uid)).all())
        return [ledger.LedgerEvent(e.uid, numbers[e.card_id], EventKind(e.kind), e.delta, e.rewards_delta, e.at,
                                   e.station, e.visit_id is not None,
                                   uids[e.reverses_id] if e.reverses_id else "",
                                   numbers[e.counterpart_id] if e.counterpart_id else "")
                for e in session.scalars(select(Event))]


def cached(database: engine.Database) -> dict[str, tuple[object, ...]]:
    with database.sessions.begin() as session:
        numbers = dict(session.execute(select(Card.id, Card.number)).all())
        return {c.number: (c.stamps, c.rewards_redeemed, c.visits, c.status, c.last_stamp_at, c.activated_at,
                           numbers.get(c.transferred_to, "") if c.transferred_to else "", c.deficit)
                for c in session.scalars(select(Card))}


def folded(states: dict[str, ledger.CardState]) -> dict[str, tuple[object, ...]]:
    return {n: (*s.shown, s.last_stamp_at, s.activated_at, s.transferred_to, s.deficit) for n, s in states.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(_op, min_size=1, max_size=20), seed=st.integers(0, 2**16))
def test_cached_rows_are_the_fold_of_the_events(template: tuple[Path, tuple[str, ...]], tmp_path: Path,
                                               operations: list[tuple[str, int, int, int, str, int]],
                                               seed: int) -> None:
    source, codes = template
    path = tmp_path / f"shop-{seed}-{len(operations)}.db"
    shutil.copy(source, path)
    database = engine.open_database(engine.sqlite_url(path))
    try:
        now = NOW
        for name, first, second, count, station, minutes in operations:
            now += dt.timedelta(minutes=minutes)
            code, other = codes[first], codes[second]
            try:
                with database.sessions.begin() as session:
                    if name == "scan":
                        ops.scan(session, code, now=now, station=station)
                    elif name == "stamp":
                        ops.stamp(session, code, count=count, force=True, now=now, station=station)
                    elif name == "redeem":
                        ops.redeem(session, code, now=now, station=station)
                    elif name == "undo":
                        ops.undo(session, code, now=now, station=station)
                    elif name == "transfer":
                        ops.transfer(session, code, other, now=now, station=station)
                    else:
                        ops.block_card(session, code, now=now, station=station)
            except Refused:
                pass  # a rule said no: nothing was written
        events = ledger_events(database)
        expected = ledger.fold(events)
        assert folded(expected) == cached(database)
        shuffled = list(events)
        random.Random(seed).shuffle(shuffled)
        assert ledger.fold(shuffled) == expected
        by_station = {s: [e for e in events if e.station == s] for s in ("", *STATIONS)}
        assert ledger.fold(e for s in reversed(list(by_station)) for e in by_station[s]) == expected
        with database.sessions.begin() as session:  # the sync's refold reads the same and changes nothing
            sync.refold(session, list(session.scalars(select(Card.id))), now=now)
        assert cached(database) == folded(expected)
    finally:
        database.close()


def run(database: engine.Database, operations: list[tuple[str, int, int, int, str, int]], codes: tuple[str, ...],
        now: dt.datetime) -> dt.datetime:
    """Random operations at one station; a refusal writes nothing. Returns the clock after them."""
    for name, first, second, count, station, minutes in operations:
        now += dt.timedelta(minutes=minutes)
        code, other = codes[first], codes[second]
        try:
            with database.sessions.begin() as session:
                if name == "scan":
                    ops.scan(session, code, now=now, station=station)
                elif name == "stamp":
                    ops.stamp(session, code, count=count, force=True, now=now, station=station)
                elif name == "redeem":
                    ops.redeem(session, code, now=now, station=station)
                elif name == "undo":
                    ops.undo(session, code, now=now, station=station)
                elif name == "transfer":
                    ops.transfer(session, code, other, now=now, station=station)
                else:
                    ops.block_card(session, code, now=now, station=station)
        except Refused:
            pass
    return now


def exchange(source: engine.Database, target: engine.Database, seq: list[int], now: dt.datetime) -> None:
    """What a push from ``source`` and a pull at ``target`` do, without the hub in between: the unsent
    events in the hub's form (``push._unsent``), applied by uid and refolded (``pull._apply_events``)."""
    from db.sync.pull import _apply_events
    from db.sync.push import _unsent
    from db.sync.records import _Applied

    with source.sessions.begin() as session:
        rows = _unsent(session, "source", 100_000)
        for event_id, row in rows:
            seq[0] += 1
            row["seq"] = seq[0]
            session.execute(update(Event).where(Event.id == event_id).values(hub_seq=seq[0]))
    with target.sessions.begin() as session:
        applied = _Applied()
        _apply_events(session, [row for _, row in rows], applied)
        sync.refold(session, applied.cards, now=now)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.tuples(st.lists(_op, max_size=8), st.lists(_op, max_size=8)), min_size=1, max_size=3))
def test_two_stations_apart_then_synced_cache_the_fold_of_every_event(
        template: tuple[Path, tuple[str, ...]], tmp_path: Path,
        rounds: list[tuple[list[tuple[str, int, int, int, str, int]], list[tuple[str, int, int, int, str, int]]]]
        ) -> None:
    """Two stations' SQLite files work apart (the same reward redeemed twice, a card blocked at one and
    stamped at the other ...), exchange their events, work on: each cached row is the fold of every
    event the station holds, and after the last exchange both hold the same fold."""
    source, codes = template
    folder = tmp_path / f"pair-{next(_pairs)}"
    folder.mkdir()
    stations = []
    for name in ("a", "b"):
        shutil.copy(source, folder / f"{name}.db")
        stations.append(engine.open_database(engine.sqlite_url(folder / f"{name}.db")))
    a, b = stations
    try:
        now, seq = NOW, [0]
        for at_a, at_b in rounds:
            now = max(run(a, at_a, codes, now), run(b, at_b, codes, now))
            for database in stations:
                assert cached(database) == folded(ledger.fold(ledger_events(database)))
            exchange(a, b, seq, now)
            exchange(b, a, seq, now)
        folds = [folded(ledger.fold(ledger_events(database))) for database in stations]
        assert folds[0] == folds[1]
        assert cached(a) == folds[0] and cached(b) == folds[1]
    finally:
        for database in stations:
            database.close()


def test_a_deficit_is_filled_by_later_stamps_as_the_fold_says(template: tuple[Path, tuple[str, ...]],
                                                              tmp_path: Path) -> None:
    """The same reward redeemed at two stations while apart leaves the card 5 stamps short (shown as
    0); the next stamps fill the deficit first, at the counter as in the fold."""
    source, codes = template
    stations = []
    for name in ("a", "b"):
        shutil.copy(source, tmp_path / f"{name}.db")
        stations.append(engine.open_database(engine.sqlite_url(tmp_path / f"{name}.db")))
    a, b = stations
    try:
        seq = [0]
        run(a, [("stamp", 0, 0, 4, "A", 1)], codes, NOW)
        exchange(a, b, seq, NOW)
        run(a, [("redeem", 0, 0, 1, "A", 2)], codes, NOW)
        run(b, [("redeem", 0, 0, 1, "B", 2)], codes, NOW)
        exchange(a, b, seq, NOW)
        exchange(b, a, seq, NOW)
        run(a, [("stamp", 0, 0, 2, "A", 5)], codes, NOW)
        with a.sessions.begin() as session:
            assert ops.card_view(session, codes[0]).stamps == 0  # 5 short, 2 stamped: still 3 short
        for database in stations:
            assert cached(database) == folded(ledger.fold(ledger_events(database)))
        run(a, [("stamp", 0, 0, 5, "A", 6)], codes, NOW)
        with a.sessions.begin() as session:
            assert ops.card_view(session, codes[0]).stamps == 2
        assert cached(a) == folded(ledger.fold(ledger_events(a)))
    finally:
        for database in stations:
            database.close()
