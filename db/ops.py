"""The operations that read and change data.

Every function takes an open ``Session`` as its first argument and never
commits: the caller wraps one user action in ``with database.sessions.begin()``
so each operation is exactly one transaction. Results are frozen dataclasses;
ORM objects never leave this module. ``now`` is always passed in (aware UTC).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, func, insert, or_, select, text, union_all
from sqlalchemy.orm import Session

from cards import clock, codes, languages, ledger, refusals, rules
from cards.ledger import CardStatus, EventKind
from cards.refusals import Kind, Refused
from db import chain_station, localdays, transactions
from db.models import (Batch, Card, Complaint, Customer, Event, ProgramRow, Shop, Staff, UTCDateTime, Visit,
                       new_uid)

LOCKOUT_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=5)
# What a customer writes about: complaints (the first five), and a suggestion or thanks (the card page's book).
COMPLAINT_TOPICS = ("service", "product", "waiting_time", "cleanliness", "other", "suggestion", "thanks")
# Text limits, checked before writing so that SQLite (which stores any length) and
# PostgreSQL (which refuses past VARCHAR(n)) agree; the columns in db/models.py.
STATION_LENGTH = STAFF_LENGTH = 60
NOTE_LENGTH = 300
CONTACT_LENGTH = 200
CUSTOMER_NAME_LENGTH, CUSTOMER_PHONE_LENGTH = 120, 60
LONG_TEXT_LENGTH = 2000  # a complaint's text, a resolution note
MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL


# --- values that leave this module ---

@dataclass(frozen=True)
class ShopInfo:
    name: str
    address: str
    phone: str
    email: str
    url: str
    language: str
    secret: bytes
    logo_path: str = ""
    timezone: str = ""  # the shop's zone for people's times (cards.clock; "" = the system's)


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

    @property
    def reference(self) -> str:
        """A short number a customer can quote (from the event's unique id)."""
        return self.event_uid[:8].upper()


@dataclass(frozen=True)
class BatchInfo:
    id: int
    count: int
    prestamps: int
    status: str
    created_at: dt.datetime
    numbers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComplaintView:
    id: int
    reference: str
    topic: str
    text: str
    contact: str
    card: str
    status: str
    resolution: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class Report:
    since: dt.date | None
    cards_issued: int
    cards_active: int
    visits: int
    stamps: int
    rewards_redeemed: int
    returning_customers: int
    complaints_open: int
    complaints_resolved: int
    per_day: tuple[tuple[str, int, int, int], ...]  # (day, visits, stamps, rewards)
    today: dt.date | None = None  # the shop's local day when the report was made


# --- shop and program ---

def _program_from_row(row: ProgramRow) -> rules.Program:
    tiers = tuple(rules.Tier(t["name"], int(t["min_rewards"]), int(t.get("bonus", 0)))
                  for t in json.loads(row.tiers_json))
    return rules.Program(row.stamps_required, row.prestamps, row.reward, tiers,
                         row.cooldown_minutes, row.max_per_visit)


def _tiers_json(tiers: tuple[rules.Tier, ...]) -> str:
    return json.dumps([{"name": t.name, "min_rewards": t.min_rewards, "bonus": t.bonus} for t in tiers])


def is_initialised(session: Session) -> bool:
    """True once the shop has been set up."""
    return session.get(Shop, 1) is not None


def init_shop(session: Session, *, name: str, program: rules.Program, owner_pin: str,
              address: str = "", phone: str = "", email: str = "", url: str = "",
              language: str = "en", owner_name: str = "owner", secret: bytes | None = None) -> ShopInfo:
    """Set up the shop, its program and the owner's PIN (only once)."""
    if is_initialised(session):
        raise Refused(Kind.ALREADY_INITIALISED)
    if not name.strip():
        raise Refused(Kind.EMPTY, field="shop")
    _check_language(language)
    rules.validate_program(program)
    rules.check_pin_format(owner_pin)
    session.add(Shop(id=1, name=name.strip(), address=address, complaints_phone=phone,
                     complaints_email=email, complaints_url=url, language=language,
                     secret=secret or codes.new_secret()))
    session.add(ProgramRow(id=1, stamps_required=program.stamps_required, prestamps=program.prestamps,
                           reward=program.reward, tiers_json=_tiers_json(program.tiers),
                           cooldown_minutes=program.cooldown_minutes, max_per_visit=program.max_per_visit))
    add_staff(session, name=owner_name, role="owner", pin=owner_pin)
    return get_shop(session)


def get_shop(session: Session) -> ShopInfo:
    """The shop's settings, including the signing secret."""
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    return ShopInfo(shop.name, shop.address, shop.complaints_phone, shop.complaints_email,
                    shop.complaints_url, shop.language, shop.secret, shop.logo_path, shop.timezone)


def update_shop(session: Session, **fields: str) -> ShopInfo:
    """Change shop settings (name, address, phone, email, url, language, logo_path)."""
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    names = {"name": "name", "address": "address", "phone": "complaints_phone",
             "email": "complaints_email", "url": "complaints_url", "language": "language",
             "logo_path": "logo_path"}
    for key, value in fields.items():
        if key not in names:
            raise Refused(Kind.BAD_CHOICE, field="setting", value=key, choices=tuple(names))
        if key == "language":
            _check_language(value)
        if key == "name" and not value.strip():
            raise Refused(Kind.EMPTY, field="shop")
        setattr(shop, names[key], value)
    return get_shop(session)


def get_program(session: Session) -> rules.Program:
    """The loyalty program's rules."""
    row = session.get(ProgramRow, 1)
    if row is None:
        raise Refused(Kind.NOT_INITIALISED)
    return _program_from_row(row)


def update_program(session: Session, program: rules.Program) -> rules.Program:
    """Replace the program's rules (validated first). Existing balances are kept."""
    rules.validate_program(program)
    row = session.get(ProgramRow, 1)
    if row is None:
        raise Refused(Kind.NOT_INITIALISED)
    row.stamps_required, row.prestamps, row.reward = program.stamps_required, program.prestamps, program.reward
    row.tiers_json = _tiers_json(program.tiers)
    row.cooldown_minutes, row.max_per_visit = program.cooldown_minutes, program.max_per_visit
    return program


# --- staff and PINs ---

def _check_language(language: str) -> None:
    if language not in languages.CODES:
        raise Refused(Kind.BAD_CHOICE, field="language", value=language, choices=languages.CODES)


def checked_text(field: str, value: str, limit: int, *, lines: bool = False) -> str:
    """``value`` when it fits ``limit`` characters and holds no control or format characters, else refuse.

    ``Kind.BAD_CHARACTERS`` for NUL and other control characters, and for format
    characters (category Cf: a right-to-left override U+202E that would turn a
    text around on the owner's screen, zero-width characters) (``lines``
    allows line breaks and tabs, for a complaint's text); ``Kind.TOO_LONG`` with
    ``field`` and ``limit``. Checked before writing, so both databases agree.
    """
    allowed = "\n\r\t" if lines else ""
    if any((unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in allowed) for ch in value):
        raise Refused(Kind.BAD_CHARACTERS, field=field)
    if len(value) > limit:
        raise Refused(Kind.TOO_LONG, field=field, limit=limit)
    return value


def check_id(field: str, value: int) -> int:
    """An id typed by a person (a batch, a complaint): refuse one outside 1..2^31-1 as out of range."""
    return refusals.check_range(field, value, 1, MAX_ID)


def _check_who(station: str, staff: str) -> None:
    checked_text("station", station, STATION_LENGTH)
    checked_text("staff", staff, STAFF_LENGTH)


def _hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def add_staff(session: Session, *, name: str, role: str, pin: str) -> None:
    """Add a person with a role (owner or cashier) and a PIN."""
    if role not in ("owner", "cashier"):
        raise Refused(Kind.BAD_CHOICE, field="role", value=role, choices=("owner", "cashier"))
    rules.check_pin_format(pin)
    checked_text("name", name, STAFF_LENGTH)
    if session.scalar(select(Staff).where(Staff.name == name)) is not None:
        raise Refused(Kind.STAFF_EXISTS, field=name)
    salt = secrets.token_bytes(16)
    session.add(Staff(name=name, role=role, pin_salt=salt, pin_hash=_hash_pin(pin, salt)))


def set_pin(session: Session, *, name: str, pin: str) -> None:
    """Give a staff member a new PIN (and clear a lockout)."""
    rules.check_pin_format(pin)
    person = session.scalar(select(Staff).where(Staff.name == name))
    if person is None:
        raise Refused(Kind.UNKNOWN_STAFF, field=name)
    person.pin_salt = secrets.token_bytes(16)
    person.pin_hash = _hash_pin(pin, person.pin_salt)
    person.failed_attempts, person.locked_until = 0, None


def list_staff(session: Session) -> list[tuple[str, str]]:
    """(name, role) of everyone, owners first."""
    return [(s.name, s.role) for s in session.scalars(select(Staff).order_by(Staff.role.desc(), Staff.name))]


def remove_staff(session: Session, name: str) -> None:
    """Remove a staff member; the last owner cannot be removed."""
    person = session.scalar(select(Staff).where(Staff.name == name))
    if person is None:
        raise Refused(Kind.UNKNOWN_STAFF, field=name)
    owners = session.scalar(select(func.count()).select_from(Staff).where(Staff.role == "owner"))
    if person.role == "owner" and owners == 1:
        raise Refused(Kind.LAST_OWNER)
    session.delete(person)


def verify_pin(session: Session, pin: str, *, now: dt.datetime, role: str = "owner") -> str:
    """Return the name of the staff member with this PIN and at least ``role``.

    Lockouts count per person: a wrong PIN counts against the accounts of the
    prompt's own role (at a cashier prompt the cashiers, or the owners where
    there is no cashier), so a cashier's wrong tries never lock the owner. After
    5 wrong tries those accounts are locked for 5 minutes, and while every one of
    them is locked the prompt refuses even a right PIN (``Kind.LOCKED``) until
    the lock ends. The caller must commit even when this raises ``Refused`` (the
    failed-try counter is the one thing a refusal writes).
    """
    wanted = ("owner",) if role == "owner" else ("owner", "cashier")
    people = list(session.scalars(select(Staff).where(Staff.role.in_(wanted)).with_for_update()))
    if not people:
        raise Refused(Kind.NO_STAFF)
    counted = [p for p in people if p.role == role] or people

    def is_locked(person: Staff) -> bool:
        return person.locked_until is not None and person.locked_until > now

    if all(is_locked(p) for p in counted):
        raise _locked(session, counted, now)
    for person in people:
        if is_locked(person):
            continue
        if hmac.compare_digest(_hash_pin(pin, person.pin_salt), person.pin_hash):
            person.failed_attempts, person.locked_until = 0, None
            return person.name
    for person in counted:
        if is_locked(person):
            continue
        person.failed_attempts += 1
        if person.failed_attempts >= LOCKOUT_ATTEMPTS:
            person.failed_attempts, person.locked_until = 0, now + LOCKOUT
    if all(is_locked(p) for p in counted):
        raise _locked(session, counted, now)
    left = min(LOCKOUT_ATTEMPTS - p.failed_attempts for p in counted if not is_locked(p))
    raise Refused(Kind.WRONG_PIN, tries_left=left)


def _locked(session: Session, people: list[Staff], now: dt.datetime) -> Refused:
    """The lockout refusal; ``until`` is the instant in the shop's zone, so every shell reads the shop's wall time."""
    until = min(p.locked_until for p in people if p.locked_until is not None)
    minutes = max(1, -int(-(until - now).total_seconds() // 60))
    where = session.scalar(select(Shop.timezone).where(Shop.id == 1)) or ""
    return Refused(Kind.LOCKED, until=clock.local(until, where), minutes=minutes)


# --- cards ---

_SETTINGS = select(Shop, ProgramRow).join(ProgramRow, ProgramRow.id == Shop.id).where(Shop.id == 1)
_CARD = (select(Card, Batch, Customer).join(Batch, Card.batch_id == Batch.id)
         .outerjoin(Customer, Card.customer_id == Customer.id).where(Card.number == bindparam("number")))
_CARD_LOCKED = _CARD.with_for_update(of=Card)


# The card with its batch and customer, and the shop with the program, in one statement (ops._find_card).
_CARD_SHOP = _CARD.add_columns(Shop, ProgramRow).join(Shop, Shop.id == 1).join(ProgramRow, ProgramRow.id == 1)
_CARD_SHOP_LOCKED = _CARD_SHOP.with_for_update(of=Card)


def _find_card(session: Session, code_text: str, *, lock: bool = False) -> Card:
    """Parse a payload or typed number and load its card; refuse with a reason.

    Loads the card with its batch and customer, and the shop with the program, in
    ONE prebuilt statement (the number is read from the text first; the payload's
    signature is checked against the loaded secret before anything is written), and
    keeps the rows referenced in ``session.info`` (the identity map is weak) so that
    later ``get_program``/``session.get`` calls in the same transaction are
    identity-map hits, not queries: a lookup is one statement, a stamp five
    (tests/db/test_hot_paths.py). Refused codes and unknown cards take a second
    statement (the shop alone) to say why. ``lock`` takes the write lock first
    (``db.transactions``: a transaction begun as a read is upgraded, and the rows are
    read again) and locks the card row only (``FOR UPDATE OF cards`` on PostgreSQL).
    """
    fresh = {"populate_existing": True} if lock else {}
    if lock:
        transactions.lock_for_writing(session)
    hint = _number_hint(code_text)
    row = (session.execute(_CARD_SHOP_LOCKED if lock else _CARD_SHOP, {"number": hint},
                           execution_options=fresh).first() if hint else None)
    if row is not None:
        parsed = codes.parse_code(code_text, row[3].secret)
        if parsed.number == hint:
            session.info.setdefault("stampcard_loaded", []).append(row)
            found: Card = row[0]
            return found
    settings = session.execute(_SETTINGS).first()
    shop = get_shop(session) if settings is None else settings[0]  # get_shop raises NotInitialised
    parsed = codes.parse_code(code_text, shop.secret)
    row = session.execute(_CARD_LOCKED if lock else _CARD, {"number": parsed.number},
                          execution_options=fresh).first()
    session.info.setdefault("stampcard_loaded", []).append((settings, row))
    card: Card | None = None if row is None else row[0]
    if card is None and parsed.signed:
        card = chain_station.adopt_unknown_card(session, parsed.number)  # printed at another station
    if card is None:
        raise Refused(Kind.UNKNOWN_CARD, number=parsed.number)
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
    """The card's cached row as the ledger's state."""
    return ledger.CardState(card.stamps, card.rewards_redeemed, card.visits, CardStatus(card.status),
                            card.last_stamp_at, card.activated_at)


def _store(card: Card, state: ledger.CardState) -> None:
    """Cache the ledger's state on the card's row (the transfer's receiving card is set by ``transfer``)."""
    card.stamps, card.rewards_redeemed, card.visits, status = state.shown
    card.status, card.last_stamp_at, card.activated_at = status, state.last_stamp_at, state.activated_at


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
    return OpResult(_view(session, card, program), OpKind.STAMP, plan.total, event.uid, activated)


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
    unused = new.status == CardStatus.ISSUED
    if unused:
        _append(session, new, EventKind.ACTIVATION, now=now, station=station, staff=staff)
    _append(session, old, EventKind.TRANSFER, delta=-stamps, rewards_delta=-rewards, now=now, station=station,
            staff=staff, counterpart=new)
    event = _append(session, new, EventKind.TRANSFER_IN, delta=stamps - new.stamps if unused else stamps,
                    rewards_delta=rewards, now=now, station=station, staff=staff, counterpart=old)
    # the new card takes the old one's visits and last stamp (so the cooldown holds), as the fold does
    _store(new, ledger.receive(_state(new), _state(old)))
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


# --- batches ---

def create_batch(session: Session, *, count: int, prestamps: int | None = None, now: dt.datetime,
                 station: str = "", staff: str = "", sign: bool = True) -> BatchInfo:
    """Issue ``count`` new cards, each credited with the head-start stamps.

    ``sign=False`` leaves the QR payloads out (``codes`` empty): a caller that
    holds the shop's secret signs them after the commit (:func:`sign_batch`), so
    the write lock is not held for 20,000 HMACs.
    """
    _check_who(station, staff)
    if not 1 <= count <= 100_000:
        raise Refused(Kind.OUT_OF_RANGE, field="count", low=1, high=rules.MAX_BATCH, value=str(count))
    # Everything that needs no database is done before the first statement: on SQLite
    # the transaction (BEGIN IMMEDIATE, the write lock) starts with that statement, and a
    # stamp at the counter waits for as long as it is held (benchmarks/batch_lock.py).
    numbers: dict[str, None] = {}
    while len(numbers) < count:
        numbers[codes.new_number()] = None
    program = get_program(session)
    head = program.prestamps if prestamps is None else prestamps
    rules.validate_prestamps(program, head)
    secret = get_shop(session).secret
    batch = Batch(created_at=now, count=count, prestamps=head, station=station)
    session.add(batch)
    session.flush()
    taken = set(session.scalars(select(Card.number).where(Card.number.in_(numbers)))) if count <= 1000 else set()
    ordered = [n for n in numbers if n not in taken]
    # Every card of the batch starts the same: the ledger's state after its issue and head-start events,
    # written with the events by the database in bulk (not card by card).
    made = (ledger.LedgerEvent("issue", "", EventKind.ISSUE, at=now),
            ledger.LedgerEvent("head_start", "", EventKind.HEAD_START, head, at=now))
    start = ledger.EMPTY
    for made_event in made:
        start = ledger.apply(start, made_event)
    stamps, rewards, visits, status = start.shown
    connection = session.connection()
    if connection.dialect.name == "sqlite":  # one statement over a JSON array: 20,000 rows in ~0.06 s
        to_db = Card.__table__.c.created_at.type.bind_processor(connection.dialect)
        connection.exec_driver_sql(
            "INSERT INTO cards (number, batch_id, status, stamps, rewards_redeemed, visits, created_at) "
            "SELECT value, ?, ?, ?, ?, ?, ? FROM json_each(?) ORDER BY key",
            (batch.id, status, stamps, rewards, visits, to_db(now) if to_db is not None else now,
             json.dumps(ordered)))
    else:
        connection.execute(insert(Card), [
            {"number": n, "batch_id": batch.id, "status": status, "stamps": stamps, "rewards_redeemed": rewards,
             "visits": visits, "created_at": now} for n in ordered])
    # One INSERT ... SELECT per kind: the events are made by the database, not row by row here.
    # An event's uid (32 hex, unique in a chain of shops): 16 random hex per batch and kind, then the
    # card's id and the kind. Neighbouring keys go into the uid index together, which halves the insert
    # against 40,000 random keys (benchmarks/batch_lock.py).
    uid = (":prefix || printf('%015x', cards.id) || :tag" if session.get_bind().dialect.name == "sqlite"
           else ":prefix || lpad(to_hex(cards.id), 15, '0') || :tag")
    for kind, delta, note in ((EventKind.ISSUE, 0, f"batch {batch.id}"), (EventKind.HEAD_START, head, "")):
        if kind is EventKind.HEAD_START and not head:
            continue
        session.execute(text(
            "INSERT INTO events (uid, card_id, kind, delta, rewards_delta, at, station, staff, note) "
            f"SELECT {uid}, cards.id, :kind, :delta, 0, :at, :station, :staff, :note "
            "FROM cards WHERE cards.batch_id = :batch ORDER BY cards.id").bindparams(
                bindparam("at", type_=UTCDateTime())),
            {"kind": kind.value, "delta": delta, "at": now, "station": station, "staff": staff, "note": note,
             "batch": batch.id, "prefix": secrets.token_hex(8), "tag": "1" if kind is EventKind.ISSUE else "2"})
    batch.count = len(ordered)
    return BatchInfo(batch.id, len(ordered), head, "active", now, tuple(ordered),
                     tuple(codes.make_payload(n, secret) for n in ordered) if sign else ())


def sign_batch(batch: BatchInfo, secret: bytes) -> BatchInfo:
    """``batch`` with the QR payloads of its cards (pure: no database)."""
    return dataclasses.replace(batch, codes=tuple(codes.make_payload(n, secret) for n in batch.numbers))


def void_batch(session: Session, batch_id: int, *, now: dt.datetime) -> BatchInfo:
    """Void a batch (lost or stolen in the post): its cards are refused from now on."""
    check_id("batch", batch_id)
    batch = session.get(Batch, batch_id, with_for_update=True)
    if batch is None:
        raise Refused(Kind.UNKNOWN_BATCH, batch=batch_id)
    if batch.status == "void":
        raise Refused(Kind.ALREADY_VOID, batch=batch_id)
    batch.status, batch.voided_at = "void", now
    return BatchInfo(batch.id, batch.count, batch.prestamps, batch.status, batch.created_at)


def list_batches(session: Session) -> list[BatchInfo]:
    """All batches, newest first."""
    return [BatchInfo(b.id, b.count, b.prestamps, b.status, b.created_at)
            for b in session.scalars(select(Batch).order_by(Batch.id.desc()))]


def batch_cards(session: Session, batch_id: int) -> BatchInfo:
    """A batch with its card numbers and QR payloads (to print it again)."""
    check_id("batch", batch_id)
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise Refused(Kind.UNKNOWN_BATCH, batch=batch_id)
    secret = get_shop(session).secret
    numbers = tuple(session.scalars(select(Card.number).where(Card.batch_id == batch_id).order_by(Card.id)))
    return BatchInfo(batch.id, batch.count, batch.prestamps, batch.status, batch.created_at, numbers,
                     tuple(codes.make_payload(n, secret) for n in numbers))


# --- complaints ---

def _complaint_view(session: Session, c: Complaint) -> ComplaintView:
    card = session.get(Card, c.card_id) if c.card_id else None
    return ComplaintView(c.id, c.reference, c.topic, c.text, c.contact, card.number if card else "",
                         c.status, c.resolution, c.created_at, c.resolved_at)


def add_complaint(session: Session, *, topic: str, text: str = "", contact: str = "", card_code: str = "",
                  now: dt.datetime, station: str = "") -> ComplaintView:
    """Register a complaint or idea; it gets a short reference the customer can quote."""
    topic = topic.strip().lower().replace(" ", "_")
    if topic not in COMPLAINT_TOPICS:
        raise Refused(Kind.BAD_TOPIC, value=topic, choices=COMPLAINT_TOPICS)
    checked_text("text", text.strip(), LONG_TEXT_LENGTH, lines=True)
    checked_text("contact", contact.strip(), CONTACT_LENGTH)
    checked_text("station", station, STATION_LENGTH)
    card_id = _find_card(session, card_code).id if card_code else None
    while True:
        reference = "C-" + "".join(secrets.choice(codes.ALPHABET) for _ in range(5))
        if session.scalar(select(Complaint.id).where(Complaint.reference == reference)) is None:
            break
    complaint = Complaint(reference=reference, topic=topic, text=text.strip(), contact=contact.strip(),
                          card_id=card_id, created_at=now, station=station)
    session.add(complaint)
    session.flush()
    return _complaint_view(session, complaint)


def _find_complaint(session: Session, key: str) -> Complaint:
    key = key.strip().upper()
    query = select(Complaint).where(Complaint.reference == (key if key.startswith("C-") else f"C-{key}"))
    if key.isdigit():
        query = select(Complaint).where(Complaint.id == check_id("complaint", int(key)))
    complaint = session.scalar(query)
    if complaint is None:
        raise Refused(Kind.UNKNOWN_COMPLAINT, reference=key)
    return complaint


def list_complaints(session: Session, status: str | None = None, *, limit: int | None = None,
                    after: tuple[str, int] | None = None) -> list[ComplaintView]:
    """Complaints, open ones first, newest first within each: ONE query, the card's number joined in.

    ``limit`` gives a page; ``after`` (the ``(status, id)`` of the last row of the
    previous page) the next one. A page reads each status from the head of the
    ``(status, id)`` index (two limited branches in one ``UNION ALL``), so the
    owner's inbox opens as fast with 100,000 complaints as with ten
    (benchmarks/inbox.py).
    """
    columns = (Complaint.id, Complaint.reference, Complaint.topic, Complaint.text, Complaint.contact,
               func.coalesce(Card.number, "").label("card"), Complaint.status, Complaint.resolution,
               Complaint.created_at, Complaint.resolved_at)

    def rows(where: Any | None) -> Any:
        query = select(*columns).outerjoin(Card, Card.id == Complaint.card_id)
        return query if where is None else query.where(where)

    if limit is None:
        query = rows(Complaint.status == status if status else None).order_by(Complaint.status,
                                                                              Complaint.id.desc())
    else:
        branches = []
        for state in ((status,) if status else ("open", "resolved")):
            where = Complaint.status == state
            if after is not None:
                if after[0] > state:
                    continue  # that status's rows came before the last page
                if after[0] == state:
                    where = where & (Complaint.id < after[1])
            page = rows(where).order_by(Complaint.id.desc()).limit(limit).subquery()
            branches.append(select(*page.c))
        if not branches:
            return []
        both = (branches[0] if len(branches) == 1 else union_all(*branches)).subquery()
        query = select(*both.c).order_by(both.c.status, both.c.id.desc()).limit(limit)
    with transactions.reading():
        return [ComplaintView(*row) for row in session.execute(query)]


def resolve_complaint(session: Session, key: str, *, resolution: str = "", now: dt.datetime) -> ComplaintView:
    """Mark a complaint resolved, with a note of what was done."""
    checked_text("note", resolution.strip(), LONG_TEXT_LENGTH, lines=True)
    complaint = _find_complaint(session, key)
    if complaint.status == "resolved":
        raise Refused(Kind.ALREADY_RESOLVED, reference=complaint.reference)
    complaint.status, complaint.resolution, complaint.resolved_at = "resolved", resolution.strip(), now
    return _complaint_view(session, complaint)


# --- report ---

def report(session: Session, *, since: dt.date | None = None, days: int | None = None,
           now: dt.datetime | None = None) -> Report:
    """Counts for the owner: cards, visits, stamps, rewards, returning customers, complaints.

    Days are the shop's local days (``shop.timezone``; "" = the system's zone): a
    visit at 00:30 in Prague counts on that Prague day. ``since`` is such a day;
    ``days`` asks for the last N days up to today (``now``'s local day, default the
    clock's). The UTC start of every local day is computed in Python
    (``db.localdays``, DST days of 23 or 25 hours included) and the database only
    compares stored times with those bounds (``_local_day_sums``: the same SQL on
    SQLite and PostgreSQL); an event dated after today counts on today. A window
    reads only the window's rows (``date(at)`` bounds let the day indexes of
    migrations 0002 and 0005 serve the range), so its time grows with the window,
    not with the history (benchmarks/ledger.py). It runs as a read
    (``db.transactions``): it never holds stamps up.
    """
    with transactions.reading():
        zone = localdays.zone(session.scalar(select(Shop.timezone).where(Shop.id == 1)) or "")
    today = localdays.local_date(now or dt.datetime.now(dt.timezone.utc), zone)
    if days is not None:
        since = today - dt.timedelta(days=max(1, days) - 1)
    start = localdays.day_start(since, zone) if since is not None else None
    first = _first_day(session, zone)  # a window from year 1 walks only the days that hold data
    if since is not None:
        first = None if first is None else max(since, first)
    visits: dict[str, int] = {}
    stamps: dict[str, int] = {}
    rewards: dict[str, int] = {}
    if first is not None:
        first = min(first, today)
        names = [(first + dt.timedelta(days=i)).isoformat() for i in range((today - first).days + 1)]
        starts = localdays.day_starts(first, today, zone)

        for (i,), (n,) in _local_day_sums(session, Visit.at, [Visit.stamps_added > 0], [], [func.count()],
                                          starts, start).items():
            visits[names[i]] = n
        for (i, kind), (n, delta, undone, rewards_delta) in _local_day_sums(
                session, Event.at, [Event.kind.in_(("stamp", "redeem", "undo"))], [Event.kind],
                [func.count(), func.sum(Event.delta), func.sum(case((Event.delta < 0, Event.delta), else_=0)),
                 func.sum(Event.rewards_delta)], starts, start).items():
            name = names[i]
            stamps.setdefault(name, 0)
            rewards.setdefault(name, 0)
            if kind == "stamp":
                stamps[name] += delta
            elif kind == "redeem":
                rewards[name] += n
            else:  # an undo takes back the stamps (negative) or the reward it reverses
                stamps[name] += undone
                rewards[name] += rewards_delta
    per_day = tuple((d, visits.get(d, 0), stamps.get(d, 0), rewards.get(d, 0))
                    for d in sorted({*visits, *stamps, *rewards}))
    # A window groups its rows of the day index (migration 0005 put card_id in it): ``card_id + 0``, as a bare
    # card_id lets SQLite prefer walking the whole (card_id, at) index to avoid a sort (91 ms at 1M). All time
    # walks that index, in card order, with no sort.
    card = (Visit.card_id + 0 if start is not None else Visit.card_id).label("card")
    repeat = _in_window(select(card).where(Visit.stamps_added > 0), Visit.at, start)
    returning = session.scalar(select(func.count()).select_from(
        repeat.group_by(card).having(func.count() >= 2).subquery())) or 0
    # The counts in one statement. Complaints by two sums, not GROUP BY status (which would walk the whole
    # (status, id) index in its order); cards in use as all cards less the few that are not active (two
    # short ranges of the status index; counting the active ones would walk nearly all of it).
    complaints_q = select(*(func.coalesce(func.sum(case((Complaint.status == state, 1), else_=0)), 0)
                            for state in ("open", "resolved")))
    issued_q = select(func.count()).select_from(Card)
    if start is not None:
        complaints_q = complaints_q.where(Complaint.created_at >= start)
        issued_q = issued_q.where(Card.created_at >= start)
    received = complaints_q.subquery()
    counts = session.execute(select(
        received.c[0], received.c[1], issued_q.scalar_subquery(),
        select(func.count()).select_from(Card).scalar_subquery(),
        select(func.count()).select_from(Card).where((Card.status < "active") | (Card.status > "active"))
        .scalar_subquery())).one()
    complaints = {"open": int(counts[0]), "resolved": int(counts[1])}
    issued, active = int(counts[2]), int(counts[3]) - int(counts[4])
    return Report(since, issued, active, sum(visits.values()), sum(stamps.values()), sum(rewards.values()),
                  returning, complaints.get("open", 0), complaints.get("resolved", 0), per_day, today)


def _in_window(query: Any, column: Any, start: dt.datetime | None) -> Any:
    """``query`` limited to rows of ``column`` from ``start`` on, in a form the day indexes serve."""
    if start is None:
        return query
    return query.where(func.date(column) >= start.date(), column >= start)


def _local_day_sums(session: Session, when: Any, where: list[Any], keys: list[Any], sums: list[Any],
                    starts: list[dt.datetime], start: dt.datetime | None) -> dict[tuple[Any, ...], list[int]]:
    """Additive aggregates (``sums``, the first a count) of rows per shop-local day and ``keys``.

    Returns ``{(day index, *key values): [values]}`` for days with rows, day ``i``
    running from ``starts[i]`` to ``starts[i + 1]`` (the last one open: a row dated
    after today counts today). Rows are grouped by UTC date, which the day indexes
    stream in order; each local midnight inside a UTC date is then placed by
    aggregating that date's shorter side of it (at most 12 hours of rows; one
    statement, an OR of index ranges); a local day is the difference of the
    running totals at its two ends. That is cheaper than putting every row in its
    day with a CASE (which sorts).
    """
    base = [*where] if start is None else [*where, func.date(when) >= start.date(), when >= start]
    day = func.date(when)
    whole: dict[tuple[Any, ...], dict[str, list[int]]] = {}
    for row in session.execute(select(day, *keys, *sums).where(*base).group_by(*keys, day)):
        key = tuple(row[1:1 + len(keys)])
        whole.setdefault(key, {})[str(row[0])] = [int(v or 0) for v in row[1 + len(keys):]]
    cuts: dict[int, tuple[str, bool]] = {}  # split k -> (its UTC date, counted from the date's start)
    ranges: list[tuple[int, dt.date, dt.datetime, dt.datetime]] = []  # (k, UTC date, from, to): the
    # shorter side of each local midnight that falls on a date with rows
    dated = {d for dates in whole.values() for d in dates}
    for k, cut in list(enumerate(starts))[1:]:
        midnight = dt.datetime.combine(cut.date(), dt.time(), tzinfo=dt.timezone.utc)
        early = cut - midnight <= dt.timedelta(hours=12)
        cuts[k] = (cut.date().isoformat(), early)
        if cut.date().isoformat() in dated:
            low, high = (midnight, cut) if early else (cut, midnight + dt.timedelta(days=1))
            ranges.append((k, cut.date(), low, high))
    parts: dict[tuple[int, tuple[Any, ...]], list[int]] = {}
    while ranges:  # one statement; a second one only for a date with two local midnights (a DST change)
        batch: dict[str, tuple[int, dt.date, dt.datetime, dt.datetime]] = {}
        later = []
        for cut_range in ranges:
            if cut_range[1].isoformat() in batch:
                later.append(cut_range)
            else:
                batch[cut_range[1].isoformat()] = cut_range
        pieces = list(batch.values())
        for first in range(0, len(pieces), 250):  # SQLite parses at most 1,000 levels of ORs
            sides = or_(*((day == d) & (when >= low) & (when < high) for _k, d, low, high in pieces[first:first + 250]))
            for row in session.execute(select(day, *keys, *sums).where(*base, sides).group_by(*keys, day)):
                k = batch[str(row[0])][0]
                parts[(k, tuple(row[1:1 + len(keys)]))] = [int(v or 0) for v in row[1 + len(keys):]]
        ranges = later
    width = len(sums)
    out: dict[tuple[Any, ...], list[int]] = {}
    for key, dates in whole.items():
        ordered = sorted(dates)
        running = [[0] * width]  # running[j]: the totals of the dates before ordered[j]
        for d in ordered:
            running.append([a + b for a, b in zip(running[-1], dates[d])])
        ends = [[0] * width]  # the totals before each day's start; then the grand total
        for k in range(1, len(starts)):
            d, early = cuts[k]
            before = running[bisect.bisect_left(ordered, d)]
            part = parts.get((k, key), [0] * width)
            within = part if early else [a - b for a, b in zip(dates.get(d, [0] * width), part)]
            ends.append([a + b for a, b in zip(before, within)])
        ends.append(running[-1])
        for i in range(len(starts)):
            day_values = [b - a for a, b in zip(ends[i], ends[i + 1])]
            if day_values[0]:
                out[(i, *key)] = day_values
    return out


def _first_day(session: Session, zone: dt.tzinfo | None) -> dt.date | None:
    """The shop's local day of the oldest visit, stamp, redeem or undo (each read from the head of an index)."""
    firsts = [session.scalar(select(Visit.at).order_by(func.date(Visit.at), Visit.at).limit(1))]
    firsts += [session.scalar(select(Event.at).where(Event.kind == kind).order_by(func.date(Event.at), Event.at)
                              .limit(1)) for kind in ("stamp", "redeem", "undo")]
    known = [f for f in firsts if f is not None]
    return localdays.local_date(min(known), zone) if known else None
