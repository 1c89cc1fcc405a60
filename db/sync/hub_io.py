"""Talking to the hub: its engine, its errors, the sizes of a push and a pull."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from cards.refusals import Kind, Refused
from db import chain_station, errors, urls
from db import hub_notes

PUSH_BATCH = 10_000  # events per hub transaction (STAMPCARD_SYNC_BATCH, read at each push)
PULL_PAGE = 5000  # events per local transaction (STAMPCARD_SYNC_PAGE, read at each pull)
CONNECT_TIMEOUT_S = 3
FETCH_TIMEOUT_S = 1.5  # a first scan waits this long at most for the hub to send a card it never saw (fetch.py)
# PGBOUNCER: psycopg prepares a statement on the server once a connection has run it this many times (None:
# never). Through PgBouncer in transaction pooling a client's next transaction may run on another server
# connection, where that statement does not exist, or on one where another client made one of the same name:
# Debian's PgBouncer (1.18) cannot keep prepared statements (max_prepared_statements came in 1.21). So none.
# tests/chain/test_pgbouncer.py shows syncs through PgBouncer failing with statements prepared.
PREPARE_THRESHOLD: int | None = None
PUSH_LOCK = 0x5C1A1  # the hub's advisory lock: pushes commit in sequence order
PLACEHOLDER = chain_station.PLACEHOLDER
REFUSED = -1  # ``events.hub_seq`` of an event the hub refused (outside the rules): never sent again
# DURABLE: a station forgets an event's "unsent" mark once the hub said it committed, so that
# commit must survive a hub crash. A push sets ``synchronous_commit = on`` for its own
# transaction whatever the server's default (a test hub that ran with it off lost the last
# pushes when stopped with ``pg_ctl -m immediate``: found by tests/chain/test_sync.py).


def push_batch() -> int:
    """Events per hub transaction: ``STAMPCARD_SYNC_BATCH`` when set (tests, benchmarks), else ``PUSH_BATCH``."""
    return int(os.environ.get("STAMPCARD_SYNC_BATCH") or PUSH_BATCH)


def pull_page() -> int:
    """Events per local transaction: ``STAMPCARD_SYNC_PAGE`` when set, else ``PULL_PAGE``."""
    return int(os.environ.get("STAMPCARD_SYNC_PAGE") or PULL_PAGE)


class HubUnreachable(errors.DatabaseError):
    """The hub cannot be reached or written (network, server down); nothing was lost.

    Data for the shells (``db.hub_notes``): ``kind`` (a :class:`~db.hub_notes.HubTrouble`), ``hub`` (its
    place, without a password) and ``detail`` (the driver's words, for the log). ``str()`` is an English line
    for logs; a plain text (``HubUnreachable("...")``) is the kind ``TEXT``.
    """

    def __init__(self, kind: hub_notes.HubTrouble | str, hub: str = "", detail: str = "") -> None:
        if isinstance(kind, str):  # words made already: said as they are
            self.kind, detail = hub_notes.HubTrouble.TEXT, kind
        else:
            self.kind = kind
        self.hub = shown_url(hub)
        self.detail = shown_url(" ".join(str(detail).split()))
        super().__init__(hub_notes.english_trouble(self.kind, self.hub, self.detail))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.hub, self.detail))

    def stored(self) -> str:
        """What ``chain_state.last_error`` keeps of it (``db.hub_notes.read_trouble`` reads it)."""
        return hub_notes.trouble_text(self.kind, self.hub, self.detail)


def hub_engine(url: str) -> Engine:
    """An engine on the hub (PostgreSQL) that gives up quickly when the hub is away."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - any malformed URL
        raise Refused(Kind.BAD_CHOICE, field="hub", value=shown_url(url),
                      choices=("postgresql+psycopg://...",)) from exc
    if parsed.drivername not in ("postgresql", "postgresql+psycopg"):  # a push COPYs by psycopg 3
        raise Refused(Kind.BAD_CHOICE, field="hub", value=parsed.drivername, choices=("postgresql+psycopg",))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # PGBOUNCER: a station may reach the hub through PgBouncer in transaction pooling mode, where
    # the server connection changes between transactions. So no session state: every SET is a SET
    # LOCAL, every advisory lock a transaction's (pg_advisory_xact_lock), a push's temporary table is
    # dropped at commit, and no server-side prepared statements (PREPARE_THRESHOLD).
    return create_engine(parsed, connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                               "prepare_threshold": PREPARE_THRESHOLD},
                         pool_pre_ping=True, pool_size=1, max_overflow=2)


def shown_url(url: str) -> str:
    """The hub's URL (or any text holding one) with its password as ``***`` (``db.urls.masked``)."""
    return urls.masked(url)


def has_password(url: str) -> bool:
    """True when a URL carries a password."""
    return urls.has_password(url)


def with_password(url: str, password: str | None) -> str:
    """The URL with ``password`` set (None or "": unchanged: libpq then reads a pgpass file)."""
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


class _HubCall:
    """Turns any failure to talk to the hub into ``HubUnreachable``."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DBAPIError, OSError)) and \
                not isinstance(exc, sa_exc.IntegrityError):
            raise HubUnreachable(trouble_of(exc), _hub_of(exc), _one_line(exc)) from exc


_LOGIN_REFUSED = ("password authentication failed", "no password supplied", "role \"", "pg_hba.conf",
                  "permission denied for database", "authentication failed")


# PostgreSQL's "undefined table / column / function": a hub whose schema this stampcard has outgrown
_OLDER_HUB = frozenset({"42P01", "42703", "42883"})


def trouble_of(exc: BaseException) -> hub_notes.HubTrouble:
    """The kind of a failure to talk to the hub: its tables are older than this code, it refused the login, or it
    cannot be reached."""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) in _OLDER_HUB:
        return hub_notes.HubTrouble.OLDER_HUB
    said = _one_line(exc).lower()
    return hub_notes.HubTrouble.LOGIN_REFUSED if any(mark in said for mark in _LOGIN_REFUSED) \
        else hub_notes.HubTrouble.UNREACHABLE


def _hub_of(exc: BaseException) -> str:
    """The hub's host and port as the driver names them (``""`` when it does not)."""
    info = getattr(getattr(exc, "orig", None), "pgconn", None)
    try:
        host, port = info.host.decode(), info.port.decode()  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - no connection object: no place to name
        return ""
    return f"{host}:{port}" if host and port else host


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:300]


HubCall = _HubCall  # for the shells' own hub calls (``chain add-station``, ``retire``, ``stations``)
