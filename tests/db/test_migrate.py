"""The schema revision constant, the fast path that skips Alembic, and upgrades from 0001."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from db import engine, migrate


def test_head_constant_matches_scripts() -> None:
    assert migrate.HEAD == migrate.head_revision()


def test_opening_a_current_database_does_not_import_alembic(db_path: Path) -> None:
    engine.open_database(engine.sqlite_url(db_path)).close()
    probe = ("import sys; from db import engine; "
             f"engine.open_database({engine.sqlite_url(db_path)!r}).close(); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_upgrade_from_0001_keeps_data(db_path: Path) -> None:
    from alembic import command

    url = engine.sqlite_url(db_path)
    database = engine.open_database(url, migrate_schema=False)
    config = migrate.alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with database.engine.begin() as connection:
        assert migrate.current_revision(connection) == "0001"
        connection.execute(text("INSERT INTO batches (id, created_at, count, prestamps, status, station) "
                                "VALUES (1, '2026-11-23 09:00:00.000000', 1, 0, 'active', '')"))
    database.close()
    database = engine.open_database(url)
    with database.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.HEAD
        assert connection.execute(text("SELECT count(*) FROM batches")).scalar() == 1
        names = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
    database.close()
    assert {"ix_events_kind_day", "ix_visits_day", "ix_visits_card_at"} <= names
    assert not names & {"ix_events_at", "ix_visits_at", "ix_visits_card_id"}
