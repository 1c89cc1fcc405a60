"""The storage layer's errors: one base class; expected refusals apart from bugs."""

from __future__ import annotations


class StampcardError(Exception):
    """Base of every expected error of stampcard's lower layers."""


class Refused(StampcardError):
    """An operation refused by the data (unknown, void, blocked card; wrong PIN; ...).

    ``kind`` is a short machine word (``unknown_card``, ``void``, ``blocked``,
    ``wrong_pin``, ``locked``, ...); the message is one sentence for people.
    """

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class NotInitialised(StampcardError):
    """The database has no shop yet: run ``stampcard init`` (or the kiosk's setup)."""


class DatabaseError(StampcardError):
    """The database cannot be opened, is damaged, or is of an unknown schema version."""
