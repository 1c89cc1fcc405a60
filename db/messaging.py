"""Messages to regulars, the database's side: plain records for :mod:`messages.due`, the log that
makes every message go at most once, and the run that sends what is due.

Exactly once, and only with consent:

* a message is *claimed* first: its ``message_log`` row ((customer, kind, period) unique) is
  committed with status ``sending`` before the transport is called, so a second run (or a
  second kiosk on the same database) finds it and sends nothing; a crash between the claim
  and the hand-over leaves ``sending``, which is never sent again (at most once);
* right before each hand-over the consent is read again, in its own transaction: a
  withdrawal (the one-click unsubscribe, the web page, the counter) stops everything at once;
* a message the transport refused is ``failed`` and tried again by later runs, up to
  ``MAX_ATTEMPTS`` times, while its consent holds.

A customer gets at most ``Policy.monthly_cap`` messages a calendar month of the shop, and
nothing goes in the quiet hours (the run then sends nothing and says so).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards import channels, rules
from cards.settings import ShopSettings
from cards.refusals import Kind, Refused
from db import engine, localdays, ops
from db import settings as db_settings
from db.models import Batch, Card, Consent, Customer, Event, MessageLog, Visit
from messages import due, render, tokens, transport

MAX_ATTEMPTS = 3
SENDING, SENT, FAILED, DROPPED = "sending", "sent", "failed", "dropped"  # dropped: consent withdrawn
BIRTHDAY_BONUS_EVENT = "birthday_bonus"


@dataclass(frozen=True)
class Planned:
    """A message due now, as the owner's preview shows it."""

    customer: int
    number: str
    kind: str
    period: str
    channel: str
    name: str
    retry: bool = False  # a failed message tried again


@dataclass(frozen=True)
class Outcome:
    """What a run did: how many messages went, were skipped (quiet hours, no transport for the
    channel, consent withdrawn meanwhile) or failed (tried again later)."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    quiet: bool = False
    failures: tuple[tuple[str, str, str], ...] = ()  # (card number, kind, reason)
    skipped_why: dict[str, int] = field(default_factory=dict)


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


class Transports(Protocol):
    """What a run hands messages to (the real ones are built from the settings by :func:`transports`)."""

    def email(self, message: EmailMessage) -> None: ...
    def sms(self, phone: str, text: str, *, now: dt.datetime) -> None: ...


# --- plain records ---

def _active_consents(session: Session) -> dict[int, set[str]]:
    rows = session.execute(select(Consent.customer_id, Consent.channel).where(
        Consent.confirmed_at.is_not(None), Consent.withdrawn_at.is_(None)))
    out: dict[int, set[str]] = defaultdict(set)
    for customer_id, channel in rows:
        out[customer_id].add(channel)
    return out


def records(session: Session, *, customer_ids: set[int] | None = None) -> list[due.Customer]:
    """Every customer with an active consent and the address for it, as :class:`messages.due.Customer`.

    Visits are those with stamps added on any of the customer's cards (a transfer keeps
    the customer); the card is the newest one they can use; rewards are redemptions not undone.
    """
    consents = _active_consents(session)
    if customer_ids is not None:
        consents = {k: v for k, v in consents.items() if k in customer_ids}
    if not consents:
        return []
    program = ops.get_program(session)
    ids = sorted(consents)
    people = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    cards: dict[int, list[Card]] = defaultdict(list)
    void = set(session.scalars(select(Batch.id).where(Batch.status == "void")))
    for card in session.scalars(select(Card).where(Card.customer_id.in_(ids)).order_by(Card.id)):
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
        out.append(due.Customer(
            id=customer_id, number=card.number, name=person.name,
            email=person.email if channels.EMAIL in agreed else "",
            phone=person.phone if channels.SMS in agreed else "",
            birthday=person.birthday, visits=tuple(sorted(visits[customer_id])),
            rewards=tuple(sorted(rewards[customer_id])), stamps=card.stamps,
            to_go=rules.to_go(program, card.stamps),
            tier=rules.tier_for(program, sum(c.rewards_redeemed for c in usable)).name))
    return out


def _zone(session: Session) -> dt.tzinfo | None:
    return localdays.zone(db_settings.get(session).timezone)


def history(session: Session, *, now: dt.datetime, zone: dt.tzinfo | None) -> due.History:
    """Every message logged (in any status), and how many went to each customer this month."""
    logged = frozenset((c, k, p) for c, k, p in session.execute(
        select(MessageLog.customer_id, MessageLog.kind, MessageLog.period)))
    today = localdays.local_date(now, zone)
    month_start = localdays.day_start(today.replace(day=1), zone)
    counts = {customer: count for customer, count in session.execute(
        select(MessageLog.customer_id, func.count()).where(
            MessageLog.status.in_((SENT, SENDING)), MessageLog.created_at >= month_start)
        .group_by(MessageLog.customer_id))}
    return due.History(logged, counts)


def plan(session: Session, *, now: dt.datetime, kinds: tuple[str, ...] = due.AUTOMATIC,
         announcement: due.Announcement | None = None, policy: due.Policy = due.Policy()) -> list[Planned]:
    """Who would get what now, by which channel: the messages due, then failed ones to try again."""
    zone = _zone(session)
    people = records(session)
    names = {p.id: p.name for p in people}
    found = due.due(people, now=now, zone=zone, history=history(session, now=now, zone=zone), kinds=kinds,
                    announcement=announcement, policy=policy)
    out = [Planned(d.customer, d.number, d.kind, d.period, d.channel, names.get(d.customer, "")) for d in found]
    retries = select(MessageLog).where(MessageLog.status == FAILED, MessageLog.attempts < MAX_ATTEMPTS)
    if announcement is not None:  # an announcement's text is not stored: only this one's failures are retried
        retries = retries.where(MessageLog.kind == due.ANNOUNCE, MessageLog.period == announcement.period)
    else:
        retries = retries.where(MessageLog.kind.in_([k for k in kinds if k != due.ANNOUNCE]))
    by_id = {p.id: p for p in people}
    for row in session.scalars(retries.order_by(MessageLog.id)):
        person = by_id.get(row.customer_id)
        if person is not None and person.channel:
            out.append(Planned(row.customer_id, person.number, row.kind, row.period, person.channel, person.name,
                               retry=True))
    return out


def counts_by_kind(session: Session, *, now: dt.datetime) -> dict[str, int]:
    """How many automatic messages of each kind are due now (the owner's Messages page)."""
    found = plan(session, now=now)
    return {kind: sum(1 for p in found if p.kind == kind) for kind in due.AUTOMATIC}


def outbox(session: Session, *, limit: int = 200) -> list[OutboxRow]:
    """The newest messages of the log, failures first (the owner's outbox)."""
    rows = session.execute(select(MessageLog, Card.number).outerjoin(
        Card, Card.customer_id == MessageLog.customer_id).order_by(
        (MessageLog.status == FAILED).desc(), MessageLog.id.desc()).limit(limit * 4)).all()
    seen: dict[int, OutboxRow] = {}
    for log, number in rows:
        seen.setdefault(log.id, OutboxRow(log.id, number or "", log.kind, log.period, log.channel, log.status,
                                          log.attempts, log.error, log.created_at, log.sent_at))
    return list(seen.values())[:limit]


# --- sending ---

@dataclass
class SettingsTransports:
    """The shop's own transports: SMTP (one session a run), the SMS outbox folder or gateway."""

    smtp_url: str
    outbox: str
    gateway: str
    _stack: ExitStack = field(default_factory=ExitStack)
    _smtp: transport.Smtp | None = None

    def email(self, message: EmailMessage) -> None:
        if not self.smtp_url:
            raise transport.SendFailed("no SMTP server set")
        if self._smtp is None:
            self._smtp = self._stack.enter_context(transport.Smtp(self.smtp_url))
        self._smtp.send(message)

    def sms(self, phone: str, text: str, *, now: dt.datetime) -> None:
        if self.outbox:
            transport.Outbox(self.outbox).send(phone, text, now=now)
        elif self.gateway:
            transport.Gateway(self.gateway).send(phone, text)
        else:
            raise transport.SendFailed("no SMS outbox or gateway set")

    def close(self) -> None:
        self._stack.close()
        self._smtp = None


def _can(settings_: ShopSettings, channel: str) -> bool:
    if channel == channels.EMAIL:
        return bool(settings_.smtp and settings_.sender)
    return bool(settings_.sms_outbox or settings_.sms_gateway)


def _site(settings_: ShopSettings) -> str:
    """The card page's address (the web page answers the links), "" when the shop has none."""
    return settings_.card_url.rstrip("/")


def unsubscribe_link(site: str, secret: bytes, customer: int, channel: str) -> str:
    """The one-click unsubscribe link of a message (answered by ``kiosk/web/consent.py``)."""
    return f"{site}/unsubscribe/{tokens.make(secret, tokens.UNSUBSCRIBE, customer, channel)}" if site else ""


def confirm_link(site: str, secret: bytes, customer: int) -> str:
    """The double opt-in link for an e-mail address given on the web."""
    return f"{site}/confirm/{tokens.make(secret, tokens.CONFIRM, customer, channels.EMAIL)}" if site else ""


def _claim(session: Session, item: Planned, now: dt.datetime) -> int | None:
    """Write the message's log row as ``sending`` (a retry: bump its attempts); None when another run has it."""
    row = session.scalar(select(MessageLog).where(MessageLog.customer_id == item.customer,
                                                  MessageLog.kind == item.kind, MessageLog.period == item.period))
    if row is None:
        row = MessageLog(customer_id=item.customer, kind=item.kind, period=item.period, channel=item.channel,
                         status=SENDING, attempts=1, error="", created_at=now)
        session.add(row)
    elif row.status == FAILED and row.attempts < MAX_ATTEMPTS:
        row.status, row.attempts, row.channel = SENDING, row.attempts + 1, item.channel
    else:
        return None
    session.flush()
    return row.id


def _letter(session: Session, item: Planned, person: due.Customer, *, kind_text: str, bonus: int,
            site: str) -> render.Letter:
    settings_ = db_settings.get(session)
    shop = ops.get_shop(session)
    return render.Letter(
        kind=item.kind, language=settings_.language, shop=settings_.shop, name=person.name, reward=settings_.reward,
        stamps=person.stamps + bonus, to_go=person.to_go, bonus=bonus, birthday=person.birthday, text=kind_text,
        tier=person.tier, card_page=f"{site}/c/{person.number}" if site else "",
        unsubscribe=unsubscribe_link(site, shop.secret, person.id, item.channel),
        phone=settings_.complaints_phone, email=settings_.complaints_email)


def _give_birthday_bonus(session: Session, number: str, bonus: int, now: dt.datetime) -> None:
    card = ops._find_card(session, number, lock=True)  # noqa: SLF001 - one lookup rule for every op
    ops._usable(session, card)  # noqa: SLF001
    ops._append(session, card, BIRTHDAY_BONUS_EVENT, delta=bonus, now=now, station="", staff="",  # noqa: SLF001
                note="birthday bonus")


def send_due(database: engine.Database, *, now: dt.datetime, kinds: tuple[str, ...] = due.AUTOMATIC,
             announcement: due.Announcement | None = None, policy: due.Policy = due.Policy(),
             make_transports: Callable[[ShopSettings], Transports] | None = None,
             clock: Callable[[], dt.datetime] | None = None, site: str | None = None) -> Outcome:
    """Send every message due now (and retry failed ones), each at most once, each only with consent.

    ``make_transports`` builds what hands messages over (default: the shop's SMTP and SMS
    settings); ``clock`` gives the time of each hand-over (default ``now``); ``site`` is the web
    page's address that answers the unsubscribe links (default: the ``card_url`` setting).
    """
    with database.sessions.begin() as session:
        settings_ = db_settings.get(session)
        zone = localdays.zone(settings_.timezone)
        planned = plan(session, now=now, kinds=kinds, announcement=announcement, policy=policy)
    if not planned:
        return Outcome()
    if due.quiet(now, zone, policy):
        return Outcome(skipped=len(planned), quiet=True, skipped_why={"quiet_hours": len(planned)})
    why: dict[str, int] = defaultdict(int)
    sendable = []
    for item in planned:
        if _can(settings_, item.channel):
            sendable.append(item)
        else:
            why[f"no_{item.channel}_transport"] += 1
    claimed: list[tuple[int, Planned]] = []
    for item in sendable:
        try:
            with database.sessions.begin() as session:
                row_id = _claim(session, item, now)
        except sa_exc.IntegrityError:
            row_id = None  # another run claimed it between our plan and our claim
        if row_id is None:
            why["claimed_elsewhere"] += 1
        else:
            claimed.append((row_id, item))
    sent = failed = 0
    failures: list[tuple[str, str, str]] = []
    hands = (make_transports or _settings_transports)(settings_)
    try:
        for row_id, item in claimed:
            at = clock() if clock is not None else now
            with database.sessions.begin() as session:  # consent read again right before the hand-over
                found = records(session, customer_ids={item.customer})
                person = found[0] if found else None
                if person is None or person.channel != item.channel:
                    _finish(session, row_id, DROPPED, "consent withdrawn", at)
                    why["consent_withdrawn"] += 1
                    continue
                bonus = settings_.birthday_bonus if item.kind == due.BIRTHDAY else 0
                site = _site(settings_) if site is None else site.rstrip("/")
                letter = _letter(session, item, person, kind_text=announcement.text if announcement else "",
                                 bonus=bonus, site=site)
            try:
                if item.channel == channels.EMAIL:
                    hands.email(transport.build_email(render.email(letter), sender=settings_.sender,
                                                      to=person.email, unsubscribe=letter.unsubscribe, now=at))
                else:
                    hands.sms(person.phone, render.sms(letter), now=at)
            except transport.SendFailed as exc:
                with database.sessions.begin() as session:
                    _finish(session, row_id, FAILED, str(exc), at)
                failed += 1
                failures.append((item.number, item.kind, str(exc)))
                continue
            with database.sessions.begin() as session:
                _finish(session, row_id, SENT, "", at)
                if bonus:
                    try:
                        _give_birthday_bonus(session, person.number, bonus, at)
                    except Refused:
                        pass  # the card was blocked or voided meanwhile: the greeting went, no bonus
            sent += 1
    finally:
        close = getattr(hands, "close", None)
        if close is not None:
            close()
    skipped = sum(why.values())
    return Outcome(sent, skipped, failed, False, tuple(failures), dict(why))


def _finish(session: Session, row_id: int, status: str, error: str, at: dt.datetime,
            attempts: int | None = None) -> None:
    row = session.get(MessageLog, row_id)
    if row is None:
        return
    row.status, row.error = status, error[:300]
    if status == SENT:
        row.sent_at = at
    if attempts is not None:
        row.attempts = attempts


def _settings_transports(settings_: ShopSettings) -> SettingsTransports:
    return SettingsTransports(settings_.smtp, settings_.sms_outbox, settings_.sms_gateway)


def kinds_from(text: str | None) -> tuple[str, ...]:
    """``--kind K`` as a tuple of kinds (None: the automatic ones); refuses an unknown kind."""
    if text is None:
        return due.AUTOMATIC
    if text not in due.KINDS:
        raise Refused(Kind.BAD_CHOICE, field="kind", value=text, choices=due.KINDS)
    return (text,)
