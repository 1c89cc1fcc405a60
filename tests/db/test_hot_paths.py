"""The counter's hot paths: how many SQL statements a lookup and a stamp cost, and that a
lookup reads without the write lock (another writer holding it does not hold the lookup up).

Statements are counted with a ``before_cursor_execute`` listener on the real engine
(SQLite's ``BEGIN`` included; PostgreSQL's is implicit in the driver).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from db import engine, ops
from tests.conftest import NOW
from tests.helpers import backends


@contextmanager
def counted(database: engine.Database) -> Iterator[list[str]]:
    """Collect the SQL statements run on ``database`` inside the block."""
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        statements.append(" ".join(statement.split())[:60])

    event.listen(database.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", before)


def in_one_transaction(database: engine.Database, call: Callable[[Session], object]) -> list[str]:
    with counted(database) as statements:
        with database.sessions.begin() as session:
            call(session)
    return statements


@pytest.fixture
def batch(shop_db: engine.Database) -> ops.BatchInfo:
    with shop_db.sessions.begin() as session:
        return ops.create_batch(session, count=3, now=NOW)


@backends.both
def test_a_stamp_is_at_most_five_statements(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    code = batch.codes[0]
    in_one_transaction(shop_db, lambda s: ops.stamp(s, code, now=NOW))  # the first one activates the card
    later = NOW + dt.timedelta(hours=1)
    statements = in_one_transaction(shop_db, lambda s: ops.stamp(s, code, now=later))
    assert len(statements) <= 5, statements
    assert sum(s.startswith("UPDATE cards") for s in statements) == 1, statements
    with shop_db.sessions.begin() as session:
        card = ops.card_view(session, code)
    assert (card.stamps, card.visits, card.last_stamp_at) == (2 + 2, 2, later)


@backends.both
def test_a_lookup_is_one_query(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], now=NOW)
    for code in (batch.codes[0], batch.numbers[0], batch.numbers[0].lower()):
        statements = in_one_transaction(shop_db, lambda s: ops.card_view(s, code))
        assert [s for s in statements if not s.startswith("BEGIN")] == [statements[-1]], statements
        assert statements[-1].startswith("SELECT")
    statements = in_one_transaction(shop_db, lambda s: ops.scan(s, batch.codes[0], now=NOW))
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 1, statements


def test_lookups_begin_deferred_and_writes_immediate(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    view = in_one_transaction(shop_db, lambda s: ops.card_view(s, batch.codes[0]))
    assert view[0] == "BEGIN"
    stamp = in_one_transaction(shop_db, lambda s: ops.stamp(s, batch.codes[0], now=NOW))
    assert stamp[0] == "BEGIN IMMEDIATE"
    scan = in_one_transaction(shop_db, lambda s: ops.scan(s, batch.codes[0], now=NOW))
    assert scan[0] == "BEGIN" and not any(s.startswith(("UPDATE", "INSERT")) for s in scan)


def test_a_lookup_does_not_wait_for_a_writer(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], now=NOW)
    path = shop_db.sqlite_path
    assert path is not None
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another kiosk holds the write lock
    writer.execute("UPDATE shop SET address = 'busy' WHERE id = 1")
    try:
        with shop_db.sessions.begin() as session:
            card = ops.card_view(session, batch.codes[0])
        with shop_db.sessions.begin() as session:
            shown = ops.scan(session, batch.codes[0], now=NOW)
        # Done while the writer still holds its lock (this thread never let it go): a lookup that waited
        # for the writer could only have ended in "database is locked", not here.
        assert writer.in_transaction
        assert card.stamps == shown.card.stamps == 3 and not shown.activated
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@backends.both
def test_first_scan_activates_under_the_write_lock(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    with shop_db.sessions.begin() as session:
        first = ops.scan(session, batch.codes[1], now=NOW)
    with shop_db.sessions.begin() as session:
        again = ops.scan(session, batch.codes[1], now=NOW)
        stamped = ops.stamp(session, batch.codes[1], now=NOW)  # a write after a read in one transaction
    assert first.activated and first.card.status == "active"
    assert not again.activated and stamped.card.stamps == 3 and not stamped.activated


def test_refusals_still_say_why(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    from cards import codes, refusals

    forged = codes.make_payload(batch.numbers[0], b"x" * 32)
    other = codes.new_number()
    for text, kind in ((forged, refusals.Kind.BAD_SIGNATURE), (other, refusals.Kind.UNKNOWN_CARD),
                       ("SC1:XX", refusals.Kind.DAMAGED), ("hello", refusals.Kind.NOT_OURS)):
        with shop_db.sessions.begin() as session:
            with pytest.raises(refusals.Refused) as caught:
                ops.card_view(session, text)
        assert caught.value.kind == kind, text


@backends.both
def test_concurrent_first_scans_activate_once(shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    import threading

    from sqlalchemy import func, select

    from db.models import Event

    go = threading.Barrier(4)
    results: list[ops.OpResult] = []
    failures: list[BaseException] = []

    def scan() -> None:
        try:
            go.wait()
            with shop_db.sessions.begin() as session:
                results.append(ops.scan(session, batch.codes[2], now=NOW))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    assert sum(r.activated for r in results) == 1 and all(r.card.status == "active" for r in results)
    with shop_db.sessions.begin() as session:
        activations = session.scalar(select(func.count()).select_from(Event).where(Event.kind == "activation"))
    assert activations == 1
