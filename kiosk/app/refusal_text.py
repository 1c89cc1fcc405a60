"""The touchscreen's sentence for every refusal kind, in the shop's language.

Every string is written out in a ``QCoreApplication.translate("Refusal", ...)``
call so that ``pyside6-lupdate`` collects it (a private wrapper hides strings from
it). The sentence is built from the refusal's kind and typed fields, never from
its text. The command line's lines (in the terminal's language) are in ``kiosk/sentences.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import QCoreApplication

from cards import clock, codes
from cards.refusals import Kind, Refused
from db import errors, hub_notes

if TYPE_CHECKING:  # ``printing`` loads when something first prints (tests/test_startup.py)
    from messages.transport import SendFailed
    from printing.errors import PrintingError, Trouble

translate = QCoreApplication.translate


def _number(e: Refused) -> str:
    return codes.format_number(e.number) if e.number else ""


def _until(e: Refused) -> str:
    return clock.time_text(e.until) if e.until is not None else "?"  # until: the shop's wall time


def _count(text: str, value: int) -> str:
    """Put a refusal's number in for ``%n``. The sentences are worded so that one form fits every
    number ("Tries left: %n"); Qt's plural lookup would need ``n`` as a plain name in every call."""
    return text.replace("%n", str(value))


def _field(e: Refused) -> str:
    names: dict[str, Callable[[], str]] = {
        "stamps": lambda: translate("Refusal", "Stamps for a reward"),
        "prestamps": lambda: translate("Refusal", "Head-start stamps"),
        "cooldown": lambda: translate("Refusal", "Minutes between stamps"),
        "cap": lambda: translate("Refusal", "Stamps per visit"),
        "count": lambda: translate("Refusal", "Number of cards"),
        "reward": lambda: translate("Refusal", "Reward"),
        "shop": lambda: translate("Refusal", "Shop name"),
        "phone": lambda: translate("Refusal", "Complaints phone"),
        "email": lambda: translate("Refusal", "Complaints e-mail"),
        "url": lambda: translate("Refusal", "Complaints web address"),
        "name": lambda: translate("Refusal", "Name"),
        "text": lambda: translate("Refusal", "Text"),
        "contact": lambda: translate("Refusal", "Contact"),
        "language": lambda: translate("Refusal", "Language"),
        "timezone": lambda: translate("Refusal", "Time zone"),
        "address": lambda: translate("Refusal", "Address"),
        "retention": lambda: translate("Refusal", "Months to keep customers' details"),
        "customer_name": lambda: translate("Refusal", "Name"),
        "customer_phone": lambda: translate("Refusal", "Phone"),
        "customer_email": lambda: translate("Refusal", "E-mail"),
        "birthday": lambda: translate("Refusal", "Birthday"),
    }
    maker = names.get(e.field)
    return maker() if maker is not None else e.field


_SENTENCES: dict[Kind, Callable[[Refused], str]] = {
    Kind.NOT_OURS: lambda e: translate("Refusal", "That code is not one of our stamp cards."),
    Kind.DAMAGED: lambda e: translate("Refusal", "The code could not be read completely. Please try again."),
    Kind.BAD_SIGNATURE: lambda e: (translate("Refusal", "This card could not be verified at this kiosk. Please ask staff.")
                                   if e.field == "chain" else translate("Refusal", "This card was not issued by this shop.")),
    Kind.RETIRED_KEY: lambda e: translate("Refusal", "This card cannot be checked at this kiosk right now. Please ask staff."),
    Kind.UNKNOWN_KEY: lambda e: translate("Refusal", "This kiosk does not have the shop's newest card key yet. "
                                                     "Please try again in a few minutes."),
    Kind.BAD_CHECK: lambda e: translate("Refusal", "That card number has a typo. Please check it and try again."),
    Kind.UNKNOWN_CARD: lambda e: translate("Refusal", "We do not know this card. Please ask staff."),
    Kind.VOID: lambda e: translate("Refusal", "This card is no longer valid. Please ask staff for a new one."),
    Kind.BLOCKED: lambda e: translate("Refusal", "This card is blocked. Please ask staff."),
    Kind.TRANSFERRED: lambda e: translate("Refusal", "This card was replaced by a new one. Please use the new card."),
    Kind.SAME_CARD: lambda e: translate("Refusal", "The old and the new card are the same card."),
    Kind.NOT_NEW_CARD: lambda e: translate("Refusal", "This card had stamps or a friend brought it already."),
    Kind.VOID_EMPTY: lambda e: translate("Refusal", "This card of a void batch was never used: there is nothing to move."),
    Kind.COOLDOWN: lambda e: _count(translate("Refusal", "Stamped %n min ago."), e.minutes or 0),
    Kind.CAP: lambda e: _count(translate("Refusal", "That is more stamps than one visit allows (at most %n)."),
                               e.limit or 0),
    Kind.NOT_FULL: lambda e: _count(translate("Refusal", "The card is not full yet: %n to go."), e.to_go or 0),
    Kind.NOTHING_TO_UNDO: lambda e: translate("Refusal", "There is nothing to undo on this card."),
    Kind.ALREADY_UNDONE: lambda e: translate("Refusal", "The last change was already undone."),
    Kind.UNDO_TOO_LATE: lambda e: _count(translate("Refusal", "Too late to undo: undo works within %n min."),
                                         e.limit or 10),
    Kind.STAMPS_USED: lambda e: translate("Refusal", "Those stamps were already used for a reward."),
    Kind.OUT_OF_RANGE: lambda e: translate("Refusal", "%1 must be between %2 and %3.").replace(
        "%1", _field(e)).replace("%2", str(e.low)).replace("%3", str(e.high)),
    Kind.EMPTY: lambda e: translate("Refusal", "%1 cannot be empty.").replace("%1", _field(e)),
    Kind.TOO_LONG: lambda e: _count(translate("Refusal", "%1 is too long (at most %n characters)."),
                                    e.limit or 0).replace("%1", _field(e)),
    Kind.TEXT_TOO_LONG: lambda e: _count(translate(
        "Refusal", "%1 does not fit on the printed card (at most about %n characters)."), e.limit or 0).replace(
        "%1", _field(e)),
    Kind.BAD_CHARACTERS: lambda e: translate("Refusal", "%1 contains characters that cannot be printed.").replace(
        "%1", _field(e)),
    Kind.BAD_CHOICE: lambda e: translate("Refusal", "%1: please choose one of the offered values.").replace(
        "%1", _field(e)),
    Kind.BAD_FORMAT: lambda e: translate("Refusal", "%1: please check what you typed (%2).").replace(
        "%1", _field(e)).replace("%2", e.value),
    Kind.BAD_TIERS: lambda e: translate("Refusal", "Tiers need different names, a threshold of at least 1 and a "
                                                   "bonus of 0 or more."),
    Kind.BAD_PIN_FORMAT: lambda e: translate("Refusal", "A PIN has %1 to %2 digits.").replace(
        "%1", str(e.low)).replace("%2", str(e.high)),
    Kind.NO_PIN: lambda e: translate("Refusal", "Only the owner may do this: please enter the owner PIN."),
    Kind.WRONG_PIN: lambda e: _count(translate("Refusal", "Wrong PIN. Tries left: %n."), e.tries_left or 0),
    Kind.LOCKED: lambda e: translate("Refusal", "Too many wrong PINs: no tries left. Locked until %1.").replace(
        "%1", _until(e)),
    Kind.NO_STAFF: lambda e: translate("Refusal", "No staff with a PIN is set up."),
    Kind.UNKNOWN_STAFF: lambda e: translate("Refusal", "There is no staff member called %1.").replace("%1", e.field),
    Kind.STAFF_EXISTS: lambda e: translate("Refusal", "%1 is already on the staff list.").replace("%1", e.field),
    Kind.LAST_OWNER: lambda e: translate("Refusal", "The last owner cannot be removed."),
    Kind.NOT_INITIALISED: lambda e: translate("Refusal", "The shop is not set up yet."),
    Kind.ALREADY_INITIALISED: lambda e: translate("Refusal", "This shop is already set up."),
    Kind.NO_DATABASE: lambda e: translate("Refusal", "There is no stampcard database here."),
    Kind.UNKNOWN_BATCH: lambda e: translate("Refusal", "There is no batch %1.").replace("%1", str(e.batch)),
    Kind.ALREADY_VOID: lambda e: translate("Refusal", "Batch %1 is already void.").replace("%1", str(e.batch)),
    Kind.ALREADY_BLOCKED: lambda e: translate("Refusal", "Card %1 is already blocked.").replace("%1", _number(e)),
    Kind.UNKNOWN_COMPLAINT: lambda e: translate("Refusal", "There is no complaint %1.").replace("%1", e.reference),
    Kind.ALREADY_RESOLVED: lambda e: translate("Refusal", "Complaint %1 is already resolved.").replace(
        "%1", e.reference),
    Kind.BAD_TOPIC: lambda e: translate("Refusal", "Please choose a topic."),
    Kind.NO_CONSENT: lambda e: translate("Refusal", "Personal details are kept only with the customer's consent."),
    Kind.OFFLINE_REDEEM: lambda e: translate("Refusal", "Rewards cannot be redeemed while the shop is offline. "
                                                        "Please try again later."),
    Kind.BAD_FILE: lambda e: translate("Refusal", "The file cannot be used: %1").replace("%1", e.field),
    Kind.FOLDER_GIVEN: lambda e: translate("Refusal", "%1 is a folder. Please choose a file.").replace("%1", e.field),
    Kind.NO_FOLDER: lambda e: translate("Refusal", "The folder %1 is not there. Is the USB stick plugged in?").replace(
        "%1", e.value),
    Kind.CANNOT_WRITE: lambda e: translate("Refusal", "%1 cannot be written.").replace("%1", e.field),
    Kind.DISK_DEVICE: lambda e: translate("Refusal", "%1 is a whole disk. Please choose a file on it.").replace(
        "%1", e.field),
    Kind.FOREIGN_FILE: lambda e: translate("Refusal", "%1 belongs to another program, not to stampcard.").replace(
        "%1", e.field),
    Kind.NOT_IN_CHAIN: lambda e: translate("Refusal", "This kiosk is not part of a chain of shops."),
    Kind.ALREADY_IN_CHAIN: lambda e: translate("Refusal", "This kiosk already belongs to a chain of shops."),
    Kind.ROTATE_AT_HUB: lambda e: translate("Refusal", "In a chain of shops the card key is changed on the hub, "
                                                       "not at one kiosk."),
    Kind.HUB_NOT_EMPTY: lambda e: translate("Refusal", "That server already holds a chain of shops."),
    Kind.STATION_TAKEN: lambda e: translate("Refusal", "A station called %1 is already in the chain.").replace(
        "%1", e.field),
    Kind.UNKNOWN_CONFLICT: lambda e: translate("Refusal", "There is no conflict %1.").replace("%1", e.reference),
}


def _fault_sentences() -> dict[errors.FaultKind, Callable[[errors.Fault], str]]:
    """Each kind of database fault on screen, in the shop's language; the driver's and the system's own
    words (``detail``) stay in the log. A kind without its own sentence is "cannot be read or written"."""
    kinds = errors.FaultKind
    return {
        kinds.DAMAGED: lambda f: translate("Fault", "The database is damaged. Please put a backup back (Backup page)."),
        kinds.DISK_FULL: lambda f: translate("Fault", "The disk is full. Nothing was recorded."),
        kinds.READ_ONLY: lambda f: translate("Fault", "The database cannot be written. Nothing was recorded."),
        kinds.BUSY: lambda f: translate("Fault", "The database is busy. Please try again."),
        kinds.UNREACHABLE: lambda f: translate("Fault", "The database server cannot be reached. Nothing was recorded."),
        kinds.NEWER_SCHEMA: lambda f: translate("Fault", "The database is from a newer stampcard. Please update "
                                                         "stampcard."),
        kinds.UPGRADE_FAILED: lambda f: translate("Fault", "The database could not be brought up to date."),
        kinds.UPGRADE_UNDONE: lambda f: translate("Fault", "The database could not be brought up to date; it was "
                                                           "put back from the copy %1.").replace("%1", f.copy),
        kinds.UPGRADE_NOT_PUT_BACK: lambda f: translate(
            "Fault", "The database could not be brought up to date, nor put back. The copy taken before is %1."
        ).replace("%1", f.copy),
        kinds.NO_UPGRADE_FOLDER: lambda f: translate("Fault", "The folder %1 for the copy before the update cannot "
                                                              "be made.").replace("%1", f.file),
        kinds.CANNOT_CREATE: lambda f: translate("Fault", "The database %1 cannot be created.").replace("%1", f.place),
        kinds.NO_DATABASE_FILE: lambda f: translate("Fault", "There is no database at %1.").replace("%1", f.place),
        kinds.NOT_BACKED_UP: lambda f: translate("Fault", "The database is damaged, so no backup was made; the older "
                                                          "backups stay."),
        kinds.BACKUP_NOT_WRITTEN: lambda f: translate("Fault", "The backup could not be written to %1. The database "
                                                               "is unchanged.").replace("%1", f.file),
        kinds.NO_BACKUP_FILE: lambda f: translate("Fault", "There is no backup %1.").replace("%1", f.file),
        kinds.BACKUP_DAMAGED: lambda f: translate("Fault", "The backup %1 is damaged.").replace("%1", f.file),
        kinds.NOT_A_BACKUP: lambda f: translate("Fault", "%1 is not a stampcard backup.").replace("%1", f.file),
        kinds.BACKUP_TOO_NEW: lambda f: translate("Fault", "The backup %1 is from a newer stampcard. Please update "
                                                           "stampcard first.").replace("%1", f.file),
        kinds.TOO_MANY_COPIES: lambda f: translate("Fault", "There are too many copies from before a restore in %1."
                                                   ).replace("%1", f.file),
        kinds.RESTORE_FAILED: lambda f: translate("Fault", "The restore failed. The database is unchanged."),
    }


def fault(exc: errors.DatabaseError) -> str:
    """One sentence for a fault of the database in the UI language, from its kind and fields (``db.errors.Fault``)."""
    if isinstance(exc, errors.Fault):
        made = _fault_sentences().get(exc.kind)
        if made is not None:
            return made(exc)
    return translate("Refusal", "The database cannot be read or written. Please ask staff.")


def hub_trouble(kind: hub_notes.HubTrouble) -> str:
    """Why the chain's hub cannot be used (``db.sync.HubUnreachable``'s kind, or ``chain_state.last_error`` read by
    ``db.hub_notes.read_trouble``), in the shop's language; the driver's words stay in the log."""
    kinds = hub_notes.HubTrouble
    if kind is kinds.LOGIN_REFUSED:
        return translate("Hub", "The hub refused this kiosk's login. Please ask the owner. Stamps wait here; "
                                "nothing is lost.")
    if kind is kinds.NO_ROLES:
        return translate("Hub", "The hub's user may not make the chain's logins.")
    if kind is kinds.OLDER_HUB:
        return translate("Hub", "The hub is older than this kiosk's stampcard. Please ask the owner to upgrade the "
                                "hub. Stamps wait here; nothing is lost.")
    return translate("Hub", "The hub cannot be reached. Stamps wait here; nothing is lost.")


def healing(note: hub_notes.Note) -> str:
    """What a healing sync did (``db.hub_notes.Note``), in the shop's language; a line stored before notes
    were data is shown as it is."""
    kinds = hub_notes.NoteKind
    if note.kind is kinds.LOST:
        return translate("Hub", "Events made here that never reached the hub are lost (this database came from an "
                                "older backup): %1").replace("%1", str(note.n))
    if note.kind is kinds.COPIED:
        return translate("Hub", "This database was copied or moved here.")
    if note.kind is kinds.COPY_OF:
        return translate("Hub", "This database is a copy of station %1's, which is still in use: it is now "
                                "station %2.").replace("%1", note.station).replace("%2", note.name)
    if note.kind is kinds.HUB_RESTORED:
        return translate("Hub", "The hub was restored or replaced. Sent again: %1, fetched: %2.").replace(
            "%1", str(note.n)).replace("%2", str(note.fetched))
    if note.kind is kinds.OWN_FROM_HUB:
        return translate("Hub", "This station's own events came back from the hub (this database came from a "
                                "backup, or a copy of it syncs): %1").replace("%1", str(note.n))
    return note.text


def send_failure(exc: SendFailed) -> str:
    """Why a message to a customer was not handed over (``messages.transport.SendFailed``, raised or read back
    from the outbox), in the shop's language; the system's and the server's own words stay in the log."""
    from messages.transport import Why

    said: dict[Why, Callable[[], str]] = {
        Why.SMTP_UNREACHABLE: lambda: translate("Messages", "The e-mail server %1 cannot be reached.").replace(
            "%1", exc.server),
        Why.SMTP_LOGIN_REFUSED: lambda: translate("Messages", "The e-mail server %1 refused the shop's user name or "
                                                              "password.").replace("%1", exc.server),
        Why.SMTP_LOST: lambda: translate("Messages", "The connection to the e-mail server broke off."),
        Why.SMTP_REFUSED: lambda: translate("Messages", "The e-mail server refused this message (%1).").replace(
            "%1", str(exc.code)),
        Why.RECIPIENT_REFUSED: lambda: translate("Messages", "The e-mail server refused the customer's address."),
        Why.NO_SESSION: lambda: translate("Messages", "The e-mail could not be sent."),
        Why.BAD_PHONE: lambda: translate("Messages", "The customer's phone number cannot take an SMS."),
        Why.NO_OUTBOX: lambda: translate("Messages", "The SMS folder %1 is not there.").replace("%1", exc.folder),
        Why.OUTBOX_FAILED: lambda: translate("Messages", "The SMS could not be written into the folder %1.").replace(
            "%1", exc.folder),
        Why.GATEWAY_ANSWERED: lambda: translate("Messages", "The SMS gateway refused the message (%1).").replace(
            "%1", str(exc.code)),
        Why.GATEWAY_UNREACHABLE: lambda: translate("Messages", "The SMS gateway cannot be reached."),
        Why.NO_SMTP: lambda: translate("Messages", "No e-mail server is set up."),
        Why.NO_SMS: lambda: translate("Messages", "No way to send SMS is set up."),
        Why.CONSENT_WITHDRAWN: lambda: translate("Messages", "The customer withdrew their consent."),
        Why.SENT_AGAIN: lambda: translate("Messages", "Interrupted; sent again at the owner's request."),
    }
    maker = said.get(exc.why)
    return maker() if maker is not None else exc.detail


def _printer_sentences() -> dict[Trouble, Callable[[PrintingError], str]]:
    """Each kind of printing failure on screen (``printing.errors.Trouble``), in the shop's language; the
    system's own words (``reason``) stay in the log, the screen names the printer or the file."""
    from printing.errors import Trouble

    return {
        Trouble.NO_PRINTER: lambda e: translate("Printer", "No printer is chosen."),
        Trouble.CANNOT_SAVE: lambda e: translate("Printer", "The file %1 could not be saved in the folder %2.").replace(
            "%1", e.file).replace("%2", e.folder),
        Trouble.NOT_ESCPOS: lambda e: translate("Printer", "Printer %1 prints receipts only, not pages.").replace(
            "%1", e.printer),
        Trouble.NO_CUPS: lambda e: translate("Printer", "Printing pages needs CUPS, which this computer does not "
                                                        "have."),
        Trouble.CUPS_FAILED: lambda e: translate("Printer", "The print queue %1 cannot be used.").replace(
            "%1", e.queue),
        Trouble.JOB_REFUSED: lambda e: translate("Printer", "The print queue %1 refused the document.").replace(
            "%1", e.queue),
        Trouble.NO_ANSWER: lambda e: translate("Printer", "Printer %1 does not answer. Is it switched on?").replace(
            "%1", e.printer),
        Trouble.CONNECTION_REFUSED: lambda e: translate(
            "Printer", "Printer %1 refused the connection. Is it switched on?").replace("%1", e.printer),
        Trouble.UNKNOWN_HOST: lambda e: translate("Printer", "Printer %1 is not known on the network.").replace(
            "%1", e.printer),
        Trouble.UNREACHABLE: lambda e: translate("Printer", "Printer %1 cannot be reached on the network.").replace(
            "%1", e.printer),
        Trouble.OUT_OF_PAPER: lambda e: translate("Printer", "Printer %1 is out of paper.").replace("%1", e.printer),
        Trouble.NOT_PLUGGED_IN: lambda e: translate("Printer", "Printer %1 is not there. Is it plugged in?").replace(
            "%1", e.printer),
        Trouble.NO_PERMISSION: lambda e: translate("Printer", "The kiosk may not use printer %1.").replace(
            "%1", e.printer),
        Trouble.DEVICE_FAILED: lambda e: translate("Printer", "Printer %1 failed.").replace("%1", e.printer),
        Trouble.NO_PYUSB: lambda e: translate("Printer", "USB printing is not installed on this computer."),
        Trouble.USB_NOT_FOUND: lambda e: translate("Printer", "USB printer %1 is not there or is busy.").replace(
            "%1", e.printer),
        Trouble.USB_FAILED: lambda e: translate("Printer", "USB printer %1 failed.").replace("%1", e.printer),
        Trouble.BAD_WIDTH: lambda e: translate("Printer", "A receipt is 80 or 58 mm wide, not %1 mm.").replace(
            "%1", str(e.width)),
        Trouble.UNKNOWN_PAPER: lambda e: translate("Printer", "Unknown paper %1.").replace("%1", e.paper),
        Trouble.NO_CARDS: lambda e: translate("Printer", "There are no cards to print."),
        Trouble.BAD_LOGO: lambda e: translate("Printer", "The logo %1 cannot be read.").replace("%1", e.file),
        Trouble.UNKNOWN_SIZE: lambda e: translate("Printer", "Unknown poster size %1.").replace("%1", e.size),
        Trouble.NO_ROOM: lambda e: translate("Printer", "The poster has no room left for its QR code."),
    }


def printing(exc: PrintingError) -> str:
    """One sentence for a printer's or a layout's failure in the UI language, from its kind and fields
    (``printing.errors``), never its English text."""
    maker = _printer_sentences().get(exc.kind)
    return maker(exc) if maker is not None else translate("Printer", "The printer has a problem.")


def printing_reason(exc: BaseException) -> str:
    """:func:`printing`'s sentence for a printing failure; "" for any other failure (said by its caller)."""
    return printing(exc) if _is_printing(exc) else ""


def has_printer_sentence(kind: Trouble) -> bool:
    """True when a printing failure's ``kind`` has its own sentence on screen (a test checks every kind)."""
    return kind in _printer_sentences()


def sentence(exc: Refused) -> str:
    """One sentence for a refusal in the UI language, from its kind and fields."""
    maker = _SENTENCES.get(exc.kind)
    return maker(exc) if maker is not None else translate("Refusal", "That is not possible here.")


def describe(exc: BaseException) -> str:
    """One sentence for people from any failure a screen shows: a refusal by its kind, an expected
    fault of the database, else "please ask staff" with the detail for staff."""
    if isinstance(exc, Refused):
        return sentence(exc)
    if _is_printing(exc):
        return printing(exc)
    transport = sys.modules.get("messages.transport")  # loaded only when messages go out
    if transport is not None and isinstance(exc, transport.SendFailed):
        return send_failure(exc)
    hub_io = sys.modules.get("db.sync.hub_io")  # loaded only at a chain's station
    if hub_io is not None and isinstance(exc, hub_io.HubUnreachable):
        return hub_trouble(exc.kind)
    if isinstance(exc, errors.DatabaseError):
        return fault(exc)
    return translate("Refusal", "Something went wrong. Please ask staff.") + f"\n({type(exc).__name__}: {exc})"


def _is_printing(exc: BaseException) -> TypeGuard[PrintingError]:
    """True for a ``printing.errors.PrintingError`` (without loading ``printing`` when nothing printed yet)."""
    module = sys.modules.get("printing.errors")
    return module is not None and isinstance(exc, module.PrintingError)


def has_sentence(kind: Kind) -> bool:
    """True when ``kind`` has its own sentence (a test checks every kind)."""
    return kind in _SENTENCES
