"""One sync (push, then pull), creating a chain on an empty hub, joining one."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import insert as pg_insert

from cards.refusals import Kind, Refused
from db import engine as db_engine
from db import chain_station, errors, hub_roles, migrate, ops, transactions
from db.hub import HubEvent, HubMeta, HubRecord, HubStation
from db.models import ChainState, Shop
from db import hub_notes
from db.sync import heal, keys
from db.sync.hub_io import HubUnreachable, PUSH_LOCK, _HubCall, _one_line, hub_engine, trouble_of, with_password
from db.sync.state import SyncResult, _require_state, attempt_is_news, open_conflicts, pending, record_attempt
from db.sync.push import push
from db.sync.pull import pull


def sync_once(local: db_engine.Database, hub: Engine | None = None, *, now: dt.datetime | None = None) -> SyncResult:
    """Push, then pull, once. Raises ``HubUnreachable`` (the events stay queued) when the hub is away."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with transactions.reading(), local.sessions.begin() as session:  # an idle sync takes no write lock
        state = _require_state(session)
        url = state.hub_url
    own_engine = hub is None
    engine_ = hub_engine(url) if hub is None else hub
    try:
        heal.check(local, engine_, now=now)
        keys.take(local, engine_)  # the shop's signing keys, when the owner rotated them (db/sync/keys.py)
        pushed = push(local, engine_, now=now)
        pulled = pull(local, engine_, now=now)
    except HubUnreachable as exc:
        with local.sessions.begin() as session:
            record_attempt(session, ok=False, now=now, error=exc.stored())  # data: each shell words it
        raise
    finally:
        if own_engine:
            engine_.dispose()
    with transactions.reading(), local.sessions.begin() as session:
        if attempt_is_news(session, ok=True, now=now):
            transactions.lock_for_writing(session)
            record_attempt(session, ok=True, now=now)
        return SyncResult(pushed, pulled, pending(session), open_conflicts(session))


def create_chain(local: db_engine.Database, hub_url: str, *, station: str,
                 now: dt.datetime | None = None) -> SyncResult:
    """Put this station's shop on an empty PostgreSQL hub and push everything it has."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with local.sessions.begin() as session:
        shop = ops.get_shop(session)
        if chain_station.chain_state(session) is not None:
            raise Refused(Kind.ALREADY_IN_CHAIN)
        signing = keys.published(session)
    engine_ = hub_engine(hub_url)
    engine_.dispose()
    try:
        hub = db_engine.open_database(hub_url if "+" in hub_url.split("://")[0]
                                      else hub_url.replace("postgresql://", "postgresql+psycopg://", 1))
    except errors.DatabaseError as exc:
        raise HubUnreachable(trouble_of(exc), hub_url, str(exc)) from exc
    try:
        with _HubCall(), hub.sessions.begin() as session:
            session.execute(text("SET LOCAL synchronous_commit = on"))
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUSH_LOCK})
            if session.get(HubMeta, "secret") is not None or session.scalar(select(func.count()).select_from(
                    HubEvent)):
                raise Refused(Kind.HUB_NOT_EMPTY)
            session.add_all([*(HubMeta(key=k, value=v) for k, v in signing.items()), HubMeta(key="shop", value=shop.name),
                             HubMeta(key="created_at", value=now.isoformat()),
                             HubMeta(key="epoch", value=heal.new_install_id()),
                             HubStation(name=station, joined_at=now, last_seen=now)])
            login = _own_login(session.connection(), hub_url, station)
    finally:
        hub.close()
    with local.sessions.begin() as session:  # this station syncs as its own role from now on
        session.add(ChainState(id=1, hub_url=with_password(login.url, login.password), station=station,
                               event_cursor=0, record_cursor=0, joined_at=now, online=True, last_error=""))
    return sync_once(local, now=now)


@dataclass(frozen=True)
class HubUpgrade:
    """What ``chain upgrade`` did: the hub's schema revision before (None: it had none) and after."""

    before: str | None
    after: str


def upgrade_hub(admin_url: str) -> HubUpgrade:
    """Bring a chain's hub to this stampcard's schema, as its admin (``stampcard chain upgrade``).

    A station's own login may not change the hub's tables, so after the stations' software
    is upgraded the owner runs this once: Alembic's migrations on the hub (the same files
    a station's SQLite takes), then the roles, grants, triggers and row-level security made
    again (``hub_roles.secure``: a new table gets its policies). Refuses a database that holds
    no chain (``NOT_IN_CHAIN``: ``chain create`` makes one); running it twice changes nothing.
    """
    engine_ = hub_engine(admin_url)
    try:
        with _HubCall(), engine_.connect() as connection:
            before = migrate.current_revision(connection)
            chained = before is not None and connection.scalar(
                select(func.count()).select_from(HubMeta).where(HubMeta.key == "epoch")) == 1
            connection.rollback()
        if not chained:
            raise Refused(Kind.NOT_IN_CHAIN, field="hub")
        with _HubCall():
            migrate.upgrade(engine_)
        with _HubCall(), engine_.begin() as connection:
            try:
                hub_roles.secure(connection)
            except sa_exc.ProgrammingError as exc:  # no CREATEROLE, not the database's owner
                raise HubUnreachable(hub_notes.HubTrouble.NO_ROLES, admin_url, _one_line(exc)) from exc
            after = migrate.current_revision(connection)
    finally:
        engine_.dispose()
    return HubUpgrade(before, str(after))


def _own_login(connection: Any, admin_url: str, station: str) -> hub_roles.StationLogin:
    """``chain create``: the hub's roles, grants and row-level security, and this station's own role."""
    try:
        with connection.begin_nested():
            return hub_roles.add_station(connection, admin_url, station, creating=True)
    except sa_exc.ProgrammingError as exc:  # no CREATEROLE, not the database's owner
        raise HubUnreachable(hub_notes.HubTrouble.NO_ROLES, admin_url, _one_line(exc)) from exc


def _hub_owner_ok(connection: Any, pin: str) -> bool:
    rows = connection.execute(select(HubRecord.key, HubRecord.data).where(HubRecord.entity == "staff")
                              .order_by(HubRecord.seq)).all()
    latest = {key: json.loads(data) for key, data in rows}
    for data in latest.values():
        if data.get("deleted") or data.get("role") != "owner":
            continue
        if hmac.compare_digest(ops._hash_pin(pin, bytes.fromhex(data["pin_salt"])), bytes.fromhex(data["pin_hash"])):
            return True
    return False


def _role_station(connection: Any) -> str | None:
    """The station this login is on the hub (``chain add-station``), None for the owner's login."""
    if not connection.scalar(text("SELECT to_regprocedure('hub_station_of(text)') IS NOT NULL")):
        return None  # a hub from before roles
    found = connection.scalar(text("SELECT hub_station_of(session_user)"))
    return None if found is None else str(found)


def join_chain(local_url: str, hub_url: str, *, station: str, pin: str,
               now: dt.datetime | None = None) -> SyncResult:
    """Make this station's local database from the hub: the shop, its secret, its data, every event.

    Refuses a wrong owner PIN (checked against the hub's staff) and a station
    name already in the chain, before anything is written.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    if not station.strip():
        raise Refused(Kind.EMPTY, field="station")
    hub = hub_engine(hub_url)
    try:
        with _HubCall(), hub.begin() as connection:
            meta = dict(connection.execute(select(HubMeta.key, HubMeta.value)).all())
            if "secret" not in meta:
                raise Refused(Kind.NOT_IN_CHAIN, field="hub")
            if connection.scalar(select(HubStation.name).where(HubStation.name == station)) is not None:
                raise Refused(Kind.STATION_TAKEN, field=station)
            own = _role_station(connection)
            if own is not None and own != station:  # a station's login joins as that station only
                raise Refused(Kind.BAD_CHOICE, field="station", value=station, choices=(own,))
            if not _hub_owner_ok(connection, pin):
                raise Refused(Kind.WRONG_PIN)
        local = db_engine.open_database(local_url)
        try:
            with local.sessions.begin() as session:
                if ops.is_initialised(session):
                    raise Refused(Kind.ALREADY_INITIALISED)
                session.add(Shop(id=1, name=meta.get("shop", "shop"), secret=bytes.fromhex(meta["secret"])))
                session.flush()
                ring = keys.decode(meta)
                if ring is not None:  # every key the shop has had: the cards printed before a rotation verify
                    ops.store_keyring(session, ring)
                session.add(ChainState(id=1, hub_url=hub_url, station=station, event_cursor=0, record_cursor=0,
                                       joined_at=now, online=True, last_error=""))
            try:
                pulled = pull(local, hub, include_own=True, now=now)
                heal.remember_epoch(local, hub)
            except HubUnreachable:
                with local.sessions.begin() as session:
                    record_attempt(session, ok=False, now=now, error="the hub went away during the join")
                raise
            with _HubCall(), hub.begin() as connection:  # the name is taken once the station exists
                connection.execute(text("SET LOCAL synchronous_commit = on"))
                connection.execute(pg_insert(HubStation).values(name=station, joined_at=now, last_seen=now)
                                   .on_conflict_do_nothing(index_elements=["name"]))
            with local.sessions.begin() as session:
                record_attempt(session, ok=True, now=now)
                return SyncResult(0, pulled, pending(session), open_conflicts(session))
        finally:
            local.close()
    finally:
        hub.dispose()
