"""One ledger: random operations through the real ``db.ops`` leave every cached card row equal to
``cards.ledger.fold`` over the events, and the fold does not depend on the order of the events or
on how they are split across stations (hypothesis; a real SQLite file per example)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cards import ledger, rules
from cards.ledger import EventKind
from cards.refusals import Refused
from db import engine, ops, sync
from db.models import Card, Event
from tests.conftest import NOW, PIN

CARDS = 4
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
                           numbers.get(c.transferred_to, "") if c.transferred_to else "")
                for c in session.scalars(select(Card))}


def folded(states: dict[str, ledger.CardState]) -> dict[str, tuple[object, ...]]:
    return {n: (*s.shown, s.last_stamp_at, s.activated_at, s.transferred_to) for n, s in states.items()}


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
