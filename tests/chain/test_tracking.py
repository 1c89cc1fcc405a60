"""Which shared rows a push compares: those the station's triggers marked, all of them when a
trigger was missing (a migration that rebuilds a table drops its triggers)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from db import engine, sync
from db.models import ChainState
from tests.chain.conftest import new_shop


def changed(database: engine.Database) -> list[tuple[str, dict[str, object]]]:
    """What a push would send now, as if the hub took it (the marks are cleared)."""
    with database.sessions.begin() as session:
        records, updates, upto = sync._changed_records(session, "A")
        sync._set_synced(session, updates)
        sync.clear_dirty(session, upto)
    return [(r["entity"], json.loads(r["data"])) for r in records]


def test_only_marked_rows_are_compared_and_a_lost_trigger_means_one_full_compare(tmp_path: Path) -> None:
    database, _ = new_shop(tmp_path / "a.db", cards=3)
    with database.sessions.begin() as session:
        session.add(ChainState(id=1, hub_url="postgresql+psycopg://x@127.0.0.1:1/x", station="A", event_cursor=0,
                               record_cursor=0, online=True, last_error=""))
    first = changed(database)
    assert {entity for entity, _ in first} == {"shop", "program", "staff", "batch"}
    assert changed(database) == []
    with database.sessions.begin() as session:
        session.execute(text("UPDATE shop SET complaints_phone = '+420 111' WHERE id = 1"))
        session.execute(text("INSERT INTO customers (name, phone, email, created_at) "
                             "VALUES ('Jana', '777', '', '2026-11-23 09:00:00.000000')"))
    assert sorted((e, sorted(d)) for e, d in changed(database)) == [
        ("customer", ["anonymised_at", "birthday", "consent_at", "created_at", "email", "name", "phone"]),
        ("shop", ["complaints_phone"])]
    with database.sessions.begin() as session:  # as a table rebuild would: the trigger is gone
        session.execute(text("DROP TRIGGER chain_dirty_customers_update"))
        session.execute(text("UPDATE customers SET name = 'Jana N.'"))
    assert changed(database) == [("customer", {"name": "Jana N."})]
    with database.sessions.begin() as session:
        session.execute(text("UPDATE customers SET phone = '778'"))
    assert changed(database) == [("customer", {"phone": "778"})]
