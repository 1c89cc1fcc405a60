"""Bringing customers back, on the command line: ``message preview|send``, ``report economics``,
``card refer``, and the messaging parts of ``settings set`` and ``customer set``.

``message`` commands need the owner PIN: they reveal and contact customers. The
``messages`` package (Jinja2 templates, SMTP) is loaded only by the commands that use it,
so every other command starts as fast as before.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Callable

from cards import channels, codes
from cards.refusals import Kind, Refused
from db import consent as db_consent
from kiosk import sentences
from kiosk.cli import common

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Context = common.Context

MESSAGE_KINDS = ("birthday", "winback", "almost", "thanks", "announce")  # messages.due.KINDS, without loading it


# --- settings set and customer set ---

def settings_arguments(p: argparse.ArgumentParser) -> None:
    """``settings set``'s messaging options."""
    p.add_argument("--smtp", default=None, metavar="URL",
                   help="e-mail server: smtp://[user[:password]@]host[:port], smtps://... or smtp+starttls://...")
    p.add_argument("--sender", default=None, metavar='"NAME <ADDR>"', help="the From of the shop's e-mails")
    p.add_argument("--sms-outbox", default=None, metavar="DIR", help="gammu-smsd's files outbox folder")
    p.add_argument("--sms-gateway", default=None, metavar="URL",
                   help="an HTTP SMS gateway's URL with {to} and {text}")
    p.add_argument("--referral-bonus", type=int, default=None, metavar="N",
                   help="stamps for both cards when a new card brought by a regular gets its first stamp (0 = off)")
    p.add_argument("--birthday-bonus", type=int, default=None, metavar="N",
                   help="stamps given with the birthday message (0 = none)")


def settings_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The messaging settings given to ``settings set`` (None = keep)."""
    return {"smtp": args.smtp, "sender": args.sender, "sms_outbox": args.sms_outbox,
            "sms_gateway": args.sms_gateway, "referral_bonus": args.referral_bonus,
            "birthday_bonus": args.birthday_bonus}


def set_channels(session: Session, args: argparse.Namespace) -> dict[str, Any]:
    """``customer set``'s ``--consent email,sms`` and ``--withdraw CHANNELS`` (in the caller's transaction);
    the ``channels`` object for its JSON ({} when neither was given)."""
    give = channels.parse_channels(args.consent) if args.consent else ()
    take = channels.parse_channels(args.withdraw) if args.withdraw is not None else ()
    if not give and not take:
        return {}
    agreed = db_consent.set_for_card(session, args.code, give_channels=give, withdraw_channels=take,
                                     source="counter", now=common.utcnow())
    return {"channels": {name: {"source": c.source, "given_at": c.given_at.isoformat(),
                                "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
                                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                                "active": c.active} for name, c in agreed.items()}}


def channels_text(agreed: dict[str, Any]) -> list[str]:
    """Lines saying which channels the customer may be contacted on."""
    found = agreed.get("channels", {})
    if not found:
        return []
    w = sentences.user()
    yes, no = w.gettext("yes"), w.gettext("no")
    return [w.gettext("Contact: %(channels)s", channels=", ".join(
        f"{name} {yes if c['active'] else no}" for name, c in sorted(found.items())))]


# --- message preview | send ---

def _announcement(args: argparse.Namespace) -> Any:
    from messages import due

    if args.kind not in (None, "announce") and (args.text or args.tier):
        raise common.Usage(sentences.user().gettext("message: --text and --tier go with --kind announce"))
    if args.kind == "announce" or args.text is not None or args.tier is not None:
        if not (args.text or "").strip():
            raise Refused(Kind.EMPTY, field="text")
        from cards import settings as rule_set

        text = rule_set.check_text("text", args.text, 1000)
        return due.Announcement(text, tier=(args.tier or "").strip())
    return None


def cmd_message_preview(args: argparse.Namespace, ctx: Context) -> int:
    """Who would get which message now, by which channel (nothing is sent)."""
    from db import messaging
    from messages import run

    common.require_owner(ctx, args)
    announcement = _announcement(args)
    found = run.plan(messaging.Store(ctx.open_db()), now=common.utcnow(),
                     kinds=run.kinds_from(args.kind if announcement is None else None), announcement=announcement)
    safe = common.printable
    data = {"messages": [{"card": codes.format_number(p.number), "number": p.number, "kind": p.kind,
                          "channel": p.channel, "period": p.period, "retry": p.retry} for p in found]}
    w = sentences.user()
    retry = "  " + w.gettext("(retry)")
    lines = [f"{codes.format_number(p.number)}  {p.kind:<9} {p.channel:<6} {safe(p.name)}"
             + (retry if p.retry else "") for p in found]
    ctx.emit(data, "\n".join(lines) or w.gettext("No messages are due."))
    return common.EXIT_OK


def _skipped_word(w: sentences.W, why: str) -> str:
    """Why messages were skipped (``messages.run``'s keys, kept in ``--json``), in the terminal's language."""
    said = {"quiet_hours": w.gettext("quiet hours"), "no_email_transport": w.gettext("no e-mail server set"),
            "no_sms_transport": w.gettext("no SMS outbox or gateway set"),
            "email_transport_down": w.gettext("the e-mail server is away (tried again at the next run)"),
            "sms_transport_down": w.gettext("the SMS way out is away (tried again at the next run)"),
            "claimed_elsewhere": w.gettext("sent by another run"),
            "consent_withdrawn": w.gettext("consent withdrawn meanwhile")}
    return said.get(why, why)


def cmd_message_send(args: argparse.Namespace, ctx: Context) -> int:
    """Send what is due (or the owner's announcement): each message once, only with consent."""
    from db import messaging
    from messages import run

    common.require_owner(ctx, args)
    announcement = _announcement(args)
    outcome = run.send_due(messaging.Store(ctx.open_db()), now=common.utcnow(),
                           kinds=run.kinds_from(args.kind if announcement is None else None),
                           announcement=announcement)
    data = {"sent": outcome.sent, "skipped": outcome.skipped, "failed": outcome.failed, "quiet": outcome.quiet,
            "skipped_why": outcome.skipped_why,
            "failures": [{"card": codes.format_number(n), "kind": k, "error": e, "why": reason.why.value}
                         for (n, k, e), reason in zip(outcome.failures, outcome.reasons)]}
    w = sentences.user()
    lines = [w.gettext("Sent %(sent)d, skipped %(skipped)d, failed %(failed)d.", sent=outcome.sent,
                       skipped=outcome.skipped, failed=outcome.failed)]
    if outcome.quiet:
        lines.append(w.gettext("Quiet hours: nothing is sent now; the messages wait for the morning."))
    lines += [f"  {_skipped_word(w, why)}: {count}" for why, count in sorted(outcome.skipped_why.items())
              if not outcome.quiet]
    failed = w.gettext("failed:")
    lines += [f"  {failed} {codes.format_number(n)} {k}: {common.printable(sentences.send_failure(reason))}"
              for (n, k, _), reason in zip(outcome.failures, outcome.reasons)]
    ctx.emit(data, "\n".join(lines))
    return common.EXIT_OK


# --- report economics ---

def cmd_report_economics(args: argparse.Namespace, ctx: Context) -> int:
    """What the program earns: completion by batch, days to a reward, stamps owed, the repeat cycle,
    lapsed customers, and a what-if for a program change."""
    from db import economics

    with ctx.open_db().sessions.begin() as session:
        figures = economics.economics(session, now=common.utcnow(), what_if_stamps=args.what_if_stamps,
                                      what_if_head_start=args.what_if_head_start)
    ctx.emit(economics.as_json(figures), economics_text(figures))
    return common.EXIT_OK


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f} %"


def economics_text(figures: Any) -> str:
    """The economics report as lines a person reads, in the terminal's language."""
    w = sentences.user()

    def number(value: object) -> str:
        return "-" if value is None else str(value)

    lines = [w.gettext("Completion by batch (cards used, completed, rate):")]
    lines += ["  " + w.gettext("batch %(batch)4s  head start %(head_start)s  %(cards)5s used  %(completed)5s completed  "
                               "%(rate)s", batch=b.batch, head_start=b.head_start, cards=b.cards, completed=b.completed,
                               rate=_pct(b.completion_rate)) for b in figures.batches]
    effect = figures.head_start_effect
    gaps = ", ".join(w.gettext("%(days)s d: %(cards)s", days=d, cards=n) for d, n in figures.visit_gaps)
    lines += [w.gettext("Head start: %(with_it)s completed with it, %(without)s without.",
                        with_it=_pct(effect["with_head_start"]), without=_pct(effect["without_head_start"])),
              w.gettext("Median days to a reward: %(days)s", days=number(figures.median_days_to_complete)),
              w.ngettext("Stamps outstanding: %(stamps)s (about %(n)d reward owed)",
                         "Stamps outstanding: %(stamps)s (about %(n)d rewards owed)", round(figures.rewards_owed),
                         stamps=figures.outstanding_stamps),
              w.gettext("Redemption rate: %(rate)s", rate=_pct(figures.redemption_rate)),
              w.gettext("Repeat cycle: %(days)s days between visits (%(gaps)s)", days=number(figures.repeat_cycle_days),
                        gaps=gaps),
              w.gettext("Lapsed customers: %(n)s", n=figures.lapsed)]
    if figures.what_if is not None:
        f = figures.what_if
        lines += [w.gettext("What if %(stamps)s stamps with %(head_start)s head start: %(rate)s would have completed "
                            "(now %(rate_now)s), %(rewards)s rewards (now %(rewards_now)s); ",
                            stamps=f.stamps, head_start=f.head_start, rate=_pct(f.completion_rate),
                            rate_now=_pct(f.completion_rate_now), rewards=f.rewards, rewards_now=f.rewards_now)
                  + w.ngettext("%(n)d card in use keeps today's rule.", "%(n)d cards in use keep today's rule.",
                               f.cards_keeping_old_rule)]
    return "\n".join(lines)


def register_report(report: argparse.ArgumentParser, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``report economics`` under ``report``."""
    rsub = report.add_subparsers(dest="report_command", required=False, metavar="ACTION")
    p = command(rsub, "economics", cmd_report_economics,
                "what the program earns: completion by batch, days to a reward, stamps owed, repeat cycle")
    p.add_argument("--what-if-stamps", type=int, default=None, metavar="N", help="a program needing N stamps")
    p.add_argument("--what-if-head-start", type=int, default=None, metavar="K", help="with K head-start stamps")


# --- bring a friend ---

def cmd_card_refer(args: argparse.Namespace, ctx: Context) -> int:
    """A regular's card brings a new card: both get the referral bonus at the new card's first paid stamp."""
    from db import referrals

    with ctx.open_db().sessions.begin() as session:
        done = referrals.refer(session, args.old, args.new, now=common.utcnow())
    old, new = codes.format_number(done.referrer), codes.format_number(done.new)
    w = sentences.user()
    text = (w.ngettext("Card %(new)s is brought by %(old)s: at its first paid stamp both get %(n)d stamp.",
                       "Card %(new)s is brought by %(old)s: at its first paid stamp both get %(n)d stamps.",
                       done.bonus, new=new, old=old)
            if done.bonus else w.gettext("Card %(new)s is brought by %(old)s (the referral bonus is off: settings set "
                                         "--referral-bonus N).", new=new, old=old))
    ctx.emit({"referrer": old, "new": new, "bonus": done.bonus}, text)
    return common.EXIT_OK


def register_card(card: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``card refer OLD NEW`` under ``card``."""
    p = command(card, "refer", cmd_card_refer, "a regular's card brings a new card (bring a friend)")
    p.add_argument("old", help="the regular's card")
    p.add_argument("new", help="the new card (no stamps yet)")
    p.add_argument("--staff", default="")


# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``message preview|send`` to the ``stampcard`` parser."""
    def pin(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pin", default=argparse.SUPPRESS, help="owner PIN (or STAMPCARD_PIN, or the prompt)")

    message = sub.add_parser("message", help="messages to regulars who agreed: preview or send")
    msub = message.add_subparsers(dest="message_command", required=True, metavar="ACTION")
    for name, func, text in (("preview", cmd_message_preview, "who would get which message now (owner PIN)"),
                             ("send", cmd_message_send, "send the messages due now, each once (owner PIN)")):
        p = command(msub, name, func, text)
        p.add_argument("--kind", choices=MESSAGE_KINDS, default=None, help="only this kind")
        p.add_argument("--text", default=None, help="the announcement's text (--kind announce)")
        p.add_argument("--tier", default=None, help="the announcement only to this tier (a closed offer)")
        pin(p)
