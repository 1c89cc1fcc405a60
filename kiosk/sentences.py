"""The command line's sentence for every refusal kind, in the user's language.

The domain refuses with ``cards.refusals.Refused`` (a kind and typed fields); this
module is where the command line turns one into a line a person reads, in
English, Czech or Russian (the gettext catalogues in ``assets/locale``, through
``cards.words``; the language is the terminal's locale, see
``cards.words.user_language``). The touchscreen has its own translated
sentences in ``kiosk/app/refusal_text.py``. A test checks that every kind has a
sentence here and there, and renders each in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cards import clock, codes, words
from cards.refusals import Kind, Refused
from db import errors, urls
from db import hub_notes

if TYPE_CHECKING:  # the kiosk paints its idle screen before ``printing`` loads (tests/test_startup.py)
    from db.sync.hub_io import HubUnreachable
    from messages.transport import SendFailed
    from printing.errors import PrintingError

W = words.Words

_FIELDS = {"stamps": "--stamps", "prestamps": "--prestamps", "cooldown": "--cooldown", "cap": "--cap",
           "count": "--count", "reward": "--reward", "shop": "--shop", "language": "--language",
           "timezone": "--timezone", "phone": "--complaints-phone", "email": "--complaints-email",
           "url": "--complaints-url", "address": "--address", "retention": "--retention-months",
           "customer_name": "--name", "customer_phone": "--phone", "customer_email": "--email",
           "birthday": "--birthday", "since": "--since", "card_url": "--card-url"}


def _format(w: W, field: str) -> str:
    """What a field's value should look like (BAD_FORMAT)."""
    if field in ("phone", "customer_phone"):
        return w.gettext("a phone number")
    if field in ("email", "customer_email"):
        return w.gettext("an e-mail address")
    if field == "url":
        return w.gettext("a web address (https://...)")
    if field == "card_url":
        return w.gettext("a web address (https://host or https://host/path, letters, digits and - . / only)")
    if field == "timezone":
        return w.gettext("a time zone name (such as Europe/Prague)")
    if field in ("birthday", "since"):
        return w.gettext("a date (YYYY-MM-DD)")
    return w.gettext("valid")


def _card(e: Refused, w: W) -> str:
    return w.gettext("card %(number)s", number=codes.format_number(e.number)) if e.number else w.gettext("the card")


def _field(e: Refused, w: W) -> str:
    return _FIELDS.get(e.field, e.field or w.gettext("the value"))


def _when(e: Refused, w: W) -> str:
    return clock.time_text(e.until) if e.until is not None else w.gettext("later")  # until: the shop's wall time


def _n(value: int | None) -> int:
    return value if value is not None else 0


def _out_of_range(e: Refused, w: W) -> str:
    if e.value:
        return w.gettext("%(field)s must be %(low)s to %(high)s, not %(value)s", field=_field(e, w), low=e.low,
                         high=e.high, value=e.value)
    return w.gettext("%(field)s must be %(low)s to %(high)s", field=_field(e, w), low=e.low, high=e.high)


def _wrong_pin(e: Refused, w: W) -> str:
    if e.tries_left is None:
        return w.gettext("wrong PIN")
    return w.ngettext("wrong PIN (%(n)d try left)", "wrong PIN (%(n)d tries left)", e.tries_left)


def _not_in_chain(e: Refused, w: W) -> str:
    if e.field == "hub":
        return w.gettext("that PostgreSQL holds no chain: run `stampcard chain create` first")
    return w.gettext("this station is not in a chain: run `stampcard chain join`")


def _bad_signature(e: Refused, w: W) -> str:
    if e.field == "chain":  # a chain station cannot tell a forgery from a key it has not received yet
        return w.gettext("the code's signature matches none of this station's keys: not this shop's card, or "
                         "signed with a newer key; run `stampcard sync` and scan again")
    return w.gettext("the code's signature is wrong: this card was not issued by this shop")


def _retired_key(e: Refused, w: W) -> str:
    if e.field == "chain":  # a real card printed before the rotation, never seen here, is on the hub
        return w.gettext("%(card)s is not known at this station and is signed with the shop's retired key: the old "
                         "secret makes no new cards (a real card printed before the key changed is found after "
                         "`stampcard sync`)", card=_card(e, w))
    return w.gettext("%(card)s is not one of this shop's cards and is signed with the shop's retired key: the old "
                     "secret makes no new cards", card=_card(e, w))


def _bad_file(e: Refused, w: W) -> str:
    if e.value:
        return f"{e.field}: {e.value}"  # the file and what is wrong with it, both as the system says them
    return w.gettext("cannot use the file %(file)s", file=e.field)


_SENTENCES: dict[Kind, Callable[[Refused, W], str]] = {
    Kind.NOT_OURS: lambda e, w: w.gettext("not a stamp card"),
    Kind.DAMAGED: lambda e, w: w.gettext("the code is damaged or incomplete"),
    Kind.BAD_SIGNATURE: _bad_signature,
    Kind.RETIRED_KEY: _retired_key,
    Kind.UNKNOWN_KEY: lambda e, w: w.gettext("signed with a key this station has not received yet: run `stampcard "
                                             "sync` and try again"),
    Kind.BAD_CHECK: lambda e, w: w.gettext("the card number has a typo (its check character does not match)"),
    Kind.UNKNOWN_CARD: lambda e, w: w.gettext("%(card)s is not one of this shop's cards", card=_card(e, w)),
    Kind.VOID: lambda e, w: w.gettext("%(card)s belongs to void batch %(batch)s", card=_card(e, w), batch=e.batch),
    Kind.BLOCKED: lambda e, w: w.gettext("%(card)s is blocked", card=_card(e, w)),
    Kind.TRANSFERRED: lambda e, w: w.gettext("%(card)s was replaced; its stamps moved to a new card",
                                             card=_card(e, w)),
    Kind.SAME_CARD: lambda e, w: w.gettext("the old and the new card are the same card"),
    Kind.NOT_NEW_CARD: lambda e, w: w.gettext("%(card)s already had stamps or was already brought by a friend",
                                              card=_card(e, w)),
    Kind.VOID_EMPTY: lambda e, w: w.gettext("%(card)s of void batch %(batch)s was never used: "
                                            "it holds nobody's stamps", card=_card(e, w), batch=e.batch),
    Kind.COOLDOWN: lambda e, w: w.gettext("stamped %(minutes)s min ago (cooldown %(limit)s min); "
                                          "add --force to stamp again", minutes=e.minutes, limit=e.limit),
    Kind.CAP: lambda e, w: w.ngettext("at most %(n)d stamp per visit (asked %(asked)s)",
                                      "at most %(n)d stamps per visit (asked %(asked)s)", _n(e.limit), asked=e.asked),
    Kind.NOT_FULL: lambda e, w: w.gettext("card not full yet: %(stamps)s of %(required)s, %(to_go)s to go",
                                          stamps=e.stamps, required=e.required, to_go=e.to_go),
    Kind.NOTHING_TO_UNDO: lambda e, w: w.gettext("nothing to undo on this card"),
    Kind.ALREADY_UNDONE: lambda e, w: w.gettext("the last change was already undone"),
    Kind.UNDO_TOO_LATE: lambda e, w: w.ngettext("the last change was %(minutes)s min ago; undo works within "
                                                "%(n)d minute", "the last change was %(minutes)s min ago; undo "
                                                "works within %(n)d minutes", _n(e.limit), minutes=e.minutes),
    Kind.STAMPS_USED: lambda e, w: w.gettext("the stamps of that change were already used"),
    Kind.OUT_OF_RANGE: _out_of_range,
    Kind.EMPTY: lambda e, w: w.gettext("%(field)s needs a text", field=_field(e, w)),
    Kind.TOO_LONG: lambda e, w: w.ngettext("%(field)s is too long (at most %(n)d character)",
                                           "%(field)s is too long (at most %(n)d characters)", _n(e.limit),
                                           field=_field(e, w)),
    Kind.TEXT_TOO_LONG: lambda e, w: w.ngettext(
        "%(field)s does not fit on the printed card or receipt (at most about %(n)d character)",
        "%(field)s does not fit on the printed card or receipt (at most about %(n)d characters)", _n(e.limit),
        field=_field(e, w)),
    Kind.BAD_CHARACTERS: lambda e, w: w.gettext("%(field)s contains control characters", field=_field(e, w)),
    Kind.BAD_CHOICE: lambda e, w: w.gettext("%(field)s must be one of %(choices)s, not %(value)r", field=_field(e, w),
                                            choices=", ".join(e.choices), value=e.value),
    Kind.BAD_FORMAT: lambda e, w: w.gettext("%(field)s %(value)r is not %(format)s", field=_field(e, w),
                                            value=e.value, format=_format(w, e.field)),
    Kind.BAD_TIERS: lambda e, w: w.gettext("tiers need distinct names (up to 20 characters), a threshold of 1 or "
                                           "more and a bonus of 0 or more"),
    Kind.BAD_PIN_FORMAT: lambda e, w: w.gettext("a PIN is %(low)s to %(high)s digits 0-9", low=e.low, high=e.high),
    Kind.NO_PIN: lambda e, w: w.gettext("this is an owner command: give the owner PIN (--pin, STAMPCARD_PIN or "
                                        "the prompt)"),
    Kind.WRONG_PIN: _wrong_pin,
    Kind.LOCKED: lambda e, w: w.gettext("too many wrong PINs: locked until %(time)s (%(minutes)s min)",
                                        time=_when(e, w), minutes=e.minutes),
    Kind.NO_STAFF: lambda e, w: w.gettext("no staff with a PIN is set up"),
    Kind.UNKNOWN_STAFF: lambda e, w: w.gettext("no staff member called %(name)r", name=e.field),
    Kind.STAFF_EXISTS: lambda e, w: w.gettext("staff member %(name)r already exists", name=e.field),
    Kind.LAST_OWNER: lambda e, w: w.gettext("the last owner cannot be removed"),
    Kind.NOT_INITIALISED: lambda e, w: w.gettext("no shop is set up yet: run `stampcard init` first"),
    Kind.ALREADY_INITIALISED: lambda e, w: w.gettext("this database already has a shop; use `stampcard settings "
                                                     "set` to change it"),
    Kind.NO_DATABASE: lambda e, w: w.gettext("no stampcard database at %(where)s (stampcard init creates one)",
                                             where=urls.masked(str(e.field))),
    Kind.UNKNOWN_BATCH: lambda e, w: w.gettext("there is no batch %(batch)s", batch=e.batch),
    Kind.ALREADY_VOID: lambda e, w: w.gettext("batch %(batch)s is already void", batch=e.batch),
    Kind.ALREADY_BLOCKED: lambda e, w: w.gettext("%(card)s is already blocked", card=_card(e, w)),
    Kind.UNKNOWN_COMPLAINT: lambda e, w: w.gettext("there is no complaint %(reference)s", reference=e.reference),
    Kind.ALREADY_RESOLVED: lambda e, w: w.gettext("complaint %(reference)s is already resolved",
                                                  reference=e.reference),
    Kind.BAD_TOPIC: lambda e, w: w.gettext("topic must be one of: %(choices)s", choices=", ".join(e.choices)),
    Kind.NO_CONSENT: lambda e, w: w.gettext("personal details are kept only with the customer's consent "
                                            "(--consent)"),
    Kind.OFFLINE_REDEEM: lambda e, w: w.gettext("this shop does not redeem rewards while the chain's hub is "
                                                "unreachable"),
    Kind.NOT_IN_CHAIN: _not_in_chain,
    Kind.ALREADY_IN_CHAIN: lambda e, w: w.gettext("this station already syncs with a hub"),
    Kind.ROTATE_AT_HUB: lambda e, w: w.gettext("this station is in a chain: rotate the key on the hub with "
                                               "`stampcard chain rotate-secret --hub ADMIN_URL`"),
    Kind.HUB_NOT_EMPTY: lambda e, w: w.gettext("that PostgreSQL already holds a chain; join it with `stampcard "
                                               "chain join`"),
    Kind.STATION_TAKEN: lambda e, w: w.gettext("a station called %(name)r is already in the chain; choose another "
                                               "name", name=e.field),
    Kind.UNKNOWN_CONFLICT: lambda e, w: w.gettext("there is no conflict %(reference)s", reference=e.reference),
    Kind.BAD_FILE: _bad_file,
    Kind.FOLDER_GIVEN: lambda e, w: w.gettext("%(file)s is a folder; name the file to write", file=e.field),
    Kind.NO_FOLDER: lambda e, w: w.gettext("%(file)s: the folder %(folder)s does not exist (nothing was created; "
                                           "is the medium plugged in?)", file=e.field, folder=e.value),
    Kind.CANNOT_WRITE: lambda e, w: w.gettext("%(file)s cannot be written (%(reason)s)", file=e.field,
                                              reason=e.value) if e.value else w.gettext(
        "%(file)s cannot be written (permission denied)", file=e.field),
    Kind.DISK_DEVICE: lambda e, w: w.gettext("%(file)s is a disk device; name a file on it", file=e.field),
    Kind.FOREIGN_FILE: lambda e, w: w.gettext(
        "%(file)s is another program's file, not a stampcard database (name a new file; if it was ours and is "
        "damaged, `stampcard restore BACKUP` puts a backup back)", file=e.field),
}


def sentence(exc: Refused, language: str | None = None) -> str:
    """One line for a refusal, from its kind and fields (never its text), in ``language``
    (default: the terminal's, :func:`cards.words.user_language`)."""
    w = words.words(language) if language is not None else words.for_user()
    maker = _SENTENCES.get(exc.kind)
    return maker(exc, w) if maker is not None else exc.kind.value.replace("_", " ")


def _fault_place(w: W, place: str) -> str:
    return w.gettext("the database %(place)s", place=place) if place else w.gettext("the database")


_FAULTS: dict[errors.FaultKind, Callable[[errors.Fault, W], str]] = {
    errors.FaultKind.DAMAGED: lambda f, w: w.gettext(
        "%(database)s is damaged (%(detail)s); put a backup back with `stampcard restore BACKUP`; "
        "nothing was recorded", database=_fault_place(w, f.place), detail=f.detail),
    errors.FaultKind.DISK_FULL: lambda f, w: w.gettext(
        "the disk holding %(database)s is full; nothing was recorded", database=_fault_place(w, f.place)),
    errors.FaultKind.READ_ONLY: lambda f, w: w.gettext(
        "%(database)s cannot be written (read-only file or folder); nothing was recorded",
        database=_fault_place(w, f.place)),
    errors.FaultKind.BUSY: lambda f, w: w.gettext(
        "%(database)s is busy (another program holds it); nothing was recorded, try again",
        database=_fault_place(w, f.place)),
    errors.FaultKind.CANNOT_OPEN: lambda f, w: w.gettext(
        "cannot open %(database)s; nothing was recorded", database=_fault_place(w, f.place)),
    errors.FaultKind.UNREACHABLE: lambda f, w: w.gettext(
        "the database server %(place)s cannot be reached (%(detail)s); nothing was recorded",
        place=f.place or "", detail=f.detail) if f.place else w.gettext(
        "the database server cannot be reached (%(detail)s); nothing was recorded", detail=f.detail),
    errors.FaultKind.UNUSABLE: lambda f, w: w.gettext(
        "%(database)s cannot be used (%(detail)s); nothing was recorded", database=_fault_place(w, f.place),
        detail=f.detail),
    errors.FaultKind.NEWER_SCHEMA: lambda f, w: w.gettext(
        "%(database)s has schema version %(version)s, newer than this stampcard knows; update stampcard",
        database=_fault_place(w, f.place), version=f.detail),
    errors.FaultKind.SEVERAL_VERSIONS: lambda f, w: w.gettext(
        "%(database)s has several schema versions: %(versions)s", database=_fault_place(w, f.place),
        versions=f.detail),
    errors.FaultKind.UPGRADE_FAILED: lambda f, w: w.gettext(
        "the schema upgrade of %(database)s to version %(head)s failed: %(detail)s",
        database=_fault_place(w, f.place), head=f.head, detail=f.detail),
    errors.FaultKind.UPGRADE_UNDONE: lambda f, w: w.gettext(
        "the schema upgrade %(version)s -> %(head)s failed, so %(database)s was restored from the copy taken "
        "before it (%(copy)s): %(detail)s", version=f.version, head=f.head, database=_fault_place(w, f.place),
        copy=f.copy, detail=f.detail),
    errors.FaultKind.UPGRADE_NOT_PUT_BACK: lambda f, w: w.gettext(
        "the schema upgrade failed and %(database)s could not be restored (%(detail)s); the copy taken before it "
        "is %(copy)s", database=_fault_place(w, f.place), detail=f.detail, copy=f.copy),
    errors.FaultKind.NO_UPGRADE_FOLDER: lambda f, w: w.gettext(
        "cannot make the backup folder %(folder)s before the schema upgrade (%(detail)s); nothing was changed",
        folder=f.file, detail=f.detail),
    errors.FaultKind.CANNOT_CREATE: lambda f, w: w.gettext(
        "cannot create the database %(place)s (%(detail)s)", place=f.place, detail=f.detail),
    errors.FaultKind.NO_DRIVER: lambda f, w: w.gettext(
        "cannot use the database %(place)s: its driver cannot be loaded (%(detail)s)", place=f.place,
        detail=f.detail),
    errors.FaultKind.NO_DATABASE_FILE: lambda f, w: w.gettext(
        "there is no database at %(place)s", place=f.place),
    errors.FaultKind.NOT_BACKED_UP: lambda f, w: w.gettext(
        "%(database)s is damaged (%(detail)s); no backup was made, so the older backups stay; put a good one "
        "back with `stampcard restore BACKUP`", database=_fault_place(w, f.place), detail=f.detail),
    errors.FaultKind.BACKUP_NOT_WRITTEN: lambda f, w: w.gettext(
        "the backup could not be written to %(file)s (%(detail)s); the database is unchanged", file=f.file,
        detail=f.detail),
    errors.FaultKind.NO_BACKUP_FILE: lambda f, w: w.gettext("there is no file %(file)s", file=f.file),
    errors.FaultKind.BACKUP_DAMAGED: lambda f, w: w.gettext(
        "%(file)s is damaged or not a database (%(detail)s)", file=f.file, detail=f.detail),
    errors.FaultKind.NOT_A_BACKUP: lambda f, w: w.gettext(
        "%(file)s is not a stampcard database (no schema version)", file=f.file),
    errors.FaultKind.BACKUP_TOO_NEW: lambda f, w: w.gettext(
        "%(file)s has schema version %(version)s, newer than this stampcard (%(head)s); update stampcard to "
        "restore it", file=f.file, version=f.version, head=f.head),
    errors.FaultKind.TOO_MANY_COPIES: lambda f, w: w.gettext(
        "too many before-restore copies in %(folder)s", folder=f.file),
    errors.FaultKind.RESTORE_FAILED: lambda f, w: w.gettext(
        "restore failed, %(database)s is unchanged: %(detail)s", database=_fault_place(w, f.place), detail=f.detail),
    errors.FaultKind.TEXT: lambda f, w: f.detail,
}


def fault(exc: errors.Fault, language: str | None = None) -> str:
    """One line for a fault of the database (exit code 4), from its kind and fields, in ``language``
    (default: the terminal's). A ``TEXT`` fault is said as the layer that found it put it."""
    w = words.words(language) if language is not None else words.for_user()
    return _FAULTS[exc.kind](exc, w)


def hub_trouble(kind: hub_notes.HubTrouble, hub: str = "", detail: str = "", language: str | None = None) -> str:
    """Why a sync could not use the hub (``db.sync.HubUnreachable``'s kind and fields, or ``chain_state.last_error``
    read by ``db.hub_notes.read_trouble``), in ``language`` (default: the terminal's); the driver's words as
    they are, in brackets."""
    w = words.words(language) if language is not None else words.for_user()
    if kind is hub_notes.HubTrouble.UNREACHABLE:
        if hub:
            return w.gettext("the hub %(hub)s cannot be reached (%(detail)s)", hub=hub, detail=detail)
        return w.gettext("the hub cannot be reached (%(detail)s)", detail=detail)
    if kind is hub_notes.HubTrouble.LOGIN_REFUSED:
        return w.gettext("the hub refused this station's login (%(detail)s); the owner can give the station a new "
                         "one with `stampcard chain add-station`", detail=detail)
    if kind is hub_notes.HubTrouble.NO_ROLES:
        return w.gettext("the hub's user cannot make the chain's logins: it needs `CREATEROLE` and to own the "
                         "database (%(detail)s)", detail=detail)
    if kind is hub_notes.HubTrouble.OLDER_HUB:
        return w.gettext("the hub's tables are older than this station's stampcard: the owner runs `stampcard chain "
                         "upgrade --hub ADMIN_URL` once; until then stamps wait here, nothing is lost (%(detail)s)",
                         detail=detail)
    return detail


def hub(exc: HubUnreachable, language: str | None = None) -> str:
    """:func:`hub_trouble` for a ``db.sync.HubUnreachable``."""
    return hub_trouble(exc.kind, exc.hub, exc.detail, language)


def healing(note: hub_notes.Note, language: str | None = None) -> str:
    """What a healing sync did (``db.hub_notes.Note``), in ``language`` (default: the terminal's); a line stored
    before notes were data is said as it is."""
    w = words.words(language) if language is not None else words.for_user()
    kinds = hub_notes.NoteKind
    if note.kind is kinds.LOST:
        return w.gettext("events made here that never reached the hub, lost (this database was restored from an "
                         "older backup): %(n)d", n=note.n)
    if note.kind is kinds.COPIED:
        return w.gettext("this database was copied or moved here (install %(install)s)", install=note.install)
    if note.kind is kinds.COPY_OF:
        return w.gettext("this database is a copy of station %(station)s's, which is still in use: it is now "
                         "station %(name)s", station=note.station, name=note.name)
    if note.kind is kinds.HUB_RESTORED:
        return w.gettext("the hub was restored or replaced: events sent again: %(resent)d, fetched: %(fetched)d",
                         resent=note.n, fetched=note.fetched)
    if note.kind is kinds.OWN_FROM_HUB:
        return w.gettext("this station's own events that this database lacked came back from the hub (it was "
                         "restored from a backup, or a copy of it syncs): %(n)d", n=note.n)
    return note.text


def send_failure(exc: SendFailed, language: str | None = None) -> str:
    """Why a message was not handed over (``messages.transport.SendFailed``: a kind and fields), in ``language``
    (default: the terminal's); the server's and the system's own words in brackets, as they are."""
    from messages.transport import Why

    w = words.words(language) if language is not None else words.for_user()
    said: dict[Why, Callable[[], str]] = {
        Why.SMTP_UNREACHABLE: lambda: w.gettext("the e-mail server %(server)s cannot be reached (%(detail)s)",
                                                server=exc.server, detail=exc.detail),
        Why.SMTP_LOGIN_REFUSED: lambda: w.gettext("the e-mail server %(server)s refused the login (%(detail)s); "
                                                  "check `settings set --smtp`", server=exc.server,
                                                  detail=exc.detail),
        Why.SMTP_LOST: lambda: w.gettext("the connection to the e-mail server broke off (%(detail)s)",
                                         detail=exc.detail),
        Why.SMTP_REFUSED: lambda: w.gettext("the e-mail server refused the message (%(detail)s)", detail=exc.detail),
        Why.RECIPIENT_REFUSED: lambda: w.gettext("the e-mail server refused the customer's address"),
        Why.NO_SESSION: lambda: w.gettext("the e-mail could not be sent"),
        Why.BAD_PHONE: lambda: w.gettext("the customer's phone number cannot take an SMS"),
        Why.NO_OUTBOX: lambda: w.gettext("the SMS outbox folder %(folder)s is not there", folder=exc.folder),
        Why.OUTBOX_FAILED: lambda: w.gettext("the SMS could not be written into %(folder)s (%(detail)s)",
                                             folder=exc.folder, detail=exc.detail),
        Why.GATEWAY_ANSWERED: lambda: w.gettext("the SMS gateway answered %(code)d", code=exc.code),
        Why.GATEWAY_UNREACHABLE: lambda: w.gettext("the SMS gateway cannot be reached (%(detail)s)",
                                                   detail=exc.detail),
        Why.NO_SMTP: lambda: w.gettext("no e-mail server is set (`settings set --smtp`)"),
        Why.NO_SMS: lambda: w.gettext("no SMS outbox or gateway is set (`settings set --sms-outbox` or "
                                      "`--sms-gateway`)"),
        Why.CONSENT_WITHDRAWN: lambda: w.gettext("the customer withdrew their consent"),
        Why.SENT_AGAIN: lambda: w.gettext("interrupted; sent again at the owner's request"),
    }
    maker = said.get(exc.why)
    return maker() if maker is not None else exc.detail


def bad_url(exc: errors.BadURL, language: str | None = None) -> str:
    """A database URL that cannot be used (exit 2), in ``language`` (default: the terminal's); the URL is
    shown without its password, the parser's words as they are."""
    w = words.words(language) if language is not None else words.for_user()
    if exc.parsed:
        return w.gettext("cannot use database URL %(url)r: %(detail)s", url=exc.place, detail=exc.detail)
    return w.gettext("cannot use database URL %(url)r: it is not a database URL (%(detail)s)", url=exc.place,
                     detail=exc.detail)


def printing(exc: PrintingError, language: str | None = None) -> str:
    """A printer's or a layout's failure (``printing.errors``: an English template and its fields) in ``language``
    (default: the terminal's); a template the catalogues do not hold is said in English."""
    w = words.words(language) if language is not None else words.for_user()
    return " ".join(w.gettext(exc.template, **exc.fields).split())


def too_large(width: int, height: int, language: str | None = None) -> str:
    """An image over ``cards.imagesize.MAX_PIXELS`` (not decoded), in ``language`` (default: the terminal's)."""
    from cards import imagesize

    w = words.words(language) if language is not None else words.for_user()
    return w.gettext("the image is %(width)d x %(height)d pixels, over the %(limit)d-megapixel limit",
                     width=width, height=height, limit=imagesize.MAX_PIXELS // 1_000_000)


def english(exc: Refused) -> str:
    """One English line for a refusal (logs, and where a caller wants English whatever the locale)."""
    return sentence(exc, "en")


def has_sentence(kind: Kind) -> bool:
    """True when ``kind`` has its own sentence (a test checks every kind)."""
    return kind in _SENTENCES


def user() -> words.Words:
    """The words of the person at the terminal (the locale: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    return words.for_user()


def status_word(w: words.Words, status: object) -> str:
    """A card's, batch's or complaint's stored status word for people (the JSON keeps the stored word)."""
    value = str(getattr(status, "value", status))
    known = {"issued": w.pgettext("status", "issued"), "active": w.pgettext("status", "active"),
             "blocked": w.pgettext("status", "blocked"), "transferred": w.pgettext("status", "transferred"),
             "void": w.pgettext("status", "void"), "open": w.pgettext("status", "open"),
             "resolved": w.pgettext("status", "resolved")}
    return known.get(value, value)
