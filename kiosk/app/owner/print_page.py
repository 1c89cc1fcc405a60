"""Print a batch of new cards: count, head start, paper; a progress bar; a preview; print or save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from cards import refusals, rules, words
from cards import settings as rule_set
from db import engine, errors, files, ops
from kiosk import media, workflows
from kiosk.app import i18n, journal, refusal_text, tasks, theme
from kiosk.app.owner import common, preview
from kiosk.app.services import Services
from printing import cards_pdf, send
from printing.errors import PrinterError
from printing.model import CardFace, SheetShop


def _counted() -> words.Words:
    """Counted words ('1 card', '5 karet') from the catalogues: CLDR plurals in every language."""
    return words.words(i18n.current_language())


QUICK_COUNTS = (10, 50, 100, 500)
POSTER_SIZE = "a4"


@dataclass(frozen=True)
class BatchFile:
    """A batch that was issued and the PDF written for it."""

    batch: int
    count: int
    prestamps: int
    pdf: Path
    paper: str = "a4"
    shop: SheetShop | None = None
    program: rules.Program | None = None
    first_page: tuple[CardFace, ...] = ()


def make_poster(database: engine.Database, folder: Path) -> tuple[Path, str]:
    """Write the program's poster (``stampcard poster``'s) to ``folder``; its path and where its QR leads."""
    made = workflows.make_poster(database, size=POSTER_SIZE)
    files.private_folder(folder)
    path = workflows.write_atomic(folder / f"poster-{POSTER_SIZE}.pdf", made.pdf)
    return path, made.target.address


def make_batch(database: engine.Database, *, count: int, prestamps: int, paper: str, folder: Path,
               now: dt.datetime, station: str, staff: str, progress: tasks.Progress,
               out: Path | None = None) -> BatchFile:
    """Issue a batch and write its card sheets through ``kiosk.workflows.issue_batch`` (as the CLI does).

    Runs on a worker thread. The rows are committed in one short transaction
    and the PDF is rendered after it, so the counter keeps stamping meanwhile.
    A PDF that was not written follows ``workflows.settle_unwritten``, as on the
    command line: when the owner stopped (``progress`` raises ``Cancelled``) the
    batch is voided (no card of it was printed) and ``Cancelled`` is raised; after
    a failure the batch is kept and ``workflows.NotWritten`` is raised, for the
    page to offer "Write the PDF again" (:func:`rewrite_batch`).
    """
    try:
        made = workflows.issue_batch(database, count=count, prestamps=prestamps, paper=paper, out=out,
                                     folder=folder, station=station, staff=staff, now=now, progress=progress)
    except workflows.NotWritten as exc:
        settled = workflows.settle_unwritten(database, exc, stopped=isinstance(exc.cause, tasks.Cancelled), now=now)
        if not settled.kept:
            raise exc.cause from exc
        raise
    return _batch_file(database, made, paper, progress)


def rewrite_batch(database: engine.Database, *, batch: int, paper: str, folder: Path,
                  progress: tasks.Progress) -> BatchFile:
    """Write a kept batch's PDF again (``workflows.reprint_batch``, as ``stampcard batch reprint``)."""
    made = workflows.reprint_batch(database, batch, paper=paper, out=workflows.default_pdf_path(folder, batch, paper),
                                   progress=progress)
    return _batch_file(database, made, paper, progress)


def _batch_file(database: engine.Database, made: workflows.BatchFile, paper: str,
                progress: tasks.Progress) -> BatchFile:
    progress(made.batch.count, made.batch.count)
    with database.sessions.begin() as session:
        program = ops.get_program(session)
    faces = tuple(CardFace(n, c, made.batch.prestamps) for n, c in zip(made.batch.numbers, made.batch.codes))
    return BatchFile(made.batch.id, made.batch.count, made.batch.prestamps, made.path, paper, made.shop, program,
                     faces[: cards_pdf.COLUMNS * cards_pdf.ROWS])


class PrintPage(common.Page):
    """Make a batch of cards and print it (or save it when there is no printer)."""

    mounts: Path = media.MOUNTS  # where removable media are listed from (tests point these elsewhere)
    roots: tuple[Path, ...] = media.ROOTS

    def __init__(self, services: Services, metrics: theme.Metrics, runner: tasks.TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.runner = runner
        self.task: tasks.Task | None = None
        self.result: BatchFile | None = None
        program = services.program()
        self.count = common.Stepper(50, 1, 5000, 10)
        self.quick = common.Segmented([(str(n), str(n)) for n in QUICK_COUNTS], "50")
        self.quick.chosen.connect(lambda key: self.count.set_value(int(key)))
        self.count.changed.connect(lambda n: self.quick.set_current(str(n)))
        head_start = rule_set.bounds("prestamps", stamps=program.stamps_required)  # the one table of limits
        self.prestamps = common.Stepper(program.prestamps, head_start.low, head_start.high)
        self.paper = common.Segmented([("a4", "A4"), ("letter", "Letter")], "a4")
        self.captions = {key: theme.label("", "FieldLabel") for key in ("count", "prestamps", "paper")}
        self.make = theme.button("", "Primary", on_click=self.on_make_clicked)
        self.cancel = theme.button("", on_click=self.on_cancel_clicked)
        self.cancel.hide()
        self.bar = QProgressBar()
        self.bar.hide()
        self.preview = preview.PdfPreview()  # the real PDF, scaled into its box (never grows the page)
        self.prestamps.changed.connect(lambda _n: self.show_sample())
        self.preview_caption = theme.label("", "Hint")
        self.print_button = theme.button("", "Primary", on_click=self.on_print_clicked)
        self.print_button.setEnabled(False)
        self.usb_button = theme.button("", on_click=self.on_usb_clicked)  # a copy for a print shop
        self.usb_button.setEnabled(False)
        self.unwritten: tuple[int, str] | None = None  # a kept batch whose PDF was not written: (batch, paper)
        self.rewrite_button = theme.button("", "Primary", on_click=self.on_rewrite_clicked)
        self.rewrite_button.hide()
        self.poster_button = theme.button("", on_click=self.on_poster_clicked)  # the program's poster (A4)
        self.document: Path | None = None  # what Print and Copy to USB take: the batch's PDF or the poster

        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(m.row_gap if m.compact else m.gap)
        count_box = QVBoxLayout()
        count_box.setSpacing(m.row_gap)
        count_box.addWidget(self.count)
        count_box.addWidget(self.quick)
        count_widget = QWidget()
        count_widget.setLayout(count_box)
        count_box.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.captions["count"], 0, 0)
        grid.addWidget(count_widget, 1, 0)
        grid.addWidget(self.captions["prestamps"], 2, 0)
        grid.addWidget(self.prestamps, 3, 0)
        grid.addWidget(self.captions["paper"], 4, 0)
        grid.addWidget(self.paper, 5, 0)
        grid.setRowStretch(6, 1)
        left = QVBoxLayout()
        left.addWidget(common.scrolling(form), 1)
        left.addWidget(self.bar)
        row = QHBoxLayout()
        row.addWidget(self.make, 1)
        row.addWidget(self.rewrite_button, 1)
        if m.compact:  # a narrow column: Make (or Write again) on a row of its own, whatever the language
            left.addLayout(row)
            row = QHBoxLayout()
        row.addWidget(self.poster_button, 1 if m.compact else 0)
        row.addWidget(self.cancel, 1 if m.compact else 0)
        left.addLayout(row)

        side = QVBoxLayout()
        side.setSpacing(m.row_gap)
        side.addWidget(self.preview, 1)
        side.addWidget(self.preview_caption)
        actions = QVBoxLayout() if m.compact else QHBoxLayout()  # a narrow column: one above the other
        actions.addWidget(self.usb_button, 1)
        actions.addWidget(self.print_button, 1)
        side.addLayout(actions)

        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        body = QHBoxLayout()
        body.setSpacing(m.gap * 2)
        body.addLayout(left, 3)
        body.addLayout(side, 2)
        box.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Print new cards"))
        self.captions["count"].setText(self.tr("How many cards"))
        self.captions["prestamps"].setText(self.tr("Head-start stamps on each card"))
        self.captions["paper"].setText(self.tr("Paper"))
        self.count.caption = self.tr("How many cards")
        self.prestamps.caption = self.tr("Head-start stamps")
        self.paper.set_texts({"a4": self.tr("A4"), "letter": self.tr("Letter")})
        self.make.setText(self.tr("Make cards"))
        self.rewrite_button.setText(self.tr("Write the PDF again"))
        self.cancel.setText(self.tr("Stop"))
        self.print_button.setText(self.tr("Print"))
        self.usb_button.setText(self.tr("Copy to USB stick"))
        self.poster_button.setText(self.tr("Poster"))
        if self.result is None:
            self.preview.set_placeholder(self.tr("The first page\nwill show here"))
            self.preview_caption.setText(self.tr("One card as it will be printed. 10 cards a page, with cut marks."))
        else:
            self.preview_caption.setText(self.tr("Batch %1: %2. Saved to %3")
                                         .replace("%1", str(self.result.batch))
                                         .replace("%2", _counted().cards(self.result.count))
                                         .replace("%3", str(self.result.pdf)))

    def refresh(self) -> None:
        program = self.services.program()
        head_start = rule_set.bounds("prestamps", stamps=program.stamps_required)
        self.prestamps.set_range(head_start.low, head_start.high)
        self.show_sample()

    def show_sample(self) -> None:
        """Before Make cards: one card exactly as it will print, with the head start chosen here."""
        if self.task is None:
            self.preview.show_pdf(preview.sample_card_pdf(workflows.sheet_shop(self.services.shop()),
                                                          self.services.program(), self.prestamps.value()))

    def on_make_clicked(self) -> None:
        services, staff = self.services, self.staff
        count, prestamps, paper = self.count.value(), self.prestamps.value(), self.paper.current()
        now = services.now()

        def work(progress: tasks.Progress) -> BatchFile:
            return make_batch(services.database, count=count, prestamps=prestamps, paper=paper,
                              folder=services.data_dir / "cards", now=now, station=services.station,
                              staff=staff, progress=progress)

        self._busy(count)
        self.banner.show_message(self.tr("Making %1…").replace("%1", _counted().cards(count)), "busy")
        self.task = self.runner.run(work, self.on_batch_done, self.on_batch_failed, self.on_batch_progress)

    def on_rewrite_clicked(self) -> None:
        """Write the PDF of the kept batch again (the same cards), as ``stampcard batch reprint`` does."""
        if self.unwritten is None:
            return
        batch, paper = self.unwritten
        database, folder = self.services.database, self.services.data_dir / "cards"
        self._busy(0)
        self.task = self.runner.run(lambda progress: rewrite_batch(database, batch=batch, paper=paper, folder=folder,
                                                                   progress=progress),
                                    self.on_batch_done, self.on_batch_failed, self.on_batch_progress)

    def on_poster_clicked(self) -> None:
        """Make the program's poster (A4) off the GUI thread, show it, and offer Print and Copy to USB for it."""
        database, folder = self.services.database, self.services.data_dir / "posters"
        self._busy(0)
        self.task = self.runner.run(lambda _progress: make_poster(database, folder), self.on_poster_done,
                                    self.on_batch_failed)

    def on_poster_done(self, made: tuple[Path, str]) -> None:
        path, address = made
        self._idle()
        self.document = path
        self.preview.show_pdf(path)
        self.print_button.setEnabled(True)
        self.usb_button.setEnabled(True)
        where = (self.tr("Its QR code opens %1.").replace("%1", address) if address
                 else self.tr("It has no QR code: set the card page or the complaints web address."))
        self.banner.show_message(self.tr("Poster saved to %1.").replace("%1", str(path)) + " " + where)

    def _busy(self, count: int) -> None:
        self.result = None
        self.document = None
        self.make.setEnabled(False)
        self.poster_button.setEnabled(False)
        self.rewrite_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.usb_button.setEnabled(False)
        self.cancel.show()
        self.bar.setRange(0, count)
        self.bar.setValue(0)
        self.bar.show()

    def on_batch_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def _idle(self) -> None:
        self.task = None
        self.make.setEnabled(True)
        self.poster_button.setEnabled(True)
        self.rewrite_button.setEnabled(True)
        self.cancel.hide()
        self.bar.hide()

    def on_batch_done(self, result: BatchFile) -> None:
        self._idle()
        self.result = result
        self.document = result.pdf
        self.unwritten = None
        self.rewrite_button.hide()
        journal.owner_act("batch_made", station=self.services.station, batch=result.batch, count=result.count,
                          prestamps=result.prestamps, paper=result.paper)
        self.banner.show_message(self.tr("Batch %1 is ready: %2.")
                                 .replace("%1", str(result.batch)).replace("%2", _counted().cards(result.count)))
        self.show_preview(result)
        self.print_button.setEnabled(True)
        self.usb_button.setEnabled(True)
        self.retranslate()

    def show_preview(self, result: BatchFile) -> None:
        """Page 1 of the sheet, as large as the preview box allows."""
        self.preview.show_pdf(result.pdf)

    def on_batch_failed(self, exc: BaseException) -> None:
        self._idle()
        if isinstance(exc, tasks.Cancelled):
            self.banner.show_message(self.tr("Stopped. No cards were made."))
        elif isinstance(exc, workflows.NotWritten):  # kept (workflows.settle_unwritten): offer to write it again
            self.unwritten = (exc.batch, self.paper.current())
            self.rewrite_button.show()
            cause = exc.cause
            reason = (refusal_text.printing_reason(cause) or (refusal_text.sentence(cause) if isinstance(
                cause, refusals.Refused) else "") or (cause.strerror if isinstance(cause, OSError) else "")
                or str(cause))
            self.banner.show_message(self.tr("Batch %1 is made, but its PDF could not be written: %2")
                                     .replace("%1", str(exc.batch)).replace("%2", reason), "error")
        else:
            self.banner.show_error(exc)

    def on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def on_usb_clicked(self) -> None:
        """Copy the batch's PDF to the USB stick mounted now (the first one, by name) and say where it went."""
        document = self.document
        if document is None:
            return
        sticks = media.removable_media(self.mounts, self.roots)
        if not sticks:
            self.banner.show_message(self.tr("No USB stick found. Plug one in and tap again."), "error")
            return
        target = sticks[0].path / document.name
        try:
            copy_to_medium(document, target)
        except OSError as exc:
            self.banner.show_message(self.tr("The file could not be written there: %1")
                                     .replace("%1", exc.strerror or str(exc)), "error")
            return
        self.banner.show_message(self.tr("Copied to USB stick %1: %2").replace("%1", sticks[0].label)
                                 .replace("%2", str(target)) + "\n" + self.tr("You can take the USB stick out now."))

    def on_print_clicked(self) -> None:
        document = self.document
        if document is None:
            return
        try:
            printed = send_to_printer(self.services, document)
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        except (PrinterError, OSError) as exc:
            why = refusal_text.printing_reason(exc) or exc.strerror or str(exc)
            self.banner.show_message(self.tr("Printing failed: %1").replace("%1", why), "error")
            return
        if printed:
            self.banner.show_message(self.tr("Sent to printer %1.").replace("%1", printed))
        else:
            self.banner.show_message(self.tr("No printer found. Saved to %1").replace("%1", str(document)))


def copy_to_medium(source: Path, target: Path) -> None:
    """Copy a file to a medium whole or not at all (``kiosk.workflows.write_atomic`` flushes file and folder)."""
    workflows.write_atomic(target, source.read_bytes())


def printer_name(services: Services) -> str:
    """The printer for card sheets: this station's printer when it is a CUPS queue, else the system's default.

    ``services.devices`` was resolved once at start by ``kiosk.config`` (the
    Devices page's choice, or ``STAMPCARD_PRINTER``); a raw ESC/POS receipt
    printer cannot print sheets, so then the system's default queue is used.
    """
    chosen = str(services.devices.printer or "")
    if chosen:
        try:
            if send.parse_target(chosen).kind == "cups":
                return chosen.removeprefix("cups:")
        except PrinterError:
            pass
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.defaultPrinterName() if QPrinterInfo.availablePrinterNames() else ""


def send_to_printer(services: Services, pdf: Path) -> str:
    """Print a batch's PDF with ``printing.send``; the printer's name, or "" when there is none (the file stays saved)."""
    name = printer_name(services)
    if not name:
        return ""
    send.send(pdf.read_bytes(), f"cups:{name}", title=pdf.name)
    return name
