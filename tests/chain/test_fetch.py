"""The first scan of a card a station has never seen: fetched from the hub (issue 18 part 5).

Three stations on a real PostgreSQL hub. A card issued at A (a head start of 2, then 3
stamps, a customer's name) is scanned at C for the first time: C fetches it in one short
exchange, shows its balance and customer, and the stamp lands on it. With the hub away
(a closed port, a hub that accepts and never answers) C adopts the card as before, within
the deadline, and merges it at a later sync; a card the hub does not know either is taken
the same way; a forged code is refused with no call to the hub at all.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from cards import codes
from cards.refusals import Kind, Refused
from db import chain_station, engine, hub_roles, ops, sync
from db.hub import HubHolding
from db.models import Card, ChainState
from db.sync import fetch
from db.sync.hub_io import FETCH_TIMEOUT_S
from kiosk import first_scan
from tests.chain.conftest import make_chain
from tests.chain.proxy import Proxy
from tests.chain.test_pgbouncer import Bouncer, bouncer  # noqa: F401 - the fixture
from tests.chain.test_processes import cli
from tests.conftest import NOW, PIN
from tests.helpers import chain as chain_helpers

LATER = NOW + dt.timedelta(hours=2)  # past the cooldown of A's stamps


def _issue_at_a(a: engine.Database, *, name: str = "Jana Nováková") -> str:
    """A new card at A, after the others joined: head start 2, then 3 stamps, a customer; A syncs. Its code."""
    with a.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=NOW, station="A").codes[0]
    with a.sessions.begin() as session:
        ops.stamp(session, code, count=3, now=NOW, station="A")
    with a.sessions.begin() as session:
        ops.set_customer(session, code, name=name)
        ops.add_complaint(session, topic=ops.COMPLAINT_TOPICS[0], text="cold coffee", card_code=code, now=NOW,
                          station="A")
    sync.sync_once(a)
    return code


def _own_login(tmp_path: Path, hub_url: str, name: str) -> engine.Database:
    """A station that joins with the login ``chain add-station`` made for it (row-level security applies)."""
    admin = sync.hub_engine(hub_url)
    try:
        with admin.begin() as connection:
            login = hub_roles.add_station(connection, hub_url, name)
    finally:
        admin.dispose()
    sync.join_chain(engine.sqlite_url(tmp_path / f"{name}.db"), sync.with_password(login.url, login.password),
                    station=name, pin=PIN, now=NOW)
    return engine.open_database(engine.sqlite_url(tmp_path / f"{name}.db"))


def _number(code: str) -> str:
    return code.split(":")[1]


def _has(database: engine.Database, number: str) -> bool:
    with database.sessions.begin() as session:
        return session.scalar(select(Card.id).where(Card.number == number)) is not None


def _stamps(database: engine.Database, code: str) -> int:
    with database.sessions.begin() as session:
        return ops.card_view(session, code).stamps


def _hub_stamps(hub_url: str, number: str) -> int:
    hub = sync.hub_engine(hub_url)
    try:
        return chain_helpers.hub_cards(hub)[number].stamps
    finally:
        hub.dispose()


def _point_at(database: engine.Database, port: int) -> None:
    """Make this station's hub URL name another port on 127.0.0.1 (a closed or a silent one)."""
    with database.sessions.begin() as session:
        state = session.get(ChainState, 1)
        assert state is not None
        state.hub_url = make_url(state.hub_url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


@pytest.fixture
def silent_port() -> Iterator[socket.socket]:
    """A port that takes connections (the kernel's handshake) and never says a word: a hub that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    yield listener
    listener.close()


def _connections(listener: socket.socket) -> int:
    """How many connections reached the listener (and close them)."""
    seen = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return seen
        conn.close()
        seen += 1


def test_a_first_scan_fetches_the_card_with_its_balance_and_customer(tmp_path: Path, hub_url: str) -> None:
    (a, b), _ = make_chain(tmp_path, hub_url, names=("A", "B"), cards=2)
    c = _own_login(tmp_path, hub_url, "C")  # its own login: it reads only what it holds
    code = _issue_at_a(a)
    number = _number(code)
    sync.sync_once(c)  # C has A's batch now, not its cards: it holds its share only
    assert not _has(c, number)

    shown = first_scan.on_card(c, lambda session: ops.scan(session, code, now=LATER, station="C"))
    assert (shown.card.stamps, shown.card.customer_name, shown.card.head_start) == (5, "Jana Nováková", 2)
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, code, now=LATER, station="C"))
    assert stamped.card.stamps == 6 and stamped.card.visits == 2
    with c.sessions.begin() as session:  # the complaints that name the card came with it
        assert [v.text for v in ops.list_complaints(session) if v.card == number] == ["cold coffee"]

    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            held = set(connection.execute(select(HubHolding.station).where(HubHolding.card == number)).scalars())
    finally:
        hub.dispose()
    assert "C" in held
    for station in (c, a, b, c, a):
        sync.sync_once(station)
    assert _stamps(a, code) == _stamps(c, code) == _hub_stamps(hub_url, number) == 6
    if _has(b, number):  # a station that holds every card (before the share) agrees too
        assert _stamps(b, code) == 6
    for station in (a, b, c):
        station.close()


def test_the_exchange_is_two_statements_and_follows_a_transfer(tmp_path: Path, hub_url: str) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    old = _issue_at_a(a)
    with a.sessions.begin() as session:
        new = ops.create_batch(session, count=1, prestamps=0, now=NOW, station="A").codes[0]
    with a.sessions.begin() as session:
        ops.transfer(session, old, new, now=NOW, station="A")
    sync.sync_once(a)
    hub = sync.hub_engine(hub_url)
    try:
        plain = fetch.read_card(hub, "C", _number(_issue_at_a(a, name="")))
        assert plain.known and plain.round_trips == 2 and plain.cards == (plain.number,)
        found = fetch.read_card(hub, "C", _number(new))
    finally:
        hub.dispose()
    assert found.known and found.cards == (_number(new), _number(old)) and found.round_trips == 4
    fetch.apply_card(c, found, now=LATER)
    with c.sessions.begin() as session:
        moved = ops.card_view(session, new)
        assert (moved.stamps, moved.customer_name) == (5, "Jana Nováková")
        with pytest.raises(Refused) as refused:  # the old card is known here as what it is: transferred
            ops.stamp(session, old, now=LATER, station="C")
        assert refused.value.kind is Kind.TRANSFERRED
    a.close()
    c.close()


def test_offline_the_card_is_taken_as_before_and_merged_later(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    proxy.drop()
    start = time.perf_counter()
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, code, now=LATER, station="C"))
    assert time.perf_counter() - start < FETCH_TIMEOUT_S
    assert stamped.card.stamps == 1  # a placeholder: its head start and A's stamps arrive with the merge
    proxy.open()
    for station in (c, a, c):
        sync.sync_once(station)
    assert _stamps(c, code) == _stamps(a, code) == _hub_stamps(hub_url, _number(code)) == 6
    a.close()
    c.close()


def test_a_hub_that_never_answers_costs_the_counter_the_deadline_only(tmp_path: Path, hub_url: str,
                                                                       silent_port: socket.socket) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    _point_at(c, silent_port.getsockname()[1])
    start = time.perf_counter()
    assert fetch.fetch_unheard(c, _number(code)) is fetch.Fetched.OFFLINE
    waited = time.perf_counter() - start
    assert FETCH_TIMEOUT_S - 0.1 < waited < FETCH_TIMEOUT_S + 0.5
    assert _connections(silent_port) == 1
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, code, now=LATER, station="C"))
    assert stamped.card.stamps == 1  # adopted at once: the card is here now, no second wait
    a.close()
    c.close()


def test_a_card_the_hub_does_not_know_either_is_taken_as_offline(tmp_path: Path, hub_url: str) -> None:
    (a, b, c), _ = make_chain(tmp_path, hub_url, cards=1)
    with b.sessions.begin() as session:  # printed at B a second ago; B has not synced
        code = ops.create_batch(session, count=1, now=NOW, station="B").codes[0]
    assert fetch.fetch_unheard(c, _number(code)) is fetch.Fetched.UNKNOWN
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, code, now=LATER, station="C"))
    assert stamped.card.stamps == 1
    for station in (b, c, c):
        sync.sync_once(station)
    assert _stamps(c, code) == 3  # B's head start of 2 arrived with B's batch; C's stamp stayed
    for station in (a, b, c):
        station.close()


def test_a_forged_code_is_refused_without_a_call_to_the_hub(tmp_path: Path, hub_url: str,
                                                            silent_port: socket.socket) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    _point_at(c, silent_port.getsockname()[1])
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    with pytest.raises(Refused) as refused:
        first_scan.on_card(c, lambda session: ops.stamp(session, forged, now=LATER, station="C"))
    assert refused.value.kind is Kind.BAD_SIGNATURE
    assert _connections(silent_port) == 0 and not _has(c, _number(code))
    a.close()
    c.close()


def test_a_typed_number_is_fetched_when_the_hub_knows_it(tmp_path: Path, hub_url: str) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    typed = codes.format_number(_number(code)).lower()
    stamped = first_scan.on_card(c, lambda session: ops.stamp(session, typed, now=LATER, station="C"))
    assert stamped.card.stamps == 6
    nobody = codes.new_number()  # a well-formed number no station ever printed: refused, not adopted
    with pytest.raises(Refused) as refused:
        first_scan.on_card(c, lambda session: ops.stamp(session, nobody, now=LATER, station="C"))
    assert refused.value.kind is Kind.UNKNOWN_CARD and not _has(c, nobody)
    a.close()
    c.close()


def test_stampcard_stamp_at_c_fetches_the_card(tmp_path: Path, hub_url: str) -> None:
    (a,), _ = make_chain(tmp_path, hub_url, names=("A",), cards=1)
    c = _own_login(tmp_path, hub_url, "C")
    code = _issue_at_a(a)
    a.close()
    c.close()
    done = cli("stamp", code, "--db", str(tmp_path / "C.db"), "--json", "--station", "C")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["stamps"], shown["customer"], shown["added"]) == (6, "Jana Nováková", 1)


def test_customer_set_at_c_changes_the_customer_a_registered(tmp_path: Path, hub_url: str) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    c.close()
    done = cli("customer", "set", code, "--name", "Jana Dvořáková", "--consent", "--db", str(tmp_path / "C.db"),
               "--json", env={"STAMPCARD_PIN": PIN})
    assert done.returncode == 0, done.stderr
    c = engine.open_database(engine.sqlite_url(tmp_path / "C.db"))
    for station in (c, a):
        sync.sync_once(station)
    with a.sessions.begin() as session:  # the customer A registered has the new name: not a second customer
        assert ops.card_view(session, code).customer_name == "Jana Dvořáková"
        assert session.execute(text("SELECT count(*) FROM customers")).scalar() == 1
    a.close()
    c.close()


def test_stampcard_stamp_with_a_hub_that_never_answers(tmp_path: Path, hub_url: str,
                                                       silent_port: socket.socket) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    _point_at(c, silent_port.getsockname()[1])
    a.close()
    c.close()
    done = cli("stamp", code, "--db", str(tmp_path / "C.db"), "--json", "--station", "C")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["stamps"] == 1  # taken as not heard of yet, after the deadline


def test_the_kiosk_shows_a_fetched_card(tmp_path: Path, hub_url: str, qtbot: QtBot) -> None:
    from kiosk.app.services import Services
    from kiosk.app.window import MainWindow

    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    window = MainWindow(Services(c, station="C", data_dir=tmp_path / "data"), start_camera=False, start_later=True)
    qtbot.addWidget(window)
    try:
        window.show_card(code)
        assert window.fetching == code  # off the GUI thread: the window goes on meanwhile
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.card, timeout=10_000)
        assert window.card.result is not None
        assert (window.card.result.card.stamps, window.card.result.card.customer_name) == (5, "Jana Nováková")
        assert window.fetching == ""
    finally:
        window.shutdown()
    a.close()
    c.close()


def test_the_kiosk_never_waits_on_a_hub_that_never_answers(tmp_path: Path, hub_url: str, qtbot: QtBot,
                                                           silent_port: socket.socket) -> None:
    from kiosk.app.services import Services
    from kiosk.app.window import MainWindow

    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    _point_at(c, silent_port.getsockname()[1])
    window = MainWindow(Services(c, station="C", data_dir=tmp_path / "data"), start_camera=False, start_later=True)
    qtbot.addWidget(window)
    try:
        start = time.perf_counter()
        window.show_card(code)
        assert time.perf_counter() - start < 0.5 and window.fetching == code  # the GUI thread goes on at once
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.card, timeout=10_000)
        assert window.card.result is not None and window.card.result.card.stamps == 0  # not heard of yet
    finally:
        window.shutdown()
    a.close()
    c.close()


def test_not_a_chain_never_raises_unheard(shop_db: engine.Database) -> None:
    with chain_station.fetching(), shop_db.sessions.begin() as session:
        with pytest.raises(Refused) as refused:
            ops.scan(session, "K7Q29XJ4MN3", now=NOW)
    assert refused.value.kind in (Kind.UNKNOWN_CARD, Kind.BAD_CHECK)
    with shop_db.sessions.begin() as session:
        assert session.execute(text("SELECT count(*) FROM cards")).scalar() == 0


def test_a_first_scan_through_pgbouncer_in_transaction_pooling(tmp_path: Path, hub_url: str,
                                                               bouncer: Bouncer) -> None:
    """The exchange keeps no session state (autocommit statements, nothing prepared): through PgBouncer with a
    pool of one server connection, while a sync of the same login runs beside it, the card arrives whole."""
    (a,), _ = make_chain(tmp_path, hub_url, names=("A",), cards=1)
    code = _issue_at_a(a)
    admin = sync.hub_engine(hub_url)
    with admin.begin() as connection:
        login = hub_roles.add_station(connection, hub_url, "C")
    admin.dispose()
    url = bouncer.url(str(make_url(hub_url).database), login.role, login.password)
    sync.join_chain(engine.sqlite_url(tmp_path / "C.db"), url, station="C", pin=PIN, now=NOW)
    c = engine.open_database(engine.sqlite_url(tmp_path / "C.db"))
    kept, beside = sync.hub_engine(url), sync.hub_engine(url)
    try:
        for _ in range(3):  # warm, as a kiosk's engine is, past any per-connection statement cache
            sync.sync_once(c, beside)
        stamped = first_scan.on_card(c, lambda session: ops.stamp(session, code, now=LATER, station="C"), hub=kept)
        assert (stamped.card.stamps, stamped.card.customer_name) == (6, "Jana Nováková")
        sync.sync_once(c, beside)
        sync.sync_once(a)
    finally:
        kept.dispose()
        beside.dispose()
    assert _stamps(a, code) == _stamps(c, code) == 6
    a.close()
    c.close()
