"""A chain that cannot be forged: each station its own PostgreSQL role, on a real hub.

Every attack is made with a station's own hub login (the URL a stolen kiosk holds)
and must fail with a clear line, or be quarantined, and change nothing on the hub.
"""

from __future__ import annotations


import json
import sqlite3
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy import exc as sa_exc

from cards import ledger
from db import engine, hub_roles, ops, sync
from tests.chain.conftest import new_shop, see
from tests.chain.proxy import Proxy
from tests.chain.test_processes import cli
from tests.conftest import NOW, PIN

HUB_TABLES = ("hub_events", "hub_records", "hub_stations", "hub_meta", "hub_quarantine")


def _admin(url: str) -> Engine:
    return sync.hub_engine(url)


def _snapshot(hub: Engine) -> dict[str, Any]:
    """Everything on the hub a station could try to change, as sorted rows."""
    with hub.connect() as connection:
        return {t: sorted(tuple(str(v) for v in r) for r in connection.execute(text(f"SELECT * FROM {t}")))
                for t in HUB_TABLES}


def _chain_with_roles(tmp_path: Path, hub_url: str, cards: int = 4) -> tuple[engine.Database, engine.Database,
                                                                             tuple[str, ...], hub_roles.StationLogin]:
    """A creates the chain (and syncs as its own role); B joins with the login add-station made."""
    a, codes = new_shop(tmp_path / "A.db", cards=cards)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    admin = _admin(hub_url)
    with admin.begin() as connection:
        login = hub_roles.add_station(connection, hub_url, "B")
    admin.dispose()
    sync.join_chain(engine.sqlite_url(tmp_path / "B.db"), sync.with_password(login.url, login.password),
                    station="B", pin=PIN, now=NOW)
    b = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
    see(b, codes)  # B has seen A's cards (each station holds its share)
    return a, b, codes, login


def test_create_gives_the_first_station_its_own_role(tmp_path: Path, hub_url: str) -> None:
    a, _ = new_shop(tmp_path / "A.db", cards=2)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    with a.sessions.begin() as session:
        stored = sync.require_state(session).hub_url
    assert stored.split("//")[1].startswith("sc_") and "postgres@" not in stored  # not the admin's login
    assert sync.shown_url(stored).count("***") == 1  # its password is stored, and shown masked
    hub = sync.hub_engine(stored)
    with hub.connect() as connection:
        assert connection.scalar(text("SELECT hub_station_of(session_user)")) == "A"
    hub.dispose()


def test_a_station_login_writes_only_as_itself_and_changes_nothing(tmp_path: Path, hub_url: str) -> None:
    a, b, codes, login = _chain_with_roles(tmp_path, hub_url)
    admin = _admin(hub_url)
    station = sync.hub_engine(sync.with_password(login.url, login.password))
    before = _snapshot(admin)
    attacks = {
        "update an event": "UPDATE hub_events SET delta = 40",
        "delete an event": "DELETE FROM hub_events",
        "rewrite a record": "UPDATE hub_records SET data = '{}'",
        "delete a record": "DELETE FROM hub_records",
        "register another station": "INSERT INTO hub_stations (name, joined_at) VALUES ('Z', now())",
        "delete a station": "DELETE FROM hub_stations",
        "read the hub's other tables": "SELECT * FROM shop",
        "read the roles": "SELECT * FROM hub_roles",
        "empty the quarantine": "DELETE FROM hub_quarantine",
        "grant itself more": "ALTER TABLE hub_events DISABLE TRIGGER hub_event_guard",
        "claim another station's install": "INSERT INTO hub_meta (key, value) VALUES ('install:x', "
                                           "'{\"station\": \"A\"}')",
    }
    for what, sql in attacks.items():
        with pytest.raises(sa_exc.ProgrammingError) as refused, station.begin() as connection:
            connection.execute(text(sql))
        line = str(refused.value.orig).splitlines()[0]
        assert "permission denied" in line or "row-level security" in line or "must be owner" in line, (what, line)
    silent = {  # row-level security: the rows of others are not there to change
        "touch another station's last sync": "UPDATE hub_stations SET last_seen = now() WHERE name = 'A'",
        "overwrite the shop's secret": "UPDATE hub_meta SET value = 'x' WHERE key = 'secret'",
        "raise the shop's cap": "UPDATE hub_meta SET value = '1000' WHERE key = 'cap_most'",
    }
    for what, sql in silent.items():
        with station.begin() as connection:
            assert connection.execute(text(sql)).rowcount == 0, what
    assert _snapshot(admin) == before
    # an event claimed as A's is written as B's, whatever the row says
    uid = uuid.uuid4().hex
    with station.begin() as connection:
        connection.execute(text("INSERT INTO hub_events (uid, origin, card, kind, delta, rewards_delta, at, station, "
                                "staff, visit, reverses, counterpart, note) VALUES (:u, 'A', :c, 'stamp', 1, 0, "
                                "now(), 'A', '', false, '', '', '')"), {"u": uid, "c": codes[0][:16]})
        connection.execute(text("INSERT INTO hub_records (entity, key, origin, data) VALUES "
                                "('complaint', 'X', 'A', '{}')"))
    with admin.connect() as connection:
        assert connection.scalar(text("SELECT origin FROM hub_events WHERE uid = :u"), {"u": uid}) == "B"
        assert connection.scalar(text("SELECT origin FROM hub_records WHERE key = 'X'")) == "B"
    station.dispose()
    admin.dispose()
    a.close()
    b.close()


def _forge(path: Path, card: str, kind: str, delta: int, rewards: int) -> str:
    """An event written straight into a station's SQLite, as someone with the kiosk's disk would."""
    uid = uuid.uuid4().hex
    with sqlite3.connect(path) as connection:
        card_id = connection.execute("SELECT id FROM cards WHERE number = ?", (card,)).fetchone()[0]
        connection.execute("INSERT INTO events (uid, card_id, kind, delta, rewards_delta, at, station, staff, note) "
                           "VALUES (?, ?, ?, ?, ?, ?, 'B', '', '')",
                           (uid, card_id, kind, delta, rewards, NOW.replace(tzinfo=None).isoformat(sep=" ")))
    connection.close()
    return uid


def test_forged_events_are_quarantined_listed_and_never_folded_elsewhere(tmp_path: Path, hub_url: str) -> None:
    a, b, codes, _ = _chain_with_roles(tmp_path, hub_url)
    with a.sessions.begin() as session:
        number = ops.card_view(session, codes[0]).number
        before_a = ops.card_view(session, codes[0]).stamps
    with b.sessions.begin() as session:  # one honest stamp at B, sent with the forged ones
        ops.stamp(session, codes[1], count=2, now=NOW, station="B")
    b.close()
    forged = [_forge(tmp_path / "B.db", number, "stamp", 1000, 0), _forge(tmp_path / "B.db", number, "bogus", 0, 7),
              _forge(tmp_path / "B.db", number, "redeem", -10, 3)]
    b = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
    result = sync.sync_once(b, now=NOW)
    assert result.pending == 0 and result.pushed == 5  # an activation, the stamp, the three forged
    with b.sessions.begin() as session:
        assert sync.refused(session) == 3
    admin = _admin(hub_url)
    with admin.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM hub_events WHERE uid = ANY(:u)"), {"u": forged}) == 0
        quarantined = {r["uid"]: r for r in hub_roles.quarantined(connection)}
    assert set(quarantined) == set(forged)
    assert {quarantined[u]["reason"] for u in forged} == {"delta", "kind", "rewards"}
    assert {quarantined[u]["origin"] for u in forged} == {"B"}
    sync.sync_once(a, now=NOW)
    with a.sessions.begin() as session:
        assert ops.card_view(session, codes[0]).stamps == before_a  # never folded at A
        assert ops.card_view(session, codes[1]).stamps == 4  # the honest stamp arrived
    assert sync.sync_once(b, now=NOW).pushed == 0  # refused once, never sent again
    stations = {s.name: s for s in hub_roles.stations(admin)}
    assert stations["B"].refused == 3 and stations["B"].role
    admin.dispose()
    a.close()
    b.close()
    status = cli("chain", "status", "--db", str(tmp_path / "B.db"), "--json")
    assert json.loads(status.stdout)["refused"] == 3
    human = cli("chain", "status", "--db", str(tmp_path / "B.db"))
    assert "Refused by the hub" in human.stdout and "***" in human.stdout


def test_the_hub_check_is_the_ledger_rule(hub_url: str, tmp_path: Path) -> None:
    """The trigger's SQL and ``cards.ledger.outside_rules`` agree on every kind at and around its bounds."""
    a, _ = new_shop(tmp_path / "A.db")
    sync.create_chain(a, hub_url, station="A", now=NOW)
    a.close()
    values = sorted({v for rule in ledger.DELTA_RULES.values() for b in rule if b is not None
                     for v in (b - 1, b, b + 1)} | {-1000, 0, 1000})
    cases = [(k, d, r) for k in [*(kind.value for kind in ledger.EventKind), "bogus", ""]
             for d in values for r in (-2, -1, 0, 1, 2, 7)]
    admin = _admin(hub_url)
    with admin.connect() as connection:
        got = connection.execute(text("SELECT k, d, r, hub_event_refusal(k, d, r) FROM unnest("
                                      "CAST(:k AS text[]), CAST(:d AS int[]), CAST(:r AS int[])) AS t(k, d, r)"),
                                 {"k": [c[0] for c in cases], "d": [c[1] for c in cases],
                                  "r": [c[2] for c in cases]}).all()
    admin.dispose()
    assert {(k, d, r): why for k, d, r, why in got} == {c: ledger.outside_rules(*c) for c in cases}


def test_cli_add_station_join_stations_retire(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    pin = {"STAMPCARD_PIN": PIN}
    database, codes = new_shop(a, cards=2)
    database.close()
    assert cli("chain", "create", "--db", str(a), "--hub", hub_url, "--station", "A", env=pin).returncode == 0
    added = cli("chain", "add-station", "B", "--db", str(a), "--hub", hub_url, "--json", env=pin)
    assert added.returncode == 0, added.stderr
    login = json.loads(added.stdout)
    assert login["station"] == "B" and not sync.has_password(login["url"]) and len(login["password"]) >= 24
    taken = cli("chain", "add-station", "B", "--db", str(a), "--hub", hub_url, env=pin)
    assert taken.returncode == 3 and "B" in taken.stderr
    # the password never in argv: a URL that carries one is refused, masked
    secret_url = sync.with_password(login["url"], login["password"])
    in_argv = cli("chain", "join", "--db", str(b), "--hub", secret_url, "--station", "B", env=pin)
    assert in_argv.returncode == 2 and login["password"] not in in_argv.stderr + in_argv.stdout
    assert "***" in in_argv.stderr and not b.exists()
    wrong = cli("chain", "join", "--db", str(c), "--hub", login["url"], "--station", "C",
                env={**pin, "STAMPCARD_HUB_PASSWORD": login["password"]})
    assert wrong.returncode == 3 and "station" in wrong.stderr and not c.exists()
    joined = cli("chain", "join", "--db", str(b), "--hub", login["url"], "--station", "B", "--json",
                 env={**pin, "STAMPCARD_HUB_PASSWORD": login["password"]})
    assert joined.returncode == 0, joined.stderr
    assert login["password"] not in joined.stdout + joined.stderr
    station_b = engine.open_database(engine.sqlite_url(b))
    with station_b.sessions.begin() as session:
        assert login["password"] in sync.require_state(session).hub_url  # kept for unattended syncs
        ops.stamp(session, codes[0], count=1, now=NOW, station="B")
    station_b.close()
    assert cli("sync", "--db", str(b)).returncode == 0
    listed = cli("chain", "stations", "--db", str(b), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["station"]: r for r in json.loads(listed.stdout)["stations"]}
    assert set(rows) == {"A", "B"} and rows["B"]["pending"] == 0 and rows["B"]["received"] >= 1
    assert rows["B"]["last_sync"] is not None and {"install_ids", "lost", "refused"} <= set(rows["B"])
    status = cli("chain", "status", "--db", str(b))
    assert login["password"] not in status.stdout and "***" in status.stdout
    retired = cli("chain", "retire", "B", "--db", str(a), "--hub", hub_url, "--json", env=pin)
    assert retired.returncode == 0, retired.stderr
    gone = cli("sync", "--db", str(b), "--json")
    assert gone.returncode == 4 and login["password"] not in gone.stdout + gone.stderr
    unknown = cli("chain", "retire", "Q", "--db", str(a), "--hub", hub_url, env=pin)
    assert unknown.returncode == 3
    again = cli("chain", "add-station", "B", "--db", str(a), "--hub", hub_url, "--json", env=pin)
    assert again.returncode == 0 and json.loads(again.stdout)["password"] != login["password"]


def test_urls_printed_by_owner_commands_are_masked_when_the_server_is_stopped(tmp_path: Path) -> None:
    for url in ("postgresql+psycopg://owner:s3cr3t-pw@127.0.0.1:1/shop", "postgresql+psycopg://owner:s3cr3t-pw@h:x/s",
                "owner:s3cr3t-pw@127.0.0.1/shop"):
        for args in (("settings", "set", "--shop", "X"), ("chain", "stations")):
            done = cli(*args, "--db", url, env={"STAMPCARD_PIN": PIN})
            assert done.returncode in (2, 3, 4) and "s3cr3t-pw" not in done.stdout + done.stderr, (url, args)
    bad_hub = cli("chain", "create", "--db", str(tmp_path / "x.db"), "--hub", "postgresql://u@h:port/db",
                  env={"STAMPCARD_PIN": PIN, "STAMPCARD_HUB_PASSWORD": "s3cr3t-pw"})
    assert "s3cr3t-pw" not in bad_hub.stdout + bad_hub.stderr





def test_a_stamp_above_the_shops_own_cap_is_refused_and_a_lowered_cap_refuses_nothing_made_before(
        tmp_path: Path, hub_url: str) -> None:
    """The shop's cap is 5 a visit and its best tier adds 1: +7 is refused, +6 is not, even after the cap went down."""
    a, b, codes, _ = _chain_with_roles(tmp_path, hub_url)
    with a.sessions.begin() as session:
        number = ops.card_view(session, codes[0]).number
        program = ops.get_program(session)
    assert (program.max_per_visit, max(t.bonus for t in program.tiers)) == (5, 1)
    with a.sessions.begin() as session:  # the owner lowers the cap; B has not heard of it
        ops.update_program(session, replace(program, max_per_visit=2))
    sync.sync_once(a, now=NOW)
    b.close()
    too_many, most = _forge(tmp_path / "B.db", number, "stamp", 7, 0), _forge(tmp_path / "B.db", number, "stamp", 6, 0)
    b = engine.open_database(engine.sqlite_url(tmp_path / "B.db"))
    sync.sync_once(b, now=NOW)
    admin = _admin(hub_url)
    with admin.connect() as connection:
        assert {r["uid"]: r["reason"] for r in hub_roles.quarantined(connection)} == {too_many: "delta"}
        assert connection.scalar(text("SELECT count(*) FROM hub_events WHERE uid = :u"), {"u": most}) == 1
    admin.dispose()
    a.close()
    b.close()
