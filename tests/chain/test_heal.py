"""A chain that heals (issue 18 part 1): a station restored from its backup, a hub restored
from an older dump (real pg_dump / pg_restore), a cloned kiosk disk (a real copy of the files)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db import backup, engine, hub_roles, ops, sync
from db import settings as db_settings
from db.hub import HubEvent, HubStation
from db.sync import heal
from tests.chain.conftest import agree, make_chain, new_shop, see
from tests.conftest import NOW, PIN
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
    assert "sent under this station's name that this database lacked" in status(b).healed


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


def test_a_hub_restored_from_an_older_dump_heals(tmp_path: Path, hub_url: str, chain_server: postgres.PostgresServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heal, "UID_CHUNK", 7)  # many chunks and pages, as thousands of events would make
    monkeypatch.setattr(heal, "PAGE", 11)
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=30)
    for i, code in enumerate(cards):
        stamp((a, b, c)[i % 3], code, 1 + i % 4, NOW + HOUR, "ABC"[i % 3])
    for station in (a, b, c, a):
        sync.sync_once(station, now=NOW + HOUR)
    database = hub_url.rsplit("/", 1)[1]
    dump = chain_server.base / f"{database}.dump"
    _dump(chain_server, database, dump)
    for i, code in enumerate(cards):  # synced after the dump: the restore loses these on the hub
        stamp((a, b, c)[(i + 1) % 3], code, 2, NOW + 3 * HOUR, "ABC"[(i + 1) % 3])
    with b.sessions.begin() as session:  # and this batch, and this setting
        late = ops.create_batch(session, count=2, now=NOW + 3 * HOUR, station="B").codes
        db_settings.update(session, reward="Two coffees")
    stamp(b, late[0], 1, NOW + 3 * HOUR, "B")
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
    sync.join_chain(engine.sqlite_url(tmp_path / "D.db"), hub_url, station="D", pin=PIN, now=NOW + 8 * HOUR)
    d = engine.open_database(engine.sqlite_url(tmp_path / "D.db"))
    balances = agree([a, b, c, d], hub_url)  # a station joining the healed hub: the settings, no cards yet
    assert balances[late[0].split(":")[1]][0] == 3
    with d.sessions.begin() as session:
        assert db_settings.get(session).reward == "Two coffees"
    see(d, late[:1])  # its first scan of B's late card brings it whole
    with d.sessions.begin() as session:
        assert ops.card_view(session, late[0]).stamps == 3


def copy_files(path: Path, folder: Path) -> Path:
    """A real copy of a station's files (the database and its WAL), as a cloned disk holds them."""
    folder.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            shutil.copy2(f"{path}{suffix}", folder / f"{path.name}{suffix}")
    return folder / path.name


def test_a_cloned_disk_becomes_a_new_station_and_nothing_is_lost(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    stamp(b, cards[0], 1, NOW + HOUR, "B")
    sync.sync_once(b, now=NOW + HOUR)
    path = b.sqlite_path
    assert path is not None
    b.close()
    copied = copy_files(path, tmp_path / "copy")
    b = engine.open_database(engine.sqlite_url(path))
    clone = engine.open_database(engine.sqlite_url(copied))
    stamp(clone, cards[1], 4, NOW + 2 * HOUR, "B")
    sync.sync_once(clone, now=NOW + 2 * HOUR)  # the copy syncs first: it cannot tell yet it is not a move
    assert status(clone).station == "B" and "copied or moved" in status(clone).healed
    stamp(b, cards[0], 2, NOW + 2 * HOUR, "B")
    sync.sync_once(b, now=NOW + 3 * HOUR)  # the original sends again: both are in use
    for station in (clone, a, b, clone):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    balances = agree([a, b, clone], hub_url)
    assert balances[cards[0].split(":")[1]][0] == 2 + 1 + 2 and balances[cards[1].split(":")[1]][0] == 2 + 4
    assert status(b).station == "B" and status(clone).station == "B-2"
    assert "copy of station B's" in status(clone).healed
    assert "sent under this station's name that this database lacked" in status(b).healed  # the copy's, before
    assert status(clone).install_id != status(b).install_id
    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            assert "B-2" in set(connection.scalars(select(HubStation.name)))
            installs = heal.installs(connection)
            from_b = int(connection.scalar(select(func.count()).select_from(HubEvent).where(
                HubEvent.origin == "B")) or 0)
    finally:
        hub.dispose()
    assert installs[status(clone).install_id]["station"] == "B-2"
    assert installs[status(clone).install_id]["copied_from"] == status(b).install_id
    assert installs[status(b).install_id]["count"] + installs[status(clone).install_id]["count"] >= from_b > 0


def test_a_database_moved_to_another_disk_keeps_its_name(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=1)
    stamp(b, cards[0], 1, NOW + HOUR, "B")
    sync.sync_once(b, now=NOW + HOUR)
    path = b.sqlite_path
    assert path is not None
    b.close()
    moved = engine.open_database(engine.sqlite_url(copy_files(path, tmp_path / "new-disk")))
    for hour in (2, 3, 4):  # the old disk is gone: nobody else syncs as B
        stamp(moved, cards[0], 1, NOW + hour * HOUR, "B")
        sync.sync_once(moved, now=NOW + hour * HOUR)
        sync.sync_once(a, now=NOW + hour * HOUR)
    assert status(moved).station == "B"
    assert agree([a, moved], hub_url)[cards[0].split(":")[1]][0] == 2 + 4


def test_the_commands_backup_stamp_sync_restore_sync_heal(tmp_path: Path, hub_url: str) -> None:
    """The issue's case 1 with the real command line, each step its own process."""
    from tests.chain.test_processes import cli

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    pin = {"STAMPCARD_PIN": PIN}
    codes = make_first(a)
    assert cli("chain", "create", "--db", str(a), "--hub", hub_url, "--station", "A", env=pin).returncode == 0
    assert cli("chain", "join", "--db", str(b), "--hub", hub_url, "--station", "B", env=pin).returncode == 0
    saved = tmp_path / "b-saved.db"
    assert cli("backup", "--db", str(b), "--out", str(saved), env=pin).returncode == 0
    stamped = cli("stamp", codes[0], "--count", "3", "--db", str(b), "--force", "--json", env=pin)
    assert stamped.returncode == 0, stamped.stderr
    assert cli("sync", "--db", str(b), env=pin).returncode == 0
    restored = cli("restore", str(saved), "--db", str(b), env=pin)
    assert restored.returncode == 0, restored.stderr
    for db in (a, b, a):
        done = cli("sync", "--db", str(db), "--json", env=pin)
        assert done.returncode == 0, done.stderr
    shown = [json.loads(cli("card", "show", codes[0], "--db", str(db), "--json").stdout) for db in (a, b)]
    assert shown[0]["stamps"] == shown[1]["stamps"] == 5
    status = json.loads(cli("chain", "status", "--db", str(b), "--json").stdout)
    assert "this database lacked" in status["healed"] and len(status["install_id"]) == 32
    text_status = cli("chain", "status", "--db", str(b)).stdout
    assert "Healed: " in text_status


def make_first(path: Path) -> tuple[str, ...]:
    """The first shop's database with one card, closed (the commands open it)."""
    database, codes = new_shop(path, cards=1)
    database.close()
    return codes


def test_a_hub_whose_events_were_restored_into_its_old_tables_heals(tmp_path: Path, hub_url: str,
                                                                    chain_server: postgres.PostgresServer) -> None:
    """``pg_restore --data-only`` keeps the tables (and the epoch): the event at a station's cursor tells."""
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=4)
    for station in (a, b):
        sync.sync_once(station, now=NOW)
    database = hub_url.rsplit("/", 1)[1]
    dump = chain_server.base / f"{database}-data.dump"
    _dump(chain_server, database, dump)
    for code in cards:  # reach the hub (not B yet), then the hub goes back to the dump
        stamp(a, code, 2, NOW + HOUR, "A")
    sync.sync_once(a, now=NOW + HOUR)
    url = chain_server.url(database)
    admin = sync.hub_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text("TRUNCATE hub_events"))
    finally:
        admin.dispose()
    done = chain_server._run(str(chain_server.bin_dir / "pg_restore"), "-h", str(chain_server.socket_dir), "-U",
                             "postgres", "--data-only", "--disable-triggers", "-t", "hub_events", "-d", database,
                             str(dump))
    assert done.returncode == 0, done.stderr
    admin = sync.hub_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text("SELECT setval(pg_get_serial_sequence('hub_events', 'seq'), "
                                    "(SELECT max(seq) FROM hub_events))"))
    finally:
        admin.dispose()
    for hour in (2, 3, 4):  # B stamps on: the hub's numbers pass A's cursor again, with other events
        for code in cards:
            stamp(b, code, 1, NOW + hour * HOUR, "B")
        sync.sync_once(b, now=NOW + hour * HOUR)
    for station in (a, b, a, b):
        sync.sync_once(station, now=NOW + 5 * HOUR)
    balances = agree([a, b], hub_url)
    assert all(balances[code.split(":")[1]][0] == 2 + 2 + 3 for code in cards)
    assert "the hub was restored" in status(a).healed and "sent again" in status(a).healed
    assert status(b).healed == ""  # B had nothing the hub lost


def test_a_rebuilt_station_lists_the_events_the_hub_never_received_as_lost(tmp_path: Path, hub_url: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (b, a), cards = make_chain(tmp_path, hub_url, ("B", "A"), cards=6)  # B made the chain: it syncs as its own role
    sync.sync_once(b, now=NOW)
    path = b.sqlite_path
    assert path is not None
    saved = backup.backup_out(path, tmp_path / "b-backup.db")
    for code in cards[:5]:  # five stamps (and their cards' first events) after the backup
        stamp(b, code, 1, NOW + HOUR, "B")
    with b.sessions.begin() as session:
        made = sync.pending(session)
    admin = sync.hub_engine(hub_url)
    with admin.begin() as connection:  # a real hub fault: the second batch of a push fails (a full disk, say)
        connection.execute(text("CREATE SEQUENCE test_cut"))
        connection.execute(text("GRANT USAGE ON SEQUENCE test_cut TO PUBLIC"))  # B's own role counts too
        connection.execute(text("CREATE FUNCTION test_cut() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                "IF nextval('test_cut') > 1 THEN RAISE EXCEPTION 'no space left on device'; "
                                "END IF; RETURN NULL; END $$"))
        connection.execute(text("CREATE TRIGGER test_cut BEFORE INSERT ON hub_events FOR EACH STATEMENT "
                                "EXECUTE FUNCTION test_cut()"))
    with admin.connect() as connection:
        before = connection.scalar(select(func.count()).select_from(HubEvent).where(HubEvent.origin == "B"))
    monkeypatch.setenv("STAMPCARD_SYNC_BATCH", "2")
    with pytest.raises(sync.HubUnreachable):
        sync.sync_once(b, now=NOW + HOUR)
    with b.sessions.begin() as session:
        waiting = sync.pending(session)
    assert waiting == made - 2  # the first batch reached the hub, the rest wait
    with admin.begin() as connection:
        connection.execute(text("DROP TRIGGER test_cut ON hub_events"))
    b.close()  # the disk dies before the next sync; the owner restores the backup
    backup.restore(path, saved, keep_dir=tmp_path / "kept")
    b = engine.open_database(engine.sqlite_url(path))
    sync.sync_once(b, now=NOW + 2 * HOUR)
    assert f"{waiting} events made here after the last one the hub received never reached it and are lost" \
        in status(b).healed
    sync.sync_once(b, now=NOW + 3 * HOUR)  # counted once
    sync.sync_once(a, now=NOW + 3 * HOUR)
    found = {s.name: s for s in hub_roles.stations(admin)}
    assert found["B"].lost == waiting and found["A"].lost == 0
    with admin.connect() as connection:
        received = connection.scalar(select(func.count()).select_from(HubEvent).where(HubEvent.origin == "B"))
    admin.dispose()
    assert received == (before or 0) + 2
    agree([a, b], hub_url)  # what the hub received came back to B; A and B agree
