"""``stampcard devices`` and ``stampcard autostart on|off|status``.

``devices`` lists what is plugged in (``kiosk.devices``) and what this station
chose on the owner's Devices page; it never creates a database. ``autostart``
installs or removes the start-at-boot entry (``kiosk.autostart``); turning it
on or off needs the owner PIN.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cards.refusals import Kind, Refused
from db import errors
from db import station as station_settings
from kiosk import autostart, config, devices, sentences
from kiosk.cli import common


def _stored_choices(ctx: common.Context) -> station_settings.StationChoices | None:
    """This station's stored choices, when there is a database that can be read (none is created).

    Listing devices needs no database: one that is missing, unreachable or
    not a stampcard database only means no stored choices to show.
    """
    path = ctx.sqlite_file()
    if path is not None and not path.exists():
        return None
    try:
        with ctx.open_db().sessions.begin() as session:
            return station_settings.get_choices(session, ctx.station)
    except (Refused, errors.StampcardError):
        return None


def cmd_devices(args: argparse.Namespace, ctx: common.Context) -> int:
    """List cameras, printers and scanners; ``--no-probe`` does not open the cameras."""
    stored = _stored_choices(ctx)
    chosen = config.station_devices(stored or station_settings.StationChoices())
    found = devices.discover(configured=[chosen.printer] if chosen.printer else [],
                             probe_cameras=not args.no_probe)
    data = devices.to_json(found)
    data["station"] = {"name": ctx.station, "camera": chosen.camera, "printer": chosen.printer or None,
                       "receipt_width": chosen.receipt_width, "sound": chosen.sound}
    text = devices.to_text(found)
    w = sentences.user()
    text += "\n" + w.gettext("This station (%(station)s): camera %(camera)s, printer %(printer)s, %(width)s mm paper",
                             station=ctx.station, camera=chosen.camera or w.gettext("0 (default)"),
                             printer=chosen.printer or w.gettext("none (receipts saved as files)"),
                             width=chosen.receipt_width)
    ctx.emit(data, text)
    return common.EXIT_OK


def _status_json(status: autostart.Status) -> dict[str, Any]:
    return {"autostart": status.method, "unit": str(status.unit) if status.unit_installed else None,
            "desktop": str(status.desktop) if status.desktop_installed else None,
            "enabled": status.enabled or None, "active": status.active or None,
            "command": list(status.command) or None}


def _status_text(status: autostart.Status) -> str:
    w = sentences.user()
    if status.method == "systemd":
        extra = ", ".join(word for word in (status.enabled, status.active) if word)  # systemctl's own words
        return w.gettext("Autostart: systemd user unit %(unit)s", unit=status.unit) + (f" ({extra})" if extra else "")
    if status.method == "xdg":
        return w.gettext("Autostart: desktop autostart entry %(file)s", file=status.desktop)
    return w.gettext("Autostart: off")


def _kept_options(args: argparse.Namespace) -> list[str]:
    """``--db`` and ``--station`` as given to ``autostart on``, for the kiosk it starts (a path made absolute:
    the unit runs in another folder)."""
    kept: list[str] = []
    db = getattr(args, "db", None)
    if db:
        kept += ["--db", db if "://" in db else str(Path(db).resolve())]
    station = getattr(args, "station", None)
    if station:
        kept += ["--station", station]
    return kept


def cmd_autostart(args: argparse.Namespace, ctx: common.Context) -> int:
    """Turn start-at-boot on or off (owner PIN), or say how it stands."""
    use_systemctl = not args.write_only
    if args.action == "status":
        status = autostart.status(systemctl=use_systemctl)
        ctx.emit(_status_json(status), _status_text(status))
        return common.EXIT_OK
    if not ctx.has_db():
        raise Refused(Kind.NOT_INITIALISED)
    common.require_owner(ctx, args)
    if args.action == "on":
        status = autostart.enable(args.method, systemctl=use_systemctl,
                                  command=autostart.kiosk_command(_kept_options(args)))
        w = sentences.user()
        how = (w.gettext("It starts with the desktop session and again 3 s after any crash.")
               if status.method == "systemd" else w.gettext("It starts at log-in and again 3 s after any crash."))
        ctx.emit(_status_json(status), f"{_status_text(status)}\n{how}")
    else:
        status = autostart.disable(systemctl=use_systemctl)
        ctx.emit(_status_json(status), sentences.user().gettext("Autostart is off; a kiosk that runs now keeps "
                                                                "running."))
    return common.EXIT_OK


def register(sub: Any, command: Any) -> None:
    """Add ``devices`` and ``autostart`` to the ``stampcard`` parser."""
    p = command(sub, "devices", cmd_devices, "list cameras, printers and scanners plugged in here")
    p.add_argument("--no-probe", action="store_true", help="do not open the cameras (faster)")
    p = command(sub, "autostart", cmd_autostart, "start the kiosk full screen at boot (and after a crash)")
    p.add_argument("action", choices=["on", "off", "status"])
    p.add_argument("--method", choices=["auto", "systemd", "xdg"], default="auto",
                   help="systemd user unit, or desktop autostart entry (default: systemd when it runs)")
    p.add_argument("--write-only", action="store_true",
                   help="only write or remove the files; do not call systemctl")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
