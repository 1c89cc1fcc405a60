"""Settings converge and conflicts resolve once (issue 18 parts 2 and 3), on a real PostgreSQL hub."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db import engine, ops, sync
from db import settings as db_settings
from db.hub import HubEvent
from db.sync import conflicts
from tests.chain.conftest import agree, make_chain
from tests.chain.proxy import Proxy
from tests.conftest import NOW

HOUR = dt.timedelta(hours=1)


def reward(database: engine.Database) -> str:
    with database.sessions.begin() as session:
        return str(db_settings.get(session).reward)


def set_reward(database: engine.Database, text: str) -> None:
    with database.sessions.begin() as session:
        db_settings.update(session, reward=text)


def test_two_edits_in_a_row_reach_everyone(tmp_path: Path, hub_url: str) -> None:
    (a, b, c), _ = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=1)
    set_reward(a, "one")
    sync.sync_once(a, now=NOW)
    set_reward(a, "two")
    sync.sync_once(a, now=NOW)
    for station in (b, c):  # both records arrive in one pull
        sync.sync_once(station, now=NOW)
    assert [reward(s) for s in (a, b, c)] == ["two"] * 3


def test_conflicting_offline_edits_end_with_one_value_everywhere(tmp_path: Path, hub_url: str,
                                                                   proxy: Proxy) -> None:
    (a, b, c), _ = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=1)
    proxy.drop()
    for station, text in ((a, "from A"), (b, "from B"), (c, "from C")):
        set_reward(station, text)
    proxy.open()
    for station in (b, c, a, b, c, a):
        sync.sync_once(station, now=NOW)
    values = {reward(s) for s in (a, b, c)}
    assert values == {"from A"}  # the last to reach the hub wins, everywhere


def test_a_conflict_written_off_at_two_stations_is_written_off_once(tmp_path: Path, hub_url: str,
                                                                     proxy: Proxy) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=1)
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=5, now=NOW, station="A")
    with a.sessions.begin() as session:
        ops.stamp(session, cards[0], count=5, now=NOW + HOUR, station="A")
    for station in (a, b):
        sync.sync_once(station, now=NOW + HOUR)
    proxy.drop()
    for station, name in ((a, "A"), (b, "B")):
        with station.sessions.begin() as session:
            ops.redeem(session, cards[0], now=NOW + 2 * HOUR, station=name)
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station, now=NOW + 3 * HOUR)
    proxy.drop()  # both owners write the conflict off, each at their own station, apart
    for station, name in ((a, "A"), (b, "B")):
        with station.sessions.begin() as session:
            [conflict] = sync.list_conflicts(session)
            sync.resolve_conflict(session, conflict.key, write_off=True, now=NOW + 4 * HOUR, station=name)
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station, now=NOW + 5 * HOUR)
    number = cards[0].split(":")[1]
    assert agree([a, b], hub_url)[number][0] == 0  # written off once: the deficit filled, no free stamps
    hub = sync.hub_engine(hub_url)
    try:
        with hub.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(HubEvent).where(
                HubEvent.kind == "write_off")) == 1
            assert connection.scalar(select(HubEvent.uid).where(HubEvent.kind == "write_off")) == \
                conflicts.resolution_uid(conflict.key)
    finally:
        hub.dispose()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_a_resolution_id_depends_on_the_key_alone(key: str) -> None:
    uid = conflicts.resolution_uid(key)
    assert uid == conflicts.resolution_uid(key) and len(uid) == 32 and int(uid, 16) >= 0
    assert uid != conflicts.resolution_uid(key + "x")
