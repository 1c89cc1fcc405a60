"""One Qt-free function per workflow, used by the command line and the touchscreen alike.

- :func:`issue_batch`: a batch of new cards with its PDF. The rows are inserted
  in one short transaction (the write lock is held only for that); the PDF is
  rendered afterwards, outside any transaction, so a stamp at the counter never
  waits for a 20,000-card sheet (``benchmarks/batch_lock.py``). A process killed
  at any moment leaves either no batch, or a whole batch (all its cards, one
  transaction) that :func:`reprint_batch` renders: cards are reproducible from
  the database.
- :func:`reprint_batch`: the same cards, in the same layout, again.
- :func:`settle_unwritten`: the one policy, in both shells, for a batch whose
  rows were committed but whose PDF was not written: it is kept, and the shell
  offers the reprint (``stampcard batch reprint``, the Print page's "Write the
  PDF again"); only a stop the person asked for voids it.
- :func:`write_atomic`: a file appears whole or not at all, private (0600).
- :func:`receipt_for`: the receipt's data for a card's last change.

Every file written here goes through :func:`write_atomic`; an ``--out`` that
names a folder or cannot be written is refused (``db.files.out_target``'s kinds) before the
database is touched.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cards import clock, codes, rules
from cards.ledger import EventKind
from cards.refusals import Kind, Refused
from db import engine, files, ops
from db import settings as shop_settings
from printing import cards_pdf, poster
from printing.model import Action, CardFace, ReceiptData, SheetShop, action_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Progress = Callable[[int, int], None]


class NotWritten(Exception):
    """The batch was issued (committed) but its PDF could not be written; ``batch reprint`` renders it."""

    def __init__(self, batch: int, cause: BaseException) -> None:
        super().__init__(f"batch {batch} is issued but its PDF was not written: {cause}")
        self.batch = batch
        self.cause = cause


@dataclass(frozen=True)
class BatchFile:
    """A batch (its cards) and the PDF written for it."""

    batch: ops.BatchInfo
    pdf: bytes
    path: Path
    paper: str
    shop: SheetShop

    @property
    def pages(self) -> int:
        """Sheets of paper the PDF has."""
        per_page = 1 if self.paper == "card" else cards_pdf.COLUMNS * cards_pdf.ROWS
        return -(-self.batch.count // per_page)


def sheet_shop(shop: ops.ShopInfo) -> SheetShop:
    """The printing layer's view of the shop (no secret)."""
    return SheetShop(name=shop.name, address=shop.address, phone=shop.phone, email=shop.email,
                     url=shop.url, language=shop.language,
                     logo_path=Path(shop.logo_path) if shop.logo_path else None)


def _utcnow() -> dt.datetime:
    """The current time in UTC (``db.models.utcnow`` without loading the models at import)."""
    return dt.datetime.now(dt.timezone.utc)


# --- files ---

def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to the user's ``path``: ``db.files.write_out``, the one writer of every output file.

    A regular file appears whole or not at all (0600); a device, FIFO or socket is
    written through; a symlink's target is written; a missing folder is refused.
    """
    return files.write_out(path, data)


def check_writable(path: Path) -> Path:
    """Refuse a path that is a folder, lies in a missing folder or cannot be written (``Kind.FOLDER_GIVEN``,
    ``NO_FOLDER``, ``CANNOT_WRITE``, ``DISK_DEVICE``).

    ``db.files.out_target``: nothing is created (a USB stick not plugged in is
    not a folder to make).
    """
    files.out_target(path)
    return path


def numbers_csv(batch: ops.BatchInfo) -> bytes:
    """The batch's cards as CSV: number (grouped), QR payload, head-start stamps."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["number", "qr_payload", "head_start"])
    for number, payload in zip(batch.numbers, batch.codes):
        writer.writerow([codes.format_number(number), payload, batch.prestamps])
    return out.getvalue().encode()


# --- batches ---

def addressed(batch: ops.BatchInfo, card_url: str) -> ops.BatchInfo:
    """``batch`` with each QR payload inside the card page's address (``codes.card_url``; "" keeps them bare)."""
    return dataclasses.replace(batch, codes=tuple(codes.card_url(card_url, c) for c in batch.codes))


def _faces(batch: ops.BatchInfo) -> list[CardFace]:
    return [CardFace(n, c, batch.prestamps) for n, c in zip(batch.numbers, batch.codes)]


def _render(batch: ops.BatchInfo, shop: SheetShop, program: rules.Program, paper: str,
            progress: Progress | None) -> bytes:
    def tick(done: int) -> None:
        if progress is not None:
            progress(done, batch.count)

    return cards_pdf.render_card_sheet(shop, program, _faces(batch), paper=paper,
                                       batch=batch.id, created=batch.created_at, progress=tick)


def default_pdf_path(folder: Path, batch: int, paper: str) -> Path:
    """Where a batch's PDF goes when no ``--out`` is given: ``<folder>/batch-0012-a4.pdf``."""
    return folder / f"batch-{batch:04d}-{paper}.pdf"


def issue_batch(database: engine.Database, *, count: int, prestamps: int | None, paper: str,
                out: Path | None, folder: Path, station: str, staff: str, now: dt.datetime | None = None,
                numbers: Path | None = None, progress: Progress | None = None) -> BatchFile:
    """Issue ``count`` cards (one short transaction), then render and write their PDF outside it.

    ``out`` is the PDF's path; without it the PDF goes to ``folder`` (made 0700)
    as ``batch-<id>-<paper>.pdf``. ``numbers`` also writes the CSV of
    :func:`numbers_csv`. Paths are checked before anything is written; the
    layout is tried on one sample card before the rows are inserted, so a logo
    that cannot be drawn refuses the batch instead of leaving one without a PDF.
    After the commit, a failure to render or write (or a cancel through
    ``progress``) raises :class:`NotWritten`: the batch stays issued and
    :func:`reprint_batch` renders it.
    """
    for path in (out, numbers):
        if path is not None:
            check_writable(path)
    if progress is not None:
        progress(0, count)
    with database.sessions.begin() as session:  # read only: the shop, the program, the layout's sample
        info = ops.get_shop(session)
        program = ops.get_program(session)
        card_url = shop_settings.card_url(session)
        ring = ops.keyring(session)
    shop, secret = sheet_shop(info), ring.current.secret
    sample_number = codes.new_number()
    sample = codes.card_url(card_url, codes.make_payload(sample_number, secret))
    cards_pdf.render_card_sheet(shop, program, [CardFace(sample_number, sample)], paper=paper)
    if out is None:
        files.private_folder(folder)
    with database.sessions.begin() as session:  # the write lock, only to insert the rows
        batch = ops.create_batch(session, count=count, prestamps=prestamps, now=now or _utcnow(),
                                 station=station, staff=staff, sign=False)
    if batch.key != ring.current.id:  # the key was rotated in between: sign with the batch's own
        with database.sessions.begin() as session:
            key = ops.keyring(session).get(batch.key)
        secret = key.secret if key is not None else secret
    batch = addressed(ops.sign_batch(batch, secret), card_url)  # 20,000 HMACs after the commit, not under the lock
    target = out if out is not None else default_pdf_path(folder, batch.id, paper)
    try:
        if numbers is not None:
            write_atomic(numbers, numbers_csv(batch))
        pdf = _render(batch, shop, program, paper, progress)
        write_atomic(target, pdf)
    except Exception as exc:  # noqa: BLE001 - the batch is committed either way; say how to get its PDF
        raise NotWritten(batch.id, exc) from exc
    return BatchFile(batch, pdf, target, paper, shop)


@dataclass(frozen=True)
class Unwritten:
    """What became of a batch whose PDF was not written: ``kept`` (issued; :func:`reprint_batch` renders
    it), or voided because the person stopped it."""

    batch: int
    cause: BaseException
    kept: bool


def settle_unwritten(database: engine.Database, failure: NotWritten, *, stopped: bool,
                     now: dt.datetime | None = None) -> Unwritten:
    """The one batch-failure policy of the command line and the kiosk.

    A failure (a full disk, a folder that went away, a layout that cannot be
    drawn) keeps the batch: its cards are in the database and can be rendered
    again as they are, so the shell says "issued, not written" and offers the
    reprint; voiding it would throw away good cards and hide the fault. Only a
    stop the person asked for (``stopped``: the owner's Stop while rendering) voids
    it in one transaction: none of its cards was printed, none will be accepted.
    """
    if not stopped:
        return Unwritten(failure.batch, failure.cause, kept=True)
    with database.sessions.begin() as session:
        ops.void_batch(session, failure.batch, now=now or _utcnow())
    return Unwritten(failure.batch, failure.cause, kept=False)


def reprint_batch(database: engine.Database, batch_id: int, *, paper: str, out: Path,
                  progress: Progress | None = None) -> BatchFile:
    """Render batch ``batch_id`` again from the database (the same cards, same layout) to ``out``."""
    check_writable(out)
    with database.sessions.begin() as session:
        batch = addressed(ops.batch_cards(session, batch_id), shop_settings.card_url(session))
        shop = sheet_shop(ops.get_shop(session))
        program = ops.get_program(session)
    pdf = _render(batch, shop, program, paper, progress)
    write_atomic(out, pdf)
    return BatchFile(batch, pdf, out, paper, shop)


# --- the poster ---

@dataclass(frozen=True)
class Poster:
    """A rendered poster: the PDF and where its QR leads ("" = it has none)."""

    pdf: bytes
    size: str
    target: poster.PosterTarget


def make_poster(database: engine.Database, *, size: str) -> Poster:
    """The shop's poster (``printing.poster``) from its settings, read in one short transaction."""
    with database.sessions.begin() as session:
        info = ops.get_shop(session)
        program = ops.get_program(session)
        card_url = shop_settings.card_url(session)
    target = poster.poster_target(card_url, info.url)
    return Poster(poster.render_poster(sheet_shop(info), program, target, size=size), size, target)


# --- receipts ---

_COUNTED = (Action.STAMP, Action.UNDO, Action.TRANSFER)


def receipt_for(session: Session, code_text: str, *, station: str, now: dt.datetime | None = None) -> ReceiptData:
    """The receipt for a card's last change (stamp, redeem, undo, transfer; a status receipt otherwise).

    The time is the event's, in the shop's local time (``cards.clock``); the station is the one that made
    the change. The command line's ``receipt`` and the kiosk's "Print receipt"
    both call this, so they print the same thing.
    """
    card = ops.card_view(session, code_text)
    info = ops.get_shop(session)
    shop = sheet_shop(info)
    event = ops.last_event(session, card.number)
    action = action_for(event.kind) if event is not None else Action.STATUS
    when = clock.local(event.at if event is not None else now or _utcnow(), info.timezone)
    return ReceiptData(
        shop=shop, when=when.replace(tzinfo=None), station=(event.station if event else "") or station,
        number=card.number, action=action, stamps=card.stamps, stamps_required=card.stamps_required,
        tier=card.tier, reference=event.reference if event is not None else "-",
        count=event.delta if event is not None and action in _COUNTED else 0,
        reward=card.reward if action is Action.REDEEM else "",
        from_number=event.counterpart if event is not None and event.kind == EventKind.TRANSFER_IN else "")
