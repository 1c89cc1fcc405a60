"""The hub's ingest path on a real hub: the guard once a statement, the push lock around the numbering only.

``hub_event_guard`` runs once per INSERT or COPY over the rows it added (db/hub_roles.py), and a
push streams its batch into a temporary table before it takes the push lock (db/sync/push.py).
These tests hold what that must not lose: a station writes as itself whichever way it inserts,
a row outside the rules never stays, a batch mixing new, resent and refused rows is marked
exactly, and a station pulling while others push never skips a row committed late.
"""

from __future__ import annotations

import importlib
import re
import threading
import uuid
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text, update

from db import engine, hub_roles, ops, sync
from db.models import Event
from tests.chain.conftest import agree, make_chain, new_shop
from tests.conftest import NOW

push_room = importlib.import_module("db.sync.push")  # the room, not the function db.sync exports
_COLUMNS = "uid, origin, card, kind, delta, rewards_delta, at, station, staff, visit, reverses, counterpart, note"


def _station_login(hub_url: str, name: str) -> Engine:
    admin = sync.hub_engine(hub_url)
    with admin.begin() as connection:
        login = hub_roles.add_station(connection, hub_url, name)
    admin.dispose()
    return sync.hub_engine(sync.with_password(login.url, login.password))


def _row(origin: str, card: str, kind: str = "stamp", delta: int = 1, rewards: int = 0) -> tuple[Any, ...]:
    return (uuid.uuid4().hex, origin, card, kind, delta, rewards, "2026-11-23 09:00:00", origin, "", True, "", "", "")


def test_a_station_writes_as_itself_by_copy_and_through_a_temporary_hub_roles(tmp_path: Path, hub_url: str) -> None:
    """COPY fires the guard like INSERT; a temporary table named like the hub's roles table (first on a
    login's search path) does not make the guard believe the login is another station."""
    a, _ = new_shop(tmp_path / "A.db", cards=2)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    a.close()
    b = _station_login(hub_url, "B")
    honest, claimed, too_many, bogus = (_row("B", "C1"), _row("A", "C1"), _row("B", "C1", delta=1000),
                                        _row("A", "C1", kind="bogus"))
    with b.begin() as connection:
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY hub_events ({_COLUMNS}) FROM STDIN") as copy:
            for row in (honest, claimed, too_many, bogus):
                copy.write_row(row)
    spoofed = _row("A", "C2")
    with b.begin() as connection:
        connection.execute(text("CREATE TEMPORARY TABLE hub_roles (role text, station text)"))
        connection.execute(text("INSERT INTO hub_roles VALUES (session_user, 'A')"))
        connection.execute(text(f"INSERT INTO hub_events ({_COLUMNS}) VALUES ({', '.join(':c%d' % i for i in range(13))})"),
                           {f"c{i}": v for i, v in enumerate(spoofed)})
    b.dispose()
    admin = sync.hub_engine(hub_url)
    with admin.connect() as connection:
        stored: dict[str, str] = dict(connection.execute(text("SELECT uid, origin FROM hub_events WHERE uid = ANY(:u)"),
                                         {"u": [r[0] for r in (honest, claimed, too_many, bogus, spoofed)]}).all())
        quarantined = {r["uid"]: r for r in hub_roles.quarantined(connection)}
    admin.dispose()
    assert stored == {honest[0]: "B", claimed[0]: "B", spoofed[0]: "B"}
    assert set(quarantined) == {too_many[0], bogus[0]}
    assert {r["origin"] for r in quarantined.values()} == {"B"}
    assert quarantined[bogus[0]]["claimed_origin"] == "A" and quarantined[bogus[0]]["reason"] == "kind"
    assert quarantined[too_many[0]]["reason"] == "delta"


def test_a_batch_of_new_resent_and_refused_events_is_marked_exactly(tmp_path: Path, hub_url: str) -> None:
    """One push batch holding events the hub already has (a sync that died before it marked them), events
    outside the rules and new ones: each is marked sent or refused, and the hub holds each good one once."""
    (a, b), codes = make_chain(tmp_path, hub_url, ("A", "B"), cards=4)
    with b.sessions.begin() as session:
        for code in codes:
            ops.stamp(session, code, count=1, now=NOW, station="B", force=True)
    assert sync.sync_once(b, now=NOW).pending == 0
    with b.sessions.begin() as session:  # as if the sync had died after the hub's commit, before the marks
        resent = list(session.scalars(select(Event.uid).where(Event.station == "B", Event.kind == "stamp")))
        session.execute(update(Event).where(Event.uid.in_(resent)).values(hub_seq=None))
        card_id = session.scalar(select(Event.card_id).where(Event.uid == resent[0]))
        bad = [Event(uid=uuid.uuid4().hex, card_id=card_id, kind="stamp", delta=500, rewards_delta=0, at=NOW,
                     station="B", staff="", note=""),
               Event(uid=uuid.uuid4().hex, card_id=card_id, kind="bogus", delta=0, rewards_delta=3, at=NOW,
                     station="B", staff="", note="")]
        session.add_all(bad)
    with b.sessions.begin() as session:
        for code in codes[:2]:
            ops.stamp(session, code, count=1, now=NOW, station="B", force=True)
    result = sync.sync_once(b, now=NOW)
    assert result.pending == 0
    with b.sessions.begin() as session:
        assert sync.refused(session) == 2
        marks = dict(session.execute(select(Event.uid, Event.hub_seq).where(Event.station == "B")).all())
    assert all((marks[u] or 0) > 0 for u in resent)
    assert {marks[e.uid] for e in bad} == {sync.REFUSED}
    admin = sync.hub_engine(hub_url)
    with admin.connect() as connection:
        counts: dict[str, int] = dict(connection.execute(text("SELECT uid, count(*) FROM hub_events WHERE origin = 'B' "
                                              "GROUP BY uid")).all())
    admin.dispose()
    assert set(counts.values()) == {1} and not {e.uid for e in bad} & set(counts)
    assert set(resent) <= set(counts)
    sync.sync_once(a, now=NOW)
    agree([a, b], hub_url)
    a.close()
    b.close()


def test_a_station_pulling_while_others_push_skips_nothing(tmp_path: Path, hub_url: str) -> None:
    """Four stations push batches at once (the push lock is taken only around the numbering and the
    commit) while a fifth pulls over and over: once all is sent, one more pull and every station holds
    every event, each once."""
    names = ("A", "B", "C", "D", "E", "F")
    stations, codes = make_chain(tmp_path, hub_url, names, cards=8)
    pushers, puller = stations[1:5], stations[5]
    for i, station in enumerate(pushers):
        with station.sessions.begin() as session:
            for k in range(60):
                ops.stamp(session, codes[(i + k) % len(codes)], count=1, now=NOW, station=names[1 + i], force=True)
    errors: list[BaseException] = []
    done = threading.Event()

    def push(station: engine.Database) -> None:
        hub = sync.hub_engine(hub_url)
        try:
            sync.push(station, hub, batch_size=7)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            hub.dispose()

    def pull() -> None:
        hub = sync.hub_engine(hub_url)
        try:
            while not done.is_set():
                sync.pull(puller, hub)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            hub.dispose()

    reader = threading.Thread(target=pull)
    reader.start()
    threads = [threading.Thread(target=push, args=(s,)) for s in pushers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    assert not errors, errors
    hub = sync.hub_engine(hub_url)
    sync.pull(puller, hub)  # one pull after the last push (no healing check): nothing may be missing now
    hub.dispose()
    with puller.sessions.begin() as session:
        stamps = list(session.scalars(select(Event.uid).where(Event.kind == "stamp")))
    assert len(stamps) == len(set(stamps)) == 4 * 60
    for station in stations:
        sync.sync_once(station, now=NOW)
    agree(stations, hub_url)
    for station in stations:
        station.close()


def _decoded(line: str) -> list[str | None]:
    """PostgreSQL's reading of one line of COPY text (the escapes a push writes)."""
    unescape = {"t": "\t", "n": "\n", "r": "\r"}
    return [None if field == "\\N" else re.sub(r"\\(.)", lambda m: unescape.get(m.group(1), m.group(1)), field)
            for field in line.split("\t")]


_value = st.one_of(st.none(), st.integers(-10**6, 10**6),
                   st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
                   st.sampled_from(["\\N", "\\.", "a\tb", "a\nb", "a\rb", "\\", "\t", ""]))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 10**6), *([_value] * 13)), max_size=6))
def test_copy_text_reads_back_as_the_rows(rows: list[tuple[Any, ...]]) -> None:
    """Whatever a station's columns hold (tabs, newlines, backslashes, a lone backslash-N, no value), the hub
    reads back one row per event with each value as it was (NULL for none)."""
    data = push_room._copy_text(rows)
    lines = data.split("\n")
    assert lines[-1] == "" and len(lines) == len(rows) + 1
    assert [_decoded(line) for line in lines[:-1]] == [[None if v is None else str(v) for v in row[1:]]
                                                       for row in rows]


def test_notes_and_names_with_tabs_newlines_and_backslashes_reach_the_hub_as_written(tmp_path: Path,
                                                                                        hub_url: str) -> None:
    (a, b), codes = make_chain(tmp_path, hub_url, ("A", "B"), cards=2)
    written = ["tab\there", "two\nlines", "back\\slash", "\\N", "\\.", "crlf\r\n", "Žluťoučký кот", ""]
    with b.sessions.begin() as session:
        for i, note in enumerate(written):
            ops.stamp(session, codes[i % 2], count=1, now=NOW, station="B", force=True)
            newest = session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))  # as a file could hold
            session.execute(update(Event).where(Event.id == newest).values(note=note, staff=f"staff\t{i}"))
    assert sync.sync_once(b, now=NOW).pending == 0
    admin = sync.hub_engine(hub_url)
    with admin.connect() as connection:
        got = connection.execute(text("SELECT note, staff FROM hub_events WHERE origin = 'B' AND kind = 'stamp' "
                                      "ORDER BY seq")).all()
    admin.dispose()
    assert [tuple(r) for r in got] == [(note, f"staff\t{i}") for i, note in enumerate(written)]
    a.close()
    b.close()
