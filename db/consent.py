"""Consent per channel (e-mail, SMS): given, confirmed (double opt-in), withdrawn.

A customer agrees to be contacted on a channel at a time and from a source
(``counter``: in person, ``web``: the join form, ``import``: an earlier list).
An e-mail address given on the web is confirmed by a link before anything is
sent to it; one given at the counter is confirmed at once (the person is there).
Withdrawal stops everything at once: :mod:`db.messaging` reads only consents
that are confirmed and not withdrawn, when it chooses whom to send to and again
right before it sends. Like every op, these take the caller's session and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards import channels, tokens
from cards.refusals import Kind, Refused
from db import ops
from db.models import Consent, Customer


@dataclass(frozen=True)
class ConsentInfo:
    """One channel's consent as stored."""

    channel: str
    source: str
    given_at: dt.datetime
    confirmed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """Messages may go out on this channel now."""
        return self.confirmed_at is not None and self.withdrawn_at is None


def _info(row: Consent) -> ConsentInfo:
    return ConsentInfo(row.channel, row.source, row.given_at, row.confirmed_at, row.withdrawn_at)


def of_customer(session: Session, customer_id: int) -> dict[str, ConsentInfo]:
    """The customer's consents by channel (withdrawn ones too: they say when)."""
    rows = session.scalars(select(Consent).where(Consent.customer_id == customer_id))
    return {row.channel: _info(row) for row in rows}


def give(session: Session, customer_id: int, chosen: tuple[str, ...], *, source: str, now: dt.datetime,
         confirmed: bool = True) -> dict[str, ConsentInfo]:
    """Record consent on each of ``chosen`` channels from ``source`` at ``now``.

    ``confirmed=False`` (an e-mail given on the web) waits for :func:`confirm`. A
    channel already agreed to and not withdrawn keeps its first time and source.
    """
    if source not in channels.SOURCES:
        raise Refused(Kind.BAD_CHOICE, field="source", value=source, choices=channels.SOURCES)
    for channel in chosen:
        if channel not in channels.CHANNELS:
            raise Refused(Kind.BAD_CHOICE, field="consent", value=channel, choices=channels.CHANNELS)
        row = session.scalar(select(Consent).where(Consent.customer_id == customer_id, Consent.channel == channel))
        if row is not None and row.withdrawn_at is None:
            if confirmed and row.confirmed_at is None:
                row.confirmed_at = now
            continue
        if row is None:
            row = Consent(customer_id=customer_id, channel=channel)
            session.add(row)
        row.source, row.given_at, row.withdrawn_at = source, now, None
        row.confirmed_at = now if confirmed else None
    session.flush()
    return of_customer(session, customer_id)


def confirm(session: Session, customer_id: int, channel: str, *, now: dt.datetime) -> bool:
    """The customer opened the confirmation link: the channel's consent is active. False when
    there is no pending consent to confirm (withdrawn meanwhile, or never given)."""
    row = session.scalar(select(Consent).where(Consent.customer_id == customer_id, Consent.channel == channel))
    if row is None or row.withdrawn_at is not None:
        return False
    if row.confirmed_at is None:
        row.confirmed_at = now
    return True


def withdraw(session: Session, customer_id: int, chosen: tuple[str, ...] = channels.CHANNELS, *,
             now: dt.datetime) -> int:
    """Withdraw consent on ``chosen`` channels (default: all) at once; how many were active or pending."""
    count = 0
    for row in session.scalars(select(Consent).where(Consent.customer_id == customer_id,
                                                     Consent.channel.in_(chosen))):
        if row.withdrawn_at is None:
            row.withdrawn_at = now
            count += 1
    session.flush()
    return count


def customer_of_card(session: Session, code_text: str, *, create: bool = False, now: dt.datetime) -> int | None:
    """The id of a card's customer; with ``create``, a new (blank) customer for a card that has none."""
    card = ops._find_card(session, code_text, lock=create)  # noqa: SLF001 - one lookup rule for every op
    if card.customer_id is None and create:
        ops._usable(session, card)  # noqa: SLF001
        customer = Customer(created_at=now)
        session.add(customer)
        session.flush()
        card.customer_id = customer.id
    return card.customer_id


def set_for_card(session: Session, code_text: str, *, give_channels: tuple[str, ...] = (),
                 withdraw_channels: tuple[str, ...] = (), source: str = "counter",
                 now: dt.datetime) -> dict[str, ConsentInfo]:
    """Give and/or withdraw channel consents of a card's customer (the CLI's ``customer set --consent``).

    A channel needs its contact: e-mail consent without an e-mail address, or SMS
    without a phone number, is refused (``Kind.EMPTY`` naming the field).
    """
    customer_id = customer_of_card(session, code_text, create=bool(give_channels), now=now)
    if customer_id is None:
        return {}
    customer = session.get(Customer, customer_id)
    assert customer is not None
    if channels.EMAIL in give_channels and not customer.email:
        raise Refused(Kind.EMPTY, field="customer_email")
    if channels.SMS in give_channels and not customer.phone:
        raise Refused(Kind.EMPTY, field="customer_phone")
    if withdraw_channels:
        withdraw(session, customer_id, withdraw_channels, now=now)
    if give_channels:
        give(session, customer_id, give_channels, source=source, now=now)
    return of_customer(session, customer_id)


# --- the web page (kiosk/web/consent.py): join, confirm, unsubscribe, withdraw ---

@dataclass(frozen=True)
class Joined:
    """A join from the web page: the customer, and whether an e-mail address waits for its confirmation."""

    customer: int
    email_pending: bool
    channels: tuple[str, ...]


def join(session: Session, code_text: str, *, name: str, email: str, phone: str, birthday: dt.date | None,
         chosen: tuple[str, ...], now: dt.datetime) -> Joined:
    """The card's holder joins on the web page: details kept with their consent, consent per channel
    from ``web``; an e-mail address waits for its link (double opt-in), a phone number does not.

    A detail left blank keeps what the shop has. At least one channel, with its contact, is
    needed (``Kind.EMPTY`` naming the field).
    """
    from db import privacy

    if not chosen:
        raise Refused(Kind.EMPTY, field="consent")
    now_info = privacy.get_customer(session, code_text)
    keep = now_info if now_info is not None and now_info.consent_at is not None else None
    info = privacy.set_customer(
        session, code_text, name=name.strip() or (keep.name if keep else ""),
        email=email.strip() or (keep.email if keep else ""), phone=phone.strip() or (keep.phone if keep else ""),
        birthday=birthday or (keep.birthday if keep else None), consent=True, now=now)
    if channels.EMAIL in chosen and not info.email:
        raise Refused(Kind.EMPTY, field="customer_email")
    if channels.SMS in chosen and not info.phone:
        raise Refused(Kind.EMPTY, field="customer_phone")
    pending = False
    for channel in chosen:
        if channel == channels.EMAIL:
            if now_info is None or now_info.email != info.email:
                withdraw(session, info.id, (channels.EMAIL,), now=now)  # a new address is confirmed anew
            give(session, info.id, (channel,), source="web", now=now, confirmed=False)  # an active one stays
            pending = not of_customer(session, info.id)[channels.EMAIL].active
        else:
            give(session, info.id, (channel,), source="web", now=now)
    return Joined(info.id, pending, chosen)


def _read(session: Session, token: str, purpose: str) -> tokens.Token | None:
    """The token's meaning under the shop's key. An unsubscribe link signed before a rotation of the
    signing key (db/ops/keys.py) still works (a way out must); every other purpose needs the current key."""
    secrets = ops.signing_secrets(session) if purpose == tokens.UNSUBSCRIBE else (ops.get_shop(session).secret,)
    for secret in secrets:
        found = tokens.read(secret, token, purpose)
        if found is not None:
            return found
    return None


def unsubscribe(session: Session, token: str, *, now: dt.datetime) -> bool:
    """A one-click unsubscribe (RFC 8058) or the link in a message: withdraw the token's channel at once.
    False when the token is not ours (nothing changes)."""
    found = _read(session, token, tokens.UNSUBSCRIBE)
    if found is None:
        return False
    withdraw(session, found.customer, (found.channel,), now=now)
    return True


def confirm_link(session: Session, token: str, *, now: dt.datetime) -> bool:
    """The double opt-in link was opened: the e-mail consent is active. False for a token not ours,
    or a consent withdrawn meanwhile."""
    found = _read(session, token, tokens.CONFIRM)
    return found is not None and confirm(session, found.customer, found.channel, now=now)


def token_valid(session: Session, token: str, purpose: str) -> bool:
    """The token is ours and of this purpose (the pages ask before showing their button)."""
    return _read(session, token, purpose) is not None


def of_card(session: Session, code_text: str) -> dict[str, ConsentInfo]:
    """The consents of a card's customer ({} when none)."""
    card = ops._find_card(session, code_text)  # noqa: SLF001
    return of_customer(session, card.customer_id) if card.customer_id else {}
