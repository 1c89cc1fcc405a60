"""A card never seen at this chain station: fetched from the hub before the counter's operation, in both shells.

A chain station holds its share of the chain, so a card printed at another shop is
not here on its first scan. The operation runs inside ``chain_station.fetching()``:
such a card (signed, or a typed number, and not in this database) raises ``Unheard`` and the transaction
rolls back with nothing written; the card is fetched from the hub with no
transaction open (``db/sync/fetch.py``, at most ``hub_io.FETCH_TIMEOUT_S``), and the
operation runs again, on the fetched card or, when the hub is away or does not know
the card either, on a placeholder as before (a typed number the hub does not know is refused as
unknown: only a signature proves a card nobody has heard of). A shop that is not a chain, a card
already here and a forged code run the operation once, as ever.

The command line calls :func:`on_card`; the touchscreen runs the same two steps with
the fetch on its task runner (``kiosk/app/window.py``), so the GUI thread never
waits on the network. Light on purpose (no printing, no sync until a fetch is due).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from db import chain_station, engine

if TYPE_CHECKING:  # the parser of a counter command loads no SQLAlchemy (kiosk/lazy_imports.py)
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

_T = TypeVar("_T")


def fetch(database: engine.Database, number: str, hub: Engine | None = None) -> str:
    """Fetch a card never seen here from the hub (any thread; bounded); the outcome's word (``fetch.Fetched``)."""
    from db.sync import fetch as fetching  # only a chain station gets here: a single shop never loads the sync

    return str(fetching.fetch_unheard(database, number, hub=hub))


def on_card(database: engine.Database, operation: Callable[[Session], _T], *, hub: Engine | None = None) -> _T:
    """Run one counter operation in one transaction; a card never seen at this chain station is fetched first.

    A transfer names two cards: each one not heard of is fetched once, then the
    operation runs on what is here (a card still unknown adopted as a placeholder).
    ``hub``: a hub engine kept open (else the fetch makes one and disposes of it).
    """
    tried: set[str] = set()
    while True:
        try:
            with chain_station.fetching(), database.sessions.begin() as session:
                return operation(session)
        except chain_station.Unheard as unheard:
            if unheard.number in tried:  # fetched or tried already: adopt it this time
                break
            tried.add(unheard.number)
            fetch(database, unheard.number, hub)
    with database.sessions.begin() as session:
        return operation(session)
