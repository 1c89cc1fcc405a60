"""``stampcard complaint add|list|resolve``: complaints and ideas; contacts only with the owner PIN."""

from __future__ import annotations

import argparse
import os
from typing import Any, Callable

from cards import clock, codes
from db import ops
from kiosk import sentences
from kiosk.cli import common

Context = common.Context


def _complaint_json(c: ops.ComplaintView) -> dict[str, Any]:
    return {"id": c.id, "reference": c.reference, "topic": c.topic, "text": c.text, "contact": c.contact,
            "card": codes.format_number(c.card) if c.card else None, "status": c.status,
            "resolution": c.resolution, "created_at": c.created_at.isoformat(),
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None}


def cmd_complaint_add(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        complaint = ops.add_complaint(session, topic=args.topic, text=args.text, contact=args.contact,
                                      card_code=args.card or "", now=common.utcnow(), station=ctx.station)
    ctx.emit(_complaint_json(complaint), sentences.user().gettext("Complaint registered, reference %(reference)s.",
                                                                  reference=complaint.reference))
    return common.EXIT_OK


def cmd_complaint_list(args: argparse.Namespace, ctx: Context) -> int:
    """The complaints; the complainants' contacts only with the owner PIN (``--pin`` or ``STAMPCARD_PIN``)."""
    ctx.open_db()
    given = args.pin or os.environ.get("STAMPCARD_PIN")
    owner = bool(given) and bool(common.check_pin(ctx, str(given), "owner"))  # a wrong PIN is refused
    with ctx.open_db().sessions.begin() as session:
        complaints = ops.list_complaints(session, args.status)
        zone = ops.get_shop(session).timezone  # times for people: the shop's wall time (cards.clock)
    safe = common.printable  # a stored text never fakes terminal lines or colours
    w = sentences.user()

    def shown(c: ops.ComplaintView) -> dict[str, Any]:
        data = _complaint_json(c)
        if not owner:
            data["contact"] = None  # personal data: the owner's to read
        return data

    ctx.emit({"complaints": [shown(c) for c in complaints], "contacts_shown": owner},
             "\n".join(f"{c.reference}  {clock.shown(c.created_at, zone)}  {sentences.status_word(w, c.status):<8}  "
                       f"{safe(c.topic):<12}  {safe(c.text[:50])}" + (f"  [{safe(c.contact)}]" if owner and c.contact else "")
                       for c in complaints) or w.gettext("No complaints."))
    return common.EXIT_OK


def cmd_complaint_resolve(args: argparse.Namespace, ctx: Context) -> int:
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        complaint = ops.resolve_complaint(session, args.id, resolution=args.note, now=common.utcnow())
    ctx.emit(_complaint_json(complaint), sentences.user().gettext("Complaint %(reference)s resolved.",
                                                                  reference=complaint.reference))
    return common.EXIT_OK



# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``complaint add|list|resolve`` to the ``stampcard`` parser."""
    complaint = sub.add_parser("complaint", help="add, list or resolve complaints")
    qsub = complaint.add_subparsers(dest="complaint_command", required=True, metavar="ACTION")
    p = command(qsub, "add", cmd_complaint_add, "register a complaint or idea")
    p.add_argument("--card", default=None)
    p.add_argument("--topic", required=True, help=", ".join(common.COMPLAINT_TOPICS))
    p.add_argument("--text", default="")
    p.add_argument("--contact", default="")
    p = command(qsub, "list", cmd_complaint_list, "list complaints")
    p.add_argument("--status", choices=["open", "resolved"], default=None)
    p.add_argument("--pin", default=None, help="owner PIN: also show the complainants' contacts")
    p = command(qsub, "resolve", cmd_complaint_resolve, "mark a complaint resolved")
    p.add_argument("id", help="the reference (C-XXXXX) or the id")
    p.add_argument("--note", default="")
    p.add_argument("--pin", default=None, help="owner PIN")
