"""``stampcard batch create|reprint|void|list``: batches of cards (their printing: ``kiosk/cli/printing.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from cards import clock
from db import ops
from kiosk import sentences
from kiosk.cli import common, printing

Context = common.Context


def cmd_batch_void(args: argparse.Namespace, ctx: Context) -> int:
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        batch = ops.void_batch(session, args.batch, now=common.utcnow())
    ctx.emit({"batch": batch.id, "status": batch.status, "count": batch.count},
             sentences.user().ngettext("Batch %(batch)s is void: its %(n)d card is refused from now on.",
                                       "Batch %(batch)s is void: its %(n)d cards are refused from now on.",
                                       batch.count, batch=batch.id))
    return common.EXIT_OK


def cmd_batch_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        batches = ops.list_batches(session)
        zone = ops.get_shop(session).timezone  # times for people: the shop's wall time (cards.clock)
    w = sentences.user()
    ctx.emit({"batches": [{"batch": b.id, "count": b.count, "prestamps": b.prestamps, "status": b.status,
                           "created_at": b.created_at.isoformat(), "key": b.key} for b in batches]},
             "\n".join(f"{b.id:>5}  {clock.shown(b.created_at, zone)}  "
                       + w.ngettext("%(n)6d card", "%(n)6d cards", b.count) + "  "
                       + w.gettext("head start %(prestamps)d", prestamps=b.prestamps)
                       + f"  {sentences.status_word(w, b.status)}" for b in batches) or w.gettext("No batches yet."))
    return common.EXIT_OK



# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``batch create|reprint|void|list`` to the ``stampcard`` parser."""
    batch = sub.add_parser("batch", help="create, list or void batches of cards")
    bsub = batch.add_subparsers(dest="batch_command", required=True, metavar="ACTION")
    p = command(bsub, "create", printing.cmd_batch_create, "issue a batch of new cards (and print them)")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prestamps", type=int, default=None, help="head-start stamps (default: the program's)")
    p.add_argument("--paper", choices=["a4", "letter", "card"], default="a4")
    p.add_argument("--out", type=Path, default=None, help="write the cards' PDF here")
    p.add_argument("--printer", default=None, help="send the PDF to this CUPS queue")
    p.add_argument("--pin", default=None, help="owner PIN")
    p.add_argument("--numbers", type=Path, default=None, metavar="FILE.csv",
                   help="also write the card numbers, QR payloads and head start as CSV")
    p = command(bsub, "reprint", printing.cmd_batch_reprint,
                "render a batch's cards again (the same cards, same layout)")
    p.add_argument("batch", type=int)
    p.add_argument("--paper", choices=["a4", "letter", "card"], default="a4")
    p.add_argument("--out", type=Path, required=True, help="write the cards' PDF here")
    p.add_argument("--pin", default=None, help="owner PIN")
    p = command(bsub, "void", cmd_batch_void, "void a batch: its cards are refused from now on")
    p.add_argument("batch", type=int)
    p.add_argument("--pin", default=None, help="owner PIN")
    command(bsub, "list", cmd_batch_list, "list batches")
