"""Messages to regulars, the database's side: the plain records the rules read, and the log that
makes every message go at most once (``messages.run`` decides and sends; this module stores).

:class:`Store` is what ``messages.run`` works through (its ``Store`` protocol): each method is
one short transaction on the shop's database.

* :meth:`Store.recipients`: customers with an active consent and the address for it, as
  :class:`cards.channels.Recipient` (visits with stamps on any of their cards, redemptions
  not undone, the card they use now);
* :meth:`Store.claim`: the message's ``message_log`` row, (customer, kind, period) unique, is
  committed as ``sending`` before the transport is called, so a second run (or a second kiosk
  on the same database) finds it and sends nothing; a failed one is claimed again for a retry;
* :meth:`Store.finish`: ``sent``, ``failed`` (tried again later) or ``dropped`` (the consent
  was withdrawn meanwhile); a birthday message's bonus is credited in the same transaction.

A message stuck in ``sending`` (the run was killed or crashed between the claim and the
finish) follows one rule. Nothing resends it on its own: the transport may have taken it, and a
customer must not get it twice. Once its claim is :data:`STUCK_AFTER` old (a hand-over takes
seconds: its transport's timeout) it is *interrupted*: the owner's outbox shows it as "not known
whether it went" (:func:`is_interrupted`), and the owner's explicit Send again
(:func:`send_again`) makes it ``failed`` with one try left, so the next run sends it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards import channels, rules
from cards.ledger import EventKind
from cards.refusals import Refused
from cards.settings import ShopSettings
from db import engine, ops
from db import settings as db_settings
from db.models import Batch, Card, Consent, Customer, Event, MessageLog, Visit

SENDING, SENT, FAILED, DROPPED = "sending", "sent", "failed", "dropped"  # dropped: consent withdrawn
STUCK_AFTER = dt.timedelta(hours=1)  # a claim this old whose message is still ``sending``: a crash interrupted it
BIRTHDAY_BONUS_EVENT = EventKind.BIRTHDAY_BONUS


@dataclass(frozen=True)
class OutboxRow:
    """One row of the message log for the owner's outbox."""

    id: int
    number: str
    kind: str
    period: str
    channel: str
    status: str
    attempts: int
    error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


def _active_consents(session: Session) -> dict[int, set[str]]:
    rows = session.execute(select(Consent.customer_id, Consent.channel).where(
        Consent.confirmed_at.is_not(None), Consent.withdrawn_at.is_(None)))
    out: dict[int, set[str]] = defaultdict(set)
    for customer_id, channel in rows:
        out[customer_id].add(channel)
    return out


def recipients(session: Session, *, customer_ids: set[int] | None = None) -> list[channels.Recipient]:
    """Every customer with an active consent and the address for it (see the module)."""
    consents = _active_consents(session)
    if customer_ids is not None:
        consents = {k: v for k, v in consents.items() if k in customer_ids}
    if not consents:
        return []
    program = ops.get_program(session)
    ids = sorted(consents)
    people = {row.id: row for row in session.execute(select(
        Customer.id, Customer.name, Customer.email, Customer.phone, Customer.birthday, Customer.anonymised_at)
        .where(Customer.id.in_(ids)))}
    void = set(session.scalars(select(Batch.id).where(Batch.status == "void")))
    cards: dict[int, list[Any]] = defaultdict(list)
    for card in session.execute(select(Card.id, Card.number, Card.customer_id, Card.status, Card.batch_id,
                                       Card.stamps, Card.rewards_redeemed)
                                .where(Card.customer_id.in_(ids)).order_by(Card.id)):
        cards[card.customer_id or 0].append(card)
    card_owner = {card.id: owner for owner, owned in cards.items() for card in owned}
    visits: dict[int, list[dt.datetime]] = defaultdict(list)
    for card_id, at in session.execute(select(Visit.card_id, Visit.at).where(
            Visit.card_id.in_(card_owner), Visit.stamps_added > 0)):
        visits[card_owner[card_id]].append(at)
    undone = select(Event.reverses_id).where(Event.reverses_id.is_not(None), Event.card_id.in_(card_owner))
    rewards: dict[int, list[dt.datetime]] = defaultdict(list)
    for card_id, at in session.execute(select(Event.card_id, Event.at).where(
            Event.card_id.in_(card_owner), Event.kind == "redeem", ~Event.id.in_(undone))):
        rewards[card_owner[card_id]].append(at)
    out = []
    for customer_id in ids:
        person = people.get(customer_id)
        usable = [c for c in cards.get(customer_id, []) if c.status in ("issued", "active") and c.batch_id not in void]
        if person is None or person.anonymised_at is not None or not usable:
            continue
        card = usable[-1]
        agreed = consents[customer_id]
        out.append(channels.Recipient(
            id=customer_id, number=card.number, name=person.name,
            email=person.email if channels.EMAIL in agreed else "",
            phone=person.phone if channels.SMS in agreed else "",
            birthday=person.birthday, visits=tuple(sorted(visits[customer_id])),
            rewards=tuple(sorted(rewards[customer_id])), stamps=card.stamps,
            to_go=rules.to_go(program, card.stamps),
            tier=rules.tier_for(program, sum(c.rewards_redeemed for c in usable)).name))
    return out


def pending_email(session: Session, customer_id: int) -> channels.Recipient | None:
    """The customer, with the e-mail address whose consent waits for its confirmation link (None
    when nothing waits)."""
    row = session.scalar(select(Consent).where(Consent.customer_id == customer_id, Consent.channel == channels.EMAIL,
                                               Consent.confirmed_at.is_(None), Consent.withdrawn_at.is_(None)))
    person = session.get(Customer, customer_id)
    number = session.scalar(select(func.max(Card.number)).where(Card.customer_id == customer_id))
    if row is None or person is None or not person.email or number is None:
        return None
    return channels.Recipient(id=customer_id, number=number, name=person.name, email=person.email)


def logged(session: Session) -> frozenset[tuple[int, str, str]]:
    """Every (customer, kind, period) in the log, in any status."""
    return frozenset((c, k, p) for c, k, p in session.execute(
        select(MessageLog.customer_id, MessageLog.kind, MessageLog.period)))


def sent_since(session: Session, since: dt.datetime) -> dict[int, int]:
    """How many messages went (or are going) to each customer since ``since``."""
    return {customer: count for customer, count in session.execute(
        select(MessageLog.customer_id, func.count()).where(
            MessageLog.status.in_((SENT, SENDING)), MessageLog.created_at >= since)
        .group_by(MessageLog.customer_id))}


def failed(session: Session, *, max_attempts: int) -> list[tuple[int, str, str]]:
    """The (customer, kind, period) of failed messages with tries left, oldest first."""
    return [(c, k, p) for c, k, p in session.execute(
        select(MessageLog.customer_id, MessageLog.kind, MessageLog.period).where(
            MessageLog.status == FAILED, MessageLog.attempts < max_attempts).order_by(MessageLog.id))]


def claim(session: Session, customer: int, kind: str, period: str, channel: str, *, now: dt.datetime,
          max_attempts: int) -> int | None:
    """Write the message's log row as ``sending`` (a failed one: bump its attempts); None when it is
    sent, being sent, dropped or out of tries."""
    row = session.scalar(select(MessageLog).where(MessageLog.customer_id == customer, MessageLog.kind == kind,
                                                  MessageLog.period == period))
    if row is None:
        row = MessageLog(customer_id=customer, kind=kind, period=period, channel=channel, status=SENDING,
                         attempts=1, error="", created_at=now)
        session.add(row)
    elif row.status == FAILED and row.attempts < max_attempts:
        row.status, row.attempts, row.channel = SENDING, row.attempts + 1, channel
    else:
        return None
    session.flush()
    return row.id


def finish(session: Session, row_id: int, status: str, *, error: str = "", at: dt.datetime) -> None:
    """Record how a claimed message ended: ``sent``, ``failed`` or ``dropped``."""
    row = session.get(MessageLog, row_id)
    if row is None:
        return
    row.status, row.error = status, error[:300]
    if status == SENT:
        row.sent_at = at


def is_interrupted(row: OutboxRow, now: dt.datetime) -> bool:
    """True when ``row`` is still ``sending`` :data:`STUCK_AFTER` after its claim (a crash interrupted it)."""
    return row.status == SENDING and now - row.created_at >= STUCK_AFTER


def send_again(session: Session, row_id: int, *, now: dt.datetime, max_attempts: int) -> bool:
    """The owner's explicit Send again for an interrupted message: it becomes ``failed`` with one try
    left, so the next run sends it; False (nothing changed) when it is not interrupted."""
    row = session.get(MessageLog, row_id)
    if row is None or row.status != SENDING or now - row.created_at < STUCK_AFTER:
        return False
    row.status, row.attempts = FAILED, min(row.attempts, max_attempts - 1)
    row.error = "sent_again"  # a kind word (messages.transport.Why.SENT_AGAIN): each shell words it
    return True


def give_bonus(session: Session, number: str, bonus: int, *, at: dt.datetime) -> bool:
    """Credit the birthday bonus to a card (a ledger event); False when the card cannot take it now."""
    try:
        card = ops._find_card(session, number, lock=True)  # noqa: SLF001 - one lookup rule for every op
        ops._usable(session, card)  # noqa: SLF001
    except Refused:
        return False
    ops._append(session, card, BIRTHDAY_BONUS_EVENT, delta=bonus, now=at, station="", staff="",  # noqa: SLF001
                note="birthday bonus")
    return True


def outbox(session: Session, *, limit: int = 200) -> list[OutboxRow]:
    """The newest messages of the log, failures first (the owner's outbox)."""
    number = (select(func.max(Card.number)).where(Card.customer_id == MessageLog.customer_id)
              .correlate(MessageLog).scalar_subquery())
    rows = session.execute(select(MessageLog, number).order_by(
        (MessageLog.status == FAILED).desc(), MessageLog.id.desc()).limit(limit)).all()
    return [OutboxRow(log.id, found or "", log.kind, log.period, log.channel, log.status, log.attempts, log.error,
                      log.created_at, log.sent_at) for log, found in rows]


class Store:
    """``messages.run``'s store over the shop's database: one short transaction per call."""

    def __init__(self, database: engine.Database) -> None:
        self.database = database

    def settings(self) -> tuple[ShopSettings, bytes]:
        """The shop's settings and its secret (it signs the unsubscribe links)."""
        with self.database.sessions.begin() as session:
            return db_settings.get(session), ops.get_shop(session).secret

    def recipients(self, customer_ids: set[int] | None = None) -> list[channels.Recipient]:
        with self.database.sessions.begin() as session:
            return recipients(session, customer_ids=customer_ids)

    def pending_email(self, customer_id: int) -> channels.Recipient | None:
        with self.database.sessions.begin() as session:
            return pending_email(session, customer_id)

    def logged(self) -> frozenset[tuple[int, str, str]]:
        with self.database.sessions.begin() as session:
            return logged(session)

    def sent_since(self, since: dt.datetime) -> dict[int, int]:
        with self.database.sessions.begin() as session:
            return sent_since(session, since)

    def failed(self, max_attempts: int) -> list[tuple[int, str, str]]:
        with self.database.sessions.begin() as session:
            return failed(session, max_attempts=max_attempts)

    def claim(self, customer: int, kind: str, period: str, channel: str, now: dt.datetime,
              max_attempts: int) -> int | None:
        try:
            with self.database.sessions.begin() as session:
                return claim(session, customer, kind, period, channel, now=now, max_attempts=max_attempts)
        except sa_exc.IntegrityError:
            return None  # another run claimed it between our plan and our claim

    def finish(self, row_id: int, status: str, error: str, at: dt.datetime, *, bonus_card: str = "",
               bonus: int = 0) -> None:
        with self.database.sessions.begin() as session:
            finish(session, row_id, status, error=error, at=at)
            if bonus and bonus_card and status == SENT:
                give_bonus(session, bonus_card, bonus, at=at)
