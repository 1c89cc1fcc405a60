"""The chain's command line: create, join, sync, status and conflicts with the contract's JSON keys."""

from __future__ import annotations

import json
from pathlib import Path

from db import engine, ops
from tests.chain.conftest import new_shop, see
from tests.chain.proxy import Proxy
from tests.chain.test_processes import cli
from tests.conftest import NOW, PIN


def test_create_join_sync_status_conflicts(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    pin = {"STAMPCARD_PIN": PIN}
    database, codes = new_shop(a, cards=2)
    database.close()
    created = cli("chain", "create", "--db", str(a), "--hub", hub_url, "--station", "A", "--json", env=pin)
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["station"] == "A" and json.loads(created.stdout)["pending"] == 0
    joined = cli("chain", "join", "--db", str(b), "--hub", hub_url, "--station", "B", "--json", env=pin)
    assert joined.returncode == 0, joined.stderr
    station_b = engine.open_database(engine.sqlite_url(b))
    see(station_b, codes[:1])  # each station holds its share: the card's first scan at B brings it
    with station_b.sessions.begin() as session:
        assert ops.stamp(session, codes[0], count=3, now=NOW, station="B").card.stamps == 5
    station_b.close()
    proxy.drop()
    down = cli("sync", "--db", str(b), "--json")
    assert down.returncode == 4 and json.loads(down.stdout)["pending"] == 2
    status = json.loads(cli("chain", "status", "--db", str(b), "--json").stdout)
    assert set(status) >= {"hub", "station", "pending", "last_sync", "conflicts"}
    assert (status["station"], status["pending"], status["online"]) == ("B", 2, False)
    proxy.open()
    for db in (b, a):
        synced = json.loads(cli("sync", "--db", str(db), "--json").stdout)
        assert set(synced) == {"pushed", "pulled", "pending", "conflicts"} and synced["pending"] == 0
    assert json.loads(cli("chain", "conflicts", "--db", str(a), "--json").stdout) == {"conflicts": []}
    station_a = engine.open_database(engine.sqlite_url(a))
    with station_a.sessions.begin() as session:
        assert ops.card_view(session, codes[0]).stamps == 5
    station_a.close()
