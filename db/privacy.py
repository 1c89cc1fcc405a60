"""Customers' personal data: kept only with consent, shown on request, erased on request or when stale.

What is personal here: a customer's name, phone, e-mail and birthday (the
``customers`` row), a complaint's contact, and any complaint text, resolution or
ledger note that names the customer. The stamps themselves (cards, events,
visits) are anonymous and stay, so counts and reports stay right after an
erasure (GDPR articles 15 and 17, Russia's 152-FZ articles 9, 14 and 21).

* :func:`set_customer` stores details only with the customer's consent, and
  records when it was given (refused with ``Kind.NO_CONSENT`` otherwise).
* :func:`export_person` is everything stored about the person behind a card.
* :func:`erase` blanks every personal field of that person everywhere it is kept.
* :func:`apply_retention` does the same for every customer not seen for the
  shop's ``retention_months`` (the kiosk runs it daily).
* :func:`scrub` makes SQLite drop the old bytes from the file (checkpoint, VACUUM).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cards import codes
from cards import settings as rule_set
from cards.refusals import Kind, Refused
from db import chain_station, engine, errors, files, ops
from db.models import Card, Complaint, Consent, Customer, Event, MessageLog, Shop, Visit

NAME_LENGTH = 120
RETENTION_BATCH = 500  # customers anonymised with one pass over the complaints and notes
ERASED = "[erased]"
_OLDEST_BIRTHDAY = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class CustomerInfo:
    """A customer's details as stored (all blank once anonymised)."""

    id: int
    name: str
    phone: str
    email: str
    birthday: dt.date | None
    consent_at: dt.datetime | None
    created_at: dt.datetime
    anonymised_at: dt.datetime | None
    cards: tuple[str, ...]


@dataclass(frozen=True)
class Erased:
    """What an erasure changed: the customer, their cards (kept, anonymous) and the texts redacted."""

    customer: int | None  # None: nothing personal was stored for that card
    cards: tuple[str, ...]
    complaints: int  # complaints whose contact or text was cleared
    notes: int  # ledger notes redacted


def _info(session: Session, customer: Customer) -> CustomerInfo:
    numbers = tuple(session.scalars(select(Card.number).where(Card.customer_id == customer.id).order_by(Card.id)))
    return CustomerInfo(customer.id, customer.name, customer.phone, customer.email, customer.birthday,
                        customer.consent_at, customer.created_at, customer.anonymised_at, numbers)


def _card(session: Session, code_text: str) -> Card:
    return ops._find_card(session, code_text, lock=True)  # noqa: SLF001 - one lookup rule for every op


def check_birthday(value: dt.date | None, today: dt.date) -> dt.date | None:
    """A birthday between 1900 and today, or None."""
    if value is not None and not _OLDEST_BIRTHDAY <= value <= today:
        raise Refused(Kind.BAD_FORMAT, field="birthday", value=value.isoformat())
    return value


def set_customer(session: Session, code_text: str, *, name: str = "", phone: str = "", email: str = "",
                 birthday: dt.date | None = None, consent: bool, now: dt.datetime) -> CustomerInfo:
    """Store the customer details of a card, with the customer's consent recorded at ``now``.

    Personal fields without ``consent`` are refused (``Kind.NO_CONSENT``).
    All fields blank without consent withdraws it: the details are blanked and
    the consent time cleared. Every card of the customer shares the details.
    """
    name = rule_set.check_text("customer_name", name, NAME_LENGTH, required=False)
    phone = rule_set.check_phone("customer_phone", phone)
    email = rule_set.check_email("customer_email", email)
    birthday = check_birthday(birthday, now.date())
    personal = bool(name or phone or email or birthday)
    if personal and not consent:
        raise Refused(Kind.NO_CONSENT)
    card = _card(session, code_text)
    if personal:
        ops._usable(session, card)  # noqa: SLF001 - no new details on a void, blocked or replaced card
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    if customer is None:
        customer = Customer(created_at=now)
        session.add(customer)
        session.flush()
        card.customer_id = customer.id
    customer.name, customer.phone, customer.email, customer.birthday = name, phone, email, birthday
    customer.consent_at = now if consent else None
    if not consent:  # the details go, and with them every consent to be contacted (db/consent.py)
        session.execute(update(Consent).where(Consent.customer_id == customer.id, Consent.withdrawn_at.is_(None))
                        .values(withdrawn_at=now))
    customer.anonymised_at = None if personal else customer.anonymised_at
    session.flush()
    return _info(session, customer)


def get_customer(session: Session, code_text: str) -> CustomerInfo | None:
    """The customer of a card (any status), or None when none was ever recorded."""
    card = ops._find_card(session, code_text)  # noqa: SLF001
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return None if customer is None else _info(session, customer)


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _complaints_of(session: Session, customer: Customer | None, card_ids: list[int]) -> list[Complaint]:
    """Complaints about the person: on one of their cards, or whose contact or text names them."""
    conditions: list[Any] = [Complaint.card_id.in_(card_ids)] if card_ids else []
    if customer is not None:
        matches = _redactor(customer)
        found = [c.id for c in session.scalars(select(Complaint))
                 if matches(c.contact) != c.contact or matches(c.text) != c.text
                 or matches(c.resolution) != c.resolution]
        if found:
            conditions.append(Complaint.id.in_(found))
    if not conditions:
        return []
    return list(session.scalars(select(Complaint).where(or_(*conditions)).order_by(Complaint.id)))


def export_person(session: Session, code_text: str) -> dict[str, Any]:
    """Everything stored about the person behind a card, as JSON-ready values.

    The customer's details and consent, every card they hold (a transfer keeps
    the customer), each card's ledger and visits, and the complaints on their
    cards or that name them. Without a customer it is the card's own data.
    """
    card = ops._find_card(session, code_text)  # noqa: SLF001
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    cards = ([card] if customer is None else
             list(session.scalars(select(Card).where(Card.customer_id == customer.id).order_by(Card.id))))
    program = ops.get_program(session)
    out_cards = []
    for c in cards:
        events = session.scalars(select(Event).where(Event.card_id == c.id).order_by(Event.id))
        visits = session.scalars(select(Visit).where(Visit.card_id == c.id).order_by(Visit.id))
        out_cards.append({
            "number": codes.format_number(c.number), "status": c.status, "stamps": c.stamps,
            "stamps_required": program.stamps_required, "rewards_redeemed": c.rewards_redeemed,
            "visits": c.visits, "batch": c.batch_id, "issued_at": _iso(c.created_at),
            "activated_at": _iso(c.activated_at), "last_stamp_at": _iso(c.last_stamp_at),
            "events": [{"at": _iso(e.at), "kind": e.kind, "stamps": e.delta, "rewards": e.rewards_delta,
                        "station": e.station, "staff": e.staff, "note": e.note, "reference": e.uid[:8].upper()}
                       for e in events],
            "visit_list": [{"at": _iso(v.at), "stamps_added": v.stamps_added, "station": v.station}
                           for v in visits]})
    complaints = _complaints_of(session, customer, [c.id for c in cards])
    shop = session.get(Shop, 1)
    return {
        "shop": shop.name if shop else "",
        "customer": None if customer is None else {
            "name": customer.name, "phone": customer.phone, "email": customer.email,
            "birthday": _iso(customer.birthday), "consent_at": _iso(customer.consent_at),
            "created_at": _iso(customer.created_at), "anonymised_at": _iso(customer.anonymised_at)},
        "consent": None if customer is None or customer.consent_at is None else {
            "given_at": _iso(customer.consent_at),
            "kept_for_months_after_last_visit": shop.retention_months if shop else None},
        "contact_consents": [] if customer is None else [
            {"channel": c.channel, "source": c.source, "given_at": _iso(c.given_at),
             "confirmed_at": _iso(c.confirmed_at), "withdrawn_at": _iso(c.withdrawn_at)}
            for c in session.scalars(select(Consent).where(Consent.customer_id == customer.id).order_by(Consent.id))],
        "messages": [] if customer is None else [
            {"kind": m.kind, "channel": m.channel, "status": m.status, "at": _iso(m.sent_at or m.created_at)}
            for m in session.scalars(select(MessageLog).where(MessageLog.customer_id == customer.id)
                                     .order_by(MessageLog.id))],
        "cards": out_cards,
        "complaints": [{"reference": c.reference, "created_at": _iso(c.created_at), "topic": c.topic,
                        "text": c.text, "contact": c.contact, "status": c.status, "resolution": c.resolution,
                        "resolved_at": _iso(c.resolved_at)} for c in complaints],
    }


def _patterns(customer: Customer) -> list[str]:
    """What names the customer in a text: the name (whole, and each word of 3+ letters), the phone
    (whole or without its country code, with or without spaces, dots, dashes, slashes, brackets),
    the e-mail."""
    patterns: list[str] = []
    name = fold(customer.name.strip())
    if name:
        patterns.append(re.escape(name))
        patterns += [re.escape(word) for word in re.findall(r"\w{3,}", name)]
    digits = "".join(ch for ch in customer.phone if ch.isdigit())
    if len(digits) >= 6:  # whole, and without its country code (the last 10 or 9 digits)
        for tail in {digits, digits[-10:], digits[-9:]}:
            patterns.append(r"\+?" + r"[\s().\-/]*".join(re.escape(d) for d in tail))
    if customer.email.strip():
        patterns.append(re.escape(fold(customer.email.strip())))
    return patterns


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` without accents and case (NFD, combining marks dropped, casefolded), and for each
    character of that the index of the original character it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                index.append(i)
    return "".join(out), index


def fold(text: str) -> str:
    """``text`` as erasure compares it: no accents, no case, one Unicode form (NFC and NFD alike)."""
    return _folded(text)[0]


def _search(pattern: re.Pattern[str] | None, value: str) -> bool:
    return bool(value) and pattern is not None and pattern.search(fold(value)) is not None


def _sub(pattern: re.Pattern[str] | None, value: str) -> str:
    """``value`` with every match of ``pattern`` (on its folded form) replaced by ``[erased]``.

    The name is found whatever form the text took: ``Dvořák`` in NFC, in NFD
    (``r`` + a combining caron), or typed without accents as ``Dvorak``.
    """
    if not value or pattern is None:
        return value
    folded, index = _folded(value)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        start, end = index[match.start()], index[match.end() - 1] + 1
        while end < len(value) and unicodedata.combining(value[end]):
            end += 1  # the accents of the last letter go with it
        if start < last:
            continue
        out += [value[last:start], ERASED]
        last = end
    return "".join(out) + value[last:] if out else value


def _compiled(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(set(patterns), key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)


def _redactor(customer: Customer) -> Callable[[str], str]:
    """A function that replaces what names the customer (:func:`_patterns`) by ``[erased]``."""
    pattern = _compiled(_patterns(customer))
    if pattern is None:
        return lambda value: value
    return lambda value: _sub(pattern, value)


def _anonymise(session: Session, customer: Customer, now: dt.datetime) -> Erased:
    """Blank the customer's details and every text that names them; keep cards and stamps."""
    return _anonymise_many(session, [customer], now)


def _anonymise_many(session: Session, customers: list[Customer], now: dt.datetime) -> Erased:
    """Blank these customers' details and every text that names one of them; keep cards and stamps.

    One pass over the complaints and the ledger's notes for all of them, reading plain
    tuples (a daily retention run over many customers stays one quick transaction).
    On SQLite, ``secure_delete`` makes the old cells (the row, its phone index entry,
    the complaint texts) zeros as they are replaced, so a checkpoint alone already
    takes them out of the file; :func:`scrub` then also VACUUMs.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))
    ids = [c.id for c in customers]
    cards = session.execute(select(Card.id, Card.number).where(Card.customer_id.in_(ids)).order_by(Card.id)).all()
    card_ids = {card_id for card_id, _ in cards}
    pattern = _compiled([p for c in customers for p in _patterns(c)])

    def redact(value: str) -> str:
        return _sub(pattern, value)

    complaints = 0
    rows = session.execute(select(Complaint.id, Complaint.reference, Complaint.card_id, Complaint.contact,
                                  Complaint.text, Complaint.resolution)).all()
    for complaint_id, reference, card_id, contact, body, resolution in rows:
        names_them = _search(pattern, contact or "")
        new = ("" if card_id in card_ids or names_them else contact, redact(body), redact(resolution))
        if new != (contact, body, resolution):
            session.execute(update(Complaint).where(Complaint.id == complaint_id)
                            .values(contact=new[0], text=new[1], resolution=new[2]))
            complaints += 1
            _resend(session, "complaint", reference, ("contact", "text", "resolution"))
    notes = 0
    if pattern is not None:
        for event_id, note in session.execute(select(Event.id, Event.note).where(Event.note != "")):
            if _search(pattern, note):  # a block reason or adjustment typed with the customer's name
                session.execute(update(Event).where(Event.id == event_id).values(note=redact(note)))
                notes += 1
    session.execute(update(Consent).where(Consent.customer_id.in_(ids), Consent.withdrawn_at.is_(None))
                    .values(withdrawn_at=now))  # no message goes to an erased customer (db/consent.py)
    for customer in customers:
        customer.name, customer.phone, customer.email, customer.birthday = "", "", "", None
        customer.consent_at, customer.anonymised_at = None, now
        _resend(session, "customer", _chain_key(session, customer.id), PERSONAL)
    session.flush()
    return Erased(ids[0] if len(ids) == 1 else None, tuple(n for _, n in cards), complaints, notes)


PERSONAL = ("name", "phone", "email", "birthday", "consent_at", "anonymised_at")


def _chain_key(session: Session, customer_id: int) -> str | None:
    from db.models import ChainKey

    return session.scalar(select(ChainKey.gkey).where(ChainKey.entity == "customer", ChainKey.local_id == customer_id))


def _resend(session: Session, entity: str, key: str | None, fields: tuple[str, ...]) -> None:
    """In a chain: forget these fields of the row as last exchanged with the hub, so the next push
    sends them all (blank), not only those that differ from this station's last copy: a station
    that had not yet seen a newer e-mail still erases it everywhere."""
    from db.models import ChainShared

    row = session.get(ChainShared, (entity, key)) if key else None
    if row is None:
        return
    data = json.loads(row.data)
    for name in fields:
        data.pop(name, None)
    row.data = json.dumps(data, sort_keys=True, default=str)


def erase(session: Session, code_text: str, *, now: dt.datetime) -> Erased:
    """Remove the personal data of the person behind a card, everywhere it is kept.

    Their cards, ledger events and visits stay (anonymous), so balances,
    reports and counts do not change. Works for cards of any status.
    """
    card = _card(session, code_text)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    if customer is None:
        return Erased(None, (card.number,), 0, 0)
    return _anonymise(session, customer, now)


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """``when`` moved back by calendar months (31 March less one month is 28/29 February)."""
    total = when.year * 12 + when.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return when.replace(year=year, month=month, day=min(when.day, days))


def stale_customers(session: Session, *, now: dt.datetime) -> list[int]:
    """Ids of customers with personal details whose last sign of life is older than the retention period.

    The last sign of life is the latest of: the customer's record or consent, and
    any ledger event (scan, stamp, redeem ...) on one of their cards.
    """
    shop = session.get(Shop, 1)
    if shop is None:
        return []
    cutoff = months_before(now, shop.retention_months)
    recent_event = (select(Event.id).join(Card, Event.card_id == Card.id)
                    .where(Card.customer_id == Customer.id, Event.at >= cutoff))
    query = (select(Customer.id)
             .where(Customer.anonymised_at.is_(None),
                    or_(Customer.name != "", Customer.phone != "", Customer.email != "",
                        Customer.birthday.is_not(None)),
                    Customer.created_at < cutoff,
                    or_(Customer.consent_at.is_(None), Customer.consent_at < cutoff),
                    ~exists(recent_event))
             .order_by(Customer.id))
    return list(session.scalars(query))


def reassert_anonymous(session: Session) -> int:
    """Blank again an anonymised customer whose details came back (a chain's pull can apply an
    older change from another station after this station's erasure); how many."""
    leaked = list(session.scalars(select(Customer).where(
        Customer.anonymised_at.is_not(None),
        or_(Customer.name != "", Customer.phone != "", Customer.email != "", Customer.birthday.is_not(None)))))
    for customer in leaked:
        when = customer.anonymised_at
        assert when is not None
        _anonymise_many(session, [customer], when)
    return len(leaked)


def apply_retention(session: Session, *, now: dt.datetime) -> int:
    """Anonymise every customer not seen for the shop's ``retention_months``; return how many."""
    ids = stale_customers(session, now=now)
    for start in range(0, len(ids), RETENTION_BATCH):
        group = list(session.scalars(select(Customer).where(Customer.id.in_(ids[start:start + RETENTION_BATCH]))))
        if group:
            _anonymise_many(session, group, now)
    return len(ids)


def customers_with_details(session: Session) -> int:
    """How many customers have personal details stored now."""
    return session.scalar(select(func.count()).select_from(Customer).where(
        or_(Customer.name != "", Customer.phone != "", Customer.email != "", Customer.birthday.is_not(None)))) or 0


# The hub's log compaction (what an erasure drops from it) is ``db.hub_roles.COMPACT_RECORDS_SQL``:
# the hub runs it as a function a station's login may call (it may not rewrite records itself).


def forget_on_hub(database: engine.Database) -> int | None:
    """In a chain of shops: push erasures to the hub now, then drop from the hub's log of shared
    records every customer and complaint value that a later record replaced (see ``db.hub_roles.COMPACT_RECORDS_SQL``);
    how many records were rewritten.

    None when this station is not in a chain. Raises ``sync.HubUnreachable`` when the hub
    is away: the erasure reaches it, and the other stations, at the next sync, and the
    next daily job runs this again.
    """
    from db import sync

    with database.sessions.begin() as session:
        state = chain_station.chain_state(session)
        if state is None:
            return None
        url = state.hub_url
    sync.sync_once(database)  # the blanked rows go to the hub
    with database.sessions.begin() as session:
        leaked = reassert_anonymous(session)
    if leaked:
        sync.sync_once(database)
    return compact_hub(url)


def compact_hub(url: str) -> int:
    """Drop superseded customer and complaint values from the hub's log (``db.hub_roles.COMPACT_RECORDS_SQL``); how many
    records were rewritten. Raises ``sync.HubUnreachable``-like errors when the hub is away."""
    from db import sync

    from db import hub_roles

    hub = sync.hub_engine(url)
    try:
        with hub.begin() as connection:
            return hub_roles.compact_records(connection)
    finally:
        hub.dispose()


def erase_everywhere(database: engine.Database, code_text: str, *, now: dt.datetime,
                     vacuum: bool = True) -> tuple[Erased, int | None, bool]:
    """Erase the person behind a card here, in a chain also on the hub and (at their next sync)
    every station, and drop the old bytes from this SQLite file.

    Returns the erasure, how many hub records were cleaned (None: not in a chain, or
    the hub is away: it follows at the next sync and daily job) and whether the file
    was scrubbed completely. In a chain it first pulls what the hub has (a detail
    entered at another station meanwhile is then erased too).
    """
    from db import sync

    with database.sessions.begin() as session:
        chained = chain_station.chain_state(session) is not None
    if chained:
        try:
            sync.sync_once(database)
        except sync.HubUnreachable:
            chained = False
    with database.sessions.begin() as session:
        erased = erase(session, code_text, now=now)
    cleaned: int | None = None
    if chained and erased.customer is not None:
        try:
            cleaned = forget_on_hub(database)
        except sync.HubUnreachable:
            cleaned = None
    return erased, cleaned, scrub(database, vacuum=vacuum)


def scrub(database: engine.Database, *, vacuum: bool = True) -> bool:
    """Make SQLite drop erased bytes from the database file: checkpoint the WAL into it
    (and empty the WAL), then VACUUM (rewrite the file from live rows only; seconds on a
    big file, so the touchscreen skips it and relies on ``secure_delete``).

    Returns False when another connection kept it from finishing (the kiosk in
    the middle of a write): the data is erased either way; the old bytes then go
    at the next checkpoint. PostgreSQL reuses the space itself: True.
    """
    if not database.is_sqlite:
        return True
    with database.engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if vacuum:
            raw.execute("VACUUM")
            busy = busy or raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return not busy


COPY_PATTERNS = ("auto-*.db", "manual-*.db", "before-restore-*.db", "before-upgrade-*.db")


@dataclass(frozen=True)
class Copies:
    """Backup copies that held an erased customer: cleaned in place, or named because they could not be."""

    cleaned: tuple[Path, ...]
    named: tuple[Path, ...]


def _copy_holds(path: Path, numbers: tuple[str, ...]) -> bool:
    """True when the SQLite copy at ``path`` has personal details for one of the cards ``numbers`` (read-only)."""
    marks = ",".join("?" * len(numbers))
    connection = files.read_only(path)
    try:
        row = connection.execute(
            f"SELECT 1 FROM customers JOIN cards ON cards.customer_id = customers.id "  # noqa: S608 - marks only
            f"WHERE cards.number IN ({marks}) AND (customers.name != '' OR customers.phone != '' "
            f"OR customers.email != '' OR customers.birthday IS NOT NULL) LIMIT 1", numbers).fetchone()
    finally:
        connection.close()
    return row is not None


def erase_in_copies(folder: Path, numbers: tuple[str, ...], *, now: dt.datetime) -> Copies:
    """Erase the customer behind the cards ``numbers`` in every backup copy in ``folder`` that holds them.

    The daily, the owner's, the before-restore and the before-upgrade copies keep
    a customer's details for up to 14 days after an erasure otherwise. A copy of
    this stampcard's schema is cleaned in place (the same :func:`erase`, then
    ``VACUUM``: the old bytes leave the file); one that cannot be (an older
    schema, a damaged or read-only file) is named, so the owner can delete it.
    """
    cleaned: list[Path] = []
    named: list[Path] = []
    if not numbers:
        return Copies((), ())
    from db import migrate

    paths = sorted({p for pattern in COPY_PATTERNS for p in folder.glob(pattern)}) if folder.is_dir() else []
    for path in paths:
        try:
            if not _copy_holds(path, numbers):
                continue
        except sqlite3.Error:
            continue  # no stampcard copy (or damaged beyond reading): nothing of the customer can be read back
        try:
            copy = engine.open_database(engine.sqlite_url(path), migrate_schema=False, create=False)
            try:
                with copy.sessions.begin() as session:
                    current = session.execute(text(f"SELECT version_num FROM {migrate.VERSION_TABLE}")).scalar()
                    if current != migrate.HEAD:
                        raise errors.DatabaseError(f"schema {current}")
                    erase(session, numbers[0], now=now)
                scrub(copy)
            finally:
                copy.close()
            connection = sqlite3.connect(str(path))
            try:
                connection.execute("PRAGMA journal_mode = DELETE")  # a copy stays one file, as it was made
            finally:
                connection.close()
            files.private_files(path)
            cleaned.append(path)
        except (errors.StampcardError, Refused, sqlite3.Error, SQLAlchemyError, OSError):
            named.append(path)
    return Copies(tuple(cleaned), tuple(named))


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a customer did: the erasure, the hub's cleaned records (None: no chain or
    the hub away), whether the file was scrubbed, and the backup copies cleaned or named."""

    erased: Erased
    hub_records_cleaned: int | None
    scrubbed: bool
    copies: Copies


def copy_folders(database: engine.Database, *more: Path) -> tuple[Path, ...]:
    """The folders whose backup copies may hold a customer: the SQLite file's own ``backups``
    folder (the command line's) and ``more`` (the kiosk's data folder), each once; none on PostgreSQL."""
    path = database.sqlite_path
    if path is None:
        return ()
    found: dict[Path, Path] = {}
    for folder in (path.parent / "backups", *more):
        found.setdefault(folder.resolve(), folder)
    return tuple(found.values())


def forget_customer(database: engine.Database, code_text: str, *, now: dt.datetime,
                    folders: tuple[Path, ...] = (), vacuum: bool = True) -> Forgotten:
    """The command line's ``customer erase`` and the kiosk's Forget button, one rule: erase the
    person everywhere (:func:`erase_everywhere`), then in every backup copy in ``folders`` that
    holds them (:func:`erase_in_copies`; a copy that cannot be cleaned is named, not skipped)."""
    erased, hub, scrubbed = erase_everywhere(database, code_text, now=now, vacuum=vacuum)
    cleaned: list[Path] = []
    named: list[Path] = []
    if erased.customer is not None:
        for folder in folders:
            copies = erase_in_copies(folder, erased.cards, now=now)
            cleaned += copies.cleaned
            named += copies.named
    return Forgotten(erased, hub, scrubbed, Copies(tuple(cleaned), tuple(named)))
