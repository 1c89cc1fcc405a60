"""What a sync says, as data: why the hub could not be used, and what a healing sync did.

The shells word it in their language (``kiosk.sentences.hub_trouble`` and ``healing`` for the
command line, ``kiosk.app.refusal_text.hub_trouble`` and ``healing`` for the screens); the
English lines here are for logs and ``--json`` only.

Two texts of ``chain_state`` are stored as JSON so that each shell can word them later:
``last_error`` (a :class:`HubTrouble` with the hub's place and the driver's words) and
``healed`` (the minute of the healing sync and its :class:`Note` list). A text stored before
this (plain English) is read as it is: a note of kind ``TEXT``, a trouble of kind ``TEXT``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any


class HubTrouble(enum.Enum):
    """Why a sync could not use the hub (``db.sync.HubUnreachable.kind``)."""

    UNREACHABLE = "unreachable"
    """No answer from the hub: the network, the server stopped, a port nobody listens on, an unknown host."""
    LOGIN_REFUSED = "login_refused"
    """The hub answered and refused this station's login (password, a retired station's role)."""
    NO_ROLES = "no_roles"
    """``chain create``: the hub's user may not make the chain's roles (it needs CREATEROLE and to own the database)."""
    OLDER_HUB = "older_hub"
    """The hub's tables are older than this station's stampcard (a table, column or function it lacks): the
    owner runs ``stampcard chain upgrade --hub ADMIN_URL`` once."""
    TEXT = "text"
    """Words already made by the layer that found it (``detail``), or stored before troubles were data."""


class NoteKind(enum.Enum):
    """What a healing sync did (``chain_state.healed``), one note each."""

    LOST = "lost"
    """``n`` events made here after the last one the hub received are lost (restored from an older backup)."""
    COPIED = "copied"
    """This database was copied or moved here: it took the new install id ``install`` (8 characters)."""
    COPY_OF = "copy_of"
    """This database is a copy of station ``station``'s, still in use: it is now station ``name``."""
    HUB_RESTORED = "hub_restored"
    """The hub was restored or replaced: ``n`` events sent again, ``fetched`` fetched, the cursor reset."""
    OWN_FROM_HUB = "own_from_hub"
    """``n`` events sent under this station's name that this database lacked came from the hub."""
    TEXT = "text"
    """A plain English line stored before notes were data (``text``), said as it is."""


@dataclass(frozen=True)
class Note:
    """One thing a healing sync did: a kind and its typed fields."""

    kind: NoteKind
    n: int = 0
    fetched: int = 0
    install: str = ""
    station: str = ""
    name: str = ""
    text: str = ""

    def english(self) -> str:
        """The English line (logs, ``chain status --json``)."""
        return _ENGLISH[self.kind](self)


_ENGLISH: dict[NoteKind, Callable[[Note], str]] = {
    NoteKind.LOST: lambda n: (f"{n.n} events made here after the last one the hub received never reached it and "
                              "are lost (this database was restored from an older backup)"),
    NoteKind.COPIED: lambda n: f"this database was copied or moved here (install {n.install})",
    NoteKind.COPY_OF: lambda n: (f"this database is a copy of station {n.station}'s, which is still in use: it is "
                                 f"now station {n.name}"),
    NoteKind.HUB_RESTORED: lambda n: (f"the hub was restored or replaced: {n.n} events sent again, {n.fetched} "
                                      "fetched, cursor reset"),
    NoteKind.OWN_FROM_HUB: lambda n: (f"{n.n} events sent under this station's name that this database lacked came "
                                      "from the hub (it was restored from a backup, or a copy of it syncs)"),
    NoteKind.TEXT: lambda n: n.text,
}


@dataclass(frozen=True)
class Healed:
    """``chain_state.healed`` read: the minute (UTC) of the healing sync, and what it did."""

    at: dt.datetime | None
    notes: tuple[Note, ...]

    def english(self) -> str:
        """The line ``chain status --json`` shows: ``YYYY-MM-DD HH:MM UTC: note; note``."""
        said = "; ".join(note.english() for note in self.notes)
        return f"{self.at:%Y-%m-%d %H:%M} UTC: {said}" if self.at is not None else said


def _minute(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.timezone.utc).replace(second=0, microsecond=0)


def _note_json(note: Note) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": note.kind.value}
    for name in ("n", "fetched", "install", "station", "name", "text"):
        value = getattr(note, name)
        if value:
            data[name] = value
    return data


def healed_text(now: dt.datetime, notes: list[Note] | tuple[Note, ...], *, before: str = "") -> str:
    """The stored ``chain_state.healed`` for ``notes`` made at ``now``; what ``before`` said in the same
    minute (the same sync's healing check, then its pull) is kept in front."""
    earlier = read_healed(before)
    kept = earlier.notes if earlier.at is not None and earlier.at == _minute(now) else ()
    return json.dumps({"at": _minute(now).isoformat(), "notes": [_note_json(n) for n in (*kept, *notes)]},
                      ensure_ascii=False, sort_keys=True)


def read_healed(stored: str) -> Healed:
    """``chain_state.healed`` as data; plain text stored before notes were data is one ``TEXT`` note; never raises."""
    if not stored:
        return Healed(None, ())
    try:
        data = json.loads(stored)
        at = dt.datetime.fromisoformat(str(data["at"]))
        notes = tuple(Note(NoteKind(item["kind"]), int(item.get("n", 0)), int(item.get("fetched", 0)),
                           str(item.get("install", "")), str(item.get("station", "")), str(item.get("name", "")),
                           str(item.get("text", ""))) for item in data["notes"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return Healed(None, (Note(NoteKind.TEXT, text=stored),))
    return Healed(at if at.tzinfo is not None else at.replace(tzinfo=dt.timezone.utc), notes)


@dataclass(frozen=True)
class Trouble:
    """``chain_state.last_error`` read: why the last sync could not use the hub."""

    kind: HubTrouble
    hub: str = ""
    detail: str = ""

    def english(self) -> str:
        """The English line (logs, ``chain status --json``'s ``last_error``)."""
        return english_trouble(self.kind, self.hub, self.detail)


def english_trouble(kind: HubTrouble, hub: str, detail: str) -> str:
    """One English line for a hub trouble (logs, ``--json``): what ``str(HubUnreachable)`` says."""
    if kind is HubTrouble.TEXT:
        return detail
    what = {HubTrouble.UNREACHABLE: "the hub cannot be reached",
            HubTrouble.LOGIN_REFUSED: "the hub refused this station's login",
            HubTrouble.NO_ROLES: ("the hub's user cannot make the chain's roles (it needs CREATEROLE and to own the "
                                  "database)"),
            HubTrouble.OLDER_HUB: ("the hub's tables are older than this station's stampcard: the owner runs "
                                   "`stampcard chain upgrade --hub ADMIN_URL` once")}[kind]
    return f"{what}: {detail}" if detail else what


def trouble_text(kind: HubTrouble, hub: str, detail: str) -> str:
    """The stored ``chain_state.last_error`` for a hub trouble."""
    return json.dumps({"kind": kind.value, "hub": hub, "detail": detail}, ensure_ascii=False, sort_keys=True)


def read_trouble(stored: str) -> Trouble | None:
    """``chain_state.last_error`` as data (None: no error); plain text stored before is a ``TEXT`` trouble."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
        return Trouble(HubTrouble(data["kind"]), str(data.get("hub", "")), str(data.get("detail", "")))
    except (ValueError, TypeError, KeyError, AttributeError):
        return Trouble(HubTrouble.TEXT, detail=stored)
