"""After the stations' software is upgraded, ``stampcard chain upgrade --hub ADMIN_URL`` brings the hub along:
a real hub put back to an older schema (Alembic's own downgrade, to 0009: no holdings table, no signing
keys) refuses the new stations' syncs until the owner runs it; then they sync and hold their share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from db import engine, migrate, ops, sync
from tests.chain.conftest import make_chain
from tests.chain.test_processes import cli
from tests.conftest import NOW, PIN


def _downgrade(hub_url: str, to: str) -> None:
    admin = sync.hub_engine(hub_url)
    try:
        config = migrate.alembic_config()
        with admin.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, to)
    finally:
        admin.dispose()


def _revision(hub_url: str) -> str | None:
    admin = sync.hub_engine(hub_url)
    try:
        with admin.connect() as connection:
            return migrate.current_revision(connection)
    finally:
        admin.dispose()


def test_chain_upgrade_brings_an_older_hub_to_the_stations_version(tmp_path: Path, hub_url: str) -> None:
    (a, b), codes = make_chain(tmp_path, hub_url, names=("A", "B"), cards=2)
    a.close()
    b.close()
    _downgrade(hub_url, "0009")
    assert _revision(hub_url) == "0009"
    stale = cli("sync", "--db", str(tmp_path / "B.db"))
    assert stale.returncode == 4 and "Traceback" not in stale.stderr
    assert "older than this station's stampcard" in stale.stderr and "stampcard chain upgrade" in stale.stderr
    czech = cli("sync", "--db", str(tmp_path / "B.db"), env={"LANG": "cs_CZ.UTF-8", "LC_ALL": "cs_CZ.UTF-8"})
    assert czech.returncode == 4 and "starší než stampcard" in czech.stderr

    pin = {"STAMPCARD_PIN": PIN}
    refused = cli("chain", "upgrade", "--db", str(tmp_path / "A.db"), "--hub", hub_url, "--pin", "0000")
    assert refused.returncode == 3 and _revision(hub_url) == "0009"  # the owner's word first
    done = cli("chain", "upgrade", "--db", str(tmp_path / "A.db"), "--hub", hub_url, "--json", env=pin)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert (said["before"], said["after"]) == ("0009", migrate.HEAD)
    assert _revision(hub_url) == migrate.HEAD

    b = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
    a = engine.open_database(engine.sqlite_url(tmp_path / "A.db"))
    with b.sessions.begin() as session:
        ops.stamp(session, codes[0], now=NOW, station="B")
    for station in (b, a, b):
        sync.sync_once(station)
    with a.sessions.begin() as session:
        assert ops.card_view(session, codes[0]).stamps == 3  # A's head start of 2, B's stamp
    admin = sync.hub_engine(hub_url)
    try:
        with admin.connect() as connection:  # the holdings table is back, with B's share in it
            held = set(connection.execute(text("SELECT card FROM hub_holdings WHERE station = 'B'")).scalars())
    finally:
        admin.dispose()
    assert codes[0].split(":")[1] in held

    again = cli("chain", "upgrade", "--db", str(tmp_path / "A.db"), "--hub", hub_url, env=pin)
    assert again.returncode == 0 and "already" in again.stdout
    a.close()
    b.close()


def test_chain_upgrade_refuses_a_database_with_no_chain(tmp_path: Path, hub_url: str) -> None:
    (a,), _ = make_chain(tmp_path, hub_url, names=("A",), cards=1)
    a.close()
    admin = sync.hub_engine(hub_url)
    try:
        with admin.begin() as connection:
            connection.execute(text("DELETE FROM hub_meta WHERE key = 'epoch'"))
    finally:
        admin.dispose()
    refused = cli("chain", "upgrade", "--db", str(tmp_path / "A.db"), "--hub", hub_url, env={"STAMPCARD_PIN": PIN})
    assert refused.returncode == 3 and "Traceback" not in refused.stderr


@pytest.fixture(autouse=True)
def _pg_only(hub_url: str) -> None:
    assert hub_url.startswith("postgresql")
