"""The ``stampcard`` command line, as DESIGN.md's contract says.

Exit codes: 0 success, 1 a printer failed, 2 bad usage (a number out of range
names the range), 3 refused (with one line on stderr and nothing written), 4
the database cannot be read or written (one line, nothing recorded); never a
traceback. Every command accepts ``--db`` and ``--json`` before or after
its own arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cards import clock, codes, languages, refusals, rules
from db import backup as db_backup
from db import engine, errors, ops
from db import settings as db_settings
from kiosk import config, lazy_imports, sentences
from kiosk.cli import common

utcnow = common.utcnow

Context = common.Context
Usage = common.Usage


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


# --- commands ---

def _program_from_args(args: argparse.Namespace) -> rules.Program:
    reward = args.reward if args.reward is not None else languages.default_reward(args.language)
    return rules.Program(stamps_required=args.stamps, prestamps=args.prestamps, reward=reward,
                         cooldown_minutes=args.cooldown, max_per_visit=args.max_per_visit)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.cli import owner

    settings = owner.init_settings(args, _program_from_args(args))  # the rules of `settings set` too
    program = settings.program()
    rules.check_pin_format(args.owner_pin)
    with common.undo_new_database(ctx):  # a refused or failed init leaves no file or folder behind
        with ctx.open_db(create=True).sessions.begin() as session:
            db_settings.init_shop(session, settings, owner_pin=args.owner_pin)
            shop = ops.get_shop(session)
    ctx.emit({"shop": shop.name, "stamps_required": program.stamps_required, "prestamps": program.prestamps,
              "reward": program.reward, "language": shop.language, "db": ctx.db_url},
             sentences.user().ngettext("Shop %(shop)r is set up: %(n)d stamp for %(reward)r",
                                       "Shop %(shop)r is set up: %(n)d stamps for %(reward)r",
                                       program.stamps_required, shop=shop.name, reward=program.reward)
             + sentences.user().ngettext(", %(n)d head-start stamp.", ", %(n)d head-start stamps.", program.prestamps)
             + "\n" + sentences.user().gettext("Database: %(db)s", db=ctx.db_url))
    return common.EXIT_OK


def cmd_batch_create(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.cli import printing

    return printing.cmd_batch_create(args, ctx)


def cmd_batch_reprint(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.cli import printing

    return printing.cmd_batch_reprint(args, ctx)


def cmd_batch_void(args: argparse.Namespace, ctx: Context) -> int:
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        batch = ops.void_batch(session, args.batch, now=utcnow())
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
                           "created_at": b.created_at.isoformat()} for b in batches]},
             "\n".join(f"{b.id:>5}  {clock.shown(b.created_at, zone)}  "
                       + w.ngettext("%(n)6d card", "%(n)6d cards", b.count) + "  "
                       + w.gettext("head start %(prestamps)d", prestamps=b.prestamps)
                       + f"  {sentences.status_word(w, b.status)}" for b in batches) or w.gettext("No batches yet."))
    return common.EXIT_OK


def cmd_card_show(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        if args.no_activate:
            card = ops.card_view(session, args.code)
            result = ops.OpResult(card, ops.OpKind.SHOW)
        else:
            result = ops.scan(session, args.code, now=utcnow(), station=ctx.station)
    headline = sentences.user().gettext("Welcome! First scan: the card is now active.") if result.activated else ""
    _result(ctx, result, headline.strip())
    return common.EXIT_OK


def cmd_card_block(args: argparse.Namespace, ctx: Context) -> int:
    staff = common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        card = ops.block_card(session, args.code, now=utcnow(), station=ctx.station, staff=staff,
                              reason=args.reason)
    ctx.emit(card_json(card), sentences.user().gettext("Card %(number)s is blocked.", number=card.grouped))
    return common.EXIT_OK


def cmd_card_transfer(args: argparse.Namespace, ctx: Context) -> int:
    staff = common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        result = ops.transfer(session, args.old, args.new, now=utcnow(), station=ctx.station, staff=staff)
    _result(ctx, result, sentences.user().ngettext("Moved %(n)d stamp to the new card.",
                                                   "Moved %(n)d stamps to the new card.", result.added))
    return common.EXIT_OK


def cmd_stamp(args: argparse.Namespace, ctx: Context) -> int:
    refusals.check_range("count", args.count, 1, rules.MAX_STAMPS)  # beyond any card: bad usage (exit 2)
    with ctx.open_db().sessions.begin() as session:
        result = ops.stamp(session, args.code, count=args.count, force=args.force, now=utcnow(),
                           station=ctx.station, staff=args.staff)
    _result(ctx, result, sentences.user().ngettext("+%(n)d stamp.", "+%(n)d stamps.", result.added))
    return common.EXIT_OK


def cmd_redeem(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        result = ops.redeem(session, args.code, now=utcnow(), station=ctx.station, staff=args.staff)
    _result(ctx, result, sentences.user().gettext("Reward redeemed: %(reward)s.", reward=result.card.reward))
    return common.EXIT_OK


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        result = ops.undo(session, args.code, now=utcnow(), station=ctx.station, staff=args.staff)
    moved = abs(result.added)  # what the undo changed: stamps taken back, or a reward's stamps given back
    w = sentences.user()
    headline = (w.ngettext("Undone: the reward; %(n)d stamp given back.", "Undone: the reward; %(n)d stamps given back.",
                           moved) if result.undone_kind == "redeem"
                else w.ngettext("Undone: %(n)d stamp taken back.", "Undone: %(n)d stamps taken back.", moved))
    _result(ctx, result, headline)
    return common.EXIT_OK


def _complaint_json(c: ops.ComplaintView) -> dict[str, Any]:
    return {"id": c.id, "reference": c.reference, "topic": c.topic, "text": c.text, "contact": c.contact,
            "card": codes.format_number(c.card) if c.card else None, "status": c.status,
            "resolution": c.resolution, "created_at": c.created_at.isoformat(),
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None}


def cmd_complaint_add(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        complaint = ops.add_complaint(session, topic=args.topic, text=args.text, contact=args.contact,
                                      card_code=args.card or "", now=utcnow(), station=ctx.station)
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
        complaint = ops.resolve_complaint(session, args.id, resolution=args.note, now=utcnow())
    ctx.emit(_complaint_json(complaint), sentences.user().gettext("Complaint %(reference)s resolved.",
                                                                  reference=complaint.reference))
    return common.EXIT_OK


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        report = ops.report(session, since=args.since, now=utcnow())  # since: a day of the shop's time zone
    data = {"since": report.since.isoformat() if report.since else None, "cards_issued": report.cards_issued,
            "cards_active": report.cards_active, "visits": report.visits, "stamps": report.stamps,
            "rewards_redeemed": report.rewards_redeemed, "returning_customers": report.returning_customers,
            "complaints_open": report.complaints_open, "complaints_resolved": report.complaints_resolved,
            "per_day": [{"day": d, "visits": v, "stamps": s, "rewards": r} for d, v, s, r in report.per_day]}
    w = sentences.user()
    lines = [w.gettext("Report since %(day)s", day=report.since.isoformat()) if report.since else w.gettext("Report"),
             "  " + w.gettext("cards issued %(issued)d, active %(active)d", issued=report.cards_issued,
                              active=report.cards_active),
             "  " + w.gettext("visits %(visits)d, stamps %(stamps)d, rewards redeemed %(rewards)d",
                              visits=report.visits, stamps=report.stamps, rewards=report.rewards_redeemed),
             "  " + w.gettext("returning customers %(n)d", n=report.returning_customers),
             "  " + w.gettext("complaints open %(open)d, resolved %(resolved)d", open=report.complaints_open,
                              resolved=report.complaints_resolved)]
    lines += ["  " + w.gettext("%(day)s  visits %(visits)5d  stamps %(stamps)5d  rewards %(rewards)4d", day=d,
                               visits=v, stamps=s, rewards=r) for d, v, s, r in report.per_day[-14:]]
    ctx.emit(data, "\n".join(lines))
    return common.EXIT_OK


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    path = ctx.sqlite_path()
    common.require_owner(ctx, args)  # opens the database: refused (nothing made) where there is none
    out = db_backup.backup_out(path, args.out)
    ctx.emit({"backup": str(out), "bytes": out.stat().st_size},
             sentences.user().gettext("Backup written to %(file)s.", file=out))
    return common.EXIT_OK


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    path = ctx.sqlite_path()
    check_pin: Callable[[engine.Database], None] | None = None
    try:
        common.require_owner(ctx, args)
    except common.driver_errors(errors.StampcardError, sqlite3.Error):
        if not path.is_file() or db_backup.quick_check(path) == "ok":
            raise  # not damaged: a full disk, a read-only file: exit 4 as ever
        # A damaged database cannot say who its owner is: the backup's own owner PIN decides.
        pin = common.owner_pin_text(args)
        if pin is None:
            raise refusals.Refused(refusals.Kind.NO_PIN) from None

        def check_pin(staged: engine.Database) -> None:
            with staged.sessions.begin() as session:
                ops.verify_pin(session, pin, now=utcnow(), role="owner")
    try:
        db_backup.check_file(args.file)
    except errors.DatabaseError as exc:
        raise refusals.Refused(refusals.Kind.BAD_FILE, field=str(args.file), value=str(exc)) from exc
    ctx.close()
    saved = db_backup.restore(path, args.file, keep_dir=path.parent / "backups", check_pin=check_pin)
    ctx.emit({"restored": str(args.file), "previous": str(saved) if saved else None},
             sentences.user().gettext("Restored from %(file)s.", file=args.file)
             + (" " + sentences.user().gettext("The previous database was saved to %(file)s.", file=saved)
                if saved else ""))
    return common.EXIT_OK


def cmd_scan(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.cli import scan

    return int(scan.cmd_scan(args, ctx))


def cmd_receipt(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.cli import printing

    return int(printing.cmd_receipt(args, ctx))


def cmd_kiosk(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.app import main as app_main

    app_main.setup_logging(Path(ctx.data_dir))  # first: a schema upgrade's one line belongs in kiosk.log
    ctx.open_db(create=True)  # the kiosk's first-run wizard sets up a new shop

    return int(app_main.run(args, ctx))


# --- the parser ---

def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(sentences.user().gettext("not a date (YYYY-MM-DD): %(text)r",
                                                                  text=text)) from exc


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument("--db", default=default, metavar="URL",
                        help="database URL or SQLite file (default: $STAMPCARD_DB or the user data folder)")
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="print one JSON object")
    parser.add_argument("--station", default=default, help="this kiosk's name in the ledger")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(prog="stampcard", description="QR stamp-card kiosk and tools.")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(container: Any, name: str, func: Callable[[argparse.Namespace, Context], int],
                help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = container.add_parser(name, help=help_text, description=help_text)
        _common(p, top=False)
        p.set_defaults(func=func)
        return p

    p = command(sub, "init", cmd_init, "set up the shop, its program and the owner PIN")
    p.add_argument("--shop", required=True, help="shop name")
    p.add_argument("--stamps", type=int, default=10, help="stamps for a reward (2..50)")
    p.add_argument("--reward", help="the reward (default: a free coffee, in the shop's language)")
    p.add_argument("--prestamps", type=int, default=0, help="head-start stamps on new cards")
    p.add_argument("--owner-pin", required=True)
    p.add_argument("--address", default="")
    p.add_argument("--complaints-phone", default="")
    p.add_argument("--complaints-email", default="")
    p.add_argument("--complaints-url", default="")
    p.add_argument("--language", default="en", choices=list(languages.CODES))
    p.add_argument("--timezone", default="", help="IANA time zone, e.g. Europe/Prague (default: the system's)")
    p.add_argument("--cooldown", type=int, default=10, help="minutes before the same card may be stamped again")
    p.add_argument("--cap", dest="max_per_visit", type=int, default=5,
                   help="most stamps one visit may add (as settings set --cap)")
    p.add_argument("--max-per-visit", dest="max_per_visit", type=int, default=argparse.SUPPRESS,
                   help=argparse.SUPPRESS)  # the old name, kept working

    batch = sub.add_parser("batch", help="create, list or void batches of cards")
    bsub = batch.add_subparsers(dest="batch_command", required=True, metavar="ACTION")
    p = command(bsub, "create", cmd_batch_create, "issue a batch of new cards (and print them)")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prestamps", type=int, default=None, help="head-start stamps (default: the program's)")
    p.add_argument("--paper", choices=["a4", "letter", "card"], default="a4")
    p.add_argument("--out", type=Path, default=None, help="write the cards' PDF here")
    p.add_argument("--printer", default=None, help="send the PDF to this CUPS queue")
    p.add_argument("--pin", default=None, help="owner PIN")
    p.add_argument("--numbers", type=Path, default=None, metavar="FILE.csv",
                   help="also write the card numbers, QR payloads and head start as CSV")
    p = command(bsub, "reprint", cmd_batch_reprint, "render a batch's cards again (the same cards, same layout)")
    p.add_argument("batch", type=int)
    p.add_argument("--paper", choices=["a4", "letter", "card"], default="a4")
    p.add_argument("--out", type=Path, required=True, help="write the cards' PDF here")
    p.add_argument("--pin", default=None, help="owner PIN")
    p = command(bsub, "void", cmd_batch_void, "void a batch: its cards are refused from now on")
    p.add_argument("batch", type=int)
    p.add_argument("--pin", default=None, help="owner PIN")
    command(bsub, "list", cmd_batch_list, "list batches")

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
    from kiosk.cli import messages
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

    p = command(sub, "scan", cmd_scan, "decode card codes from photos or frames")
    p.add_argument("images", nargs="+", type=Path)
    p.add_argument("--decoder", default=None, help="auto (default), zxing or pyzbar")

    p = command(sub, "receipt", cmd_receipt, "print a receipt for a card's last change")
    p.add_argument("code")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--escpos", type=Path, default=None)
    p.add_argument("--width", type=int, choices=[80, 58], default=80)
    p.add_argument("--printer", default=None, help="CUPS queue, host:port or device file")

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

    p = command(sub, "report", cmd_report, "counts of cards, visits, stamps, rewards, complaints")
    p.add_argument("--since", type=_date, default=None)
    from kiosk.cli import messages
    messages.register_report(p, command)  # report economics
    p = command(sub, "backup", cmd_backup, "copy the database safely, even while a kiosk runs")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pin", default=None, help="owner PIN")
    p = command(sub, "restore", cmd_restore, "replace the database with a checked backup")
    p.add_argument("file", type=Path)
    p.add_argument("--pin", default=None, help="owner PIN")

    p = command(sub, "kiosk", cmd_kiosk, "start the touchscreen kiosk")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--camera", default=None, help="device index, video file or folder of images")
    p.add_argument("--size", default=None, help="window size WxH, e.g. 800x480")
    p.add_argument("--decoder", default=None)
    p.add_argument("--cashier-pin", action="store_true",
                   help="this station asks for a cashier PIN before the first stamp of a shift")
    from kiosk.cli import devices
    devices.register(sub, command)  # devices, autostart
    from kiosk.cli import owner
    owner.register(sub, command)  # settings, settings set, export, customer set|export|erase
    from kiosk.cli import chain
    chain.register(sub, command)  # chain create|join|status|conflicts|resolve|set, sync
    from kiosk.cli import web
    web.register(sub, command)  # web
    from kiosk.cli import messages
    messages.register(sub, command)  # message preview|send, report economics, card refer
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``stampcard`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)  # --help and bad usage end here, before the storage layer is loaded
    lazy_imports.finish()
    ctx = Context(db_url=config.database_url(args.db), json=args.json, station=config.station_name(args.station),
                  data_dir=config.data_dir())
    old_mask = os.umask(0o077)  # whatever this command creates is private: files 0600, folders 0700
    config.tighten(ctx.data_dir)
    try:
        code = int(args.func(args, ctx))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at the interpreter's exit
        return code
    except Usage as exc:
        print(f"stampcard: {exc}", file=sys.stderr)
        return common.EXIT_USAGE
    except refusals.Refused as exc:
        sentence = sentences.sentence(exc)
        if exc.kind is refusals.Kind.OUT_OF_RANGE:  # a number out of range is bad usage (DESIGN)
            print(f"stampcard: {sentence}", file=sys.stderr)
            return common.EXIT_USAGE
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": exc.kind.value}, ensure_ascii=False))
        print("stampcard: " + sentences.user().gettext("refused: %(reason)s", reason=sentence), file=sys.stderr)
        return common.EXIT_REFUSED
    except errors.BadURL as exc:  # --db names no database a driver can open: bad usage
        print(f"stampcard: {exc}", file=sys.stderr)
        return common.EXIT_USAGE
    except common.driver_errors(errors.StampcardError, sqlite3.Error, UnicodeDecodeError) as exc:
        sentence = engine.fault_sentence(exc, ctx.db_url)  # exit 4: the database cannot be read or written
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": "database"}, ensure_ascii=False))
        print(f"stampcard: {sentence}", file=sys.stderr)
        return common.EXIT_DATABASE
    except BrokenPipeError:  # `stampcard card show X | head -1`: the reader has all it wanted
        common.quiet_stdout()
        return common.EXIT_OK
    except OSError as exc:
        sentence = common.os_sentence(exc)
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": "file"}, ensure_ascii=False))
        print(f"stampcard: {sentence}", file=sys.stderr)
        return common.EXIT_DATABASE if common.is_storage_fault(exc) else common.EXIT_REFUSED
    except KeyboardInterrupt:  # Ctrl-C: the open transaction rolls back; one line, no traceback
        print("stampcard: " + sentences.user().gettext("interrupted; what was not finished was not recorded"),
              file=sys.stderr)
        return 130
    finally:
        os.umask(old_mask)
        ctx.close()

