"""The printing layer's exceptions: one base class, expected failures kept apart.

``PrinterError`` is expected (no printer, printer off, out of paper, no CUPS):
the shell shows its one-line message and carries on; whatever was recorded in
the database stays recorded. ``LayoutError`` means the data cannot be put on
paper (an unreadable logo, an empty batch) and is also shown as one line.

Both are data for the shells, as ``cards.refusals.Refused`` is: a :class:`Trouble`
kind and typed fields (the printer, the file, the width ...; ``reason`` is the
system's own words and stays as it is). ``str()`` is the English line (logs);
the command line says it in the user's language (``kiosk.sentences.printing``,
from the English template of :data:`TEMPLATES` through the gettext catalogues),
the touchscreen in the shop's (``kiosk.app.refusal_text.printing``, Qt's ``.ts``).
"""

from __future__ import annotations

import enum


def N_(message: str) -> str:
    """Marks an English sentence for the gettext catalogues (``pybabel extract -k N_``) without translating it:
    the shell that says it translates it (``cards.words.Words.gettext`` of the template)."""
    return message


class Trouble(enum.Enum):
    """Why a document was not printed or laid out; each kind's comment names the fields it carries."""

    NO_PRINTER = "no_printer"
    """No printer was named (an empty name)."""
    CANNOT_SAVE = "cannot_save"
    """``file`` cannot be saved in ``folder`` (``reason``)."""
    NOT_ESCPOS = "not_escpos"
    """``printer`` takes ESC/POS bytes and was given a PDF."""
    NO_CUPS = "no_cups"
    """CUPS is not installed (no ``lp``), so queue ``queue`` cannot be printed to."""
    CUPS_FAILED = "cups_failed"
    """``lp`` could not be run for queue ``queue`` (``reason``)."""
    JOB_REFUSED = "job_refused"
    """CUPS queue ``queue`` refused the job (``reason``: lp's last line)."""
    NO_ANSWER = "no_answer"
    """Network printer ``printer`` does not answer (timeout)."""
    CONNECTION_REFUSED = "connection_refused"
    """Network printer ``printer`` refused the connection (nothing listens there)."""
    UNKNOWN_HOST = "unknown_host"
    """The host name of ``printer`` is unknown."""
    UNREACHABLE = "unreachable"
    """Network printer ``printer`` cannot be reached (``reason``)."""
    OUT_OF_PAPER = "out_of_paper"
    """``printer`` says its paper is out."""
    NOT_PLUGGED_IN = "not_plugged_in"
    """Device file ``printer`` is not there (a USB printer that is not plugged in)."""
    NO_PERMISSION = "no_permission"
    """Device file ``printer`` may not be written by this user."""
    DEVICE_FAILED = "device_failed"
    """Writing to device file ``printer`` failed (``reason``)."""
    NO_PYUSB = "no_pyusb"
    """USB printing needs pyusb, which is not installed."""
    USB_NOT_FOUND = "usb_not_found"
    """USB printer ``printer`` (vendor:product) is not found or busy (``reason``)."""
    USB_FAILED = "usb_failed"
    """USB printer ``printer`` failed while printing (``reason``)."""
    BAD_WIDTH = "bad_width"
    """A receipt width (``width``) other than 80 or 58 mm."""
    UNKNOWN_PAPER = "unknown_paper"
    """An unknown card-sheet paper (``paper``; ``choices``)."""
    NO_CARDS = "no_cards"
    """A card sheet with no cards."""
    BAD_LOGO = "bad_logo"
    """The logo ``file`` cannot be read (``reason``)."""
    UNKNOWN_SIZE = "unknown_size"
    """An unknown poster size (``size``; ``choices``)."""
    NO_ROOM = "no_room"
    """The poster's texts leave no room for its QR code."""


TEMPLATES: dict[Trouble, str] = {
    Trouble.NO_PRINTER: N_("no printer named"),
    Trouble.CANNOT_SAVE: N_("cannot save %(file)s in %(folder)s: %(reason)s"),
    Trouble.NOT_ESCPOS: N_("printer %(printer)s takes ESC/POS, not a PDF; send it the receipt's ESC/POS bytes"),
    Trouble.NO_CUPS: N_("cannot print to %(queue)r: CUPS is not installed (no 'lp' command)"),
    Trouble.CUPS_FAILED: N_("cannot print to %(queue)r: %(reason)s"),
    Trouble.JOB_REFUSED: N_("printer %(queue)r refused the job: %(reason)s"),
    Trouble.NO_ANSWER: N_("printer %(printer)s does not answer (is it switched on?)"),
    Trouble.CONNECTION_REFUSED: N_("printer %(printer)s refused the connection (is it switched on?)"),
    Trouble.UNKNOWN_HOST: N_("printer %(printer)s not found: unknown host name"),
    Trouble.UNREACHABLE: N_("printer %(printer)s is not reachable: %(reason)s"),
    Trouble.OUT_OF_PAPER: N_("printer %(printer)s is out of paper"),
    Trouble.NOT_PLUGGED_IN: N_("printer %(printer)s not found (is it plugged in?)"),
    Trouble.NO_PERMISSION: N_("no permission to write to printer %(printer)s"),
    Trouble.DEVICE_FAILED: N_("printer %(printer)s failed: %(reason)s"),
    Trouble.NO_PYUSB: N_("USB printing needs pyusb (pip install pyusb)"),
    Trouble.USB_NOT_FOUND: N_("USB printer %(printer)s not found or busy: %(reason)s"),
    Trouble.USB_FAILED: N_("USB printer %(printer)s failed: %(reason)s"),
    Trouble.BAD_WIDTH: N_("receipt width must be 80 or 58 mm, not %(width)s"),
    Trouble.UNKNOWN_PAPER: N_("unknown paper %(paper)r; use one of %(choices)s"),
    Trouble.NO_CARDS: N_("no cards to print"),
    Trouble.BAD_LOGO: N_("cannot read the logo %(file)s: %(reason)s"),
    Trouble.UNKNOWN_SIZE: N_("unknown poster size %(size)r; use one of %(choices)s"),
    Trouble.NO_ROOM: N_("the poster has no room left for its QR code"),
}
"""Each kind's English sentence with its ``%(name)s`` fields: ``str()`` of the error, and the gettext msgid the
command line translates (one sentence, once; the screens word the kinds themselves)."""


class PrintingError(Exception):
    """Base class of everything ``printing`` raises on purpose: a :class:`Trouble` kind and its typed fields."""

    def __init__(self, kind: Trouble, *, printer: str = "", queue: str = "", file: str = "", folder: str = "",
                 reason: object = "", width: int | None = None, paper: str = "", size: str = "",
                 choices: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.printer = str(printer)
        self.queue = str(queue)
        self.file = str(file)
        self.folder = str(folder)
        self.reason = " ".join(str(reason).split())  # the system's words, on one line
        self.width = width
        self.paper = str(paper)
        self.size = str(size)
        self.choices = tuple(choices)
        super().__init__(" ".join((self.template % self.fields).split()))

    def __reduce__(self) -> tuple[object, ...]:
        """Copied or pickled with its kind and fields (``OSError``'s own way would pass the English line)."""
        return (_rebuild, (type(self), self.kind, {
            "printer": self.printer, "queue": self.queue, "file": self.file, "folder": self.folder,
            "reason": self.reason, "width": self.width, "paper": self.paper, "size": self.size,
            "choices": self.choices}))

    @property
    def template(self) -> str:
        """The English sentence of this kind (:data:`TEMPLATES`)."""
        return TEMPLATES[self.kind]

    @property
    def fields(self) -> dict[str, object]:
        """The values the template names (``choices`` joined by commas), for the shells that fill it in."""
        return {"printer": self.printer, "queue": self.queue, "file": self.file, "folder": self.folder,
                "reason": self.reason, "width": self.width, "paper": self.paper, "size": self.size,
                "choices": ", ".join(self.choices)}


class LayoutError(PrintingError, ValueError):
    """The data cannot be laid out (bad paper name, unreadable logo, nothing to print)."""


class PrinterError(PrintingError, OSError):
    """A printer is missing, off, unreachable or out of paper; the message is one line."""


def _rebuild(cls: type[PrintingError], kind: Trouble, fields: dict[str, object]) -> PrintingError:
    """A :class:`PrintingError` again from what ``__reduce__`` kept."""
    return cls(kind, **fields)  # type: ignore[arg-type]  # the fields as __init__ took them
