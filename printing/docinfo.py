"""A PDF's document information: title, author (the shop), subject and the real creation time.

Both card sheets and receipts are made with ``invariant=1`` so the same input
gives the same bytes; that also fixes ReportLab's dates at 2000-01-01. The
creation time is therefore passed in and written through ReportLab's date
formatter, which keeps the output a pure function of its input.
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfgen.canvas import Canvas


def pdf_date(when: dt.datetime) -> str:
    """``when`` as a PDF date string (``D:20260501143200+02'00'``); naive times carry no offset."""
    text = f"D:{when:%Y%m%d%H%M%S}"
    offset = when.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def describe(canvas: Canvas, *, title: str, author: str, subject: str = "",
             created: dt.datetime | None = None) -> None:
    """Set the document's title, author, subject, creator and (when given) its creation time."""
    canvas.setTitle(title)
    canvas.setAuthor(author)
    if subject:
        canvas.setSubject(subject)
    canvas.setCreator("stampcard")
    if created is not None:
        stamp = pdf_date(created)
        canvas.setDateFormatter(lambda *_ignored: stamp)
