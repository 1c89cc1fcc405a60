"""Rotating a chain's signing key on a real PostgreSQL hub (db/sync/keys.py): the hub holds the keys, each
station takes the new one at its next sync, and the old secret (a stolen kiosk's) mints nothing any more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy import exc as sa_exc

from cards import codes
from cards.refusals import Kind, Refused
from db import engine, ops, sync
from db.models import Card, Event
from db.sync import keys as chain_keys
from kiosk import first_scan
from tests.chain.proxy import Proxy
from tests.chain.test_processes import cli
from tests.chain.test_roles import _chain_with_roles
from tests.conftest import NOW, PIN

LATER = NOW.replace(day=NOW.day + 1)


def _counts(database: engine.Database) -> tuple[int, int]:
    with database.sessions.begin() as session:
        return (session.scalar(select(func.count()).select_from(Card)) or 0,
                session.scalar(select(func.count()).select_from(Event)) or 0)


def _hub_keys(hub_url: str) -> list[int]:
    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            meta: dict[str, str] = {str(k): str(v) for k, v in connection.execute(
                text("SELECT key, value FROM hub_meta")).all()}
    finally:
        hub.dispose()
    ring = chain_keys.decode(meta)
    assert ring is not None and meta["secret"] == ring.current.secret.hex()
    return [k.id for k in ring.keys]


def test_rotate_at_the_hub_stations_take_it_and_the_old_secret_mints_nothing(
        tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    a, b, old_cards, login = _chain_with_roles(tmp_path, hub_url, cards=2)
    with b.sessions.begin() as session:
        old_secret = ops.get_shop(session).secret
        assert [k.id for k in ops.keyring(session).keys] == [1]  # the join gave B the chain's keys
    assert _hub_keys(hub_url) == [1]
    a_path = str(tmp_path / "A.db")
    pin = {"STAMPCARD_PIN": PIN}

    # the owner rotates at the hub from station A (its own database takes the key at once)
    wrong = cli("chain", "rotate-secret", "--db", a_path, "--hub", hub_url, "--yes", env={"STAMPCARD_PIN": "1111"})
    assert wrong.returncode == 3 and len(wrong.stderr.strip().splitlines()) == 1
    unconfirmed = cli("chain", "rotate-secret", "--db", a_path, "--hub", hub_url, env=pin)
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    assert _hub_keys(hub_url) == [1]  # nothing changed on the hub
    here = cli("secret", "rotate", "--db", a_path, "--yes", env=pin)  # a station rotates on the hub only
    assert here.returncode == 3 and "chain rotate-secret" in here.stderr
    done = cli("chain", "rotate-secret", "--db", a_path, "--hub", hub_url, "--yes", "--json", env=pin)
    assert done.returncode == 0, done.stderr
    assert {k: v for k, v in json.loads(done.stdout).items() if k != "rotated_at"} == {"key": 2, "retired": 1,
                                                                                       "here": True}
    assert _hub_keys(hub_url) == [1, 2]

    with a.sessions.begin() as session:
        new = ops.create_batch(session, count=2, now=LATER, station="A")
        assert new.key == 2 and ops.get_shop(session).secret != old_secret
    sync.sync_once(a)

    # B has not synced since: offline, it cannot check the new key's signature, and says to sync
    proxy.drop()
    before = _counts(b)
    with pytest.raises(Refused) as err, b.sessions.begin() as session:
        ops.stamp(session, new.codes[0], now=LATER, station="B")
    assert (err.value.kind, err.value.field) == (Kind.BAD_SIGNATURE, "chain")
    assert _counts(b) == before
    proxy.open()
    sync.sync_once(b)  # B takes the hub's keys
    with b.sessions.begin() as session:
        assert [(k.id, k.current) for k in ops.keyring(session).keys] == [(1, False), (2, True)]
    status = cli("chain", "status", "--db", str(tmp_path / "B.db"), "--json")
    assert json.loads(status.stdout)["signing_key"] == 2  # the owner sees that B took the new key
    # a new batch's card verifies at B now (B holds its share: the first scan fetches the card from the hub)
    stamped = first_scan.on_card(b, lambda session: ops.stamp(session, new.codes[0], now=LATER, station="B"))
    assert stamped.card.stamps == new.prestamps + 1
    with b.sessions.begin() as session:  # and a card printed before the rotation still does
        assert ops.stamp(session, old_cards[0], now=LATER, station="B").added == 1

    # the old secret can no longer mint: a new number is refused at every station, online or not
    minted = codes.make_payload(codes.new_number(), old_secret)
    copied = codes.make_payload(new.numbers[1], old_secret)  # a new card's number, signed with the old secret
    # (at A, which holds the new batch, the copy is a forgery of its card; B does not hold that card, and a
    # card not known here needs the current key)
    for station, copied_kind in ((a, Kind.BAD_SIGNATURE), (b, Kind.RETIRED_KEY)):
        before = _counts(station)
        for code, kind in ((minted, Kind.RETIRED_KEY), (copied, copied_kind)):
            with pytest.raises(Refused) as err, station.sessions.begin() as session:
                ops.stamp(session, code, now=LATER, station="X")
            assert err.value.kind is kind
        with pytest.raises(Refused) as err:  # the counter's path: asked, the hub does not know it either
            first_scan.on_card(station, lambda session: ops.stamp(session, minted, now=LATER, station="X"))
        assert err.value.kind is Kind.RETIRED_KEY
        assert _counts(station) == before  # no placeholder, no event
    refused = cli("stamp", minted, "--db", str(tmp_path / "B.db"))
    assert refused.returncode == 3 and "retired key" in refused.stderr and len(refused.stderr.splitlines()) == 1

    # a station's own login (what a stolen kiosk holds) can read the keys but not write them
    thief = sync.hub_engine(sync.with_password(login.url, login.password))
    try:
        for sql in ("UPDATE hub_meta SET value = 'x' WHERE key = 'keys'",
                    "INSERT INTO hub_meta (key, value) VALUES ('keys2', 'x')",
                    "DELETE FROM hub_meta WHERE key = 'keys'"):
            try:
                with thief.begin() as connection:
                    changed = connection.execute(text(sql)).rowcount
            except sa_exc.DBAPIError:
                changed = 0
            assert changed == 0, sql
    finally:
        thief.dispose()
    assert _hub_keys(hub_url) == [1, 2]


def test_a_hub_from_before_keys_is_key_1_and_a_station_never_drops_a_key(tmp_path: Path, hub_url: str) -> None:
    a, b, _cards, _login = _chain_with_roles(tmp_path, hub_url, cards=1)
    admin = sync.hub_engine(hub_url)
    try:
        with admin.begin() as connection:
            ring = chain_keys.rotate_on_hub(connection, now=LATER)
        sync.sync_once(b)
        with admin.begin() as connection:  # a hub restored from a dump made before the rotation
            connection.execute(text("DELETE FROM hub_meta WHERE key = 'keys'"))
            connection.execute(text("UPDATE hub_meta SET value = :v WHERE key = 'secret'"),
                               {"v": ring.keys[0].secret.hex()})
        sync.sync_once(b)
    finally:
        admin.dispose()
    with b.sessions.begin() as session:
        assert [k.id for k in ops.keyring(session).keys] == [1, 2]  # kept: the hub's word drops no key


def test_an_old_card_never_seen_here_is_fetched_online_and_refused_offline(
        tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    from tests.chain.conftest import make_chain

    (a, c), _ = make_chain(tmp_path, hub_url, ("A", "C"), cards=1)
    admin = sync.hub_engine(hub_url)
    try:
        with admin.begin() as connection:  # rotated on the hub; A has not synced yet and still signs with key 1
            chain_keys.rotate_on_hub(connection, now=LATER)
    finally:
        admin.dispose()
    with a.sessions.begin() as session:
        old = ops.create_batch(session, count=1, now=NOW, station="A")
        other = ops.create_batch(session, count=1, now=NOW, station="A")  # a fetch brings a card's whole batch
    assert old.key == other.key == 1
    sync.sync_once(c)  # C takes key 2 before A's batch reaches the hub
    sync.sync_once(a)
    with c.sessions.begin() as session:
        assert ops.keyring(session).current.id == 2
        assert session.scalar(select(Card.id).where(Card.number == old.numbers[0])) is None
    # online: the first scan fetches the card from the hub, and it verifies against its batch's key
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, old.codes[0], now=LATER, station="C"))
    assert stamped.card.stamps == old.prestamps + 1
    # offline: a card signed with a retired key that C has never seen is refused, and nothing is written
    proxy.drop()
    before = _counts(c)
    with pytest.raises(Refused) as err:
        first_scan.on_card(c, lambda session: ops.stamp(session, other.codes[0], now=LATER, station="C"))
    assert (err.value.kind, err.value.field) == (Kind.RETIRED_KEY, "chain")
    assert _counts(c) == before
    proxy.open()


def test_a_shop_that_rotated_before_the_chain_gives_every_key_to_the_stations(tmp_path: Path, hub_url: str) -> None:
    from tests.chain.conftest import new_shop

    a, old_cards = new_shop(tmp_path / "A.db", cards=1)
    with a.sessions.begin() as session:
        ops.rotate_key(session, now=LATER)
    with a.sessions.begin() as session:
        new = ops.create_batch(session, count=1, now=LATER, station="A")
    sync.create_chain(a, hub_url, station="A", now=LATER)
    assert _hub_keys(hub_url) == [1, 2]
    sync.join_chain(engine.sqlite_url(tmp_path / "B.db"), hub_url, station="B", pin=PIN, now=LATER)
    b = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
    try:
        with b.sessions.begin() as session:
            assert [(k.id, k.current) for k in ops.keyring(session).keys] == [(1, False), (2, True)]
        for code in (old_cards[0], new.codes[0]):  # both verify at B (fetched on their first scan)
            done = first_scan.on_card(b, lambda session: ops.stamp(session, code, now=LATER, station="B"))
            assert done.added == 1
    finally:
        b.close()
