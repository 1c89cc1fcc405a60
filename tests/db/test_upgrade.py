"""Safe upgrades: a database made at schema 0001 with real rows is backed up, upgraded and still works;
a migration that fails puts the copy back and says so; an upgrade logs one line."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cards import codes
from db import engine, errors, migrate, ops

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc)
SECRET = b"s" * 32


def make_0001(db_path: Path) -> dict[str, str]:
    """A SQLite file at schema 0001 holding a shop, a batch, two cards, a customer, visits, events
    and a complaint, written as the 0001 code wrote them; returns the cards' numbers."""
    from alembic import command

    database = engine.open_database(engine.sqlite_url(db_path), migrate_schema=False)
    config = migrate.alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    full, fresh = codes.new_number(), codes.new_number()
    when = "2026-11-20 09:00:00.000000"
    rows: list[tuple[str, dict[str, object]]] = [
        ("INSERT INTO shop (id, name, address, complaints_phone, complaints_email, complaints_url, secret, "
         "language, logo_path, created_at) VALUES (1, 'Pekárna Dvořák', 'Hlavní 3', '+420 600 000 000', "
         "'info@dvorak.cz', 'https://dvorak.cz', :secret, 'cs', '', :when)", {"secret": SECRET}),
        ("INSERT INTO program (id, stamps_required, prestamps, reward, tiers_json, cooldown_minutes, "
         "max_per_visit) VALUES (1, 5, 1, 'Rohlík zdarma', '[]', 0, 5)", {}),
        ("INSERT INTO batches (id, created_at, count, prestamps, status, station) "
         "VALUES (1, :when, 2, 1, 'active', 'counter')", {}),
        ("INSERT INTO customers (id, name, phone, birthday, created_at) "
         "VALUES (1, 'Jana Nováková', '+420 601 111 222', '1990-05-04', :when)", {}),
        ("INSERT INTO cards (id, number, batch_id, status, stamps, rewards_redeemed, visits, created_at, "
         "activated_at, last_stamp_at, customer_id) VALUES (1, :full, 1, 'active', 4, 0, 3, :when, :when, "
         ":when, 1)", {"full": full}),
        ("INSERT INTO cards (id, number, batch_id, status, stamps, rewards_redeemed, visits, created_at) "
         "VALUES (2, :fresh, 1, 'new', 1, 0, 0, :when)", {"fresh": fresh}),
        ("INSERT INTO visits (id, card_id, at, station, staff, stamps_added) "
         "VALUES (1, 1, :when, 'counter', 'Eva', 3)", {}),
        ("INSERT INTO events (id, uid, card_id, kind, delta, rewards_delta, at, station, staff, visit_id, note) "
         "VALUES (1, 'e1', 1, 'issue', 0, 0, :when, 'counter', '', NULL, ''), "
         "(2, 'e2', 1, 'head_start', 1, 0, :when, 'counter', '', NULL, ''), "
         "(3, 'e3', 1, 'stamp', 3, 0, :when, 'counter', 'Eva', 1, ''), "
         "(4, 'e4', 2, 'issue', 0, 0, :when, 'counter', '', NULL, ''), "
         "(5, 'e5', 2, 'head_start', 1, 0, :when, 'counter', '', NULL, '')", {}),
        ("INSERT INTO complaints (id, reference, topic, text, contact, card_id, status, resolution, station, "
         "created_at) VALUES (1, 'C-7K2QX', 'service', 'Studená káva', '', 1, 'open', '', 'counter', :when)",
         {}),
    ]
    with database.engine.begin() as connection:
        for sql, params in rows:
            connection.execute(text(sql), {"when": when, **params})
    database.close()
    return {"full": full, "fresh": fresh}


def revision_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_upgrade_from_0001_backs_up_first_and_keeps_every_row(db_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    numbers = make_0001(db_path)
    with caplog.at_level(logging.INFO):
        database = engine.open_database(engine.sqlite_url(db_path))
    try:
        with database.sessions.begin() as session:
            full = ops.card_view(session, numbers["full"])
            fresh = ops.card_view(session, numbers["fresh"])
            complaints = ops.list_complaints(session)
            shop = ops.get_shop(session)
        assert (full.stamps, full.visits, full.customer_name) == (4, 3, "Jana Nováková")
        assert fresh.stamps == 1
        assert [c.reference for c in complaints] == ["C-7K2QX"]
        assert shop.name == "Pekárna Dvořák" and shop.secret == SECRET
        with database.sessions.begin() as session:  # the upgraded ledger takes new events
            result = ops.stamp(session, numbers["full"], now=NOW, station="counter")
        assert result.card.stamps == 5 and result.card.reward_ready
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.HEAD
            assert connection.execute(text("SELECT count(*) FROM events")).scalar() == 6
            assert connection.execute(text("SELECT email FROM customers")).scalar() == ""
    finally:
        database.close()

    folder = db_path.parent / "backups"
    [backup] = list(folder.glob("before-upgrade-0001-to-*.db"))
    assert backup.name.startswith(f"before-upgrade-0001-to-{migrate.HEAD}-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert revision_of(backup) == "0001"
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM events").fetchone() == (5,)
    copy.close()

    lines = [r for r in caplog.records if r.name.startswith(("alembic", "db."))]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert f"schema 0001 -> {migrate.HEAD}" in lines[0].getMessage()


def test_an_upgrade_logs_one_line_from_a_fresh_start(db_path: Path) -> None:
    """As the kiosk starts: logging at INFO first, then the first import of Alembic, then the upgrade."""
    make_0001(db_path)
    probe = ("import logging, sys\n"
             "logging.basicConfig(level=logging.INFO, stream=sys.stderr, format='%(name)s: %(message)s')\n"
             "from db import engine\n"
             f"engine.open_database({engine.sqlite_url(db_path)!r}).close()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"db.migrate: stampcard.db: schema 0001 -> {migrate.HEAD}, "
                                                   "backup "), lines


def test_opening_a_current_database_takes_no_backup(db_path: Path) -> None:
    engine.open_database(engine.sqlite_url(db_path)).close()  # a new database: nothing to back up
    engine.open_database(engine.sqlite_url(db_path)).close()  # at HEAD: nothing to do
    assert not (db_path.parent / "backups").exists()


def test_a_failing_migration_restores_the_copy_and_says_so(db_path: Path, tmp_path: Path) -> None:
    """A real failure: the next migration creates a table the database already has (a hand-made one)."""
    make_0001(db_path)
    engine.open_database(engine.sqlite_url(db_path)).close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        f"revision = '9999'\ndown_revision = {migrate.HEAD!r}\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade() -> None:\n"
        "    op.add_column('shop', sa.Column('motto', sa.String(40), nullable=False, server_default=''))\n"
        "    op.create_table('cards', sa.Column('id', sa.Integer(), primary_key=True))\n"
        "def downgrade() -> None:\n"
        "    pass\n", encoding="utf-8")
    before = db_path.read_bytes()
    database = engine.open_database(engine.sqlite_url(db_path), migrate_schema=False)
    with pytest.raises(errors.Fault) as failure:
        migrate.upgrade(database.engine, script_location=scripts)
    database.close()
    assert failure.value.kind is errors.FaultKind.UPGRADE_UNDONE and failure.value.version == migrate.HEAD
    assert "before-upgrade-" in failure.value.copy and failure.value.detail  # the copy it came back from; why
    assert revision_of(db_path) == migrate.HEAD
    connection = sqlite3.connect(db_path)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(shop)")]
        assert "motto" not in columns
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (5,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    assert len(before) > 0


def test_upgrade_backups_are_rotated(tmp_path: Path) -> None:
    source = tmp_path / "live.db"
    connection = sqlite3.connect(source)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    folder = tmp_path / "backups"
    for i in range(migrate.KEEP_UPGRADE_BACKUPS + 2):
        (folder).mkdir(exist_ok=True)
        (folder / f"before-upgrade-0001-to-0002-2026010{i}-000000.db").write_bytes(b"x")
    (folder / "auto-2026-01-01.db").write_bytes(b"daily")
    out = migrate.backup_before_upgrade(source, folder, "0002", "0003")
    left = sorted(p.name for p in folder.glob("before-upgrade-*.db"))
    assert len(left) == migrate.KEEP_UPGRADE_BACKUPS and out.name in left
    assert (folder / "auto-2026-01-01.db").exists()
