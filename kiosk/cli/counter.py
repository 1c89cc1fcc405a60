"""``stampcard card show|block|transfer``, ``stamp``, ``redeem`` and ``undo``: the counter's commands."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Callable

from cards import refusals, rules
from db import ops
from kiosk import first_scan, sentences
from kiosk.cli import common, messages

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Context = common.Context


# --- presenting results ---


def card_json(card: ops.CardView) -> dict[str, Any]:
    """The ``card show --json`` object (contract fields first)."""
    return {
        "number": card.grouped, "status": card.status, "stamps": card.stamps,
        "stamps_required": card.stamps_required, "reward_ready": card.reward_ready,
        "rewards_redeemed": card.rewards_redeemed, "tier": card.tier, "to_go": card.to_go,
        "reward": card.reward, "batch": card.batch, "visits": card.visits,
        "last_stamp_at": card.last_stamp_at.isoformat() if card.last_stamp_at else None,
        "customer": card.customer_name or None,
    }


def card_text(card: ops.CardView) -> str:
    """Two or three lines a person reads at a glance, in the terminal's language."""
    w = sentences.user()
    values = {"stamps": card.stamps, "required": card.stamps_required, "to_go": card.to_go, "reward": card.reward}
    progress = (w.gettext("%(stamps)d of %(required)d: reward ready (%(reward)s)", **values) if card.reward_ready
                else w.gettext("%(stamps)d of %(required)d, %(to_go)d to go (%(reward)s)", **values))
    lines = [w.gettext("Card %(number)s  [%(status)s]  batch %(batch)s", number=card.grouped,
                       status=sentences.status_word(w, card.status), batch=card.batch),
             w.gettext("Stamps: %(progress)s", progress=progress),
             w.gettext("Tier: %(tier)s", tier=w.tier_name(card.tier)) + "  "
             + w.ngettext("%(n)d reward redeemed", "%(n)d rewards redeemed", card.rewards_redeemed) + "  "
             + w.ngettext("%(n)d visit", "%(n)d visits", card.visits)]
    if card.customer_name:
        lines.append(w.gettext("Customer: %(name)s", name=card.customer_name))
    return "\n".join(lines)


def _result(ctx: Context, result: ops.OpResult, headline: str) -> None:
    data = {**card_json(result.card), "action": result.kind, "added": result.added,
            "activated": result.activated, "event": result.event_uid, "reference": result.reference}
    ctx.emit(data, f"{headline}\n{card_text(result.card)}")


def cmd_card_show(args: argparse.Namespace, ctx: Context) -> int:
    def show(session: Session) -> ops.OpResult:
        if args.no_activate:
            return ops.OpResult(ops.card_view(session, args.code), ops.OpKind.SHOW)
        return ops.scan(session, args.code, now=common.utcnow(), station=ctx.station)

    result = first_scan.on_card(ctx.open_db(), show)
    headline = sentences.user().gettext("Welcome! First scan: the card is now active.") if result.activated else ""
    _result(ctx, result, headline.strip())
    return common.EXIT_OK


def cmd_card_block(args: argparse.Namespace, ctx: Context) -> int:
    staff = common.require_owner(ctx, args)
    card = first_scan.on_card(ctx.open_db(), lambda session: ops.block_card(
        session, args.code, now=common.utcnow(), station=ctx.station, staff=staff, reason=args.reason))
    ctx.emit(card_json(card), sentences.user().gettext("Card %(number)s is blocked.", number=card.grouped))
    return common.EXIT_OK


def cmd_card_transfer(args: argparse.Namespace, ctx: Context) -> int:
    staff = common.require_owner(ctx, args)
    result = first_scan.on_card(ctx.open_db(), lambda session: ops.transfer(
        session, args.old, args.new, now=common.utcnow(), station=ctx.station, staff=staff))
    _result(ctx, result, sentences.user().ngettext("Moved %(n)d stamp to the new card.",
                                                   "Moved %(n)d stamps to the new card.", result.added))
    return common.EXIT_OK


def cmd_stamp(args: argparse.Namespace, ctx: Context) -> int:
    refusals.check_range("count", args.count, 1, rules.MAX_STAMPS)  # beyond any card: bad usage (exit 2)
    result = first_scan.on_card(ctx.open_db(), lambda session: ops.stamp(
        session, args.code, count=args.count, force=args.force, now=common.utcnow(), station=ctx.station,
        staff=args.staff))
    _result(ctx, result, sentences.user().ngettext("+%(n)d stamp.", "+%(n)d stamps.", result.added))
    return common.EXIT_OK


def cmd_redeem(args: argparse.Namespace, ctx: Context) -> int:
    result = first_scan.on_card(ctx.open_db(), lambda session: ops.redeem(
        session, args.code, now=common.utcnow(), station=ctx.station, staff=args.staff))
    _result(ctx, result, sentences.user().gettext("Reward redeemed: %(reward)s.", reward=result.card.reward))
    return common.EXIT_OK


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    result = first_scan.on_card(ctx.open_db(), lambda session: ops.undo(
        session, args.code, now=common.utcnow(), station=ctx.station, staff=args.staff))
    moved = abs(result.added)  # what the undo changed: stamps taken back, or a reward's stamps given back
    w = sentences.user()
    headline = (w.ngettext("Undone: the reward; %(n)d stamp given back.", "Undone: the reward; %(n)d stamps given back.",
                           moved) if result.undone_kind == "redeem"
                else w.ngettext("Undone: %(n)d stamp taken back.", "Undone: %(n)d stamps taken back.", moved))
    _result(ctx, result, headline)
    return common.EXIT_OK



# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``card``, ``stamp``, ``redeem`` and ``undo`` to the ``stampcard`` parser."""
    card = sub.add_parser("card", help="show, block or transfer a card")
    csub = card.add_subparsers(dest="card_command", required=True, metavar="ACTION")
    p = command(csub, "show", cmd_card_show, "show a card (a first scan activates it)")
    p.add_argument("code", help="the QR payload or the printed number")
    p.add_argument("--no-activate", action="store_true", help="only look, do not activate a new card")
    p = command(csub, "block", cmd_card_block, "block a card")
    p.add_argument("code")
    p.add_argument("--reason", default="")
    p.add_argument("--pin", default=None, help="owner PIN")
    p = command(csub, "transfer", cmd_card_transfer, "move a lost card's stamps to a new card")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--pin", default=None, help="owner PIN")
    messages.register_card(csub, command)  # card refer OLD NEW (bring a friend)

    p = command(sub, "stamp", cmd_stamp, "add stamps to a card")
    p.add_argument("code")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--force", action="store_true", help="stamp again within the cooldown")
    p.add_argument("--staff", default="")
    p = command(sub, "redeem", cmd_redeem, "redeem a full card's reward")
    p.add_argument("code")
    p.add_argument("--staff", default="")
    p = command(sub, "undo", cmd_undo, "undo the card's last stamp or redeem (within 10 minutes)")
    p.add_argument("code")
    p.add_argument("--staff", default="")
