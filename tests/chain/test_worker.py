"""The kiosk's background sync: backoff, the status strip's words, and a real round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import ops
from kiosk.app import chain_worker
from kiosk.app.services import Services
from tests.chain.conftest import agree, make_chain
from tests.chain.proxy import Proxy
from tests.conftest import NOW


def test_backoff_grows_while_offline_and_comes_back_quickly() -> None:
    delays = [chain_worker.next_delay(False, chain_worker.INTERVAL_S, was_ok=True)]
    for _ in range(5):
        delays.append(chain_worker.next_delay(False, delays[-1], was_ok=False))
    assert delays == [1, 1.5, 2, 2, 2, 2]
    assert chain_worker.next_delay(False, 2, was_ok=False, jitter=1) == pytest.approx(2.4)
    assert chain_worker.next_delay(True, 3, was_ok=True, catching_up=True) == chain_worker.AFTER_OUTAGE_S
    assert chain_worker.next_delay(True, 4, was_ok=False) == chain_worker.AFTER_OUTAGE_S
    assert chain_worker.next_delay(True, 1, was_ok=True) == chain_worker.INTERVAL_S


def test_status_words() -> None:
    ok = chain_worker.Outcome(True, 0, 0)
    assert chain_worker.status_text(ok, NOW, NOW + dt.timedelta(seconds=3)) == "Chain: synced 3 s ago"
    assert chain_worker.status_text(chain_worker.Outcome(False, 14, 0), NOW, NOW) == "Chain: offline, 14 waiting"
    synced = chain_worker.status_text(ok, NOW, NOW)
    for n in (1, 2, 5, 21):  # the count and the word; the plural's wording is the catalogue's (tests of wording)
        text = chain_worker.status_text(chain_worker.Outcome(True, 0, n), NOW, NOW)
        tail = text.removeprefix(synced)
        assert text.startswith(synced) and str(n) in tail.split() and "conflict" in tail, text


def test_worker_syncs_off_and_on(tmp_path: Path, hub_url: str, proxy: Proxy, qtbot: QtBot) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    services = Services(a, station="A", data_dir=tmp_path / "data")
    worker = chain_worker.ChainWorker(services, threaded=False)
    seen: list[str] = []
    worker.status_changed.connect(seen.append)
    assert worker.is_station()
    proxy.drop()
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=3, now=NOW, station="A")
    worker.sync_now()
    assert seen[-1] == "Chain: offline, 2 waiting" and 0.5 <= worker.delay_s <= 1.5  # activation + stamp
    proxy.open()
    worker.sync_now()
    assert seen[-1].startswith("Chain: synced") and worker.delay_s == chain_worker.AFTER_OUTAGE_S
    worker.stop()
    from db import sync

    sync.sync_once(b)
    assert agree([a, b], hub_url)[cards[0].split(":")[1]][0] == 5


def test_the_kiosk_window_shows_the_chain_in_its_status_strip(tmp_path: Path, hub_url: str, proxy: Proxy,
                                                              qtbot: QtBot) -> None:
    from kiosk.app.window import MainWindow

    (a,), _cards = make_chain(tmp_path, hub_url, ("A",), cards=1)
    window = MainWindow(Services(a, station="A", data_dir=tmp_path / "data"), start_camera=False)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.status.chain.text().startswith("Chain: synced"), timeout=15_000)
        proxy.drop()
        qtbot.waitUntil(lambda: window.status.chain.text() == "Chain: offline, 0 waiting", timeout=15_000)
    finally:
        window.shutdown()
