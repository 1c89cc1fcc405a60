"""How a transaction begins on SQLite: reads without the write lock, writes with it.

Every write transaction is ``BEGIN IMMEDIATE`` (see ``db.engine``): a deferred
transaction that reads and then writes fails with ``SQLITE_BUSY`` when another
writer committed in between, while an immediate one queues on ``busy_timeout``.
A pure read (a card lookup, a report, the complaint inbox) needs no write lock:
in WAL mode a deferred ``BEGIN`` reads a consistent snapshot while writers go on,
so lookups never wait behind a stamp and a report never holds stamps up.

An operation that only reads says so with ``with transactions.reading():`` around
its first statement; the begin hook (``db.engine``) then emits a deferred
``BEGIN``. The flag lives in a context variable, so it is per thread and only
counts when the operation itself starts the transaction: a caller that already
wrote in the same transaction keeps its write lock. An operation that started as
a read and turns out to need a write (the first scan of a new card activates it)
calls :func:`lock_for_writing`, which ends the read snapshot and takes the write
lock before anything is written; the caller then reads again what it decides on.
On PostgreSQL nothing changes (rows are locked with ``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

_READING: ContextVar[bool] = ContextVar("stampcard_reading", default=False)
DEFERRED = "stampcard_deferred"  # connection.info key: this transaction began without the write lock


@contextmanager
def reading() -> Iterator[None]:
    """Mark a transaction begun inside this block as a read (deferred ``BEGIN`` on SQLite)."""
    token = _READING.set(True)
    try:
        yield
    finally:
        _READING.reset(token)


def begin(connection: Any) -> None:
    """The SQLite begin hook's body: deferred for a read, ``BEGIN IMMEDIATE`` otherwise."""
    deferred = _READING.get()
    connection.info[DEFERRED] = deferred
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def lock_for_writing(session: Session) -> bool:
    """Take the write lock if this transaction began as a read; True when it did (read again, then write).

    Nothing was written in a read transaction, so ending it loses nothing; the
    new ``BEGIN IMMEDIATE`` queues behind other writers like any write.
    """
    connection = session.connection()
    if not connection.info.get(DEFERRED):
        return False
    connection.exec_driver_sql("COMMIT")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    connection.info[DEFERRED] = False
    return True
