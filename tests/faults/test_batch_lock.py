"""Printing never blocks the counter: a 20,000-card batch takes the write lock once, only to insert
its rows, and renders with no lock at all, so stamps from another connection keep flowing.

Proved by order and by locks, not by seconds (a loaded machine makes any time limit flaky): the
cards are inserted in one transaction; a stamp started while that transaction is open queues and
succeeds; at the first rendered page the batch is committed and no one holds the write lock (a
``BEGIN IMMEDIATE`` that may not wait succeeds) and a stamp goes through. How long a stamp waits is
measured by ``benchmarks/batch_lock.py`` (figures in the README, "Speed").
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import event

from cards import rules
from db import engine, ops
from db.models import utcnow
from kiosk import workflows

COUNT = 20_000


class _StopAfterFirstPage(Exception):
    pass


def _stamp(database: engine.Database, code: str) -> None:
    with database.sessions.begin() as session:
        ops.stamp(session, code, force=True, now=utcnow(), station="counter")


def test_stamps_keep_flowing_while_a_20000_card_batch_is_issued(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    url = engine.sqlite_url(path)
    office = engine.open_database(url)
    counter = engine.open_database(url, migrate_schema=False, create=False)  # the kiosk: its own connections
    with office.sessions.begin() as session:
        ops.init_shop(session, name="Bench", program=rules.Program(10, 2, "Coffee"), owner_pin="2468")
        code = ops.create_batch(session, count=1, now=utcnow()).codes[0]
    _stamp(counter, code)  # warm: the counter's connection is open before the batch starts
    with counter.sessions.begin() as session:
        before = ops.card_view(session, code).stamps

    transactions = {"begun": 0, "open": 0}
    inserting_in: set[int] = set()
    during_insert: list[threading.Thread] = []
    stamped_during_insert: list[BaseException | None] = []

    @event.listens_for(office.engine, "begin")
    def on_begin(connection: Any) -> None:
        transactions["begun"] += 1
        transactions["open"] += 1

    @event.listens_for(office.engine, "commit")
    def on_commit(connection: Any) -> None:
        transactions["open"] -= 1

    @event.listens_for(office.engine, "rollback")
    def on_rollback(connection: Any) -> None:
        transactions["open"] -= 1

    @event.listens_for(office.engine, "before_cursor_execute")
    def on_execute(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT INTO CARDS"):
            return
        inserting_in.add(transactions["begun"])
        if not during_insert:  # the insert holds the write lock: a stamp now must queue, not fail

            def stamp_now() -> None:
                try:
                    _stamp(counter, code)
                    stamped_during_insert.append(None)
                except BaseException as exc:  # noqa: BLE001 - reported by the assert below
                    stamped_during_insert.append(exc)

            during_insert.append(threading.Thread(target=stamp_now))
            during_insert[0].start()

    at_first_page: dict[str, Any] = {}

    def progress(done: int, total: int) -> None:
        if not done:
            return
        at_first_page["open"] = transactions["open"]
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)  # may not wait for a lock
        try:
            probe.execute("BEGIN IMMEDIATE")  # "database is locked" if anyone held the write lock
            probe.execute("ROLLBACK")
        finally:
            probe.close()
        _stamp(counter, code)  # a stamp while the PDF is rendered
        with counter.sessions.begin() as session:
            at_first_page["cards"] = ops.list_batches(session)[0].count
        raise _StopAfterFirstPage()

    try:
        workflows.issue_batch(office, count=COUNT, prestamps=None, paper="a4", out=tmp_path / "batch.pdf",
                              folder=tmp_path, station="office", staff="owner", progress=progress)
    except workflows.NotWritten as exc:
        assert isinstance(exc.cause, _StopAfterFirstPage), exc.cause
    else:
        raise AssertionError("the first rendered page was never reached")
    for thread in during_insert:
        thread.join(timeout=120)
        assert not thread.is_alive()

    assert len(inserting_in) == 1, f"the cards were inserted in {len(inserting_in)} transactions"
    assert stamped_during_insert == [None], stamped_during_insert
    assert at_first_page == {"open": 0, "cards": COUNT}, at_first_page
    with counter.sessions.begin() as session:
        assert ops.card_view(session, code).stamps == before + 2  # both stamps counted
    office.close()
    counter.close()
