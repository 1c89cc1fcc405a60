"""The ledger's rules: what each kind of event does to a card, and a card's state from its events.

Pure (stdlib only). ``db/ops.py`` updates a card's cached row with :func:`apply`
as it appends each event; the chain's sync sets the cached rows from
:func:`fold` over every event a station holds (its own and the other
stations'). Both use the rules here, so the cached row is always what the fold
says (tests/db/test_ledger_property.py checks it on random operations).

A new kind of event is added here (``EventKind`` and the sets below) and in
this module's test; a writer then appends it, and the fold counts it.

The rules:

- Deltas add: ``delta`` to the stamps, ``rewards_delta`` to the rewards redeemed.
  A sum does not care about the order events arrive in.
- A stamp made with a visit row counts as a visit; an undo names the event it cancels, and a
  cancelled stamp is no visit (nor the card's last stamp).
- ``ACTIVATES``: the kinds that make an issued card active. ``activated_at`` is
  the earliest activation.
- A block is sticky (``blocked``), a transfer's outgoing event (``transfer``,
  naming the receiving card as its ``counterpart``) more so (``transferred``):
  the receiving card gets whatever is left on the old card, also stamps made
  there later by a station that had not heard of the transfer. The incoming
  event (``transfer_in``) names the old card. Two cards transferred to each
  other while apart stop the circle.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from operator import attrgetter
from typing import NamedTuple


class EventKind(str, enum.Enum):
    """The kinds of ledger events (stored as these strings)."""

    ISSUE = "issue"  # a card printed in a batch
    HEAD_START = "head_start"  # the batch's pre-stamped slots
    ACTIVATION = "activation"  # first seen at the counter
    STAMP = "stamp"  # one visit's stamps (with the tier bonus)
    REDEEM = "redeem"  # the reward given: stamps taken, one reward counted
    UNDO = "undo"  # cancels the event it names (a stamp or a redeem)
    TRANSFER = "transfer"  # outgoing: the card's balance leaves for its counterpart
    TRANSFER_IN = "transfer_in"  # incoming: the balance arrives from the counterpart
    ADJUSTMENT = "adjustment"  # the owner's correction
    BLOCK = "block"  # lost, stolen, abused: refused from now on
    BIRTHDAY_BONUS = "birthday_bonus"  # stamps as a birthday gift
    REFERRAL_BONUS = "referral_bonus"  # stamps for bringing a new customer
    GIFT = "gift"  # a goodwill gift (for a complaint)
    WRITE_OFF = "write_off"  # a chain conflict's resolution: stamps given back

    def __str__(self) -> str:
        return self.value


class CardStatus(str, enum.Enum):
    """A card's own status (a void batch makes its cards ``void`` in views; that is the batch's)."""

    ISSUED = "issued"
    ACTIVE = "active"
    BLOCKED = "blocked"
    TRANSFERRED = "transferred"

    def __str__(self) -> str:
        return self.value


VISITS = frozenset({EventKind.STAMP})  # a stamp (with its visit row) is a visit, unless undone
ACTIVATES = frozenset({EventKind.ACTIVATION, EventKind.STAMP, EventKind.REDEEM, EventKind.TRANSFER,
                       EventKind.TRANSFER_IN})
UNDOABLE = frozenset({EventKind.STAMP, EventKind.REDEEM})
# The changes an undo looks back to: the last of these is undone when it is UNDOABLE, else nothing is.
CHANGES = frozenset({EventKind.STAMP, EventKind.REDEEM, EventKind.UNDO, EventKind.TRANSFER, EventKind.TRANSFER_IN,
                     EventKind.ADJUSTMENT, EventKind.BIRTHDAY_BONUS, EventKind.REFERRAL_BONUS, EventKind.GIFT,
                     EventKind.WRITE_OFF})
# Higher wins whatever the order: a block is sticky, a transfer more so.
_RANK = {CardStatus.ISSUED: 0, CardStatus.ACTIVE: 1, CardStatus.BLOCKED: 2, CardStatus.TRANSFERRED: 3}

# What each kind may carry, checked by the chain's hub on every event a station sends
# (db/hub_roles.py turns this table into the hub's trigger): (stamps low, high, rewards
# low, high), inclusive, None for no bound on that side. A visit's cap is at most 50
# (cards.rules.MAX_STAMPS) and a tier's bonus at most 50, so a stamp adds 1..100; a
# redeem takes a whole card (2..50 stamps) for one reward; an undo gives back what a
# stamp or a redeem did; a transfer moves a balance, whatever it is (a deficit too).
STAMP_MOST = 100  # a visit's cap plus a tier's bonus
BONUS_MOST = 50  # a head start, a birthday, referral or goodwill gift (cards.channels.MAX_BONUS)
DELTA_RULES: dict[EventKind, tuple[int | None, int | None, int | None, int | None]] = {
    EventKind.ISSUE: (0, 0, 0, 0),
    EventKind.HEAD_START: (0, BONUS_MOST, 0, 0),
    EventKind.ACTIVATION: (0, 0, 0, 0),
    EventKind.STAMP: (1, STAMP_MOST, 0, 0),
    EventKind.REDEEM: (-BONUS_MOST, 0, 1, 1),
    EventKind.UNDO: (-STAMP_MOST, BONUS_MOST, -1, 0),
    EventKind.TRANSFER: (None, None, None, 0),
    EventKind.TRANSFER_IN: (None, None, 0, None),
    EventKind.ADJUSTMENT: (-STAMP_MOST, STAMP_MOST, 0, 0),
    EventKind.BLOCK: (0, 0, 0, 0),
    EventKind.BIRTHDAY_BONUS: (1, BONUS_MOST, 0, 0),
    EventKind.REFERRAL_BONUS: (1, BONUS_MOST, 0, 0),
    EventKind.GIFT: (1, BONUS_MOST, 0, 0),
    EventKind.WRITE_OFF: (1, None, 0, 0),
}


def outside_rules(kind: str, delta: int, rewards_delta: int) -> str | None:
    """Why the hub refuses an event of ``kind`` with these deltas ("kind", "delta", "rewards"), or None."""
    try:
        rule = DELTA_RULES[EventKind(kind)]
    except ValueError:
        return "kind"
    low, high, rewards_low, rewards_high = rule
    if (low is not None and delta < low) or (high is not None and delta > high):
        return "delta"
    if (rewards_low is not None and rewards_delta < rewards_low) or \
            (rewards_high is not None and rewards_delta > rewards_high):
        return "rewards"
    return None


class LedgerEvent(NamedTuple):
    """One event as the ledger's rules see it (from a station's table or from the hub).

    ``card`` and ``counterpart`` are card numbers; ``reverses`` is the uid of
    the event an undo cancels. ``visit``: a stamp made with a visit row; for an
    undo given to :func:`apply`, that it takes such a visit back.
    """

    uid: str
    card: str
    kind: EventKind
    delta: int = 0
    rewards_delta: int = 0
    at: dt.datetime = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    station: str = ""
    visit: bool = False
    reverses: str = ""
    counterpart: str = ""


class CardState(NamedTuple):
    """A card's state from its events. ``stamps`` may be below zero at a chain station (a conflict)."""

    stamps: int = 0
    rewards: int = 0
    visits: int = 0
    status: CardStatus = CardStatus.ISSUED
    last_stamp_at: dt.datetime | None = None
    activated_at: dt.datetime | None = None
    transferred_to: str = ""  # the receiving card's number

    @property
    def shown(self) -> tuple[int, int, int, str]:
        """(stamps, rewards, visits, status) as cached on a card row (never below zero)."""
        return max(0, self.stamps), max(0, self.rewards), self.visits, self.status.value

    @property
    def deficit(self) -> int:
        """The stamps below zero, which later stamps fill first (cached on the row beside ``shown``)."""
        return 0 if self.status is CardStatus.TRANSFERRED else max(0, -self.stamps)


EMPTY = CardState()
_ORDER = attrgetter("at", "uid")  # the fixed order a card's own events are applied in


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None else a if b is None else max(a, b)


def apply(state: CardState, event: LedgerEvent, *, earlier_stamp_at: dt.datetime | None = None) -> CardState:
    """The card's state after one of its own events.

    An undo whose ``visit`` is set takes a visit back; the card's last stamp is
    then ``earlier_stamp_at`` (the latest stamp not undone, which the caller
    knows from the card's history). The other kinds need nothing but the state.
    """
    kind = event.kind if type(event.kind) is EventKind else EventKind(event.kind)
    visits, last = state.visits, state.last_stamp_at
    if kind in VISITS and event.visit:
        visits += 1
        if last is None or event.at > last:
            last = event.at
    elif kind is EventKind.UNDO and event.visit:
        visits, last = max(0, visits - 1), earlier_stamp_at
    status, target, activated = state.status, state.transferred_to, state.activated_at
    if status is CardStatus.ISSUED and kind in ACTIVATES:
        status = CardStatus.ACTIVE
    if kind is EventKind.BLOCK and _RANK[status] < _RANK[CardStatus.BLOCKED]:
        status = CardStatus.BLOCKED
    elif kind is EventKind.TRANSFER and event.counterpart and not target:
        status, target = CardStatus.TRANSFERRED, event.counterpart
    elif kind is EventKind.ACTIVATION and (activated is None or event.at < activated):
        activated = event.at
    return CardState(state.stamps + event.delta, state.rewards + event.rewards_delta, visits, status, last,
                     activated, target)


def receive(target: CardState, source: CardState) -> CardState:
    """The receiving card of a transfer, with what the old card holds (``source`` after its outgoing event).

    The outgoing event took the old card's stamps and rewards to zero and the
    incoming one brought them over, so what ``source`` still holds are stamps
    made on the old card later; its visits and its last stamp come along too.
    """
    return target._replace(stamps=target.stamps + source.stamps, rewards=target.rewards + source.rewards,
                               visits=target.visits + source.visits,
                               last_stamp_at=_later(target.last_stamp_at, source.last_stamp_at))


def fold(events: Iterable[LedgerEvent]) -> dict[str, CardState]:
    """Every card's state from its events, whatever order they arrived in and whoever wrote them.

    Each card's own events are applied in one fixed order (time, then uid), so
    the result does not depend on the order given; a cancelled stamp is no visit
    (and its undo takes none back). Then each receiving card gets what its old
    cards hold (:func:`receive`), transitively; a transferred card shows no
    stamps or rewards, and keeps the visits it had.
    """
    events = list(events)
    cancelled = {e.reverses for e in events if e.kind is EventKind.UNDO and e.reverses}
    mine: dict[str, list[LedgerEvent]] = {}
    for e in events:
        mine.setdefault(e.card, []).append(e)
    own: dict[str, CardState] = {}
    for number, evs in mine.items():
        state = EMPTY
        for e in sorted(evs, key=_ORDER):
            if e.kind is EventKind.UNDO or e.uid in cancelled:
                e = e._replace(visit=False)  # a stamp and its undo: no visit either way
            state = apply(state, e)
        own[number] = state
    sources: dict[str, list[str]] = {}
    for number, state in list(own.items()):  # a target none of whose own events are here is added
        if state.transferred_to:
            own.setdefault(state.transferred_to, EMPTY)
            sources.setdefault(state.transferred_to, []).append(number)
    full: dict[str, CardState] = {}

    def total(number: str, seen: frozenset[str]) -> CardState:
        if number in full:
            return full[number]
        state = own[number]
        for source in sorted(sources.get(number, ())):
            if source in seen:  # two cards transferred to each other while apart: stop the circle
                continue
            state = receive(state, total(source, seen | {number}))
        full[number] = state
        return state

    states: dict[str, CardState] = {}
    for number in sorted(own):  # in a fixed order: where a circle is cut must not depend on the input's order
        state = total(number, frozenset({number}))
        if state.transferred_to:
            state = state._replace(stamps=0, rewards=0)
        states[number] = state
    return states
