"""A chain that heals (issue 18 part 1): a station restored from its backup, a hub restored
from an older dump (real pg_dump / pg_restore), a cloned kiosk disk (a real copy of the files)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select

from db import backup, engine, ops, sync
from db.hub import HubEvent, HubStation
from db.sync import heal
from tests.chain.conftest import agree, make_chain
from tests.conftest import NOW
from tests.helpers import postgres

HOUR = dt.timedelta(hours=1)


def stamp(database: engine.Database, code: str, count: int, at: dt.datetime, station: str) -> int:
    with database.sessions.begin() as session:
        return ops.stamp(session, code, count=count, now=at, station=station).card.stamps


def status(database: engine.Database) -> sync.ChainStatus:
    with database.sessions.begin() as session:
        return sync.status(session)


def test_a_station_restored_from_its_own_backup_gets_its_synced_events_back(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    sync.sync_once(b, now=NOW)
    path = b.sqlite_path
    assert path is not None
    saved = backup.backup_out(path, tmp_path / "b-backup.db")
    assert stamp(b, cards[0], 3, NOW + HOUR, "B") == 5
    sync.sync_once(b, now=NOW + HOUR)
    b.close()
    backup.restore(path, saved, keep_dir=tmp_path / "kept")
    b = engine.open_database(engine.sqlite_url(path))
    with b.sessions.begin() as session:  # the backup's balance: the three stamps are gone here
        assert ops.card_view(session, cards[0]).stamps == 2
    for station in (a, b, a):
        sync.sync_once(station, now=NOW + 2 * HOUR)
    assert agree([a, b], hub_url)[cards[0].split(":")[1]][0] == 5
    assert "of this station's own events came back" in status(b).healed


def _dump(server: postgres.PostgresServer, database: str, out: Path) -> None:
    done = server._run(str(server.bin_dir / "pg_dump"), "-h", str(server.socket_dir), "-U", "postgres", "-Fc",
                       "-f", str(out), database)
    assert done.returncode == 0, done.stderr


def _restore_into_fresh(server: postgres.PostgresServer, database: str, dump: Path) -> None:
    server.admin(f'DROP DATABASE "{database}" WITH (FORCE)')
    server.create_database(database)
    done = server._run(str(server.bin_dir / "pg_restore"), "-h", str(server.socket_dir), "-U", "postgres",
                       "-d", database, str(dump))
    assert done.returncode == 0, done.stderr


def test_a_hub_restored_from_an_older_dump_heals(tmp_path: Path, hub_url: str,
                                                 chain_server: postgres.PostgresServer) -> None:
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=6)
    for i, code in enumerate(cards):
        stamp((a, b, c)[i % 3], code, 1 + i % 4, NOW + HOUR, "ABC"[i % 3])
    for station in (a, b, c, a):
        sync.sync_once(station, now=NOW + HOUR)
    database = hub_url.rsplit("/", 1)[1]
    dump = chain_server.base / f"{database}.dump"
    _dump(chain_server, database, dump)
    for i, code in enumerate(cards):  # synced after the dump: the restore loses these on the hub
        stamp((a, b, c)[(i + 1) % 3], code, 2, NOW + 3 * HOUR, "ABC"[(i + 1) % 3])
    for station in (a, b, c, a, b):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    before = agree([a, b, c], hub_url)
    _restore_into_fresh(chain_server, database, dump)
    stamp(c, cards[0], 1, NOW + 5 * HOUR, "C")  # made after the restore, before anyone healed
    sync.sync_once(c, now=NOW + 5 * HOUR)
    for station in (a, b, c, a, b):
        sync.sync_once(station, now=NOW + 6 * HOUR)
    after = agree([a, b, c], hub_url)
    first = cards[0].split(":")[1]
    assert after[first][0] == before[first][0] + 1
    assert {n: s for n, s in after.items() if n != first} == {n: s for n, s in before.items() if n != first}
    for station in (a, b, c):
        assert "the hub was restored" in status(station).healed
        assert status(station).pending == 0
    stamp(a, cards[1], 1, NOW + 7 * HOUR, "A")  # new hub numbers below the old cursors still arrive
    for station in (a, b, c, a, b):
        sync.sync_once(station, now=NOW + 7 * HOUR)
    agree([a, b, c], hub_url)


def test_a_cloned_disk_becomes_a_new_station_and_nothing_is_lost(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    stamp(b, cards[0], 1, NOW + HOUR, "B")
    sync.sync_once(b, now=NOW + HOUR)
    path = b.sqlite_path
    assert path is not None
    b.close()
    (tmp_path / "copy").mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            shutil.copy2(f"{path}{suffix}", tmp_path / "copy" / f"B.db{suffix}")
    b = engine.open_database(engine.sqlite_url(path))
    clone = engine.open_database(engine.sqlite_url(tmp_path / "copy" / "B.db"))
    stamp(b, cards[0], 2, NOW + 2 * HOUR, "B")
    stamp(clone, cards[1], 4, NOW + 2 * HOUR, "B")
    for station in (b, clone, a, b):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    balances = agree([a, b, clone], hub_url)
    assert balances[cards[0].split(":")[1]][0] == 2 + 1 + 2 and balances[cards[1].split(":")[1]][0] == 2 + 4
    assert status(b).station == "B" and status(clone).station == "B-2"
    assert "copy of station B's" in status(clone).healed and status(b).healed == ""
    assert status(clone).install_id != status(b).install_id
    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            assert "B-2" in set(connection.scalars(select(HubStation.name)))
            installs = heal.installs(connection)
            from_b = connection.scalar(select(func.count()).select_from(HubEvent).where(HubEvent.origin == "B"))
    finally:
        hub.dispose()
    assert installs[status(clone).install_id]["station"] == "B-2"
    assert installs[status(clone).install_id]["copied_from"] == status(b).install_id
    assert installs[status(b).install_id]["count"] == from_b > 0
