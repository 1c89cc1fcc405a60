"""Fixtures for the chain tests: a throwaway PostgreSQL hub behind a TCP proxy, and stations.

Each test gets a new hub database on the session's server, reached through
:class:`tests.chain.proxy.Proxy` (a test drops and reopens it to cut the
network), and station databases as SQLite files under ``tmp_path``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from cards import rules
from db import engine, ops, sync
from tests.chain.proxy import Proxy
from tests.conftest import NOW, PIN
from tests.helpers import chain as chain_helpers
from tests.helpers import postgres

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def chain_server() -> Iterator[postgres.PostgresServer]:
    """A PostgreSQL server for the chain tests; skips when none can start here."""
    try:
        with postgres.running_server() as server:
            yield server
    except postgres.PostgresUnavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture(scope="session")
def proxy(chain_server: postgres.PostgresServer) -> Iterator[Proxy]:
    """127.0.0.1:port in front of the server's Unix socket."""
    front = Proxy(chain_server.socket_dir / ".s.PGSQL.5432")
    front.open()
    yield front
    front.drop()


@pytest.fixture
def hub_url(chain_server: postgres.PostgresServer, proxy: Proxy) -> Iterator[str]:
    """An empty hub database, reached through the proxy (which is open)."""
    proxy.open()
    name = f"hub_{next(_numbers)}"
    chain_server.create_database(name)
    yield proxy.url(name)
    proxy.open()
    if not chain_server.running:
        restart(chain_server)
    chain_server.drop_database(name)


def restart(server: postgres.PostgresServer) -> None:
    """Start a stopped test server again on the same data folder (the hub comes back)."""
    options = (f"-c listen_addresses='' -k {server.socket_dir} -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB")
    done = server._run(str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-l",
                       str(server.base / "server.log"), "-o", options, "-w", "start")
    assert done.returncode == 0, done.stderr
    server.running = True


def new_shop(path: Path, *, prestamps: int = 2, cards: int = 0) -> tuple[engine.Database, tuple[str, ...]]:
    """A station's database with a shop (10 stamps, ``prestamps`` head start) and a batch of cards."""
    database = engine.open_database(engine.sqlite_url(path))
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Kavárna U Kocoura", program=rules.Program(10, prestamps, "Free coffee"),
                      owner_pin=PIN)
    codes: tuple[str, ...] = ()
    if cards:
        with database.sessions.begin() as session:
            codes = ops.create_batch(session, count=cards, now=NOW, station="A").codes
    return database, codes


def make_chain(tmp_path: Path, hub: str, names: tuple[str, ...] = ("A", "B", "C"), *,
               cards: int = 10, seen: bool = True) -> tuple[list[engine.Database], tuple[str, ...]]:
    """Station ``names[0]`` creates the chain with a batch of ``cards``; the others join it.

    Each station holds its share (db/sync/holdings.py): with ``seen`` every joining station has
    seen the batch's cards (as a first scan would bring them), else it holds nothing of them.
    """
    first, codes = new_shop(tmp_path / f"{names[0]}.db", cards=cards)
    sync.create_chain(first, hub, station=names[0], now=NOW)
    stations = [first]
    for name in names[1:]:
        sync.join_chain(engine.sqlite_url(tmp_path / f"{name}.db"), hub, station=name, pin=PIN, now=NOW)
        stations.append(engine.open_database(engine.sqlite_url(tmp_path / f"{name}.db")))
        if seen and codes:
            see(stations[-1], codes)
    return stations, codes


def see(station: engine.Database, payloads: tuple[str, ...] | list[str]) -> None:
    """This station sees these cards (their QR payloads) as a first scan would: it holds them, with their history."""
    with station.sessions.begin() as session:
        url, name = sync.require_state(session).hub_url, sync.require_state(session).station
    hub = sync.hub_engine(url)
    try:
        sync.adopt(station, hub, station=name, numbers=[p.split(":")[1] for p in payloads], now=NOW)
    finally:
        hub.dispose()


def agree(stations: list[engine.Database], hub: str) -> dict[str, tuple[int, int, int, str]]:
    """Assert every station holds exactly the cards the hub says it holds, each with the hub's balance;
    return the hub's balances of every card."""
    hub_engine = sync.hub_engine(hub)
    try:
        folded = {n: s.shown for n, s in chain_helpers.hub_cards(hub_engine).items()}
        held = chain_helpers.hub_holdings(hub_engine)
    finally:
        hub_engine.dispose()
    for database in stations:
        with database.sessions.begin() as session:
            mine = chain_helpers.station_cards(session)
            name = sync.require_state(session).station
        assert mine == {n: folded[n] for n in held.get(name, set()) if n in folded}, name
    return folded
