"""The storage layer's errors: one base class; expected refusals apart from faults.

A refusal of the data (unknown card, wrong PIN, a rule) is ``cards.refusals.Refused``.
What is here are faults of the database itself: it cannot be opened, read or
written (full disk, read-only or immutable file, corrupt, server gone).
"""

from __future__ import annotations


class StampcardError(Exception):
    """Base of the lower layers' expected faults."""


class DatabaseError(StampcardError):
    """The database cannot be opened, read or written, is damaged, or has an unknown schema version."""


class Fault(DatabaseError):
    """A fault already put as the one sentence a person reads (``db.engine.fault_sentence``'s); never wrapped again."""


class BadURL(StampcardError):
    """A database URL that cannot be parsed or names no known database kind (bad usage: exit 2)."""
