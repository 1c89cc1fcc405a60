"""A customer erased at one station of a chain: gone from every station and from the hub's log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db import engine, ops, privacy, sync
from db.hub import HubRecord
from tests.chain.conftest import make_chain, see
from tests.conftest import NOW

NAME, PHONE = "Jana Nováková", "+420 602 111 222"


def hub_customer_texts(hub_url: str) -> list[str]:
    """Every customer row in the hub's log, as its values joined into one text."""
    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            rows = list(connection.scalars(select(HubRecord.data).where(HubRecord.entity == "customer")))
    finally:
        hub.dispose()
    return [" | ".join(str(v) for v in json.loads(data).values()) for data in rows]


def test_erase_reaches_every_station_and_prunes_the_hub(tmp_path: Path, hub_url: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=3)
    with b.sessions.begin() as session:
        privacy.set_customer(session, cards[0], name=NAME, phone=PHONE, consent=True, now=NOW)
        privacy.set_customer(session, cards[1], name="Petr Novák", consent=True, now=NOW)
    for station in (b, a):
        sync.sync_once(station)
    with b.sessions.begin() as session:  # a second version of Jana's row on the hub
        privacy.set_customer(session, cards[0], name=NAME, phone=PHONE, email="jana@example.cz", consent=True,
                             now=NOW + dt.timedelta(minutes=1))
    sync.sync_once(b)
    assert sum(NAME in data for data in hub_customer_texts(hub_url)) == 1
    assert any("jana@example.cz" in data for data in hub_customer_texts(hub_url))
    with a.sessions.begin() as session:  # A has not seen the e-mail B added
        assert privacy.get_customer(session, cards[0]).email == ""  # type: ignore[union-attr]
    erased, cleaned, scrubbed = privacy.erase_everywhere(a, cards[0], now=NOW + dt.timedelta(hours=1))
    assert erased.customer is not None and cleaned == 2 and scrubbed  # Jana's two earlier records
    with a.sessions.begin() as session:
        info = privacy.get_customer(session, cards[0])
        assert info is not None and (info.name, info.phone, info.email) == ("", "", "")
    texts = hub_customer_texts(hub_url)
    assert not any(NAME in data or "602 111 222" in data for data in texts), texts
    assert any("Petr Novák" in data for data in texts), "other customers keep their rows"
    sync.sync_once(b)
    with b.sessions.begin() as session:
        info = privacy.get_customer(session, cards[0])
        assert info is not None and (info.name, info.phone, info.email) == ("", "", "")
        assert ops.card_view(session, cards[0]).stamps == 2, "the stamps stay"
    assert privacy.forget_on_hub(a) == 0, "nothing more to drop"
    c = tmp_path / "C.db"  # a station joining later, seeing the cards, builds the same (anonymous) rows from the log
    sync.join_chain(engine.sqlite_url(c), hub_url, station="C", pin="2468", now=NOW + dt.timedelta(hours=2))
    joined = engine.open_database(engine.sqlite_url(c))
    see(joined, cards[:2])  # each station holds its share: the first scans of the two cards
    with joined.sessions.begin() as session:
        info = privacy.get_customer(session, cards[0])
        assert info is not None and (info.name, info.anonymised_at) == ("", NOW + dt.timedelta(hours=1))
        assert info.created_at == NOW, "values no later record replaced are kept"
        assert privacy.get_customer(session, cards[1]).name == "Petr Novák"  # type: ignore[union-attr]
    joined.close()


def test_not_in_a_chain(shop_db: engine.Database) -> None:
    assert privacy.forget_on_hub(shop_db) is None


def test_an_erasure_made_while_the_hub_is_away_still_blanks_what_others_added(tmp_path: Path, hub_url: str,
                                                                             proxy: Any) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    with b.sessions.begin() as session:
        privacy.set_customer(session, cards[0], name=NAME, consent=True, now=NOW)
    for station in (b, a):
        sync.sync_once(station)
    with b.sessions.begin() as session:  # A does not see this before it erases
        privacy.set_customer(session, cards[0], name=NAME, phone=PHONE, consent=True, now=NOW)
    sync.sync_once(b)
    proxy.drop()
    erased, cleaned, _ = privacy.erase_everywhere(a, cards[0], now=NOW + dt.timedelta(hours=1))
    assert erased.customer is not None and cleaned is None, "the hub is away: it follows later"
    proxy.open()
    assert privacy.forget_on_hub(a) is not None
    sync.sync_once(b)
    with b.sessions.begin() as session:
        info = privacy.get_customer(session, cards[0])
        assert info is not None and (info.name, info.phone) == ("", ""), "B's phone is erased too"
    with a.sessions.begin() as session:
        info = privacy.get_customer(session, cards[0])
        assert info is not None and (info.name, info.phone) == ("", ""), "nor does A take B's phone back"
    texts = hub_customer_texts(hub_url)
    assert not any(NAME in data or PHONE in data for data in texts), texts
