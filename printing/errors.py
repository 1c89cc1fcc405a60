"""The printing layer's exceptions: one base class, expected failures kept apart.

``PrinterError`` is expected (no printer, printer off, out of paper, no CUPS):
the shell shows its one-line message and carries on; whatever was recorded in
the database stays recorded. ``LayoutError`` means the data cannot be put on
paper (an unreadable logo, an empty batch) and is also shown as one line.

Both are data for the shells: an English ``template`` with named ``%(name)s``
fields, marked with :func:`N_` so that Babel puts it in the catalogues, and the
``fields``; ``str()`` is the English line (logs), and the command line says it in
the user's language (``kiosk.sentences.printing``).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks an English sentence for the gettext catalogues (``pybabel extract -k N_``) without translating it:
    the shell that says it translates it (``cards.words.Words.gettext`` of the template)."""
    return message


class PrintingError(Exception):
    """Base class of everything ``printing`` raises on purpose: a ``template`` and its ``fields``."""

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields
        super().__init__(" ".join((template % fields if fields else template).split()))


class LayoutError(PrintingError, ValueError):
    """The data cannot be laid out (bad paper name, unreadable logo, nothing to print)."""


class PrinterError(PrintingError, OSError):
    """A printer is missing, off, unreachable or out of paper; the message is one line."""
