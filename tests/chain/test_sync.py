"""Sync between stations through a real PostgreSQL hub, in one process.

The hub is cut off by dropping the TCP proxy (or stopping the server); each
station keeps working on its own SQLite file and converges after it returns.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cards import codes
from cards.refusals import Kind, Refused
from db import engine, ops, sync
from db import settings as db_settings
from db.models import Event
from tests.chain.conftest import agree, make_chain, restart
from tests.chain.proxy import Proxy
from tests.conftest import NOW, PIN
from tests.helpers import postgres

HOUR = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)


def number(code: str) -> str:
    return code.split(":")[1]


def test_double_redeem_becomes_one_conflict(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=5, now=NOW, station="A")
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=5, now=NOW + HOUR, station="A")  # 2 + 10 = 12
    for station in (a, b):
        sync.sync_once(station, now=NOW + HOUR)
    proxy.drop()
    for station, name in ((a, "A"), (b, "B")):
        with station.sessions.begin() as session:
            assert ops.redeem(session, cards[0], now=NOW + 2 * HOUR, station=name).card.stamps == 2
        with pytest.raises(sync.HubUnreachable):
            sync.sync_once(station, now=NOW + 2 * HOUR)
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    for station in (a, b):
        with station.sessions.begin() as session:
            [conflict] = sync.list_conflicts(session)
        assert (conflict.kind, conflict.card, conflict.amount) == ("negative", number(cards[0]), 8)
    assert agree([a, b], hub_url)[number(cards[0])] == (0, 2, 2, "active")
    with a.sessions.begin() as session:
        sync.resolve_conflict(session, conflict.key, write_off=True, now=NOW + 3 * HOUR, station="A")
    for station in (a, b):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    with b.sessions.begin() as session:
        assert sync.list_conflicts(session) == []
        assert sync.list_conflicts(session, include_resolved=True)[0].resolution == "write_off"
    assert agree([a, b], hub_url)[number(cards[0])] == (0, 2, 2, "active")


def test_station_clocks_an_hour_apart_change_no_balance(tmp_path: Path, hub_url: str) -> None:
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=3)
    skew = {"A": -HOUR, "B": HOUR, "C": dt.timedelta(0)}
    made = 0
    for step, (station, name) in enumerate(itertools.islice(itertools.cycle(((a, "A"), (b, "B"), (c, "C"))), 24)):
        with station.sessions.begin() as session:
            made += ops.stamp(session, cards[step % 3], count=1, force=True, station=name,
                              now=NOW + step * MIN + skew[name]).added
        if step % 5 == 0:
            sync.sync_once(station)
    for station in (a, b, c, a, b):
        sync.sync_once(station)
    balances = agree([a, b, c], hub_url)
    assert sum(balances[number(code)][0] for code in cards) == 3 * 2 + made == 30


def test_card_printed_at_a_and_stamped_offline_at_b_gets_its_head_start(tmp_path: Path, hub_url: str,
                                                                         proxy: Proxy) -> None:
    (a, b), _ = make_chain(tmp_path, hub_url, ("A", "B"), cards=0)
    with a.sessions.begin() as session:
        fresh = ops.create_batch(session, count=1, prestamps=3, now=NOW, station="A").codes[0]
    sync.sync_once(a)
    proxy.drop()
    with b.sessions.begin() as session:  # B never heard of the card: its signature is enough
        first = ops.stamp(session, fresh, count=2, now=NOW + MIN, station="B")
    assert (first.card.stamps, first.activated) == (2, True)
    with a.sessions.begin() as session:
        ops.stamp(session, fresh, count=1, now=NOW + 2 * HOUR, station="A")
    proxy.open()
    for station in (b, a, b):
        sync.sync_once(station)
    assert agree([a, b], hub_url)[number(fresh)] == (3 + 2 + 1, 0, 2, "active")
    with b.sessions.begin() as session:
        view = ops.card_view(session, fresh)
        batches = ops.list_batches(session)
    assert view.batch in {x.id for x in batches if x.count == 1}
    with pytest.raises(Refused) as err, b.sessions.begin() as session:
        ops.stamp(session, codes.make_payload(codes.new_number(), b"another shop's secret"), now=NOW)
    assert err.value.kind is Kind.BAD_SIGNATURE


def test_shared_data_and_blocked_card_conflict(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=4)
    with b.sessions.begin() as session:
        ops.set_customer(session, cards[1], name="Jana", phone="777")
        ops.add_complaint(session, topic="service", text="slow", card_code=cards[1], now=NOW, station="B")
        ops.add_staff(session, name="eva", role="cashier", pin="1357")
        sync.set_offline_redeem(session, "refuse")
    with a.sessions.begin() as session:
        db_settings.update(session, complaints_phone="+420 111")
    for station in (b, a, b):
        sync.sync_once(station)
    for station in (a, b):
        with station.sessions.begin() as session:
            assert ops.card_view(session, cards[1]).customer_name == "Jana"
            assert [c.text for c in ops.list_complaints(session)] == ["slow"]
            assert ("eva", "cashier") in ops.list_staff(session)
            assert ops.get_shop(session).phone == "+420 111"
    proxy.drop()
    with a.sessions.begin() as session:
        ops.block_card(session, cards[2], now=NOW + MIN, station="A")
    with b.sessions.begin() as session:
        ops.stamp(session, cards[2], now=NOW + 2 * MIN, station="B")
        ops.stamp(session, cards[3], count=5, now=NOW, station="B")
        ops.stamp(session, cards[3], count=5, now=NOW + HOUR, station="B")
    with pytest.raises(sync.HubUnreachable):
        sync.sync_once(b)
    with pytest.raises(Refused) as err, b.sessions.begin() as session:  # offline_redeem = refuse
        ops.redeem(session, cards[3], now=NOW + 2 * HOUR, station="B")
    assert err.value.kind is Kind.OFFLINE_REDEEM
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station)
    with b.sessions.begin() as session:
        assert ops.redeem(session, cards[3], now=NOW + 2 * HOUR, station="B").card.stamps == 2
        [conflict] = sync.list_conflicts(session)
    assert (conflict.kind, conflict.card) == ("blocked", number(cards[2]))
    for station in (b, a):
        sync.sync_once(station)
    assert agree([a, b], hub_url)[number(cards[2])] == (3, 0, 1, "blocked")


def test_server_stopped_then_back(tmp_path: Path, hub_url: str, chain_server: postgres.PostgresServer) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    chain_server.stop()
    try:
        for step in range(6):
            with a.sessions.begin() as session:
                ops.stamp(session, cards[step % 2], force=True, now=NOW + step * MIN, station="A")
        with pytest.raises(sync.HubUnreachable):
            sync.sync_once(a)
        with a.sessions.begin() as session:
            assert sync.status(session).pending >= 6 and not sync.status(session).online
    finally:
        restart(chain_server)
    for station in (a, b):
        assert sync.sync_once(station).pending == 0
    assert sum(v[0] for v in agree([a, b], hub_url).values()) == 2 * 2 + 6
    with a.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.hub_seq.is_(None))) == 0


def test_join_refusals(tmp_path: Path, hub_url: str) -> None:
    make_chain(tmp_path, hub_url, ("A",), cards=1)
    with pytest.raises(Refused) as err:
        sync.join_chain(engine.sqlite_url(tmp_path / "x.db"), hub_url, station="A", pin=PIN)
    assert err.value.kind is Kind.STATION_TAKEN
    with pytest.raises(Refused) as err:
        sync.join_chain(engine.sqlite_url(tmp_path / "y.db"), hub_url, station="Y", pin="0000")
    assert err.value.kind is Kind.WRONG_PIN
    assert not (tmp_path / "y.db").exists()


def test_a_void_reaches_the_other_station_and_a_stamp_made_apart_is_a_conflict(tmp_path: Path, hub_url: str,
                                                                                proxy: Proxy) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    with a.sessions.begin() as session:
        batch = ops.list_batches(session)[0].id
    proxy.drop()
    with a.sessions.begin() as session:
        ops.void_batch(session, batch, now=NOW + MIN)
    with b.sessions.begin() as session:
        ops.stamp(session, cards[0], now=NOW + 2 * MIN, station="B")
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station)
    for station in (a, b):
        with station.sessions.begin() as session:
            assert ops.card_view(session, cards[1]).status == "void"
            assert [(c.kind, c.card) for c in sync.list_conflicts(session)] == [("void", number(cards[0]))]
        with pytest.raises(Refused) as err, station.sessions.begin() as session:
            ops.stamp(session, cards[1], now=NOW + HOUR)
        assert err.value.kind is Kind.VOID
    assert agree([a, b], hub_url)[number(cards[0])] == (3, 0, 1, "active")
