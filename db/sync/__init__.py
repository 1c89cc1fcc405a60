"""A chain of shops: stations with their own SQLite, a PostgreSQL hub, exactly-once sync.

Every kiosk (a *station*) writes to its own database, so the counter never waits
on the network. The *hub* (PostgreSQL) holds the union of every station's events
(``hub_events``, keyed by the event's unique ``uid``; a card is named by its
number, never by a station's integer id) and a log of the shop's shared data
(``hub_records``: settings, program, staff, batches with their cards,
customers, complaints, conflicts; the last record of a key wins).

- **Push** (:func:`push`): the station's unsent events (``events.hub_seq IS
  NULL``), oldest first, in batches, ``INSERT ... ON CONFLICT (uid) DO
  NOTHING``; they are marked sent (``hub_seq`` = the hub's number) only after
  the hub committed. Changed shared rows go first, as records.
- **Pull** (:func:`pull`): the hub's records and events after the station's
  cursors, of its share only (``holdings``: the cards it issued or has seen), applied
  by uid in one local transaction that also advances the cursors. A crash anywhere
  means a re-send, never a duplicate.
- Pushes take one advisory lock on the hub, so the hub's sequence numbers are
  committed in order and a cursor never skips a row committed late.
- A card's balance is ``cards.ledger.fold`` over its events, which does not
  depend on their order (the rules are the ledger's, the same ``db.ops``
  applies as it writes). After a pull the cached row of every touched card is
  set from the fold.
- What cannot be decided offline becomes a :class:`ChainConflict` for the
  owner: a balance below zero (one reward redeemed at two stations while apart),
  a stamp on a card blocked elsewhere, a stamp on a card of a voided batch.

The package, by room: ``hub_io`` (the hub's engine and errors), ``state`` (a station's
place in the chain), ``records`` (shared rows and their change marks), ``conflicts``
(the fold at a station and what it cannot decide), ``push``, ``pull``, ``chain`` (one
sync, create, join), ``heal`` (each sync checks itself against the hub and heals), ``keys`` (the shop's
signing keys the hub holds; each sync takes a rotated one).
Nothing here imports Qt; the kiosk runs :func:`sync_once` on a worker thread. Callers use ``from db import sync`` and ``sync.sync_once(...)``.
"""

from __future__ import annotations

from db.sync.hub_io import (  # noqa: F401
    CONNECT_TIMEOUT_S as CONNECT_TIMEOUT_S,
    HubUnreachable as HubUnreachable,
    PLACEHOLDER as PLACEHOLDER,
    PULL_PAGE as PULL_PAGE,
    PUSH_BATCH as PUSH_BATCH,
    PUSH_LOCK as PUSH_LOCK,
    HubCall as HubCall,
    REFUSED as REFUSED,
    has_password as has_password,
    with_password as with_password,
    hub_engine as hub_engine,
    pull_page as pull_page,
    push_batch as push_batch,
    shown_url as shown_url,
)
from db.sync.state import (  # noqa: F401
    ChainStatus as ChainStatus,
    SyncResult as SyncResult,
    open_conflicts as open_conflicts,
    pending as pending,
    require_state as require_state,
    record_attempt as record_attempt,
    refused as refused,
    set_offline_redeem as set_offline_redeem,
    status as status,
)
from db.sync.records import (  # noqa: F401
    ENTITIES as ENTITIES,
    _changed_records as _changed_records,
    _set_synced as _set_synced,
    clear_dirty as clear_dirty,
)
from db.sync.conflicts import (  # noqa: F401
    ConflictKind as ConflictKind,
    ConflictView as ConflictView,
    list_conflicts as list_conflicts,
    refold as refold,
    resolve_conflict as resolve_conflict,
)
from db.sync.push import (  # noqa: F401
    push as push,
)
from db.sync.pull import (  # noqa: F401
    adopt as adopt,
    pull as pull,
)
from db.sync.chain import (  # noqa: F401
    create_chain as create_chain,
    join_chain as join_chain,
    sync_once as sync_once,
    upgrade_hub as upgrade_hub,
    HubUpgrade as HubUpgrade,
)
