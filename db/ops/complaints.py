"""Complaints, suggestions and thanks: register with a reference, the owner's inbox, resolve."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text, union_all
from sqlalchemy.orm import Session

from cards import codes
from cards.refusals import Kind, Refused
from db import transactions
from db.models import Card, Complaint
from db.ops.checks import CONTACT_LENGTH, LONG_TEXT_LENGTH, STATION_LENGTH, check_id, checked_text
from db.ops.cards import _find_card


# What a customer writes about: complaints (the first five), and a suggestion or thanks (the card page's book).
COMPLAINT_TOPICS = ("service", "product", "waiting_time", "cleanliness", "other", "suggestion", "thanks")


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
