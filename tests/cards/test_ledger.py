"""The ledger's rules (cards/ledger.py): what each kind does, and a fold that ignores order and stations."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cards import ledger
from cards.ledger import CardStatus, EventKind, LedgerEvent

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
MIN = dt.timedelta(minutes=1)


def test_every_kind_is_decided_here() -> None:
    """A kind added to EventKind must be placed: the sets name only known kinds, and every stored
    string is the kind's value (the database and the hub hold these strings)."""
    for group in (ledger.VISITS, ledger.ACTIVATES, ledger.UNDOABLE, ledger.CHANGES):
        assert group <= set(EventKind)
    assert ledger.UNDOABLE <= ledger.CHANGES and ledger.VISITS <= ledger.ACTIVATES
    assert {k.value for k in EventKind} == {
        "issue", "head_start", "activation", "stamp", "redeem", "undo", "transfer", "transfer_in", "adjustment",
        "block", "birthday_bonus", "referral_bonus", "gift", "write_off"}
    stamp, active = "stamp", "active"  # stored strings compare equal to the members (str enums)
    assert EventKind(stamp) is EventKind.STAMP and stamp == EventKind.STAMP
    assert CardStatus("blocked") is CardStatus.BLOCKED and active == CardStatus.ACTIVE


def test_apply_kind_by_kind() -> None:
    state = ledger.apply(ledger.EMPTY, LedgerEvent("1", "A", EventKind.HEAD_START, 2, at=AT))
    assert state.shown == (2, 0, 0, "issued")
    state = ledger.apply(state, LedgerEvent("2", "A", EventKind.ACTIVATION, at=AT + MIN))
    assert state.status is CardStatus.ACTIVE and state.activated_at == AT + MIN
    state = ledger.apply(state, LedgerEvent("3", "A", EventKind.STAMP, 3, at=AT + 2 * MIN, visit=True))
    assert state.shown == (5, 0, 1, "active") and state.last_stamp_at == AT + 2 * MIN
    undone = ledger.apply(state, LedgerEvent("4", "A", EventKind.UNDO, -3, at=AT + 3 * MIN, visit=True,
                                             reverses="3"), earlier_stamp_at=None)
    assert undone.shown == (2, 0, 0, "active") and undone.last_stamp_at is None
    for kind in (EventKind.GIFT, EventKind.BIRTHDAY_BONUS, EventKind.REFERRAL_BONUS, EventKind.WRITE_OFF,
                 EventKind.ADJUSTMENT):
        given_ = ledger.apply(state, LedgerEvent("5", "A", kind, 2, at=AT))
        assert given_.shown == (7, 0, 1, "active"), kind
    redeemed = ledger.apply(state, LedgerEvent("6", "A", EventKind.REDEEM, -5, 1, at=AT))
    assert redeemed.shown == (0, 1, 1, "active")
    blocked = ledger.apply(state, LedgerEvent("7", "A", EventKind.BLOCK, at=AT))
    moved = ledger.apply(blocked, LedgerEvent("8", "A", EventKind.TRANSFER, -5, at=AT, counterpart="B"))
    assert (blocked.status, moved.status, moved.transferred_to) == (CardStatus.BLOCKED, CardStatus.TRANSFERRED, "B")
    assert ledger.apply(moved, LedgerEvent("9", "A", EventKind.BLOCK, at=AT)).status is CardStatus.TRANSFERRED
    # a gift does not wake a printed card that was never seen
    assert ledger.apply(ledger.EMPTY, LedgerEvent("10", "C", EventKind.GIFT, 1, at=AT)).status is CardStatus.ISSUED


def test_transfer_moves_what_is_left_also_later_stamps() -> None:
    events = [
        LedgerEvent("1", "OLD", EventKind.HEAD_START, 2, at=AT),
        LedgerEvent("2", "OLD", EventKind.STAMP, 3, at=AT + MIN, visit=True),
        LedgerEvent("3", "OLD", EventKind.STAMP, 1, at=AT + 2 * MIN, visit=True),
        LedgerEvent("4", "OLD", EventKind.UNDO, -1, at=AT + 3 * MIN, reverses="3"),
        LedgerEvent("5", "OLD", EventKind.TRANSFER, -5, at=AT + 4 * MIN, counterpart="NEW"),
        LedgerEvent("6", "NEW", EventKind.TRANSFER_IN, 5, at=AT + 4 * MIN, counterpart="OLD"),
        LedgerEvent("7", "OLD", EventKind.STAMP, 2, at=AT + 5 * MIN, station="B", visit=True),  # B had not heard
        LedgerEvent("8", "NEW", EventKind.REDEEM, -10, 1, at=AT + 6 * MIN),
        LedgerEvent("9", "X", EventKind.BLOCK, at=AT),
        LedgerEvent("10", "X", EventKind.STAMP, 1, at=AT, visit=True),
    ]
    expected = ledger.fold(events)
    assert expected["OLD"].shown == (0, 0, 2, "transferred")
    assert (expected["NEW"].stamps, expected["NEW"].rewards, expected["NEW"].visits) == (-3, 1, 2)
    assert expected["NEW"].last_stamp_at == AT + 5 * MIN
    assert (expected["NEW"].deficit, expected["NEW"].shown[0], expected["OLD"].deficit) == (3, 0, 0)
    assert expected["X"].status is CardStatus.BLOCKED
    rng = random.Random(7)
    for _ in range(200):
        rng.shuffle(events)
        assert ledger.fold(events) == expected


def test_two_cards_transferred_to_each_other_stop_the_circle() -> None:
    events = [
        LedgerEvent("1", "A", EventKind.STAMP, 3, at=AT, visit=True),
        LedgerEvent("2", "B", EventKind.STAMP, 4, at=AT, visit=True),
        LedgerEvent("3", "A", EventKind.TRANSFER, -3, at=AT + MIN, station="S1", counterpart="B"),
        LedgerEvent("4", "B", EventKind.TRANSFER_IN, 3, at=AT + MIN, station="S1", counterpart="A"),
        LedgerEvent("5", "B", EventKind.TRANSFER, -4, at=AT + MIN, station="S2", counterpart="A"),
        LedgerEvent("6", "A", EventKind.TRANSFER_IN, 4, at=AT + MIN, station="S2", counterpart="B"),
    ]
    states = ledger.fold(events)
    assert {n: s.status for n, s in states.items()} == {"A": CardStatus.TRANSFERRED, "B": CardStatus.TRANSFERRED}


NUMBERS = ("A", "B", "C", "D")
_kinds = st.sampled_from([EventKind.STAMP, EventKind.REDEEM, EventKind.ACTIVATION, EventKind.BLOCK,
                          EventKind.GIFT, EventKind.TRANSFER, EventKind.UNDO, EventKind.HEAD_START])


@st.composite
def histories(draw: st.DrawFn) -> list[LedgerEvent]:
    """Random events on a few cards, as several stations might write them (undos name earlier stamps)."""
    events: list[LedgerEvent] = []
    for i in range(draw(st.integers(0, 25))):
        kind = draw(_kinds)
        card = draw(st.sampled_from(NUMBERS))
        at = AT + draw(st.integers(0, 30)) * MIN
        station = draw(st.sampled_from(("S1", "S2", "S3")))
        uid = f"e{i:03d}"
        if kind is EventKind.UNDO:
            stamps = [e for e in events if e.kind is EventKind.STAMP and e.card == card]
            if not stamps:
                continue
            target = draw(st.sampled_from(stamps))
            events.append(LedgerEvent(uid, card, kind, -target.delta, at=at, station=station, reverses=target.uid))
        elif kind is EventKind.TRANSFER:
            other = draw(st.sampled_from([n for n in NUMBERS if n != card]))
            moved = draw(st.integers(0, 9))
            events.append(LedgerEvent(uid, card, kind, -moved, at=at, station=station, counterpart=other))
            events.append(LedgerEvent(uid + "i", other, EventKind.TRANSFER_IN, moved, at=at, station=station,
                                      counterpart=card))
        else:
            delta = {EventKind.STAMP: draw(st.integers(1, 5)), EventKind.REDEEM: -draw(st.integers(0, 10)),
                     EventKind.GIFT: draw(st.integers(1, 3)), EventKind.HEAD_START: draw(st.integers(0, 3))
                     }.get(kind, 0)
            events.append(LedgerEvent(uid, card, kind, delta, 1 if kind is EventKind.REDEEM else 0, at=at,
                                      station=station, visit=kind is EventKind.STAMP))
    return events


@settings(max_examples=60, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_fold_ignores_order_and_how_events_are_split_across_stations(events: list[LedgerEvent],
                                                                    rng: random.Random) -> None:
    expected = ledger.fold(events)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert ledger.fold(shuffled) == expected
    by_station: dict[str, list[LedgerEvent]] = {}
    for e in events:
        by_station.setdefault(e.station, []).append(e)
    gathered = [e for station in sorted(by_station, reverse=True) for e in reversed(by_station[station])]
    assert ledger.fold(gathered) == expected
    # the balances add up (what the cards hold is what was written), unless transfers made a circle
    if not any(_in_circle(expected, n) for n in expected):
        assert sum(s.stamps for s in expected.values()) == sum(e.delta for e in events)


def _in_circle(states: dict[str, ledger.CardState], number: str) -> bool:
    seen = {number}
    while states[number].transferred_to:
        number = states[number].transferred_to
        if number in seen:
            return True
        seen.add(number)
    return False
