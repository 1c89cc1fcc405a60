"""Cards and stamps: look a card up, scan, stamp, redeem, undo, block, transfer, its customer and history.

Every change appends ledger events and sets the card's cached row from ``cards.ledger.apply``
(``_append``), so the row is always what ``cards.ledger.fold`` of its events says.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from cards import codes, keys, ledger, rules
from cards.ledger import CardStatus, EventKind
from cards.refusals import Kind, Refused
from db import chain_station, transactions
from db.models import Batch, Card, Customer, Event, ProgramRow, Referral, Shop, ShopKey, Visit, new_uid
from db.ops.checks import CUSTOMER_NAME_LENGTH, CUSTOMER_PHONE_LENGTH, NOTE_LENGTH, _check_who, checked_text
from db.ops.keys import keyring
from db.ops.shop import get_program, get_shop


@dataclass(frozen=True)
class CardView:
    """Everything a screen, a receipt or ``card show`` needs about one card."""

    number: str
    status: str  # issued | active | blocked | transferred | void
    stamps: int
    stamps_required: int
    reward: str
    reward_ready: bool
    rewards_redeemed: int
    tier: str
    to_go: int
    batch: int
    visits: int
    last_stamp_at: dt.datetime | None
    customer_name: str = ""
    birthday: dt.date | None = None
    phone: str = ""
    head_start: int = 0  # slots to show as the shop's gift (the card's own batch, first round only)

    @property
    def grouped(self) -> str:
        return codes.format_number(self.number)


class OpKind(str, enum.Enum):
    """What an operation on a card did (``OpResult.kind``; ``--json``'s ``action``)."""

    ACTIVATION = "activation"
    SHOW = "show"
    STAMP = "stamp"
    REDEEM = "redeem"
    UNDO = "undo"
    TRANSFER = "transfer"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class OpResult:
    """The outcome of an operation on a card: what happened and the card after it."""

    card: CardView
    kind: OpKind
    added: int = 0
    event_uid: str = ""
    activated: bool = False
    undone_kind: str = ""  # the EventKind's value of what an undo cancelled
    friend_bonus: int = 0  # bring a friend: stamps this first paid stamp gave the card (and its referrer)

    @property
    def reference(self) -> str:
        """A short number a customer can quote (from the event's unique id)."""
        return self.event_uid[:8].upper()


_SETTINGS = select(Shop, ProgramRow).join(ProgramRow, ProgramRow.id == Shop.id).where(Shop.id == 1)
_CARD = (select(Card, Batch, Customer).join(Batch, Card.batch_id == Batch.id)
         .outerjoin(Customer, Card.customer_id == Customer.id).where(Card.number == bindparam("number")))
_CARD_LOCKED = _CARD.with_for_update(of=Card)


# The card with its batch and customer, the shop with the program, and the batch's signing key, in one
# statement (ops._find_card).
_CARD_SHOP = (_CARD.add_columns(Shop, ProgramRow, ShopKey).join(Shop, Shop.id == 1).join(ProgramRow, ProgramRow.id == 1)
              .outerjoin(ShopKey, ShopKey.id == Batch.key_id))
_CARD_SHOP_LOCKED = _CARD_SHOP.with_for_update(of=Card)


def _find_card(session: Session, code_text: str, *, lock: bool = False) -> Card:
    """Parse a payload or typed number and load its card; refuse with a reason.

    Loads the card with its batch and customer, the shop with the program, and the
    batch's signing key, in ONE prebuilt statement (the number is read from the text
    first; the payload's signature is checked against its batch's key before anything
    is written), and keeps the rows referenced in ``session.info`` (the identity map is
    weak) so that later ``get_program``/``session.get`` calls in the same transaction
    are identity-map hits, not queries: a lookup is one statement, a stamp five
    (tests/db/test_hot_paths.py). Anything else (a refused code, an unknown card, a
    batch that names no key) reads the shop's keys and follows ``cards.keys``'s rule to
    say why, or to accept: a card not known here (a chain station's placeholder) only
    when signed with the current key. ``lock`` takes the write lock first
    (``db.transactions``: a transaction begun as a read is upgraded, and the rows are
    read again) and locks the card row only (``FOR UPDATE OF cards`` on PostgreSQL).
    """
    fresh = {"populate_existing": True} if lock else {}
    if lock:
        transactions.lock_for_writing(session)
    hint = _number_hint(code_text)
    row = (session.execute(_CARD_SHOP_LOCKED if lock else _CARD_SHOP, {"number": hint},
                           execution_options=fresh).first() if hint else None)
    if row is not None and row[5] is not None:
        try:
            parsed = codes.parse_code(code_text, row[5].secret)
        except Refused:
            parsed = None  # said below, with the shop's every key
        if parsed is not None and parsed.number == hint:
            session.info.setdefault("stampcard_loaded", []).append(row)
            found: Card = row[0]
            return found
    settings = session.execute(_SETTINGS).first()
    if settings is None:
        get_shop(session)  # raises NotInitialised
    ring = keyring(session)
    code = keys.read_code(code_text, ring)
    row = session.execute(_CARD_LOCKED if lock else _CARD, {"number": code.number},
                          execution_options=fresh).first()
    session.info.setdefault("stampcard_loaded", []).append((settings, row))
    card: Card | None = None if row is None else row[0]
    chain = code.signed and (code.key is None or card is None) and chain_station.chain_state(session) is not None
    if card is not None:
        keys.admit(code, ring, known=True, batch_key=row[1].key_id if row is not None else None, chain=chain)
        return card
    if chain and code.key is not None:
        chain_station.fetch_first(code.number)  # the hub may know it (printed before a rotation): fetch it first
    if not code.signed:
        chain_station.check_unheard(session, code.number)  # a typed number: the hub may know it
    keys.admit(code, ring, known=False, chain=chain)  # a retired key mints no new card
    if code.signed:
        card = chain_station.adopt_unknown_card(session, code.number)  # printed at another station
    if card is None:
        raise Refused(Kind.UNKNOWN_CARD, number=code.number)
    return card


def _number_hint(code_text: str) -> str:
    """The card number a payload or typed text names, unchecked ("" when there is none); also inside a
    card page address (``codes.unwrap``), so such a card is found in the same one statement."""
    text = codes.unwrap(code_text).upper()
    if ":" in text:
        parts = text.split(":")
        return parts[1] if len(parts) == 3 else ""
    return codes.normalise_number(text)


def _usable(session: Session, card: Card) -> None:
    batch = session.get(Batch, card.batch_id)
    if batch is not None and batch.status == "void":
        raise Refused(Kind.VOID, number=card.number, batch=batch.id)
    if card.status == CardStatus.BLOCKED:
        raise Refused(Kind.BLOCKED, number=card.number)
    if card.status == CardStatus.TRANSFERRED:
        raise Refused(Kind.TRANSFERRED, number=card.number)


def _view(session: Session, card: Card, program: rules.Program) -> CardView:
    batch = session.get(Batch, card.batch_id)
    status = "void" if batch is not None and batch.status == "void" else card.status
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return CardView(
        number=card.number, status=status, stamps=card.stamps,
        stamps_required=program.stamps_required, reward=program.reward,
        reward_ready=rules.reward_ready(program, card.stamps),
        rewards_redeemed=card.rewards_redeemed,
        tier=rules.tier_for(program, card.rewards_redeemed).name,
        to_go=rules.to_go(program, card.stamps), batch=card.batch_id, visits=card.visits,
        last_stamp_at=card.last_stamp_at,
        customer_name=customer.name if customer else "",
        birthday=customer.birthday if customer else None,
        phone=customer.phone if customer else "",
        head_start=rules.head_start_shown(batch.prestamps if batch is not None else 0, card.rewards_redeemed,
                                          card.stamps))


def _state(card: Card) -> ledger.CardState:
    """The card's cached row as the ledger's state (the stamps it owes, at a chain station, below zero)."""
    return ledger.CardState(card.stamps - card.deficit, card.rewards_redeemed, card.visits, CardStatus(card.status),
                            card.last_stamp_at, card.activated_at)


def _store(card: Card, state: ledger.CardState) -> None:
    """Cache the ledger's state on the card's row (the transfer's receiving card is set by ``transfer``)."""
    card.stamps, card.rewards_redeemed, card.visits, status = state.shown
    card.status, card.last_stamp_at, card.activated_at = status, state.last_stamp_at, state.activated_at
    card.deficit = state.deficit


def _append(session: Session, card: Card, kind: EventKind | str, *, now: dt.datetime, station: str, staff: str,
            delta: int = 0, rewards_delta: int = 0, visit_id: int | None = None,
            reverses: Event | None = None, counterpart: Card | None = None, note: str = "",
            earlier_stamp_at: dt.datetime | None = None, flush: bool = True) -> Event:
    """Append one ledger event and set the card's cached row from ``ledger.apply``.

    The flush writes the event and the card's changed columns together (one
    UPDATE of the card however many of its fields changed before it); a caller
    appending two events passes ``flush=False`` for the first. An undo of a
    visit passes ``earlier_stamp_at`` (the card's last stamp once it is undone).
    """
    _check_who(station, staff)
    kind = EventKind(kind)  # a kind the ledger does not know is refused here (ValueError), not stored
    event = Event(uid=new_uid(), card_id=card.id, kind=kind.value, delta=delta, rewards_delta=rewards_delta, at=now,
                  station=station, staff=staff, visit_id=visit_id,
                  reverses_id=reverses.id if reverses is not None else None,
                  counterpart_id=counterpart.id if counterpart is not None else None, note=note)
    undoes_visit = reverses is not None and reverses.visit_id is not None
    _store(card, ledger.apply(_state(card), ledger.LedgerEvent(
        event.uid, card.number, kind, delta, rewards_delta, now, station,
        visit=visit_id is not None or (kind is EventKind.UNDO and undoes_visit),
        reverses=reverses.uid if reverses is not None else "",
        counterpart=counterpart.number if counterpart is not None else ""), earlier_stamp_at=earlier_stamp_at))
    session.add(event)
    if flush:
        session.flush()
    return event


def card_view(session: Session, code_text: str) -> CardView:
    """Look a card up by QR payload or typed number (read only; refuses unknown codes).

    One statement in a read transaction: on SQLite it takes no write lock
    (``db.transactions``), so lookups never queue behind stamps.
    """
    with transactions.reading():
        card = _find_card(session, code_text)
    return _view(session, card, get_program(session))


def scan(session: Session, code_text: str, *, now: dt.datetime, station: str = "", staff: str = "") -> OpResult:
    """A card presented at the counter: activate it on its first scan, then show it.

    An active card is only read (no write lock, as ``card_view``); a card seen for
    the first time is read again under the write lock and activated.
    """
    with transactions.reading():
        card = _find_card(session, code_text)
    _usable(session, card)
    activated = False
    uid = ""
    if card.status == CardStatus.ISSUED:
        card = _find_card(session, code_text, lock=True)
        _usable(session, card)
    if card.status == CardStatus.ISSUED:
        uid = _append(session, card, EventKind.ACTIVATION, now=now, station=station, staff=staff).uid
        activated = True
    return OpResult(_view(session, card, get_program(session)), OpKind.ACTIVATION if activated else OpKind.SHOW,
                    event_uid=uid, activated=activated)


def stamp(session: Session, code_text: str, *, count: int = 1, force: bool = False, now: dt.datetime,
          station: str = "", staff: str = "") -> OpResult:
    """Add stamps for one visit (plus the tier bonus); activate a card seen for the first time."""
    _check_who(station, staff)
    card = _find_card(session, code_text, lock=True)
    _usable(session, card)
    program = get_program(session)
    plan = rules.plan_stamp(program, count=count, rewards_redeemed=card.rewards_redeemed,
                            last_stamp_at=card.last_stamp_at, now=now, force=force)
    visit = Visit(card_id=card.id, at=now, station=station, staff=staff, stamps_added=plan.total)
    session.add(visit)
    session.flush()  # the visit's id for the event; the card is not changed yet, so no UPDATE here
    activated = card.status == CardStatus.ISSUED
    if activated:
        _append(session, card, EventKind.ACTIVATION, now=now, station=station, staff=staff, flush=False)
    note = f"tier bonus {plan.bonus}" if plan.bonus else ""
    event = _append(session, card, EventKind.STAMP, delta=plan.total, now=now, station=station, staff=staff,
                    visit_id=visit.id, note=note)  # one flush: the event(s) and one UPDATE of the card
    shop = session.get(Shop, 1)  # loaded with the card: no statement unless the referral bonus is on
    friend = 0
    if card.visits == 1 and shop is not None and shop.referral_bonus:
        if referral_bonus(session, card, shop.referral_bonus, now=now, station=station, staff=staff):
            friend = shop.referral_bonus
    return OpResult(_view(session, card, program), OpKind.STAMP, plan.total, event.uid, activated,
                    friend_bonus=friend)


def referral_bonus(session: Session, card: Card, bonus: int, *, now: dt.datetime, station: str, staff: str) -> bool:
    """Bring a friend: a card introduced by a regular's card got its first paid stamp, so both get
    ``bonus`` stamps, once per new card (``db/referrals.py`` records the introduction)."""
    referral = session.scalar(select(Referral).where(Referral.new_card_id == card.id,
                                                     Referral.rewarded_at.is_(None)).with_for_update())
    if referral is None:
        return False
    referral.rewarded_at, referral.bonus = now, bonus
    _append(session, card, EventKind.REFERRAL_BONUS, delta=bonus, now=now, station=station, staff=staff,
            note="brought by a friend")
    referrer = session.get(Card, referral.referrer_card_id)
    if referrer is not None and referrer.status == CardStatus.ACTIVE:
        batch = session.get(Batch, referrer.batch_id)
        if batch is None or batch.status != "void":
            _append(session, referrer, EventKind.REFERRAL_BONUS, delta=bonus, now=now, station=station,
                    staff=staff, note="brought a friend")
    return True


def redeem(session: Session, code_text: str, *, now: dt.datetime, station: str = "", staff: str = "") -> OpResult:
    """Give the reward: take ``stamps_required`` stamps, keep the extras for the next round."""
    card = _find_card(session, code_text, lock=True)
    _usable(session, card)
    program = get_program(session)
    after = rules.plan_redeem(program, card.stamps)
    chain_station.check_offline_redeem(session)  # a chain shop may refuse rewards while its hub is away
    event = _append(session, card, EventKind.REDEEM, delta=after - card.stamps, rewards_delta=1,
                    now=now, station=station, staff=staff)
    return OpResult(_view(session, card, program), OpKind.REDEEM, 0, event.uid)


def undo(session: Session, code_text: str, *, now: dt.datetime, station: str = "", staff: str = "") -> OpResult:
    """Reverse the card's last stamp or redeem (within 10 minutes) with a compensating event.

    One level only: once undone, the last change is the undo itself, and a
    second undo is refused. What counts as a change, and what may be undone, is
    the ledger's (``ledger.CHANGES``, ``ledger.UNDOABLE``).
    """
    card = _find_card(session, code_text, lock=True)
    _usable(session, card)
    last = session.scalar(select(Event).where(Event.card_id == card.id,
                                              Event.kind.in_([k.value for k in ledger.CHANGES]))
                          .order_by(Event.id.desc()).limit(1))
    if last is None or last.kind not in ledger.UNDOABLE:
        raise Refused(Kind.ALREADY_UNDONE if last is not None and last.kind == EventKind.UNDO
                      else Kind.NOTHING_TO_UNDO)
    rules.check_undo(last.at, now)
    if card.stamps - last.delta < 0:
        raise Refused(Kind.STAMPS_USED)
    earlier = None
    if last.visit_id is not None:
        earlier = session.scalar(
            select(func.max(Event.at)).where(Event.card_id == card.id, Event.visit_id.is_not(None),
                                             Event.kind.in_([k.value for k in ledger.VISITS]), Event.id != last.id,
                                             ~Event.id.in_(select(Event.reverses_id).where(
                                                 Event.card_id == card.id, Event.reverses_id.is_not(None)))))
        visit = session.get(Visit, last.visit_id)
        if visit is not None:
            visit.stamps_added = 0
    event = _append(session, card, EventKind.UNDO, delta=-last.delta, rewards_delta=-last.rewards_delta,
                    now=now, station=station, staff=staff, reverses=last, note=f"undo {last.kind}",
                    earlier_stamp_at=earlier)
    return OpResult(_view(session, card, get_program(session)), OpKind.UNDO, -last.delta, event.uid,
                    undone_kind=last.kind)


def block_card(session: Session, code_text: str, *, now: dt.datetime, station: str = "", staff: str = "",
               reason: str = "") -> CardView:
    """Block a card (lost, stolen, abused): every later scan is refused."""
    checked_text("reason", reason, NOTE_LENGTH)
    card = _find_card(session, code_text, lock=True)
    if card.status == CardStatus.BLOCKED:
        raise Refused(Kind.ALREADY_BLOCKED, number=card.number)
    if card.status == CardStatus.TRANSFERRED:  # closed already: its stamps are on its new card
        raise Refused(Kind.TRANSFERRED, number=card.number)
    _append(session, card, EventKind.BLOCK, now=now, station=station, staff=staff, note=reason)
    return _view(session, card, get_program(session))


def transfer(session: Session, old_code: str, new_code: str, *, now: dt.datetime,
             station: str = "", staff: str = "") -> OpResult:
    """Move a lost card's stamps, lifetime rewards and customer to a new card; close the old one.

    The new card ends with exactly the old card's balance: a never-used new card's
    own head start is replaced, not added (a replacement is not a gift). It takes the
    old card's last stamp time too, so the cooldown holds. A blocked card (the usual
    first step for a lost one) can be moved; a card of a void batch only when a
    customer used it before the void (never-seen cards of a lost batch hold nothing
    of anyone's).
    """
    old = _find_card(session, old_code, lock=True)
    new = _find_card(session, new_code, lock=True)
    if old.id == new.id:
        raise Refused(Kind.SAME_CARD, number=old.number)
    if old.status == CardStatus.TRANSFERRED:
        raise Refused(Kind.TRANSFERRED, number=old.number)
    _usable(session, new)
    batch = session.get(Batch, old.batch_id)
    if batch is not None and batch.status == "void" and old.status == CardStatus.ISSUED:
        raise Refused(Kind.VOID_EMPTY, number=old.number, batch=batch.id)
    stamps, rewards = old.stamps, old.rewards_redeemed
    left = _state(old)  # what the old card holds, a deficit included
    unused = new.status == CardStatus.ISSUED
    if unused:
        _append(session, new, EventKind.ACTIVATION, now=now, station=station, staff=staff)
    _append(session, old, EventKind.TRANSFER, delta=-stamps, rewards_delta=-rewards, now=now, station=station,
            staff=staff, counterpart=new)
    event = _append(session, new, EventKind.TRANSFER_IN, delta=stamps - new.stamps if unused else stamps,
                    rewards_delta=rewards, now=now, station=station, staff=staff, counterpart=old)
    # the new card takes what the old one holds after its outgoing event (its visits, its last stamp, so
    # the cooldown holds, and a deficit it owed), as the fold does
    _store(new, ledger.receive(_state(new), left._replace(stamps=left.stamps - stamps, rewards=left.rewards - rewards)))
    old.transferred_to = new.id
    if new.customer_id is None:
        new.customer_id = old.customer_id
    return OpResult(_view(session, new, get_program(session)), OpKind.TRANSFER, stamps, event.uid)


def set_customer(session: Session, code_text: str, *, name: str = "", phone: str = "",
                 birthday: dt.date | None = None) -> CardView:
    """Attach (or update) the optional customer details of a card."""
    checked_text("name", name, CUSTOMER_NAME_LENGTH)
    checked_text("phone", phone, CUSTOMER_PHONE_LENGTH)
    card = _find_card(session, code_text, lock=True)
    _usable(session, card)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    if customer is None:
        customer = Customer(name=name, phone=phone, birthday=birthday)
        session.add(customer)
        session.flush()
        card.customer_id = customer.id
    else:
        customer.name, customer.phone, customer.birthday = name, phone, birthday
    return _view(session, card, get_program(session))


def find_cards(session: Session, query: str, limit: int = 20) -> list[CardView]:
    """Find cards by (part of) number, customer name or phone, for the owner's screens."""
    text = query.strip()
    if not text:
        return []
    program = get_program(session)
    number_part = codes.normalise_number(text)
    stmt = (select(Card).outerjoin(Customer, Card.customer_id == Customer.id)
            .where((Card.number.like(f"%{number_part}%")) | (Customer.name.ilike(f"%{text}%"))
                   | (Customer.phone.like(f"%{text}%")))
            .order_by(Card.id).limit(limit))
    return [_view(session, card, program) for card in session.scalars(stmt)]


@dataclass(frozen=True)
class EventInfo:
    """One ledger event, for receipts and the owner's history view."""

    uid: str
    kind: str
    delta: int
    at: dt.datetime
    station: str
    note: str = ""
    counterpart: str = ""  # a transfer's other card (the new one of ``transfer``, the old one of ``transfer_in``)

    @property
    def reference(self) -> str:
        """The short number printed on a receipt (as ``OpResult.reference``)."""
        return self.uid[:8].upper()


def last_event(session: Session, code_text: str) -> EventInfo | None:
    """The card's most recent ledger event (what a receipt reports), or None."""
    card = _find_card(session, code_text)
    event = session.scalars(select(Event).where(Event.card_id == card.id).order_by(Event.id.desc()).limit(1)).first()
    if event is None:
        return None
    other = session.get(Card, event.counterpart_id) if event.counterpart_id is not None else None
    return EventInfo(event.uid, event.kind, event.delta, event.at, event.station, event.note,
                     other.number if other is not None else "")


def history(session: Session, code_text: str, limit: int = 50) -> list[tuple[dt.datetime, str, int, str]]:
    """The card's ledger, newest first: (time, kind, delta, station)."""
    card = _find_card(session, code_text)
    events = session.scalars(select(Event).where(Event.card_id == card.id).order_by(Event.id.desc()).limit(limit))
    return [(e.at, e.kind, e.delta, e.station) for e in events]
