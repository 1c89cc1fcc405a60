"""Per-station choices (camera, receipt printer, paper width, sound) in ``station_settings``.

Each kiosk of a shop (or of a chain sharing one database) keeps its own
hardware choices, keyed by its station name. Values are stored as text; the
functions here read and write them as one frozen :class:`StationChoices`.
Like ``db.ops``, every function takes the caller's ``Session`` and never
commits. Environment variables override these choices; that is decided by the
shell (``kiosk.config``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards import refusals
from db.models import StationSetting

KEYS = ("camera", "receipt_printer", "receipt_width", "sound")
WIDTHS = (80, 58)


@dataclass(frozen=True)
class StationChoices:
    """What one station uses. Empty strings mean "not chosen here" (the default applies).

    ``camera``: a device index (``"0"``), a device path, a video file or a folder,
    or ``"none"``. ``receipt_printer``: a name for ``printing.send.parse_target``
    (CUPS queue, ``host:port``, ``usb:VID:PID``, device file), "" to save receipts
    as files. ``receipt_width``: 80 or 58 (mm). ``sound``: on or off.
    """

    camera: str = ""
    receipt_printer: str = ""
    receipt_width: int = 80
    sound: bool = False


def get_choices(session: Session, station: str) -> StationChoices:
    """The choices stored for ``station`` (defaults for what was never chosen)."""
    rows = session.execute(select(StationSetting.key, StationSetting.value)
                           .where(StationSetting.station == station)).all()
    values = {key: value for key, value in rows}
    width = values.get("receipt_width", "")
    return StationChoices(
        camera=values.get("camera", ""),
        receipt_printer=values.get("receipt_printer", ""),
        receipt_width=int(width) if width.isdigit() and int(width) in WIDTHS else 80,
        sound=values.get("sound", "") == "on",
    )


def set_choice(session: Session, station: str, key: str, value: str | int | bool) -> StationChoices:
    """Store one choice for ``station`` and return all of them.

    Refuses (``Kind.BAD_CHOICE`` naming the field and the choices) an unknown
    key, a paper width other than 80 or 58, or a sound other than on/off, so a
    typo never reaches the printer; ``Kind.EMPTY`` for a station without a name.
    """
    if key not in KEYS:
        raise refusals.Refused(refusals.Kind.BAD_CHOICE, field="setting", value=key, choices=KEYS)
    if isinstance(value, bool):
        text = "on" if value else "off"
    else:
        text = str(value).strip()
    if key == "receipt_width" and text not in {str(w) for w in WIDTHS}:
        raise refusals.Refused(refusals.Kind.BAD_CHOICE, field=key, value=text,
                               choices=tuple(str(w) for w in WIDTHS))
    if key == "sound" and text not in ("on", "off"):
        raise refusals.Refused(refusals.Kind.BAD_CHOICE, field=key, value=text, choices=("on", "off"))
    if not station:
        raise refusals.Refused(refusals.Kind.EMPTY, field="station")
    row = session.get(StationSetting, (station, key))
    if row is None:
        session.add(StationSetting(station=station, key=key, value=text))
    else:
        row.value = text
    session.flush()
    return get_choices(session, station)
