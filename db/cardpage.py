"""What the customer's card page shows, and the one thing it writes (a complaint, suggestion or thanks).

The web shell (``kiosk/web``) calls these in one short transaction each, as the
kiosk does. :func:`card_page` only reads: the card (by QR payload, card page
address or printed number, any case), the program, the shop's contacts and the
local dates of the card's last visits. It returns plain values and no personal
data: no name, phone, e-mail or birthday, not even whether the card has a
customer; the number is shown masked, as on a receipt. A card that cannot be
used at the counter (void batch, blocked, moved to a new card) is refused like
an unknown one (``Kind.UNKNOWN_CARD``): the page says "not found" for all of them.

:func:`web_key` derives the key the web shell signs its form tokens with from
the shop's secret (HMAC with a fixed label), so the secret itself never leaves
``db``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards import codes, languages, rules
from cards.refusals import Kind, Refused
from db import localdays, ops, settings, transactions
from db.models import Card, Shop, Visit

RECENT_VISITS = 5
FEEDBACK_STATION = "web"
"""The station a complaint sent from the card page is recorded under (the owner's inbox shows it)."""


@dataclass(frozen=True)
class Contacts:
    """How to reach the shop about a complaint (any may be "")."""

    phone: str
    email: str
    url: str


@dataclass(frozen=True)
class ShopPage:
    """The shop as the card page shows it."""

    name: str
    language: str
    contacts: Contacts
    card_url: str


@dataclass(frozen=True)
class CardPage:
    """One card as its page shows it: no personal data."""

    shop: ShopPage
    masked_number: str
    code: str  # the card's number, normalised: what the page's links and form carry back
    stamps: int
    stamps_required: int
    head_start: int  # slots to mark as the shop's gift
    to_go: int
    reward: str
    reward_ready: bool
    rewards_redeemed: int
    tier: str
    next_tier: str  # "" when there is none
    rewards_to_next_tier: int
    recent_visits: tuple[dt.date, ...]  # the shop's local dates, newest first, one per day


@dataclass(frozen=True)
class Sent:
    """A message sent from the card page: the reference the customer can quote."""

    reference: str
    topic: str


def shop_page(session: Session) -> ShopPage:
    """The shop's name, language and complaint contacts (refuses ``NOT_INITIALISED``)."""
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    language = shop.language if shop.language in languages.CODES else "en"
    return ShopPage(shop.name, language, Contacts(shop.complaints_phone, shop.complaints_email, shop.complaints_url),
                    settings.card_url(session))


def card_page(session: Session, code_text: str) -> CardPage:
    """The page of the card ``code_text`` names; refuses (``UNKNOWN_CARD`` when it is not usable, or
    the parser's reason: ``NOT_OURS``, ``DAMAGED``, ``BAD_SIGNATURE``, ``BAD_CHECK``)."""
    with transactions.reading():
        view = ops.card_view(session, code_text)
    if view.status not in ("issued", "active"):
        raise Refused(Kind.UNKNOWN_CARD, number=view.number)
    program = ops.get_program(session)
    shop = shop_page(session)
    where = localdays.zone(session.scalar(select(Shop.timezone).where(Shop.id == 1)) or "")
    card_id = session.scalar(select(Card.id).where(Card.number == view.number))
    moments = session.scalars(select(Visit.at).where(Visit.card_id == card_id, Visit.stamps_added > 0)
                              .order_by(Visit.at.desc()).limit(RECENT_VISITS * 4))
    days: list[dt.date] = []
    for moment in moments:
        day = localdays.local_date(moment, where)
        if day not in days:
            days.append(day)
    upcoming = rules.next_tier(program, view.rewards_redeemed)
    return CardPage(
        shop=shop, masked_number=codes.mask_number(view.number), code=view.number, stamps=view.stamps,
        stamps_required=view.stamps_required, head_start=view.head_start, to_go=view.to_go, reward=view.reward,
        reward_ready=view.reward_ready, rewards_redeemed=view.rewards_redeemed, tier=view.tier,
        next_tier=upcoming.name if upcoming is not None else "",
        rewards_to_next_tier=max(0, upcoming.min_rewards - view.rewards_redeemed) if upcoming is not None else 0,
        recent_visits=tuple(days[:RECENT_VISITS]))


def feedback_topics() -> tuple[str, ...]:
    """The topics the page's form offers (the inbox's own topics: a complaint's, a suggestion, thanks)."""
    return ops.COMPLAINT_TOPICS


def send_feedback(session: Session, *, topic: str, text: str, contact: str, code_text: str,
                  now: dt.datetime) -> Sent:
    """Put a complaint, suggestion or thanks from the card page into the owner's inbox (station "web").

    ``code_text`` ("" = none) ties it to a card; a card the page would not show is
    refused as unknown, like the page. The text and contact are checked by
    ``ops.add_complaint`` (lengths, control characters).
    """
    if code_text:
        card_page(session, code_text)
    sent = ops.add_complaint(session, topic=topic, text=text, contact=contact, card_code=code_text, now=now,
                             station=FEEDBACK_STATION)
    return Sent(sent.reference, sent.topic)


def web_key(session: Session) -> bytes:
    """The key the web shell signs its form tokens with: derived from the shop's secret, never the secret."""
    secret = session.scalar(select(Shop.secret).where(Shop.id == 1))
    if secret is None:
        raise Refused(Kind.NOT_INITIALISED)
    return hmac.new(secret, b"stampcard web form tokens v1", hashlib.sha256).digest()
