"""``stampcard chain ...`` and ``stampcard sync``: a chain of shops through a PostgreSQL hub.

Each station keeps its own database and syncs with the hub (db/sync.py). ``sync``
exits 0 when it synced and 4 when the hub cannot be reached (the events stay
queued; nothing is lost). ``chain create``, ``chain join``, ``chain resolve``
and ``chain set`` are owner commands and take the owner PIN.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from cards.refusals import Kind, Refused
from db import hub_notes, hub_roles, ops, sync
from kiosk import sentences
from kiosk.cli import common

Context = common.Context


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _ago(value: dt.datetime | None) -> str:
    w = sentences.user()
    if value is None:
        return w.gettext("never")
    seconds = max(0, int((common.utcnow() - value).total_seconds()))
    return (w.gettext("%(seconds)d s ago", seconds=seconds) if seconds < 120
            else w.gettext("%(minutes)d min ago", minutes=seconds // 60))


def _result_json(result: sync.SyncResult) -> dict[str, Any]:
    return {"pushed": result.pushed, "pulled": result.pulled, "pending": result.pending,
            "conflicts": result.conflicts}


PASSWORD_ENV = "STAMPCARD_HUB_PASSWORD"


def _pgpass_file() -> Path:
    return Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")


def hub_url(args: argparse.Namespace) -> str:
    """``--hub`` with its password from ``STAMPCARD_HUB_PASSWORD``, a pgpass file or a prompt, never from argv.

    A URL that carries a password itself is refused (it would show in the process list
    and the shell's history), by its masked form.
    """
    url = str(args.hub)
    if sync.has_password(url):
        raise common.Usage(sentences.user().gettext(
            "--hub %(hub)s carries a password, which the process list and the shell's history would show; give "
            "the URL without it and the password in `STAMPCARD_HUB_PASSWORD`, a `pgpass` file or at the prompt",
            hub=sync.shown_url(url)))
    password = os.environ.get(PASSWORD_ENV)
    if not password and not _pgpass_file().is_file() and sys.stdin.isatty() and sys.stderr.isatty():
        try:
            password = getpass.getpass(sentences.user().gettext("Hub password (empty: none): "))
        except (EOFError, KeyboardInterrupt):
            password = None
    try:
        return sync.with_password(url, password)
    except Exception:  # noqa: BLE001 - a malformed URL: hub_engine refuses it by its masked form
        return url


def _unreachable(ctx: Context, exc: sync.HubUnreachable) -> int:
    """Exit 4 with what still waits (the events stay queued)."""
    pending = conflicts = 0
    try:
        with ctx.open_db().sessions.begin() as session:
            pending, conflicts = sync.pending(session), sync.open_conflicts(session)
    except Exception:  # noqa: BLE001 - the report must not hide the hub's fault
        pass
    ctx.emit({"pushed": 0, "pulled": 0, "pending": pending, "conflicts": conflicts, "error": sync.shown_url(str(exc)),
              "error_kind": exc.kind.value,
              "kind": "hub"}, sentences.user().ngettext(
                  "The hub cannot be reached; %(n)d event waits here, nothing is lost.",
                  "The hub cannot be reached; %(n)d events wait here, nothing is lost.", pending)
             if exc.kind is not hub_notes.HubTrouble.LOGIN_REFUSED else sentences.user().ngettext(
                  "The hub refused this station's login; %(n)d event waits here, nothing is lost.",
                  "The hub refused this station's login; %(n)d events wait here, nothing is lost.", pending))
    print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
    return common.EXIT_DATABASE


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    """Push this station's events, then pull the others', once."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    try:
        result = sync.sync_once(ctx.open_db())
    except sync.HubUnreachable as exc:
        return _unreachable(ctx, exc)
    w = sentences.user()
    ctx.emit(_result_json(result), w.gettext("Synced: sent %(pushed)d, received %(pulled)d, %(pending)d waiting, ",
                                             pushed=result.pushed, pulled=result.pulled, pending=result.pending)
             + w.ngettext("%(n)d conflict.", "%(n)d conflicts.", result.conflicts))
    return common.EXIT_OK


def cmd_create(args: argparse.Namespace, ctx: Context) -> int:
    """Put this station's shop on an empty PostgreSQL hub."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    try:
        result = sync.create_chain(ctx.open_db(), hub_url(args), station=ctx.station)
    except sync.HubUnreachable as exc:
        return _unreachable(ctx, exc)
    ctx.emit({"hub": sync.shown_url(args.hub), "station": ctx.station, **_result_json(result)},
             sentences.user().ngettext("Chain created on %(hub)s; this station is %(station)r, %(n)d event sent.",
                                       "Chain created on %(hub)s; this station is %(station)r, %(n)d events sent.",
                                       result.pushed, hub=sync.shown_url(args.hub), station=ctx.station))
    return common.EXIT_OK


def cmd_join(args: argparse.Namespace, ctx: Context) -> int:
    """Make this station's local database from the hub."""
    if not getattr(args, "station", None):
        raise common.Usage(sentences.user().gettext("chain join needs --station NAME (this kiosk's name in the "
                                                        "chain)"))
    if ctx.has_db():
        raise Refused(Kind.ALREADY_INITIALISED)
    pin = common.owner_pin_text(args)
    if pin is None:
        raise Refused(Kind.NO_PIN)
    ctx.close()
    try:
        result = sync.join_chain(ctx.db_url, hub_url(args), station=args.station, pin=pin)
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    ctx.emit({"hub": sync.shown_url(args.hub), "station": args.station, "db": ctx.db_url, **_result_json(result)},
             sentences.user().ngettext("Joined the chain on %(hub)s as %(station)r: %(n)d event received.",
                                       "Joined the chain on %(hub)s as %(station)r: %(n)d events received.",
                                       result.pulled, hub=sync.shown_url(args.hub), station=args.station)
             + "\n" + sentences.user().gettext("Database: %(db)s", db=ctx.db_url))
    return common.EXIT_OK


def _status_lines(w: sentences.W, state: sync.ChainStatus, refused: int) -> list[str]:
    """``chain status``'s lines in the terminal's language: why the hub is away and what healing did are
    worded from their kinds (``db.hub_notes``), not read from stored English."""
    lines = [w.gettext("Hub: %(hub)s", hub=state.hub), w.gettext("Station: %(station)s", station=state.station),
             (w.gettext("Online") if state.online else w.gettext("Offline")) + "; "
             + w.gettext("last synced %(ago)s", ago=_ago(state.last_sync))]
    if state.trouble is not None and not state.online:
        lines.append(w.gettext("Why: %(reason)s", reason=sentences.hub_trouble(
            state.trouble.kind, state.trouble.hub, state.trouble.detail)))
    lines += [w.gettext("Waiting to be sent: %(n)d", n=state.pending),
              w.gettext("Conflicts for the owner: %(n)d", n=state.conflicts)]
    if refused:
        lines.append(w.gettext("Refused by the hub (outside the rules, quarantined there, never sent to the other "
                               "stations): %(n)d", n=refused))
    if state.healing.notes:
        what = "; ".join(sentences.healing(note) for note in state.healing.notes)
        lines.append(w.gettext("Healed: %(what)s (%(ago)s)", ago=_ago(state.healing.at), what=what)
                     if state.healing.at is not None else w.gettext("Healed: %(what)s", what=what))
    return lines


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    """Hub, station, pending events, last sync, open conflicts (reads only this station)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    with ctx.open_db().sessions.begin() as session:
        state = sync.status(session)
        refused = sync.refused(session)
        signing_key = ops.keyring(session).current.id  # the hub's current key once a rotation reached here
    w = sentences.user()
    ctx.emit({"hub": state.hub, "station": state.station, "pending": state.pending,
              "last_sync": _when(state.last_sync), "conflicts": state.conflicts, "online": state.online,
              "last_error": sync.shown_url(state.last_error) or None, "refused": refused,
              "healed": state.healed or None, "install_id": state.install_id or None, "signing_key": signing_key,
              "error_kind": state.trouble.kind.value if state.trouble else None},
             "\n".join(_status_lines(w, state, refused)))
    return common.EXIT_OK


def _conflict_json(c: sync.ConflictView) -> dict[str, Any]:
    return {"id": c.id, "key": c.key, "kind": c.kind, "card": c.card, "detail": c.detail, "amount": c.amount,
            "detected_at": _when(c.detected_at), "resolved_at": _when(c.resolved_at),
            "resolution": c.resolution or None}


def _conflict_words(w: sentences.W, conflict: sync.ConflictView) -> str:
    """A conflict in the terminal's language, from its kind and amount (``--json`` keeps the stored English detail)."""
    if conflict.kind == sync.ConflictKind.NEGATIVE:
        return w.gettext("a reward was redeemed at two stations while apart (short: %(stamps)s)",
                         stamps=w.stamps(conflict.amount))
    if conflict.kind == sync.ConflictKind.BLOCKED:
        return w.gettext("stamped at another station after it was blocked")
    if conflict.kind == sync.ConflictKind.VOID:
        return w.gettext("stamped after its batch was voided")
    return conflict.detail


def _resolution_word(w: sentences.W, resolution: str) -> str:
    """A conflict's stored resolution word for people."""
    return {"write_off": w.pgettext("conflict", "written off"), "kept": w.pgettext("conflict", "kept")}.get(
        resolution, resolution)


def cmd_conflicts(args: argparse.Namespace, ctx: Context) -> int:
    """What needs the owner's decision."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    with ctx.open_db().sessions.begin() as session:
        conflicts = sync.list_conflicts(session, include_resolved=args.all)
    w = sentences.user()
    ctx.emit({"conflicts": [_conflict_json(c) for c in conflicts]},
             "\n".join(f"{c.id:>4}  " + w.gettext("card %(number)s", number=c.card) + ": " + _conflict_words(w, c)
                       + (f"  [{_resolution_word(w, c.resolution)}]" if c.resolution else "") for c in conflicts)
             or w.gettext("No conflicts."))
    return common.EXIT_OK


def cmd_resolve(args: argparse.Namespace, ctx: Context) -> int:
    """The owner decides a conflict: write the deficit off, or keep it (future stamps fill it)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    staff = common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        conflict = sync.resolve_conflict(session, args.conflict, write_off=args.write_off, now=common.utcnow(),
                                         station=ctx.station, staff=staff)
    ctx.emit(_conflict_json(conflict), sentences.user().gettext(
        "Conflict %(id)s resolved (%(resolution)s); the other stations learn it at their next sync.",
        id=conflict.id, resolution=_resolution_word(sentences.user(), conflict.resolution)))
    return common.EXIT_OK


def cmd_set(args: argparse.Namespace, ctx: Context) -> int:
    """Chain settings (for now: whether rewards are redeemed while the hub is away)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:
        value = sync.set_offline_redeem(session, args.offline_redeem)
    ctx.emit({"offline_redeem": value}, sentences.user().gettext("Rewards while the hub is away: %(value)s.",
                                                                 value=value))
    return common.EXIT_OK


def _admin_call(ctx: Context, args: argparse.Namespace, work: Any) -> Any:
    """Run ``work(connection, admin_url)`` in one transaction on the hub as its admin."""
    url = hub_url(args)
    engine_ = sync.hub_engine(url)
    try:
        with sync.HubCall(), engine_.begin() as connection:
            return work(connection, url)
    finally:
        engine_.dispose()


def cmd_add_station(args: argparse.Namespace, ctx: Context) -> int:
    """Owner: a new station's own login on the hub (a role with a random password, shown once)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    if not args.name.strip():
        raise Refused(Kind.EMPTY, field="station")
    try:
        login = _admin_call(ctx, args, lambda c, url: hub_roles.add_station(c, url, args.name))
    except hub_roles.StationExists:
        raise Refused(Kind.STATION_TAKEN, field=args.name) from None
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    w = sentences.user()
    ctx.emit({"station": login.station, "url": login.url, "role": login.role, "password": login.password},
             "\n".join([w.gettext("Station %(name)r may now join: `stampcard chain join --hub %(url)s --station "
                                   "%(station)s`", name=login.station, station=login.station, url=login.url),
                         w.gettext("Its password (shown once; give it to the join in `STAMPCARD_HUB_PASSWORD` or "
                                   "at the prompt): %(password)s", password=login.password)]))
    return common.EXIT_OK


def cmd_retire(args: argparse.Namespace, ctx: Context) -> int:
    """Owner: end a station (its login is dropped, its name is free; its events stay)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    try:
        role = _admin_call(ctx, args, lambda c, url: hub_roles.retire(c, args.name))
    except hub_roles.UnknownStation as exc:
        raise Refused(Kind.BAD_CHOICE, field="station", value=args.name, choices=tuple(exc.args[1])) from None
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    ctx.emit({"station": args.name, "role": role or None, "retired": True}, sentences.user().gettext(
        "Station %(station)r retired: its login is gone and its name is free; its events stay.",
        station=args.name))
    return common.EXIT_OK


def cmd_rotate_secret(args: argparse.Namespace, ctx: Context) -> int:
    """Owner: a new signing key on the hub (db/sync/keys.py); every station takes it at its next sync."""
    from db.sync import keys as chain_keys
    from kiosk.cli import keys as cli_keys

    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    cli_keys.confirmed(args)
    now = common.utcnow()
    try:
        ring = _admin_call(ctx, args, lambda c, url: chain_keys.rotate_on_hub(c, now=now))
    except LookupError:
        raise Refused(Kind.NOT_IN_CHAIN, field="hub") from None
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    with ctx.open_db().sessions.begin() as session:  # this station need not wait for its next sync
        here = chain_keys.adopt_here(session, ring)
    ctx.emit({"key": ring.current.id, "retired": ring.keys[-2].id, "rotated_at": now.isoformat(),
              "here": here}, sentences.user().gettext(
        "Signing key %(key)d signs new batches from now on; each station takes it at its next sync. Key %(old)d "
        "is retired and only verifies the cards printed before.", key=ring.current.id, old=ring.keys[-2].id))
    return common.EXIT_OK


def cmd_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    """Owner: bring the hub's tables to this stampcard's schema and make its roles and policies again."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    try:
        done = sync.upgrade_hub(hub_url(args))
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    w = sentences.user()
    text = (w.gettext("The hub's schema is %(after)s already; its roles and row-level security were made again.",
                      after=done.after) if done.before == done.after else
            w.gettext("The hub's schema went from %(before)s to %(after)s; its roles and row-level security were "
                      "made again.", before=done.before or "-", after=done.after))
    ctx.emit({"hub": sync.shown_url(args.hub), "before": done.before, "after": done.after}, text)
    return common.EXIT_OK


def cmd_stations(args: argparse.Namespace, ctx: Context) -> int:
    """The chain's stations as the hub knows them (read with this station's own hub login)."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    with ctx.open_db().sessions.begin() as session:
        state = sync.require_state(session)
        url, me, pending = state.hub_url, state.station, sync.pending(session)
    engine_ = sync.hub_engine(url)
    try:
        with sync.HubCall():
            found = hub_roles.stations(engine_)
    except sync.HubUnreachable as exc:
        print(f"stampcard: {sentences.hub(exc)}", file=sys.stderr)
        return common.EXIT_DATABASE
    finally:
        engine_.dispose()
    w = sentences.user()
    rows = [{"station": s.name, "last_sync": _when(s.last_seen), "joined_at": _when(s.joined_at),
             "pending": pending if s.name == me else None, "install_ids": list(s.installs), "received": s.received,
             "refused": s.refused, "lost": s.lost, "own_login": bool(s.role)} for s in found]
    ctx.emit({"stations": rows}, "\n".join(
        f"{s.name:<16} " + w.gettext("last sync %(ago)s", ago=_ago(s.last_seen))
        + "; " + w.gettext("%(n)d received, %(refused)d refused, %(lost)d lost", n=s.received, refused=s.refused,
                           lost=s.lost)
        + (("; " + w.gettext("%(n)d waiting here", n=pending)) if s.name == me else "")
        + (("; " + w.gettext("install %(ids)s", ids=", ".join(i[:8] for i in s.installs))) if s.installs else "")
        for s in found) or w.gettext("No stations."))
    return common.EXIT_OK


def register(sub: Any, command: Any) -> None:
    """Add ``chain ...`` and ``sync`` to the ``stampcard`` parser."""
    p = command(sub, "sync", cmd_sync, "send this station's events to the hub and fetch the others', once")
    chain = sub.add_parser("chain", help="a chain of shops: stations syncing through a PostgreSQL hub")
    csub = chain.add_subparsers(dest="chain_command", required=True, metavar="ACTION")
    p = command(csub, "create", cmd_create, "owner: put this station's shop on an empty PostgreSQL (the hub)")
    p.add_argument("--hub", required=True, metavar="ADMIN_URL",
                   help="postgresql+psycopg://user@host/db (the password: STAMPCARD_HUB_PASSWORD, pgpass or asked)")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "add-station", cmd_add_station, "owner: a new station's own hub login (prints its URL)")
    p.add_argument("name", help="the new station's name")
    p.add_argument("--hub", required=True, metavar="ADMIN_URL", help="the hub's admin URL, without the password")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "retire", cmd_retire, "owner: end a station: drop its login, free its name")
    p.add_argument("name", help="the station's name")
    p.add_argument("--hub", required=True, metavar="ADMIN_URL", help="the hub's admin URL, without the password")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "rotate-secret", cmd_rotate_secret,
                "owner: a new signing key for new batches, on the hub; stations take it at their next sync")
    p.add_argument("--hub", required=True, metavar="ADMIN_URL", help="the hub's admin URL, without the password")
    p.add_argument("--yes", action="store_true", help="confirm without the prompt")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "upgrade", cmd_upgrade,
                "owner: after upgrading stampcard, bring the hub's tables and policies to this version")
    p.add_argument("--hub", required=True, metavar="ADMIN_URL", help="the hub's admin URL, without the password")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "stations", cmd_stations, "the chain's stations: last sync, waiting, install, lost events")
    p.add_argument("--pin", default=None, help="accepted and not needed: the list only reads")
    p = command(csub, "join", cmd_join, "owner: make this station's database from the hub (needs --station)")
    p.add_argument("--hub", required=True, metavar="URL")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "status", cmd_status, "hub, station, events waiting, last sync, conflicts")
    p.add_argument("--pin", default=None, help="accepted and not needed: status only reads")
    p = command(csub, "conflicts", cmd_conflicts, "what the stations could not decide apart")
    p.add_argument("--all", action="store_true", help="also the resolved ones")
    p.add_argument("--pin", default=None, help="accepted and not needed: the list only reads")
    p = command(csub, "resolve", cmd_resolve, "owner: decide a conflict")
    p.add_argument("conflict", help="the conflict's id or key")
    p.add_argument("--write-off", action="store_true", help="give a card that went below zero its stamps back")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
    p = command(csub, "set", cmd_set, "owner: chain settings")
    p.add_argument("--offline-redeem", choices=["allow", "refuse"], required=True,
                   help="redeem rewards while the hub is unreachable (default allow)")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
