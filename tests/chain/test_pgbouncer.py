"""Stations reach the hub through a real PgBouncer in transaction pooling mode.

PgBouncer (Debian's ``pgbouncer``) runs as the server's user on a free port in front
of the test server's socket. It authenticates each station's own role with SCRAM
through ``auth_query`` (the secrets the hub's roles already have: nothing to copy
when ``chain add-station`` makes a role), and hands out one server connection per
transaction from a pool of one, so any session state a sync relied on (a SET, a
session advisory lock, a server-side prepared statement) would fail or leak here.
Skipped, with the reason, only where PgBouncer is not installed or cannot start.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db import engine, hub_roles, ops, sync
from db.sync import hub_io
from tests.chain.conftest import agree, new_shop
from tests.conftest import NOW, PIN
from tests.helpers import postgres

STATION_SYNCS = 8  # more than psycopg's prepare threshold (5): prepared statements would show up


def _pgbouncer() -> str | None:
    return shutil.which("pgbouncer") or next((p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer")
                                              if os.path.exists(p)), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Bouncer:
    port: int
    log: Path

    def url(self, database: str, user: str, password: str) -> str:
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def bouncer(chain_server: postgres.PostgresServer) -> Iterator[Bouncer]:
    binary = _pgbouncer()
    if binary is None:
        pytest.skip("PgBouncer is not installed (apt-get install pgbouncer; scripts/setup.sh installs it)")
    folder = chain_server.base / "pgbouncer"
    folder.mkdir(exist_ok=True)
    port = _free_port()
    (folder / "userlist.txt").write_text('"postgres" "unused: the server trusts its socket"\n')
    (folder / "pgbouncer.ini").write_text(f"""[databases]
* = host={chain_server.socket_dir} port=5432 auth_user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {folder / "userlist.txt"}
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = $1
pool_mode = transaction
default_pool_size = 1
max_client_conn = 50
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder / "pgbouncer.log"}
pidfile = {folder / "pgbouncer.pid"}
""")
    if chain_server.as_user:
        subprocess.run(["chown", "-R", chain_server.as_user, str(folder)], check=True)
    command = [*(["runuser", "-u", chain_server.as_user, "--"] if chain_server.as_user else []), binary,
               str(folder / "pgbouncer.ini")]
    output = folder / "stdout.txt"
    with output.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None:
            log = (folder / "pgbouncer.log")
            pytest.skip(f"PgBouncer did not start: {output.read_text()[-300:]} "
                        f"{log.read_text()[-300:] if log.exists() else ''}")
        time.sleep(0.1)
    else:
        process.kill()
        pytest.skip("PgBouncer did not listen within 15 s")
    yield Bouncer(port, folder / "pgbouncer.log")
    process.terminate()
    process.wait(timeout=10)


def test_a_sync_through_pgbouncer_in_transaction_pooling(tmp_path: Path, hub_url: str, bouncer: Bouncer) -> None:
    database = make_url(hub_url).database
    assert database
    a, codes = new_shop(tmp_path / "A.db", cards=6)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    admin = sync.hub_engine(hub_url)
    with admin.begin() as connection:
        b_login = hub_roles.add_station(connection, hub_url, "B")
        c_login = hub_roles.add_station(connection, hub_url, "C")
    admin.dispose()
    wrong = sync.hub_engine(bouncer.url(database, b_login.role, "not-the-password"))
    with pytest.raises(Exception) as refused, wrong.connect():
        pass
    assert "password" in str(refused.value).lower() or "authentication" in str(refused.value).lower()
    wrong.dispose()
    with a.sessions.begin() as session:  # A syncs through the bouncer too, as its own role
        state = sync.require_state(session)
        own = make_url(state.hub_url)
        state.hub_url = bouncer.url(database, str(own.username), str(own.password))
    stations = [a]
    for name, login in (("B", b_login), ("C", c_login)):  # both join and sync through the bouncer
        path = tmp_path / f"{name}.db"
        sync.join_chain(engine.sqlite_url(path), bouncer.url(database, login.role, login.password), station=name,
                        pin=PIN, now=NOW)
        stations.append(engine.open_database(engine.sqlite_url(path)))
    # one long-lived engine a station (as the kiosk keeps one): its connection stays open between syncs while
    # PgBouncer gives its transactions whichever server connection is free
    hubs = []
    for station in stations:
        with station.sessions.begin() as session:
            hubs.append(sync.hub_engine(sync.require_state(session).hub_url))
    second_b = sync.hub_engine(bouncer.url(database, b_login.role, b_login.password))
    for round_ in range(STATION_SYNCS):
        for i, station in enumerate(stations):
            with station.sessions.begin() as session:
                ops.stamp(session, codes[(round_ + i) % len(codes)], count=1, now=NOW, station="ABC"[i], force=True)
        for station, hub in zip(stations, hubs):
            result = sync.sync_once(station, hub, now=NOW)
            assert result.pending == 0
        # and a second client of B's role meanwhile (`stampcard sync` while the kiosk syncs): PgBouncer gives
        # both the one server connection of B's pool, so a prepared statement of one would clash with the other's
        assert sync.sync_once(stations[1], second_b, now=NOW).pending == 0
    for station, hub in zip(stations, hubs):  # the last round's stamps of the later stations reach the earlier ones
        sync.sync_once(station, hub, now=NOW)
        hub.dispose()
    second_b.dispose()
    agree(stations, hub_url)
    admin = sync.hub_engine(hub_url)
    with admin.connect() as connection:  # everything arrived under the right names, nothing refused
        origins: dict[str, int] = dict(connection.execute(text(
            "SELECT origin, count(*) FROM hub_events WHERE kind = 'stamp' GROUP BY origin")).all())
        assert origins == {"A": STATION_SYNCS, "B": STATION_SYNCS, "C": STATION_SYNCS}
        assert hub_roles.quarantined(connection) == []
    admin.dispose()
    for station in stations:
        station.close()



@pytest.mark.parametrize("threshold", [hub_io.PREPARE_THRESHOLD, 0], ids=["as-shipped", "prepared"])
def test_prepared_statements_would_break_syncs_through_pgbouncer(tmp_path: Path, hub_url: str, bouncer: Bouncer,
                                                                   threshold: int | None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub engines' ``prepare_threshold`` is what keeps PgBouncer's transaction pooling safe: three clients of
    one station's role (the kiosk, a `stampcard sync`, another) sync at once over PgBouncer's one server
    connection for that role. As shipped (nothing prepared) every sync passes; with psycopg preparing its
    statements on the server (threshold 0), syncs fail on another client's statement of the same name, or
    on one PgBouncer's next server connection does not hold.

    (psycopg's own default, 5, passes here too, by luck rather than design: SQLAlchemy's pool rolls back a
    connection it gets back, which makes psycopg deallocate and forget its statements, and no sync runs a
    statement five times in one hub transaction. A loop that did would fail as threshold 0 does.)"""
    database = make_url(hub_url).database
    assert database
    a, codes = new_shop(tmp_path / "A.db", cards=4)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    a.close()
    admin = sync.hub_engine(hub_url)
    with admin.begin() as connection:
        login = hub_roles.add_station(connection, hub_url, "B")
    admin.dispose()
    url = bouncer.url(database, login.role, login.password)
    sync.join_chain(engine.sqlite_url(tmp_path / "B.db"), url, station="B", pin=PIN, now=NOW)
    monkeypatch.setattr(hub_io, "PREPARE_THRESHOLD", threshold)
    failures: list[str] = []

    def client(k: int) -> None:
        station = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
        hub = sync.hub_engine(url)
        try:
            for round_ in range(STATION_SYNCS):
                with station.sessions.begin() as session:
                    ops.stamp(session, codes[(round_ + k) % len(codes)], count=1, now=NOW, station="B", force=True)
                try:
                    sync.sync_once(station, hub, now=NOW)
                except Exception as exc:  # noqa: BLE001 - whichever way a sync fails, shown below
                    failures.append(" ".join(str(exc).split()))
        finally:
            hub.dispose()
            station.close()

    clients = [threading.Thread(target=client, args=(k,)) for k in range(3)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    if threshold is None:
        assert failures == []
    else:
        assert failures and all("prepared statement" in f for f in failures), failures
