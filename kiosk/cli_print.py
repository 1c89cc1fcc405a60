"""``stampcard batch create`` and ``stampcard receipt``: the command line's printing.

``kiosk.cli`` parses the arguments and dispatches here. A batch and its PDF
succeed or fail together: the PDF is rendered inside the open transaction and
written to a temporary file beside the target; the transaction commits, then
the file is renamed into place. Any failure before the commit rolls the batch
back and removes the temporary file.

Printing never undoes anything: a printer that is missing, off or out of paper
gives one line on stderr and exit status 1, and the batch, the stamp and any
file already written stay as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cards import codes, refusals
from db import ops
from db.models import utcnow
from kiosk import cli_common
from printing import cards_pdf, deliver, escpos_receipt, receipt, send
from printing.errors import LayoutError, PrinterError
from printing.model import Action, CardFace, ReceiptData, SheetShop

EXIT_OK, EXIT_PRINTER = 0, 1
PROGRESS_FROM = 200  # cards; smaller batches finish before a bar is worth drawing

_ACTIONS = {"stamp": Action.STAMP, "redeem": Action.REDEEM, "transfer": Action.TRANSFER,
            "undo": Action.UNDO, "issue": Action.ISSUE, "head_start": Action.ISSUE}


def sheet_shop(shop: ops.ShopInfo) -> SheetShop:
    """The printing layer's view of the shop (no secret)."""
    return SheetShop(name=shop.name, address=shop.address, phone=shop.phone, email=shop.email,
                     url=shop.url, language=shop.language,
                     logo_path=Path(shop.logo_path) if shop.logo_path else None)


class _Bar:
    """A one-line progress bar on a terminal's stderr; silent elsewhere."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= PROGRESS_FROM and sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(self.total, 1)
        sys.stderr.write(f"\rPrinting cards [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def _write_atomic(target: Path, data: bytes) -> None:
    temp = _temp_beside(target)
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _say_printer_failure(exc: PrinterError, kept: str) -> None:
    print(f"stampcard: printing failed: {exc}; {kept}", file=sys.stderr)


def cmd_batch_create(args: argparse.Namespace, ctx: cli_common.Context) -> int:
    """Issue a batch and write its card sheets, all or nothing; print them if asked."""
    if args.count < 1:
        raise cli_common.Usage("--count must be at least 1")
    out: Path | None = args.out
    if out is not None and out.suffix.lower() != ".pdf":
        raise cli_common.Usage(f"--out should name a .pdf file, not {out}")
    staff = cli_common.require_owner(ctx, args)
    printer = getattr(args, "printer", None)
    folder = out.parent if out is not None else ctx.data_dir / "batches"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise refusals.Refused(refusals.Kind.BAD_FILE, field=str(folder), value=exc.strerror or str(exc)) from exc
    bar = _Bar(args.count, not ctx.json)
    temp: Path | None = None
    target: Path | None = None
    try:
        with ctx.open_db().sessions.begin() as session:
            batch = ops.create_batch(session, count=args.count, prestamps=args.prestamps,
                                     now=utcnow(), station=ctx.station, staff=staff)
            shop = ops.get_shop(session)
            program = ops.get_program(session)
            faces = [CardFace(n, c, batch.prestamps) for n, c in zip(batch.numbers, batch.codes)]
            try:
                pdf = cards_pdf.render_card_sheet(sheet_shop(shop), program, faces,
                                                  paper=args.paper, batch=batch.id, created=dt.datetime.now().astimezone(),
                                                  progress=bar)
            except LayoutError as exc:
                raise cli_common.Usage(str(exc)) from exc
            target = out if out is not None else folder / f"batch-{batch.id:04d}-{args.paper}.pdf"
            temp = _temp_beside(target)
            temp.write_bytes(pdf)
        os.replace(temp, target)  # the batch is committed; now the PDF appears
    finally:
        bar.close()
        if temp is not None:
            temp.unlink(missing_ok=True)
    pages = -(-batch.count // (1 if args.paper == "card" else cards_pdf.COLUMNS * cards_pdf.ROWS))
    data: dict[str, Any] = {
        "batch": batch.id, "count": batch.count, "prestamps": batch.prestamps,
        "pdf": str(target), "paper": args.paper, "pages": pages, "printer": None,
        "cards": [codes.format_number(n) for n in batch.numbers], "codes": list(batch.codes)}
    text = (f"Batch {batch.id}: {batch.count} cards with {batch.prestamps} head-start stamps; "
            f"{pages} page{'s' if pages != 1 else ''} saved to {target}")
    status = EXIT_OK
    if printer:
        try:
            delivery = send.send(pdf, printer, title=f"{shop.name} batch {batch.id}")
            data["printer"] = delivery.printer
            text += f"; sent to printer {delivery.printer}"
        except PrinterError as exc:
            data["print_error"] = str(exc)
            _say_printer_failure(exc, f"the batch is issued and its PDF is saved in {target}")
            status = EXIT_PRINTER
    ctx.emit(data, text + ".")
    return status


def receipt_data(session: Session, code_text: str, *, station: str,
                 now: dt.datetime | None = None) -> ReceiptData:
    """The receipt for a card's last change, read in one session."""
    card = ops.card_view(session, code_text)
    shop = sheet_shop(ops.get_shop(session))
    event = ops.last_event(session, card.number)
    when = (event.at if event is not None else now or utcnow()).astimezone()
    kind = event.kind if event is not None else "status"
    action = _ACTIONS.get(kind, Action.STATUS)
    return ReceiptData(
        shop=shop, when=when.replace(tzinfo=None), station=(event.station if event else "") or station,
        number=card.number, action=action, stamps=card.stamps, stamps_required=card.stamps_required,
        tier=card.tier, reference=event.reference if event is not None else "-",
        count=event.delta if event is not None and action in (Action.STAMP, Action.UNDO, Action.TRANSFER) else 0,
        reward=card.reward if action is Action.REDEEM else "")


def cmd_receipt(args: argparse.Namespace, ctx: cli_common.Context) -> int:
    """Write (and print) the receipt for a card's last change."""
    with ctx.open_db().sessions.begin() as session:
        data = receipt_data(session, args.code, station=ctx.station)
    try:
        pdf = receipt.render_receipt_pdf(data, width=args.width)
        escpos = (escpos_receipt.render_receipt_escpos(data, width=args.width)
                  if args.escpos is not None else None)
    except LayoutError as exc:
        raise cli_common.Usage(str(exc)) from exc
    written: dict[str, str | None] = {"pdf": None, "escpos": None}
    if args.out is not None:
        _write_atomic(args.out, pdf)
        written["pdf"] = str(args.out)
    if escpos is not None:
        _write_atomic(args.escpos, escpos)
        written["escpos"] = str(args.escpos)
    printer = getattr(args, "printer", None)
    if not printer and args.out is None and args.escpos is None:
        saved = send.save(pdf, ctx.data_dir / "receipts", deliver.receipt_filename(data))
        written["pdf"] = str(saved.path)
    result: dict[str, Any] = {
        "number": codes.format_number(data.number), "masked": receipt.masked(data.number),
        "action": data.action.value, "stamps": data.stamps, "stamps_required": data.stamps_required,
        "tier": data.tier, "reference": data.reference, "width": args.width, **written,
        "printer": None}
    lines = [f"Receipt {data.reference} for card {receipt.masked(data.number)}: "
             f"{receipt.summary(data)}."]
    lines += [f"{kind.upper() if kind == 'pdf' else 'ESC/POS'} saved to {path}"
              for kind, path in written.items() if path]
    status = EXIT_OK
    if printer:
        try:
            delivery = deliver.deliver_receipt(data, printer=printer, out_dir=ctx.data_dir / "receipts",
                                               width=args.width)
            result["printer"] = delivery.printer
            lines.append(delivery.message[0].upper() + delivery.message[1:])
        except PrinterError as exc:
            kept = "the card's stamps are recorded"
            if not any(written.values()):
                saved = send.save(pdf, ctx.data_dir / "receipts", deliver.receipt_filename(data))
                result["pdf"] = str(saved.path)
                kept += f"; receipt saved to {saved.path}"
            result["print_error"] = str(exc)
            _say_printer_failure(exc, kept)
            status = EXIT_PRINTER
    ctx.emit(result, "\n".join(lines))
    return status
