"""One run of messages to regulars: plan who gets what, then send each message exactly once,
only with consent. Works through a :class:`Store` (``db.messaging.Store`` over the shop's
database) and :class:`Transports`; it never imports ``db``.

Exactly once, and only with consent:

* a message is *claimed* right before its hand-over (``Store.claim`` commits its log row,
  (customer, kind, period) unique, as ``sending``): a second run finds it and sends nothing;
  a crash between the claim and the hand-over leaves ``sending``, never sent again by a run on
  its own; the owner sees it as interrupted and may send it again (``db.messaging``'s rule);
* right before each hand-over the customer's consent is read again (``Store.recipients``):
  a withdrawal (the one-click unsubscribe, the web page, the counter) stops everything at once;
* a message the transport refused is ``failed``, tried again by later runs (up to
  ``MAX_ATTEMPTS`` tries) while its consent holds; when the transport itself is away (the SMTP
  server does not answer, the modem's folder is not there) the rest of that channel waits
  for the next run unclaimed, so one outage costs one try of one message, not all of them.

At most ``Policy.monthly_cap`` messages a customer a calendar month of the shop; in the quiet
hours nothing is sent (the run says so, and the next one sends).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from cards import channels, clock, rules, tokens
from cards.refusals import Kind, Refused
from cards.settings import ShopSettings
from messages import due, render, transport

MAX_ATTEMPTS = 3
SENT, FAILED, DROPPED = "sent", "failed", "dropped"


class Store(Protocol):
    """Where the run reads customers and writes its log (``db.messaging.Store``)."""

    def settings(self) -> tuple[ShopSettings, bytes]: ...
    def recipients(self, customer_ids: set[int] | None = None) -> list[channels.Recipient]: ...
    def pending_email(self, customer_id: int) -> channels.Recipient | None: ...
    def logged(self) -> frozenset[tuple[int, str, str]]: ...
    def sent_since(self, since: dt.datetime) -> dict[int, int]: ...
    def failed(self, max_attempts: int) -> list[tuple[int, str, str]]: ...
    def claim(self, customer: int, kind: str, period: str, channel: str, now: dt.datetime,
              max_attempts: int) -> int | None: ...
    def finish(self, row_id: int, status: str, error: str, at: dt.datetime, *, bonus_card: str = "",
               bonus: int = 0) -> None: ...


class Transports(Protocol):
    """What hands messages over (:class:`transport.FromSettings` by default)."""

    def email(self, message: EmailMessage) -> None: ...
    def sms(self, phone: str, text: str, *, now: dt.datetime) -> None: ...
    def close(self) -> None: ...


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
    """What a run did: messages sent, skipped (quiet hours, no transport for the channel, consent
    withdrawn meanwhile, claimed by another run) and failed (tried again later)."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    quiet: bool = False
    failures: tuple[tuple[str, str, str], ...] = ()  # (card number, kind, reason in English: logs, --json)
    reasons: tuple[transport.SendFailed, ...] = ()  # each failure's reason as data, for the shells to word
    skipped_why: dict[str, int] = field(default_factory=dict)


def kinds_from(text: str | None) -> tuple[str, ...]:
    """``--kind K`` as a tuple of kinds (None: the automatic ones); refuses an unknown kind."""
    if text is None:
        return due.AUTOMATIC
    if text not in due.KINDS:
        raise Refused(Kind.BAD_CHOICE, field="kind", value=text, choices=due.KINDS)
    return (text,)


def _month_start(now: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    return clock.day_start(clock.local_date(now, zone).replace(day=1), zone)


def plan(store: Store, *, now: dt.datetime, kinds: tuple[str, ...] = due.AUTOMATIC,
         announcement: due.Announcement | None = None, policy: due.Policy = due.Policy()) -> list[Planned]:
    """Who would get what now, by which channel: the messages due, then failed ones to try again."""
    settings, _ = store.settings()
    if announcement is not None and announcement.tier:
        names = (rules.BASE_TIER.name, *(t.name for t in settings.tiers))
        if announcement.tier.casefold() not in {n.casefold() for n in names}:
            raise Refused(Kind.BAD_CHOICE, field="tier", value=announcement.tier, choices=names)
    zone = clock.zone(settings.timezone)
    people = store.recipients()
    history = due.History(store.logged(), store.sent_since(_month_start(now, zone)))
    found = due.due(people, now=now, zone=zone, history=history, kinds=kinds, announcement=announcement,
                    policy=policy)
    by_id = {p.id: p for p in people}
    out = [Planned(d.customer, d.number, d.kind, d.period, d.channel, by_id[d.customer].name) for d in found]
    for customer, kind, period in store.failed(MAX_ATTEMPTS):
        wanted = (kind == due.ANNOUNCE and announcement is not None and period == announcement.period) or (
            kind != due.ANNOUNCE and announcement is None and kind in kinds)  # an announcement's text is not stored
        person = by_id.get(customer)
        if wanted and person is not None and person.channel:
            out.append(Planned(customer, person.number, kind, period, person.channel, person.name, retry=True))
    return out


def unsubscribe_link(site: str, secret: bytes, customer: int, channel: str) -> str:
    """The one-click unsubscribe link of a message (answered by the web page, ``kiosk/web/consent.py``)."""
    return f"{site}/unsubscribe/{tokens.make(secret, tokens.UNSUBSCRIBE, customer, channel)}" if site else ""


def confirm_link(site: str, secret: bytes, customer: int) -> str:
    """The double opt-in link for an e-mail address given on the web page."""
    return f"{site}/confirm/{tokens.make(secret, tokens.CONFIRM, customer, channels.EMAIL)}" if site else ""


def letter(settings: ShopSettings, secret: bytes, person: channels.Recipient, *, kind: str, channel: str,
           text: str = "", bonus: int = 0, site: str = "", link: str = "") -> render.Letter:
    """A message's values for the templates."""
    return render.Letter(
        kind=kind, language=settings.language, shop=settings.shop, name=person.name, reward=settings.reward,
        stamps=person.stamps + bonus, to_go=person.to_go, bonus=bonus, birthday=person.birthday, text=text,
        tier=person.tier, card_page=f"{site}/c/{person.number}" if site else "",
        unsubscribe=unsubscribe_link(site, secret, person.id, channel), phone=settings.complaints_phone,
        email=settings.complaints_email, link=link)


def can_send(settings: ShopSettings, channel: str) -> bool:
    """The shop has set up a way out on ``channel``."""
    if channel == channels.EMAIL:
        return bool(settings.smtp and settings.sender)
    return bool(settings.sms_outbox or settings.sms_gateway)


def hand_over(hands: Transports, settings: ShopSettings, person: channels.Recipient, channel: str,
              message: render.Letter, at: dt.datetime) -> None:
    """Render and hand one message to its transport (raises ``transport.SendFailed``)."""
    if channel == channels.EMAIL:
        hands.email(transport.build_email(render.email(message), sender=settings.sender, to=person.email,
                                          unsubscribe=message.unsubscribe, now=at))
    else:
        hands.sms(person.phone, render.sms(message), now=at)


def send_due(store: Store, *, now: dt.datetime, kinds: tuple[str, ...] = due.AUTOMATIC,
             announcement: due.Announcement | None = None, policy: due.Policy = due.Policy(),
             make_transports: Callable[[ShopSettings], Transports] | None = None,
             clock_: Callable[[], dt.datetime] | None = None, site: str | None = None) -> Outcome:
    """Send every message due now (and retry failed ones), each at most once, each only with consent.

    ``make_transports`` builds what hands messages over (default: the shop's SMTP and SMS
    settings); ``clock_`` gives the time of each hand-over (default ``now``); ``site`` is the
    web page that answers the unsubscribe links (default: the ``card_url`` setting).
    """
    settings, secret = store.settings()
    zone = clock.zone(settings.timezone)
    planned = plan(store, now=now, kinds=kinds, announcement=announcement, policy=policy)
    if not planned:
        return Outcome()
    if due.quiet(now, zone, policy):
        return Outcome(skipped=len(planned), quiet=True, skipped_why={"quiet_hours": len(planned)})
    base = (settings.card_url if site is None else site).rstrip("/")
    why: dict[str, int] = defaultdict(int)
    down: dict[str, str] = {}  # channel -> why its transport is down for the rest of this run
    sent = failed = 0
    failures: list[tuple[str, str, str]] = []
    reasons: list[transport.SendFailed] = []
    hands = (make_transports or transport.FromSettings.of)(settings)
    try:
        for item in planned:
            if not can_send(settings, item.channel):
                why[f"no_{item.channel}_transport"] += 1
                continue
            if item.channel in down:  # the server or the modem's folder is away: the next run tries
                why[f"{item.channel}_transport_down"] += 1
                continue
            at = clock_() if clock_ is not None else now
            row_id = store.claim(item.customer, item.kind, item.period, item.channel, now, MAX_ATTEMPTS)
            if row_id is None:
                why["claimed_elsewhere"] += 1
                continue
            found = store.recipients({item.customer})  # consent read again right before the hand-over
            person = found[0] if found else None
            if person is None or person.channel != item.channel:
                store.finish(row_id, DROPPED, transport.Why.CONSENT_WITHDRAWN.value, at)
                why["consent_withdrawn"] += 1
                continue
            bonus = settings.birthday_bonus if item.kind == due.BIRTHDAY else 0
            message = letter(settings, secret, person, kind=item.kind, channel=item.channel,
                             text=announcement.text if announcement else "", bonus=bonus, site=base)
            try:
                hand_over(hands, settings, person, item.channel, message, at)
            except transport.SendFailed as exc:
                store.finish(row_id, FAILED, exc.stored(), at)  # data: the Messages page words it
                failed += 1
                failures.append((item.number, item.kind, str(exc)))
                reasons.append(exc)
                if isinstance(exc, transport.TransportDown):
                    down[item.channel] = str(exc)
                continue
            store.finish(row_id, SENT, "", at, bonus_card=person.number, bonus=bonus)
            sent += 1
    finally:
        hands.close()
    return Outcome(sent, sum(why.values()), failed, False, tuple(failures), tuple(reasons), dict(why))


def counts_by_kind(store: Store, *, now: dt.datetime) -> dict[str, int]:
    """How many automatic messages of each kind are due now (the owner's Messages page)."""
    found = plan(store, now=now)
    return {kind: sum(1 for p in found if p.kind == kind) for kind in due.AUTOMATIC}


def send_confirmation(store: Store, customer: int, *, now: dt.datetime, site: str = "",
                      make_transports: Callable[[ShopSettings], Transports] | None = None) -> bool:
    """E-mail the double opt-in link to an address given on the web page (at once, quiet hours or
    not: the customer just asked); the link points at the ``card_url`` setting, else at ``site``.
    False when nothing waits, or it could not be sent."""
    settings, secret = store.settings()
    person = store.pending_email(customer)
    base = (settings.card_url or site).rstrip("/")
    if person is None or not base or not can_send(settings, channels.EMAIL):
        return False
    message = render.Letter(kind="confirm", language=settings.language, shop=settings.shop, name=person.name,
                            phone=settings.complaints_phone, email=settings.complaints_email,
                            link=confirm_link(base, secret, customer))
    hands = (make_transports or transport.FromSettings.of)(settings)
    try:
        hands.email(transport.build_email(render.email(message), sender=settings.sender, to=person.email, now=now))
    except transport.SendFailed:
        return False
    finally:
        hands.close()
    return True
