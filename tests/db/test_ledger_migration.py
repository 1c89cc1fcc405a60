"""Migration 0006: a transfer's other card moves from its note to ``events.counterpart_id``; the
change marks (``chain_dirty`` and its triggers) are made by the migration, not by the sync."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from db import engine, migrate, ops
from db.models import Card, Event, chain_dirty_triggers
from kiosk import workflows
from tests.conftest import NOW
from tests.db.test_upgrade import make_0001


def test_0006_reads_the_old_transfer_notes_once(db_path: Path) -> None:
    from alembic import command

    numbers = make_0001(db_path)  # a shop with a used card ("full", 4 stamps) and a fresh one
    old, new = numbers["full"], numbers["fresh"]
    url = engine.sqlite_url(db_path)
    database = engine.open_database(url, migrate_schema=False)
    config = migrate.alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        # as the 0005 code wrote a transfer: the other card only in the notes
        connection.execute(text(
            "INSERT INTO events (uid, card_id, kind, delta, rewards_delta, at, station, staff, note) VALUES "
            "('t1', 1, 'transfer', -4, 0, '2026-11-23 10:00:00', '', '', :to), "
            "('t2', 2, 'transfer', 3, 0, '2026-11-23 10:00:00', '', '', :from_)"),
            {"to": f"to {new}", "from_": f"from {old}"})
        connection.execute(text("UPDATE cards SET status = 'transferred', stamps = 0, transferred_to = 2 "
                                "WHERE id = 1"))
        connection.execute(text("UPDATE cards SET status = 'active', stamps = 4 WHERE id = 2"))
        assert "chain_dirty" not in set(connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
    database.close()
    database = engine.open_database(url)  # upgrades to head
    try:
        with database.sessions.begin() as session:
            rows = {e.uid: (e.kind, e.counterpart_id) for e in session.scalars(select(Event).where(
                Event.uid.in_(("t1", "t2"))))}
            assert rows == {"t1": ("transfer", 2), "t2": ("transfer_in", 1)}
            triggers = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert set(chain_dirty_triggers()) <= triggers
            receipt = workflows.receipt_for(session, new, station="S")
            assert receipt.from_number == old and receipt.count == 3
            assert workflows.receipt_for(session, old, station="S").from_number == ""
    finally:
        database.close()


def test_a_transfer_names_its_cards_by_id_not_by_note(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, now=NOW)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], count=4, now=NOW)
        ops.transfer(session, batch.codes[0], batch.codes[1], now=NOW)
    with shop_db.sessions.begin() as session:
        ids = dict(session.execute(select(Card.number, Card.id)).all())
        moves = session.execute(select(Event.card_id, Event.kind, Event.counterpart_id, Event.note).where(
            Event.kind.in_(("transfer", "transfer_in"))).order_by(Event.id)).all()
        first, second = batch.numbers
        assert [tuple(m) for m in moves] == [(ids[first], "transfer", ids[second], ""),
                                             (ids[second], "transfer_in", ids[first], "")]
        info = ops.last_event(session, second)
        assert info is not None and info.counterpart == first
