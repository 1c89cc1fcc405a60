"""The owner's commands: ``settings``, ``settings set``, ``export`` and ``customer set|export|erase``.

Every one of them needs the owner PIN (``--pin``, ``STAMPCARD_PIN`` or the
prompt), never creates a database, and checks values with the one rule set in
``cards/settings.py`` (``init`` uses it too, through :func:`init_settings`).
A text that would not fit its printed box is refused here as well, by
``printing``'s fit check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from cards import clock, languages, rules
from cards import settings as rule_set
from cards.refusals import Kind, Refused
from db import export as db_export
from db import ops, privacy
from db import settings as db_settings
from kiosk import first_scan, sentences, workflows
from kiosk.cli import common, messages

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Context = common.Context


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(sentences.user().gettext("not a date (YYYY-MM-DD): %(text)r",
                                                                  text=text)) from exc


def check_printable(settings: rule_set.ShopSettings) -> None:
    """Refuse (``Kind.TEXT_TOO_LONG``, naming the field and how many characters fit) a shop name,
    address, reward or complaint contact that would not fit its box on some printed card or receipt."""
    from printing import fit  # reportlab: loaded only by the commands that change printed texts

    fit.require_shop_texts(settings.shop, settings.reward, settings.complaints_phone, settings.complaints_email,
                           settings.complaints_url, settings.language, address=settings.address)


def _opened(ctx: Context) -> None:
    """Refuse when there is no shop's database here (these commands never create one)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)


def init_settings(args: argparse.Namespace, program: rules.Program) -> rule_set.ShopSettings:
    """``stampcard init``'s arguments (its program already read from them) as checked settings:
    the same rules as ``settings set`` and the owner's Program screen."""
    settings = rule_set.validate(rule_set.ShopSettings(
        shop=args.shop, reward=program.reward, stamps=program.stamps_required, prestamps=program.prestamps,
        cooldown=program.cooldown_minutes, cap=program.max_per_visit, tiers=program.tiers,
        language=args.language, timezone=getattr(args, "timezone", None) or "",
        complaints_phone=args.complaints_phone, complaints_email=args.complaints_email,
        complaints_url=args.complaints_url, address=args.address))
    check_printable(settings)
    return settings


# --- settings ---

def settings_text(settings: rule_set.ShopSettings) -> str:
    """The settings as lines a person reads, in the terminal's language."""
    w = sentences.user()
    tiers = ", ".join(w.ngettext("%(tier)s from %(n)d reward (+%(bonus)d)", "%(tier)s from %(n)d rewards (+%(bonus)d)",
                                 t.min_rewards, tier=w.tier_name(t.name), bonus=t.bonus)
                      for t in settings.tiers) or w.gettext("none")
    rows = [
        (w.gettext("Shop:"), settings.shop),
        (w.gettext("Reward:"), w.ngettext("%(reward)s for %(n)d stamp", "%(reward)s for %(n)d stamps", settings.stamps,
                                          reward=settings.reward)
         + " (" + w.ngettext("%(n)d head-start stamp", "%(n)d head-start stamps", settings.prestamps) + ")"),
        (w.gettext("Stamping:"), w.gettext("at most %(cap)d a visit, %(cooldown)d min between visits",
                                           cap=settings.cap, cooldown=settings.cooldown)),
        (w.gettext("Language:"), settings.language + "   " + w.gettext("time zone: %(zone)s",
                                                                      zone=settings.timezone or w.gettext("the system’s"))),
        (w.gettext("Complaints:"), w.gettext("phone %(phone)s, e-mail %(email)s, web %(web)s",
                                             phone=settings.complaints_phone or "-",
                                             email=settings.complaints_email or "-", web=settings.complaints_url or "-")),
        (w.gettext("Address:"), settings.address or "-"),
        (w.gettext("Card page:"), settings.card_url or "-")]
    tiers_label = w.gettext("Tiers:")
    width = max(len(label) for label, _ in [*rows, (tiers_label, "")]) + 2
    lines = [f"{label:<{width}}{value}" for label, value in rows]
    lines.append(w.ngettext("Customers' details kept %(n)d month after their last visit",
                            "Customers' details kept %(n)d months after their last visit", settings.retention_months))
    lines.append(f"{tiers_label:<{width}}{tiers}")
    return "\n".join(lines)


def cmd_settings(args: argparse.Namespace, ctx: Context) -> int:
    """Show the shop's settings (never the signing secret); reading them needs no PIN."""
    _opened(ctx)
    with ctx.open_db().sessions.begin() as session:
        settings = db_settings.get(session)
    ctx.emit(db_settings.as_dict(settings), settings_text(settings))
    return common.EXIT_OK


def cmd_settings_set(args: argparse.Namespace, ctx: Context) -> int:
    """Change some settings; all of them are checked first (as ``init`` checks them)."""
    _opened(ctx)
    staff = common.require_owner(ctx, args)
    changes = {"shop": args.shop, "reward": args.reward, "stamps": args.stamps, "prestamps": args.prestamps,
               "cooldown": args.cooldown, "cap": args.cap, "language": args.language, "timezone": args.timezone,
               "complaints_phone": args.complaints_phone, "complaints_email": args.complaints_email,
               "complaints_url": args.complaints_url, "address": args.address,
               "retention_months": args.retention_months, "card_url": args.card_url,
               **messages.settings_changes(args)}
    if all(value is None for value in changes.values()):
        raise common.Usage(sentences.user().gettext("settings set: give at least one setting to change "
                                                        "(see --help)"))
    with ctx.open_db().sessions.begin() as session:
        current = db_settings.get(session)
        check_printable(rule_set.validate(rule_set.changed(current, **changes)))
        update = db_settings.update(session, **changes)
    data = {**db_settings.as_dict(update.after), "changed": list(update.changed),
            "cards_in_use": update.cards_in_use, "cards_ready": update.cards_ready, "by": staff}
    w = sentences.user()
    lines = [w.gettext("Changed: %(fields)s.", fields=", ".join(update.changed)) if update.changed
             else w.gettext("Nothing changed.")]
    if "stamps" in update.changed:
        lines.append(w.ngettext("Cards in use keep their stamps and now need %(after)d for a reward (was %(before)d): "
                                "%(ready)d of %(n)d holds a reward now.",
                                "Cards in use keep their stamps and now need %(after)d for a reward (was %(before)d): "
                                "%(ready)d of %(n)d hold a reward now.", update.cards_in_use,
                                after=update.after.stamps, before=update.before.stamps, ready=update.cards_ready))
    ctx.emit(data, "\n".join(lines + ["", settings_text(update.after)]))
    return common.EXIT_OK


# --- exports ---

def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write cards, visits, customers or complaints to a CSV or .xlsx file."""
    _opened(ctx)
    common.require_owner(ctx, args)
    result = db_export.export(ctx.open_db(), args.what, args.out, since=args.since)
    w = sentences.user()
    since = " " + w.gettext("since %(day)s", day=result.since.isoformat()) if result.since else ""
    ctx.emit({"export": result.kind, "out": str(result.path), "format": result.format, "rows": result.rows,
              "since": result.since.isoformat() if result.since else None,
              "timezone": result.timezone or None},
             w.ngettext("Exported %(n)d row of %(what)s%(since)s to %(file)s (times in %(zone)s).",
                        "Exported %(n)d rows of %(what)s%(since)s to %(file)s (times in %(zone)s).", result.rows,
                        what=result.kind, since=since, file=result.path,
                        zone=result.timezone or w.gettext("the system’s time zone")))
    return common.EXIT_OK


# --- customers ---

def _customer_json(info: privacy.CustomerInfo) -> dict[str, Any]:
    return {"customer": info.id, "name": info.name, "phone": info.phone, "email": info.email,
            "birthday": info.birthday.isoformat() if info.birthday else None,
            "consent_at": info.consent_at.isoformat() if info.consent_at else None,
            "cards": list(info.cards)}


def cmd_customer_set(args: argparse.Namespace, ctx: Context) -> int:
    """Store a card's customer details, only with ``--consent`` (recorded with its time); ``--consent
    email,sms`` also records consent to be contacted per channel, ``--withdraw`` withdraws it."""
    _opened(ctx)
    common.require_owner(ctx, args)
    details = (args.name, args.phone, args.email, args.birthday)

    def store(session: Session) -> tuple[privacy.CustomerInfo | None, dict[str, Any], str]:
        now = privacy.get_customer(session, args.code)  # a detail not given stays as it is
        if args.consent is None and args.withdraw is not None and all(d is None for d in details):
            info = now  # only a withdrawal of channels: the details stay as they are
        else:
            info = privacy.set_customer(
                session, args.code, name=args.name if args.name is not None else (now.name if now else ""),
                phone=args.phone if args.phone is not None else (now.phone if now else ""),
                email=args.email if args.email is not None else (now.email if now else ""),
                birthday=args.birthday if args.birthday is not None else (now.birthday if now else None),
                consent=args.consent is not None, now=common.utcnow())
        agreed = messages.set_channels(session, args)  # --consent email,sms and --withdraw: per channel
        return info, agreed, ops.get_shop(session).timezone  # times for people: the shop's wall time

    # a card seen at another shop is fetched first, so its customer (not a new one) gets the details
    info, agreed, zone = first_scan.on_card(ctx.open_db(), store)
    w = sentences.user()
    if info is None:
        ctx.emit({"customer": None, **agreed}, w.gettext("No personal details are stored for this card."))
        return common.EXIT_OK
    text = (w.gettext("Saved with the customer's consent (%(when)s).", when=clock.shown(info.consent_at, zone))
            if info.consent_at else w.gettext("No personal details are stored for this card."))
    ctx.emit({**_customer_json(info), **agreed}, "\n".join([text, *messages.channels_text(agreed)]))
    return common.EXIT_OK


def cmd_customer_export(args: argparse.Namespace, ctx: Context) -> int:
    """Everything stored about the person behind a card, as one JSON object (to stdout or ``--out``)."""
    _opened(ctx)
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        data = privacy.export_person(session, args.code)
    text = json.dumps(data, ensure_ascii=False, indent=None if ctx.json else 2)
    if args.out is not None:
        workflows.write_atomic(args.out, (text + "\n").encode("utf-8"))  # personal data: 0600
        ctx.emit({"out": str(args.out)}, sentences.user().gettext("Written to %(file)s.", file=args.out))
    else:
        print(text)
    return common.EXIT_OK


def cmd_customer_erase(args: argparse.Namespace, ctx: Context) -> int:
    """Erase the personal data of the person behind a card; their stamps stay, anonymous."""
    _opened(ctx)
    common.require_owner(ctx, args)
    database = ctx.open_db()
    forgotten = privacy.forget_customer(database, args.code, now=common.utcnow(),
                                        folders=privacy.copy_folders(database))
    erased, hub, scrubbed, copies = (forgotten.erased, forgotten.hub_records_cleaned, forgotten.scrubbed,
                                     forgotten.copies)
    data = {"erased": erased.customer is not None, "cards": list(erased.cards), "complaints": erased.complaints,
            "notes": erased.notes, "scrubbed": scrubbed, "hub_records_cleaned": hub,
            "backups_cleaned": [str(p) for p in copies.cleaned], "backups_holding": [str(p) for p in copies.named]}
    w = sentences.user()
    if erased.customer is None:
        text = w.gettext("Nothing personal was stored for this card.")
    else:
        text = " ".join([
            w.gettext("Erased: name, phone, e-mail and birthday."),
            w.ngettext("%(n)d complaint cleaned", "%(n)d complaints cleaned", erased.complaints) + ", "
            + w.ngettext("%(n)d note cleaned.", "%(n)d notes cleaned.", erased.notes),
            w.ngettext("The stamps on %(n)d card stay, anonymous.", "The stamps on %(n)d cards stay, anonymous.",
                       len(erased.cards))])
        if not scrubbed:
            print("stampcard: " + w.gettext("the database file is still in use; old bytes go at its next checkpoint"),
                  file=sys.stderr)
        if copies.cleaned:
            text += " " + w.ngettext("Cleaned in %(n)d backup copy too.", "Cleaned in %(n)d backup copies too.",
                                     len(copies.cleaned))
        if copies.named:
            text += " " + w.gettext("These backup copies still hold the customer's details and could not be "
                                    "cleaned; delete them: %(files)s", files=", ".join(str(p) for p in copies.named))
    ctx.emit(data, text)
    return common.EXIT_OK


# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``settings``, ``export`` and ``customer`` to the ``stampcard`` parser."""
    def pin(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pin", default=argparse.SUPPRESS, help="owner PIN (or STAMPCARD_PIN, or the prompt)")

    settings = command(sub, "settings", cmd_settings, "show the shop's settings (no PIN needed)")
    pin(settings)
    ssub = settings.add_subparsers(dest="settings_command", required=False, metavar="ACTION")
    p = command(ssub, "set", cmd_settings_set, "change the shop's settings (owner PIN)")
    pin(p)
    p.add_argument("--shop", default=None, help="shop name")
    p.add_argument("--reward", default=None)
    p.add_argument("--stamps", type=int, default=None, help="stamps for a reward; cards in use keep theirs")
    p.add_argument("--prestamps", type=int, default=None, help="head-start stamps on new cards")
    p.add_argument("--cooldown", type=int, default=None, help="minutes before a card may be stamped again")
    p.add_argument("--cap", type=int, default=None, help="most stamps one visit may add")
    p.add_argument("--language", default=None, choices=languages.CODES)
    p.add_argument("--timezone", default=None, help="IANA time zone, e.g. Europe/Prague ('' = the system's)")
    p.add_argument("--complaints-phone", default=None)
    p.add_argument("--complaints-email", default=None)
    p.add_argument("--complaints-url", default=None)
    p.add_argument("--address", default=None)
    p.add_argument("--retention-months", type=int, default=None,
                   help="customers' details are erased this long after their last visit (1..120, default 24)")
    p.add_argument("--card-url", default=None,
                   help="the card page's address (e.g. https://shop.example): new cards' QR codes open it "
                        "('' = none)")
    messages.settings_arguments(p)  # --smtp --sender --sms-outbox --sms-gateway --referral-bonus --birthday-bonus

    p = command(sub, "export", cmd_export, "write cards, visits, customers or complaints to CSV or .xlsx")
    p.add_argument("what", choices=common.EXPORT_KINDS)
    p.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.xlsx")
    p.add_argument("--since", type=_date, default=None, help="only rows from this day on (YYYY-MM-DD)")
    pin(p)

    customer = sub.add_parser("customer", help="a customer's details: set with consent, export, erase")
    csub = customer.add_subparsers(dest="customer_command", required=True, metavar="ACTION")
    p = command(csub, "set", cmd_customer_set, "store a card's customer details with their consent")
    p.add_argument("code", help="the card's QR payload or printed number")
    p.add_argument("--name", default=None, help="(a detail not given stays as it is; \"\" clears it)")
    p.add_argument("--phone", default=None)
    p.add_argument("--email", default=None)
    p.add_argument("--birthday", type=_date, default=None, help="YYYY-MM-DD")
    p.add_argument("--consent", nargs="?", const="", default=None, metavar="CHANNELS",
                   help="the customer agrees that these details are kept; with email,sms also to be contacted "
                        "on those channels")
    p.add_argument("--withdraw", default=None, metavar="CHANNELS",
                   help="the customer withdraws consent to be contacted on these channels (email,sms or all)")
    pin(p)
    p = command(csub, "export", cmd_customer_export, "everything stored about a card's customer, as JSON")
    p.add_argument("code")
    p.add_argument("--out", type=Path, default=None, help="write the JSON to this file")
    pin(p)
    p = command(csub, "erase", cmd_customer_erase, "erase a card's customer details everywhere; stamps stay")
    p.add_argument("code")
    pin(p)
