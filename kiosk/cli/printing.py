"""``stampcard batch create``, ``batch reprint`` and ``stampcard receipt``: the command line's printing.

``kiosk.cli`` parses the arguments and dispatches here; the work is done by
the Qt-free workflows in ``kiosk.workflows`` that the touchscreen uses too.
A batch's rows are inserted in one short transaction and its PDF is rendered
after the commit, so stamps at the counter never wait for it. A process killed
at any moment leaves no batch, or a whole one that ``batch reprint`` renders.
``--out`` (and ``--numbers``) naming a folder or a file that cannot be written
is refused before anything is written.

Printing never undoes anything: a printer that is missing, off or out of paper
gives one line on stderr and exit status 1, and the batch, the stamp and any
file already written stay as they are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from cards import codes, refusals
from db import files
from kiosk import sentences, workflows
from kiosk.cli import common
from printing import deliver, escpos_receipt, receipt, send
from printing.errors import LayoutError, PrinterError, PrintingError

EXIT_OK, EXIT_PRINTER = 0, 1
PROGRESS_FROM = 200  # cards; smaller batches finish before a bar is worth drawing
MAX_BATCH_ID = 2**31 - 1


class _Bar:
    """A one-line progress bar on a terminal's stderr; silent elsewhere."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= PROGRESS_FROM and sys.stderr.isatty()

    def __call__(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(self.total, 1)
        sys.stderr.write("\r" + sentences.user().gettext("Printing cards") + f" [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _say_printer_failure(exc: PrinterError, kept: str) -> None:
    print("stampcard: " + sentences.user().gettext("printing failed: %(reason)s; %(kept)s",
                                                            reason=sentences.printing(exc), kept=kept),
          file=sys.stderr)


def _pdf_path(value: Path | None, option: str = "--out") -> Path | None:
    if value is not None and value.suffix.lower() != ".pdf" and not value.is_dir() and not files.is_through(value):
        raise common.Usage(sentences.user().gettext("%(option)s should name a .pdf file, not %(value)s",
                                                        option=option, value=value))
    return value


def _batch_json(made: workflows.BatchFile) -> dict[str, Any]:
    batch = made.batch
    return {"batch": batch.id, "count": batch.count, "prestamps": batch.prestamps,
            "pdf": str(made.path), "paper": made.paper, "pages": made.pages, "printer": None,
            "cards": [codes.format_number(n) for n in batch.numbers], "codes": list(batch.codes)}


def cmd_batch_create(args: argparse.Namespace, ctx: common.Context) -> int:
    """Issue a batch (rows in one short transaction), write its PDF after the commit; print it if asked."""
    if args.count < 1:
        raise common.Usage(sentences.user().gettext("--count must be at least 1"))
    out = _pdf_path(args.out)
    staff = common.require_owner(ctx, args)
    printer = getattr(args, "printer", None)
    bar = _Bar(args.count, not ctx.json)
    try:
        made = workflows.issue_batch(ctx.open_db(), count=args.count, prestamps=args.prestamps, paper=args.paper,
                                     out=out, folder=ctx.data_dir / "batches", station=ctx.station, staff=staff,
                                     numbers=getattr(args, "numbers", None), progress=bar)
    except LayoutError as exc:
        raise common.Usage(sentences.printing(exc)) from exc
    except workflows.NotWritten as failure:
        bar.close()
        kept = workflows.settle_unwritten(ctx.open_db(), failure, stopped=False)  # kept: reprint renders it
        cause = kept.cause
        reason = (sentences.printing(cause) if isinstance(cause, PrintingError)
                  else common.os_sentence(cause) if isinstance(cause, OSError) else str(cause))
        line = sentences.user().gettext("batch %(batch)s is issued but its PDF was not written (%(reason)s); "
                                        "`stampcard batch reprint %(batch)s --out FILE.pdf` renders it",
                                        batch=kept.batch, reason=reason)
        if ctx.json:
            ctx.emit({"batch": kept.batch, "error": line, "kind": "file"}, line)
        print(f"stampcard: {line}", file=sys.stderr)
        return common.EXIT_DATABASE
    bar.close()
    batch = made.batch
    data = _batch_json(made)
    w = sentences.user()
    text = (w.gettext("Batch %(batch)s:", batch=batch.id) + " "
            + w.ngettext("%(n)d card", "%(n)d cards", batch.count) + " "
            + w.ngettext("with %(n)d head-start stamp", "with %(n)d head-start stamps", batch.prestamps) + "; "
            + w.ngettext("%(n)d page saved to %(file)s", "%(n)d pages saved to %(file)s", made.pages, file=made.path))
    if args.numbers is not None:
        data["numbers"] = str(args.numbers)
        text += "; " + w.gettext("card numbers saved to %(file)s", file=args.numbers)
    status = EXIT_OK
    if printer:
        try:
            delivery = send.send(made.pdf, printer, title=f"{made.shop.name} batch {batch.id}")
            data["printer"] = delivery.printer
            text += "; " + w.gettext("sent to printer %(printer)s", printer=delivery.printer)
        except PrinterError as exc:
            data["print_error"] = sentences.printing(exc)
            _say_printer_failure(exc, w.gettext("the batch is issued and its PDF is saved in %(file)s", file=made.path))
            status = EXIT_PRINTER
    numbers = "\n".join(codes.format_number(n) for n in batch.numbers)
    ctx.emit(data, f"{text}.\n" + w.gettext("Card numbers:") + f"\n{numbers}")
    return status


def cmd_batch_reprint(args: argparse.Namespace, ctx: common.Context) -> int:
    """Render a batch's cards again from the database to ``--out``."""
    refusals.check_range("batch", args.batch, 1, MAX_BATCH_ID)
    out = _pdf_path(args.out)
    assert out is not None  # required by the parser
    common.require_owner(ctx, args)
    bar = _Bar(0, False)
    try:
        made = workflows.reprint_batch(ctx.open_db(), args.batch, paper=args.paper, out=out, progress=bar)
    except LayoutError as exc:
        raise common.Usage(sentences.printing(exc)) from exc
    data = _batch_json(made)
    w = sentences.user()
    status = ("" if made.batch.status == "active" else " " + w.gettext(
        "(batch %(batch)s is %(status)s: its cards are refused)", batch=made.batch.id,
        status=sentences.status_word(w, made.batch.status)))
    ctx.emit(data, w.gettext("Batch %(batch)s:", batch=made.batch.id) + " "
             + w.ngettext("%(n)d card", "%(n)d cards", made.batch.count) + "; "
             + w.ngettext("%(n)d page saved to %(file)s", "%(n)d pages saved to %(file)s", made.pages, file=made.path)
             + f"{status}.")
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace, ctx: common.Context) -> int:
    """Write (and print) the receipt for a card's last change."""
    with ctx.open_db().sessions.begin() as session:
        data = workflows.receipt_for(session, args.code, station=ctx.station)
    try:
        pdf = receipt.render_receipt_pdf(data, width=args.width)
        escpos = (escpos_receipt.render_receipt_escpos(data, width=args.width)
                  if args.escpos is not None else None)
    except LayoutError as exc:
        raise common.Usage(sentences.printing(exc)) from exc
    written: dict[str, str | None] = {"pdf": None, "escpos": None}
    for path in (args.out, args.escpos):
        if path is not None:
            workflows.check_writable(path)
    if args.out is not None:
        workflows.write_atomic(args.out, pdf)
        written["pdf"] = str(args.out)
    if escpos is not None:
        workflows.write_atomic(args.escpos, escpos)
        written["escpos"] = str(args.escpos)
    printer = getattr(args, "printer", None)
    if not printer and args.out is None and args.escpos is None:
        folder = files.private_folder(ctx.data_dir / "receipts")  # our own folder: made when missing
        written["pdf"] = str(files.write_out(folder / deliver.receipt_filename(data), pdf))  # whole or not at all
    result: dict[str, Any] = {
        "number": codes.format_number(data.number), "masked": receipt.masked(data.number),
        "action": data.action.value, "stamps": data.stamps, "stamps_required": data.stamps_required,
        "tier": data.tier, "reference": data.reference, "width": args.width, **written,
        "printer": None}
    w = sentences.user()
    lines = [w.gettext("Receipt %(reference)s for card %(number)s: %(summary)s.", reference=data.reference,
                       number=receipt.masked(data.number), summary=receipt.summary(data))]  # the summary: paper's words
    lines += [w.gettext("%(kind)s saved to %(file)s", kind="PDF" if kind == "pdf" else "ESC/POS", file=path)
              for kind, path in written.items() if path]
    status = EXIT_OK
    if printer:
        try:
            delivery = deliver.deliver_receipt(data, printer=printer, out_dir=ctx.data_dir / "receipts",
                                               width=args.width)
            result["printer"] = delivery.printer
            lines.append(w.gettext("Sent to printer %(printer)s", printer=delivery.printer) if delivery.printer
                         else w.gettext("Saved to %(file)s", file=delivery.path))
        except PrinterError as exc:
            kept = w.gettext("the card's stamps are recorded")
            if not any(written.values()):
                saved = send.save(pdf, ctx.data_dir / "receipts", deliver.receipt_filename(data))
                result["pdf"] = str(saved.path)
                kept += "; " + w.gettext("receipt saved to %(file)s", file=saved.path)
            result["print_error"] = sentences.printing(exc)
            _say_printer_failure(exc, kept)
            status = EXIT_PRINTER
    ctx.emit(result, "\n".join(lines))
    return status


# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``receipt`` to the ``stampcard`` parser (``batch create|reprint``: ``kiosk/cli/batches.py``)."""
    p = command(sub, "receipt", cmd_receipt, "print a receipt for a card's last change")
    p.add_argument("code")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--escpos", type=Path, default=None)
    p.add_argument("--width", type=int, choices=[80, 58], default=80)
    p.add_argument("--printer", default=None, help="CUPS queue, host:port or device file")
