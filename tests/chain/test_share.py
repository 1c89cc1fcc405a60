"""Each station holds its share (issue 18 part 5), on a real PostgreSQL hub.

A station keeps the cards it issued or has seen (``hub_holdings``), the settings and the
batches; its storage and sync cost grow with its own traffic; customers' personal data
stays on the stations that served them and on the hub.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy import exc as sa_exc

from db import engine, hub_roles, ops, sync
from db.models import Card, ChainKey, Complaint, Customer, Event
from db.sync import holdings
from db.sync.pull import placeholders
from tests.chain.conftest import agree, make_chain, see
from tests.chain.proxy import Proxy
from tests.chain.test_heal import _dump, _restore_into_fresh
from tests.chain.test_roles import _admin, _chain_with_roles
from tests.conftest import NOW
from tests.helpers import postgres


def test_a_station_login_adds_and_reads_its_own_holdings_only(tmp_path: Path, hub_url: str) -> None:
    a, b, codes, login = _chain_with_roles(tmp_path, hub_url, cards=2)
    admin = _admin(hub_url)
    with admin.begin() as connection:
        connection.execute(text("INSERT INTO hub_holdings (station, card) VALUES ('A', 'X1'), ('C', 'X2') "
                                "ON CONFLICT DO NOTHING"))
    station = sync.hub_engine(sync.with_password(login.url, login.password))
    with station.begin() as connection:
        connection.execute(text("INSERT INTO hub_holdings (station, card) VALUES ('B', 'X3'), ('B-2', 'X4') "
                                "ON CONFLICT DO NOTHING"))
        seen = {tuple(r) for r in connection.execute(text("SELECT station, card FROM hub_holdings"))}
    # its own rows (A's two cards it has seen among them) and its renamed copy's, never A's or C's
    assert seen == {("B", "X3"), ("B-2", "X4")} | {("B", c.split(":")[1]) for c in codes}
    for sql in ("INSERT INTO hub_holdings (station, card) VALUES ('A', 'X5')",
                "UPDATE hub_holdings SET card = 'X6'", "DELETE FROM hub_holdings"):
        with pytest.raises(sa_exc.ProgrammingError) as refused, station.begin() as connection:
            connection.execute(text(sql))
        line = str(refused.value.orig).splitlines()[0]
        assert "permission denied" in line or "row-level security" in line, (sql, line)
    with admin.connect() as connection:
        assert ("A", "X5") not in {tuple(r) for r in connection.execute(text("SELECT station, card FROM hub_holdings"))}
    with admin.begin() as connection:  # a retired station's name is free: a new station of that name holds nothing
        hub_roles.retire(connection, "B")
    with admin.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM hub_holdings WHERE station = 'B'")) == 0
        assert connection.scalar(text("SELECT count(*) FROM hub_holdings WHERE station = 'A'")) == 3
    station.dispose()
    admin.dispose()
    a.close()
    b.close()


def test_a_station_login_reads_the_personal_records_of_its_share_only(tmp_path: Path, hub_url: str) -> None:
    """Whoever holds a kiosk's hub login reads the customers and complaints of the cards that station holds,
    and nothing of the others' (row-level security on ``hub_records``)."""
    a, b, codes, login = _chain_with_roles(tmp_path, hub_url, cards=3)  # B has seen A's three cards
    with a.sessions.begin() as session:  # two more cards at A that B never sees, with a customer and a complaint
        others = ops.create_batch(session, count=2, now=NOW, station="A").codes
    with a.sessions.begin() as session:
        ops.set_customer(session, others[0], name="Petr Svoboda", phone="+420 777 000 111")
        ops.add_complaint(session, topic="service", text="cold", contact="petr@example.cz", card_code=others[0],
                          now=NOW, station="A")
        ops.set_customer(session, codes[0], name="Jana Nováková")
    sync.sync_once(a, now=NOW)
    station = sync.hub_engine(sync.with_password(login.url, login.password))
    with station.connect() as connection:
        texts = " ".join(str(v) for data in connection.scalars(text("SELECT data FROM hub_records"))
                         for v in json.loads(data).values())
        entities = set(connection.scalars(text("SELECT DISTINCT entity FROM hub_records")))
        newest, seen = connection.execute(text("SELECT hub_newest_record(), max(seq) FROM hub_records")).one()
    admin = _admin(hub_url)
    with admin.connect() as connection:  # the cursor passes the records B may not read (the complaint is last)
        assert newest == connection.scalar(text("SELECT max(seq) FROM hub_records")) > seen
    admin.dispose()
    assert "Jana Nováková" in texts and "Petr Svoboda" not in texts and "petr@example.cz" not in texts
    with station.connect() as connection:  # a temporary hub_holdings of its own is never taken for the hub's
        connection.execute(text("CREATE TEMPORARY TABLE hub_holdings (station text, card text)"))
        connection.execute(text("INSERT INTO hub_holdings SELECT 'B', key FROM hub_records WHERE entity = 'batch' "
                                "UNION SELECT 'B', :n"), {"n": others[0].split(":")[1]})
        names = " ".join(connection.scalars(text("SELECT data FROM hub_records WHERE entity = 'customer'")))
        assert connection.scalar(text("SELECT count(*) FROM hub_holdings")) == 3  # its own table, which it filled
        assert "Svoboda" not in names
    assert {"shop", "program", "staff", "batch", "customer", "card"} <= entities and "complaint" not in entities
    sync.sync_once(b, now=NOW)
    with b.sessions.begin() as session:
        assert set(session.scalars(select(Customer.name))) == {"Jana Nováková"}
    station.dispose()
    a.close()
    b.close()


HOUR = dt.timedelta(hours=1)


def _number(code: str) -> str:
    return code.split(":")[1]


def _stamp(database: engine.Database, code: str, count: int, at: dt.datetime, station: str) -> int:
    with database.sessions.begin() as session:
        return ops.stamp(session, code, count=count, now=at, station=station).card.stamps


def _has(database: engine.Database, number: str) -> dict[str, int]:
    """What a station's database holds of a card: its row, its events, its customers, its complaints."""
    with database.sessions.begin() as session:
        card = session.scalar(select(Card.id).where(Card.number == number))
        return {"card": int(card is not None),
                "events": int(session.scalar(select(func.count()).select_from(Event).where(Event.card_id == card))
                              or 0) if card is not None else 0,
                "customers": int(session.scalar(select(func.count()).select_from(Customer)) or 0),
                "complaints": int(session.scalar(select(func.count()).select_from(Complaint)) or 0)}


def _counts(database: engine.Database) -> tuple[int, int]:
    with database.sessions.begin() as session:
        return (int(session.scalar(select(func.count()).select_from(Card)) or 0),
                int(session.scalar(select(func.count()).select_from(Event)) or 0))


def _sync(*stations: engine.Database, at: dt.datetime = NOW) -> None:
    for station in stations:
        sync.sync_once(station, now=at)


def test_each_station_holds_its_share(tmp_path: Path, hub_url: str) -> None:
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=4, seen=False)
    with a.sessions.begin() as session:  # a customer registered at A, a complaint about the card at A
        ops.set_customer(session, cards[0], name="Jana Nováková", phone="+420 601 111 222")
        ops.add_complaint(session, topic="service", text="slow", contact="jana@example.cz", card_code=cards[0],
                          now=NOW, station="A")
    _sync(a, b, c, a)
    first = _number(cards[0])
    assert _has(a, first) == {"card": 1, "events": 2, "customers": 1, "complaints": 1}
    for other in (b, c):  # the batch reached them (its record), its cards and A's customer did not
        assert _has(other, first) == {"card": 0, "events": 0, "customers": 0, "complaints": 0}
        with other.sessions.begin() as session:
            assert len(ops.list_batches(session)) == 1
    # B stamps a card of A's (a first scan: it fetches the card): B holds it, with its customer and complaint
    see(b, [cards[0]])
    assert _stamp(b, cards[0], 3, NOW + HOUR, "B") == 5
    _stamp(a, cards[0], 1, NOW + 2 * HOUR, "A")
    _sync(b, a, b, c, at=NOW + 2 * HOUR)
    balances = agree([a, b, c], hub_url)
    assert balances[first][0] == 6
    assert _has(b, first) == _has(a, first) == {"card": 1, "events": 6, "customers": 1, "complaints": 1}
    with b.sessions.begin() as session:
        assert ops.card_view(session, cards[0]).stamps == 6
        assert session.scalar(select(Customer.name)) == "Jana Nováková"
    assert _has(c, first) == {"card": 0, "events": 0, "customers": 0, "complaints": 0}
    # a customer edit at B reaches A (it holds the card), never C
    with b.sessions.begin() as session:
        ops.set_customer(session, cards[0], name="Jana Nová", phone="+420 601 111 222")
    _sync(b, a, c, at=NOW + 3 * HOUR)
    with a.sessions.begin() as session:
        assert session.scalar(select(Customer.name)) == "Jana Nová"
    assert _has(c, first)["customers"] == 0
    for station in (a, b, c):
        station.close()


def test_a_stations_storage_grows_with_its_own_traffic(tmp_path: Path, hub_url: str) -> None:
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=2, seen=False)
    see(c, [cards[0]])
    _sync(a, b, c)
    before = {name: _counts(s) for name, s in (("B", b), ("C", c))}
    with a.sessions.begin() as session:  # the chain's traffic: a big batch at A, stamps at A and B
        more = ops.create_batch(session, count=300, now=NOW, station="A").codes
    for i, code in enumerate(more[:40]):
        _stamp(a, code, 1, NOW + HOUR, "A")
    see(b, more[40:50])
    for code in more[40:50]:
        _stamp(b, code, 2, NOW + HOUR, "B")
    _sync(a, b, c, a, b, c, at=NOW + 2 * HOUR)
    # C's own traffic is nothing: it grew by nothing; B grew by the ten cards it served
    assert _counts(c) == before["C"]
    assert _counts(b) == (before["B"][0] + 10, before["B"][1] + 10 * 4)  # issue, head start, activation, stamp
    _stamp(c, cards[0], 1, NOW + 3 * HOUR, "C")
    _sync(c, a, at=NOW + 3 * HOUR)
    assert _counts(c) == (before["C"][0], before["C"][1] + 2)  # its activation and its stamp
    agree([a, b, c], hub_url)
    hub = _admin(hub_url)
    with hub.connect() as connection:  # the hub holds the whole chain
        assert connection.scalar(text("SELECT count(*) FROM hub_events")) == 2 * 2 + 300 * 2 + 40 * 2 + 10 * 2 + 2
    hub.dispose()
    for station in (a, b, c):
        station.close()


def test_an_unknown_card_accepted_offline_is_merged_with_its_history(tmp_path: Path, hub_url: str,
                                                                      proxy: Proxy) -> None:
    (a, c), cards = make_chain(tmp_path, hub_url, ("A", "C"), cards=3, seen=False)
    _stamp(a, cards[1], 3, NOW, "A")  # 2 + 3 at A, before C ever sees the card
    _sync(a, c)
    proxy.drop()  # C is offline: a validly signed unknown card is accepted as a placeholder
    assert _stamp(c, cards[1], 1, NOW + HOUR, "C") == 1
    with pytest.raises(sync.HubUnreachable):
        sync.sync_once(c, now=NOW + HOUR)
    proxy.open()
    _sync(c, at=NOW + 2 * HOUR)  # its push writes the holding; its pull brings the card's earlier events
    with c.sessions.begin() as session:
        assert ops.card_view(session, cards[1]).stamps == 6
        assert not placeholders(session)  # out of the placeholder batch, into A's
        batch = session.scalar(select(Card.batch_id).where(Card.number == _number(cards[1])))
        assert session.scalar(select(ChainKey.gkey).where(ChainKey.entity == "batch", ChainKey.local_id == batch)) \
            == "A:1"
    _sync(a, at=NOW + 2 * HOUR)
    assert agree([a, c], hub_url)[_number(cards[1])][0] == 6
    assert _has(c, _number(cards[0]))["card"] == 0
    for station in (a, c):
        station.close()


def test_a_transfer_brings_its_counterpart_with_its_history(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=3, seen=False)
    see(b, [cards[0]])
    _stamp(a, cards[1], 4, NOW, "A")  # the card B never saw: 2 + 4
    with a.sessions.begin() as session:  # A moves card 0 to card 1; B holds card 0 only
        ops.transfer(session, cards[0], cards[1], now=NOW + HOUR, station="A")
    _stamp(b, cards[0], 1, NOW + HOUR, "B")  # B has not heard of the transfer: the stamp follows the card
    _sync(a, b, a, b, at=NOW + 2 * HOUR)
    balances = agree([a, b], hub_url)
    assert balances[_number(cards[1])][0] == 2 + 2 + 4 + 1
    assert _has(b, _number(cards[1]))["events"] == _has(a, _number(cards[1]))["events"] == 5  # its whole history
    assert _has(b, _number(cards[2]))["card"] == 0
    for station in (a, b):
        station.close()


def test_a_card_b_holds_that_takes_a_customer_from_elsewhere_brings_the_customer(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2, seen=False)
    with a.sessions.begin() as session:  # registered long before B holds anything of hers
        ops.set_customer(session, cards[0], name="Jana Nováková")
    see(b, [cards[1]])
    _sync(a, b)
    with a.sessions.begin() as session:  # her lost card moves to the card B holds: the customer goes with it
        ops.transfer(session, cards[0], cards[1], now=NOW + HOUR, station="A")
    _sync(a, b, at=NOW + HOUR)
    with b.sessions.begin() as session:
        assert ops.card_view(session, cards[1]).customer_name == "Jana Nováková"
    agree([a, b], hub_url)
    for station in (a, b):
        station.close()


def test_heal_after_a_hub_restore_converges_for_held_cards(tmp_path: Path, hub_url: str,
                                                          chain_server: postgres.PostgresServer) -> None:
    (a, b, c), cards = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=6, seen=False)
    see(b, cards[:3])
    see(c, cards[3:4])
    for i, code in enumerate(cards[:3]):
        _stamp(b, code, 1 + i, NOW + HOUR, "B")
    _sync(a, b, c, a, at=NOW + HOUR)
    database = hub_url.rsplit("/", 1)[1]
    dump = chain_server.base / f"{database}-share.dump"
    _dump(chain_server, database, dump)
    _stamp(b, cards[0], 2, NOW + 2 * HOUR, "B")  # lost by the restore; B still has it
    _stamp(c, cards[3], 1, NOW + 2 * HOUR, "C")
    _sync(b, c, a, at=NOW + 2 * HOUR)
    before = agree([a, b, c], hub_url)
    _restore_into_fresh(chain_server, database, dump)
    _sync(a, b, c, a, b, c, at=NOW + 3 * HOUR)
    assert agree([a, b, c], hub_url) == before
    assert _has(c, _number(cards[0]))["card"] == 0 and _has(b, _number(cards[4]))["card"] == 0
    for station in (a, b, c):
        station.close()


def test_a_pull_reads_by_index_whatever_the_share(tmp_path: Path, hub_url: str) -> None:
    """EXPLAIN, as a station's own login, on a hub of many events: the held events after the cursor are read
    by index, never by a scan of ``hub_events``. A station holding few cards reads their events by card; one
    holding many walks the events after its cursor by sequence with a primary-key probe of ``hub_holdings``
    an event (the planner takes the cheaper: either grows with the station's share or with what is new)."""
    a, b, codes, login = _chain_with_roles(tmp_path, hub_url, cards=2)
    admin = _admin(hub_url)
    with admin.begin() as connection:  # 200,000 events of 20,000 cards B never saw, by the admin (as a COPY would)
        connection.execute(text("ALTER TABLE hub_events DISABLE TRIGGER hub_event_guard"))
        connection.execute(text(
            "INSERT INTO hub_events (uid, origin, card, kind, delta, rewards_delta, at, station, staff, visit, "
            "reverses, counterpart, note) SELECT md5(i::text), 'A', 'X' || (i % 20000), 'stamp', 1, 0, now(), "
            "'A', '', true, '', '', '' FROM generate_series(1, 200000) AS i"))
        connection.execute(text("ALTER TABLE hub_events ENABLE TRIGGER hub_event_guard"))
        connection.execute(text("ANALYZE hub_events"))
        connection.execute(text("ANALYZE hub_holdings"))
    station = sync.hub_engine(sync.with_password(login.url, login.password))

    def plan(cursor: int) -> str:
        query = holdings.held_events("B", cursor, 5000)
        with station.connect() as connection:
            compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
            return "\n".join(r[0] for r in connection.execute(text(f"EXPLAIN {compiled}")))

    few = plan(190000)  # B holds its two cards
    assert "Seq Scan on hub_events" not in few and "ix_hub_events_card" in few, few
    with station.begin() as connection:  # B has seen 20,000 cards
        connection.execute(text("INSERT INTO hub_holdings (station, card) SELECT 'B', 'X' || i "
                                "FROM generate_series(0, 19999) AS i"))
    with admin.begin() as connection:
        connection.execute(text("ANALYZE hub_holdings"))
    many = plan(199000)  # an idle sync: a thousand events after its cursor
    assert "Seq Scan on hub_events" not in many and "hub_events_pkey" in many and "hub_holdings_pkey" in many, many
    assert "Sort" not in many, many  # the walk is in sequence order already
    station.dispose()
    admin.dispose()
    a.close()
    b.close()


_hubs = itertools.count(1)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(work=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(1, 3), st.booleans()),
                     min_size=1, max_size=10))
def test_each_station_folds_the_cards_it_holds_as_the_hub_does(
        chain_server: postgres.PostgresServer, proxy: Proxy, tmp_path_factory: pytest.TempPathFactory,
        work: list[tuple[int, int, int, bool]]) -> None:
    """Random stamps at random stations over a few cards of A's, with syncs in between: every station's
    balance of every card it holds is the hub's fold, and it holds exactly the cards it issued or stamped."""
    proxy.open()
    name = f"share_{next(_hubs)}"
    chain_server.create_database(name)
    tmp = tmp_path_factory.mktemp(name)
    try:
        stations, cards = make_chain(tmp, proxy.url(name), ("A", "B", "C"), cards=4, seen=False)
        stamped: dict[int, set[str]] = {0: {_number(c) for c in cards}, 1: set(), 2: set()}
        for i, (where, card, count, then_sync) in enumerate(work):
            with stations[where].sessions.begin() as session:
                ops.stamp(session, cards[card], count=count, force=True, now=NOW + i * HOUR, station="ABC"[where])
            stamped[where].add(_number(cards[card]))
            if then_sync:
                sync.sync_once(stations[where], now=NOW + i * HOUR)
        for station in (*stations, *stations):
            sync.sync_once(station, now=NOW + 20 * HOUR)
        agree(stations, proxy.url(name))
        for where, station in enumerate(stations):
            with station.sessions.begin() as session:
                assert set(session.scalars(select(Card.number))) == stamped[where]
        for station in stations:
            station.close()
    finally:
        chain_server.drop_database(name)
