"""The owner's chain page: the conflict the stations could not decide, and the owner's decision."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from db import ops, sync
from db import engine
from kiosk.app.owner import chain_page
from kiosk.app.owner import screen as owner_screen
from kiosk.app.services import Services
from tests.chain.conftest import agree, make_chain
from tests.chain.proxy import Proxy
from tests.conftest import NOW

HOUR = dt.timedelta(hours=1)


def test_owner_sees_and_decides_a_double_redeem(tmp_path: Path, hub_url: str, proxy: Proxy, qtbot: QtBot) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=1)
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=5, now=NOW, station="A")
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=3, now=NOW + HOUR, station="A")  # 2 + 8 = 10
    for station in (a, b):
        sync.sync_once(station)
    proxy.drop()
    for station, name in ((a, "A"), (b, "B")):
        with station.sessions.begin() as session:
            ops.redeem(session, cards[0], now=NOW + 2 * HOUR, station=name)
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station)
    owner = owner_screen.OwnerScreen(Services(b, station="B", data_dir=tmp_path / "data"), staff="owner")
    qtbot.addWidget(owner)
    owner.resize(1280, 800)
    owner.show_tab("chain")
    page = owner.pages["chain"]
    assert isinstance(page, chain_page.ChainPage)
    assert len(page.conflicts) == 1 and "10 stamps short" in page.describe(page.conflicts[0])
    page.pick(page.conflicts[0].key)
    page.write_off.click()
    assert page.conflicts == []
    for station in (b, a):
        sync.sync_once(station)
    with a.sessions.begin() as session:
        assert sync.list_conflicts(session) == []
    assert agree([a, b], hub_url)[cards[0].split(":")[1]] == (0, 2, 2, "active")  # the deficit written off


def test_no_chain_tab_at_a_single_kiosk(shop_db: engine.Database, tmp_path: Path, qtbot: QtBot) -> None:
    owner = owner_screen.OwnerScreen(Services(shop_db, station="solo", data_dir=tmp_path / "data"))
    qtbot.addWidget(owner)
    owner.resize(1280, 800)
    owner.show_tab("program")
    assert "chain" not in owner.pages
