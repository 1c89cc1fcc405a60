"""``stampcard init``, ``report``, ``backup`` and ``restore``: the shop's database as a whole."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, Callable

from cards import languages, refusals, rules
from db import backup as db_backup
from db import engine, errors, ops
from db import settings as db_settings
from kiosk import sentences
from kiosk.cli import common, messages, owner

Context = common.Context


def _program_from_args(args: argparse.Namespace) -> rules.Program:
    reward = args.reward if args.reward is not None else languages.default_reward(args.language)
    return rules.Program(stamps_required=args.stamps, prestamps=args.prestamps, reward=reward,
                         cooldown_minutes=args.cooldown, max_per_visit=args.max_per_visit)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
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


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_db().sessions.begin() as session:
        report = ops.report(session, since=args.since, now=common.utcnow())  # since: a day of the shop's time zone
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
                ops.verify_pin(session, pin, now=common.utcnow(), role="owner")
    try:
        db_backup.check_file(args.file)
    except errors.DatabaseError as exc:
        reason = sentences.fault(engine.fault_of(exc))  # what is wrong with the file, in the user's language
        raise refusals.Refused(refusals.Kind.BAD_FILE, field=str(args.file), value=reason) from exc
    ctx.close()
    saved = db_backup.restore(path, args.file, keep_dir=path.parent / "backups", check_pin=check_pin)
    ctx.emit({"restored": str(args.file), "previous": str(saved) if saved else None},
             sentences.user().gettext("Restored from %(file)s.", file=args.file)
             + (" " + sentences.user().gettext("The previous database was saved to %(file)s.", file=saved)
                if saved else ""))
    return common.EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(sentences.user().gettext("not a date (YYYY-MM-DD): %(text)r",
                                                                  text=text)) from exc



# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``init``, ``report`` (and ``report economics``), ``backup`` and ``restore`` to the ``stampcard`` parser."""
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

    p = command(sub, "report", cmd_report, "counts of cards, visits, stamps, rewards, complaints")
    p.add_argument("--since", type=_date, default=None)
    messages.register_report(p, command)  # report economics
    p = command(sub, "backup", cmd_backup, "copy the database safely, even while a kiosk runs")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pin", default=None, help="owner PIN")
    p = command(sub, "restore", cmd_restore, "replace the database with a checked backup")
    p.add_argument("file", type=Path)
    p.add_argument("--pin", default=None, help="owner PIN")
