"""Cards: void a lost batch, block a card, move a lost card's stamps to a new card, customer details."""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from cards import codes, refusals, words
from db import errors, ops, privacy
from kiosk.app import i18n, journal, tasks, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common


class CardFinder(QWidget):
    """Find a card by (part of) its number, the customer's name or phone; tap a result."""

    picked = Signal(object)  # ops.CardView

    def __init__(self, services: app_services.Services, metrics: theme.Metrics) -> None:
        super().__init__()
        self.services = services
        self.results: list[ops.CardView] = []
        self.chosen: ops.CardView | None = None
        self.query = common.TextField(layout="card")  # a card number in 11 taps (or a name: one switch)
        self.query.edited.connect(self.search)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(metrics.row_gap)
        self.hint = theme.label("", "Hint")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(metrics.pad)
        box.addWidget(self.query)
        box.addWidget(self.hint)
        box.addLayout(self.rows)
        self.retranslate()

    def retranslate(self) -> None:
        self.query.caption = self.tr("Card number, name or phone")
        self.query.set_placeholder(self.tr("Tap to find a card: number, name or phone"))
        self.show_rows()

    def search(self, text: str) -> None:
        """Look the text up (one read-only transaction) and list what matches."""
        with self.services.session() as session:
            self.results = ops.find_cards(session, text, limit=6)
        self.chosen = None
        self.show_rows()

    def show_rows(self) -> None:
        common.clear_layout(self.rows)
        searched = bool(self.query.value())
        self.hint.setVisible(searched and not self.results)
        self.hint.setText(self.tr("No card matches. Check the number or try the name."))
        for card in self.results:
            row = common.row_button(self.describe(card), checkable=True, on_click=functools.partial(self.pick, card))
            row.setChecked(self.chosen is not None and self.chosen.number == card.number)
            self.rows.addWidget(row)

    def describe(self, card: ops.CardView) -> str:
        status = status_name(card.status)
        who = f" · {card.customer_name}" if card.customer_name else ""
        return (f"{card.grouped}{who}\n"
                + self.tr("%1 of %2 stamps · %3").replace("%1", str(card.stamps))
                .replace("%2", str(card.stamps_required)).replace("%3", status))

    def pick(self, card: ops.CardView) -> None:
        self.chosen = card
        for i in range(self.rows.count()):
            item = self.rows.itemAt(i)
            row = item.widget() if item is not None else None
            if isinstance(row, QPushButton):
                row.setChecked(self.results[i].number == card.number)
        self.picked.emit(card)

    def reset(self) -> None:
        self.query.set_value("")
        self.results, self.chosen = [], None
        self.show_rows()


def status_name(status: str) -> str:
    names = {
        "issued": QCoreApplication.translate("CardFinder", "not used yet"),
        "active": QCoreApplication.translate("CardFinder", "in use"),
        "blocked": QCoreApplication.translate("CardFinder", "blocked"),
        "transferred": QCoreApplication.translate("CardFinder", "replaced"),
        "void": QCoreApplication.translate("CardFinder", "void"),
    }
    return names.get(status, status)


class CardsPage(common.Page):
    """Four tasks behind one segmented switch: void batch, block, move stamps, customer."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 runner: tasks.TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        self.runner = runner or tasks.TaskRunner(self)
        self.forgetting: str | None = None  # the card whose customer is being erased (off the GUI thread)
        m = metrics
        self.section = common.Segmented([("void", ""), ("block", ""), ("transfer", ""), ("customer", "")], "void")
        self.section.chosen.connect(self.on_section_chosen)
        self.stack = QStackedLayout()
        self.views: dict[str, QWidget] = {}

        # void a batch
        self.batches: list[ops.BatchInfo] = []
        self.batch_rows = QVBoxLayout()
        self.batch_rows.setSpacing(m.row_gap)
        self.void_hint = theme.label("", "Hint")
        self.void_button = theme.button("", "Danger", on_click=self.on_void_clicked)
        self.void_button.setEnabled(False)
        self.chosen_batch: ops.BatchInfo | None = None
        self._add_view("void", common.scroll_column(m.gap, self.void_hint, self.batch_rows), self.void_button)

        # block a card
        self.block_finder = CardFinder(services, m)
        self.block_hint = theme.label("", "Hint")
        self.block_button = theme.button("", "Danger", on_click=self.on_block_clicked)
        self.block_finder.picked.connect(lambda _c: self.block_button.setEnabled(True))
        self._add_view("block", self._column(self.block_hint, self.block_finder), self.block_button)

        # move stamps
        self.old_finder = CardFinder(services, m)
        self.new_caption = theme.label("", "FieldLabel")
        self.new_number = common.TextField(layout="card")
        self.transfer_hint = theme.label("", "Hint")
        self.transfer_button = theme.button("", "Danger", on_click=self.on_transfer_clicked)
        self.old_finder.picked.connect(lambda _c: self._update_transfer())
        self.new_number.edited.connect(lambda _t: self._update_transfer())
        self.old_caption = theme.label("", "FieldLabel")
        self._add_view("transfer", self._column(self.transfer_hint, self.old_caption, self.old_finder,
                                                self.new_caption, self.new_number), self.transfer_button)

        # customer details
        self.customer_finder = CardFinder(services, m)
        self.customer_fields = QWidget()
        grid = QGridLayout(self.customer_fields)
        grid.setContentsMargins(0, 0, 0, 0)
        self.name = common.TextField()
        self.phone = common.TextField(digits=True)
        self.birthday = common.TextField(digits=True)
        self.email = common.TextField(layout="@#1")
        self.customer_captions = [theme.label("", "FieldLabel") for _ in range(4)]
        for row, (caption, field) in enumerate(zip(self.customer_captions,
                                                   (self.name, self.phone, self.email, self.birthday))):
            common.form_row(grid, row, caption, field, m.compact)
        # personal details are kept only with the customer's consent (db/privacy.py), recorded with its time
        self.consent = theme.button("", checkable=True)
        self.consent_note = theme.label("", "Hint")
        self.forget = theme.button("", "Danger", on_click=self.on_forget_clicked)
        for row, widget in enumerate((self.consent, self.consent_note, self.forget), start=10):
            grid.addWidget(widget, row, 0, 1, 2)
        self.customer_fields.hide()
        self.customer_finder.picked.connect(self.on_customer_picked)
        self.customer_button = theme.button("", "Primary", on_click=self.on_customer_save_clicked)
        self._add_view("customer", self._column(self.customer_finder, self.customer_fields), self.customer_button)

        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.section)
        box.addWidget(self.banner)
        box.addLayout(self.stack, 1)
        self.retranslate()

    def _column(self, *widgets: QWidget) -> QWidget:
        return common.scroll_column(self.metrics.gap, *widgets, spacing=8)

    def _add_view(self, key: str, body: QWidget, action: QWidget) -> None:
        view = QWidget()
        col = QVBoxLayout(view)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(self.metrics.gap)
        col.addWidget(body, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(action, 2)
        col.addLayout(row)
        self.views[key] = view
        self.stack.addWidget(view)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cards"))
        self.section.set_texts({"void": self.tr("Void a batch"), "block": self.tr("Block a card"),
                                "transfer": self.tr("Move stamps"), "customer": self.tr("Customer")})
        self.void_hint.setText(self.tr("A lost or stolen batch: its cards stop working. Tap the batch."))
        self.void_button.setText(self.tr("Void this batch"))
        self.block_hint.setText(self.tr("A lost or misused card: it stops working."))
        self.block_button.setText(self.tr("Block this card"))
        self.transfer_hint.setText(self.tr("A customer lost their card: give them a new one with the same stamps."))
        self.old_caption.setText(self.tr("1. The lost card"))
        self.new_caption.setText(self.tr("2. The new card's number"))
        self.new_number.caption = self.tr("The new card's number")
        self.new_number.set_placeholder(self.tr("Tap to type the number on the new card"))
        self.transfer_button.setText(self.tr("Move the stamps"))
        for caption, text in zip(self.customer_captions, (self.tr("Name"), self.tr("Phone"), self.tr("E-mail"),
                                                          self.tr("Birthday (DDMMYYYY)"))):
            caption.setText(text)
        self.name.caption, self.phone.caption, self.email.caption, self.birthday.caption = (
            self.tr("Name"), self.tr("Phone"), self.tr("E-mail"), self.tr("Birthday (DDMMYYYY)"))
        self.consent.setText(self.tr("The customer agrees that the shop keeps these details"))
        self.consent_note.setText(self.tr("Kept until the customer asks to be forgotten, or erased after "
                                          "%n months without a visit.", None, self.retention_months()))
        self.forget.setText(self.tr("Forget this customer"))
        self.customer_button.setText(self.tr("Save customer"))
        for finder in (self.block_finder, self.old_finder, self.customer_finder):
            finder.retranslate()
        self.show_batches()
        self._update_transfer()

    def refresh(self) -> None:
        with self.services.session() as session:
            self.batches = ops.list_batches(session)
        self.chosen_batch = None
        self.show_batches()
        self.block_button.setEnabled(self.block_finder.chosen is not None)
        self.customer_button.setEnabled(self.customer_finder.chosen is not None)

    def take_card(self, code: str) -> bool:
        """A card scanned while this page shows: it fills the search of the task in view (the lost card,
        then the new card, when moving stamps) and is picked; False when the task in view wants no card."""
        key = self.section.current()
        if key == "void":
            return False
        try:
            with self.services.session() as session:
                card = ops.card_view(session, code)
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return True
        self.banner.clear()
        if key == "transfer" and self.old_finder.chosen is not None and self.old_finder.chosen.number != card.number:
            self.new_number.set_value(card.grouped)
            self._update_transfer()
            return True
        finder = {"block": self.block_finder, "transfer": self.old_finder, "customer": self.customer_finder}[key]
        finder.query.set_value(card.grouped)
        finder.search(card.number)
        found = [row for row in finder.results if row.number == card.number]
        if found:
            finder.pick(found[0])
        return True

    def on_section_chosen(self, key: str) -> None:
        self.banner.clear()
        self.stack.setCurrentWidget(self.views[key])

    # --- void a batch ---

    def show_batches(self) -> None:
        common.clear_layout(self.batch_rows)
        for batch in self.batches:
            w = words.words(i18n.current_language())  # counted words: the catalogue's CLDR plurals
            text = (" · ".join([w.gettext("Batch %(n)s", n=batch.id), w.ngettext("%(n)d card", "%(n)d cards", batch.count),
                                w.ngettext("%(n)d head-start stamp", "%(n)d head-start stamps", batch.prestamps)])
                    + "\n" + common.local_time(batch.created_at, self.services)
                    + (" · " + self.tr("void") if batch.status == "void" else ""))
            row = common.row_button(text, checkable=True, on_click=functools.partial(self.pick_batch, batch))
            row.setEnabled(batch.status != "void")
            row.setChecked(self.chosen_batch is not None and self.chosen_batch.id == batch.id)
            self.batch_rows.addWidget(row)
        if not self.batches:
            self.batch_rows.addWidget(theme.label(self.tr("No batches printed yet."), "Hint"))
        self.void_button.setEnabled(self.chosen_batch is not None)

    def pick_batch(self, batch: ops.BatchInfo) -> None:
        self.chosen_batch = batch
        self.show_batches()

    def on_void_clicked(self) -> None:
        batch = self.chosen_batch
        if batch is None:
            return
        question = (self.tr("Void batch %1 (%2)? Its cards will stop working. This cannot be undone.")
                    .replace("%1", str(batch.id)).replace("%2", words.words(i18n.current_language()).cards(batch.count)))
        common.confirm(self, question, self.tr("Yes, void it"), lambda: self.void(batch.id))

    def void(self, batch_id: int) -> None:
        try:
            with self.services.session() as session:
                ops.void_batch(session, batch_id, now=self.services.now())
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        journal.owner_act("batch_void", station=self.services.station, batch=batch_id)
        self.refresh()
        self.banner.show_message(self.tr("Batch %1 is void.").replace("%1", str(batch_id)))

    # --- block a card ---

    def on_block_clicked(self) -> None:
        card = self.block_finder.chosen
        if card is None:
            return
        question = self.tr("Block card %1? It will be refused from now on.").replace("%1", card.grouped)
        common.confirm(self, question, self.tr("Yes, block it"), lambda: self.block(card.number))

    def block(self, number: str) -> None:
        try:
            with self.services.session() as session:
                card = ops.block_card(session, number, now=self.services.now(), station=self.services.station,
                                      staff=self.staff, reason="blocked by the owner")
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        journal.owner_act("card_blocked", station=self.services.station, number=card.number)
        self.block_finder.reset()
        self.block_button.setEnabled(False)
        self.banner.show_message(self.tr("Card %1 is blocked.").replace("%1", card.grouped))

    # --- move stamps ---

    def start_transfer(self, number: str) -> None:
        """Open "Move stamps" with ``number`` as the lost card: its balance shown, ready for the new card
        (the way in from a void or blocked card's screen)."""
        self.section.set_current("transfer")
        self.on_section_chosen("transfer")
        self.old_finder.query.set_value(codes.format_number(number))
        self.old_finder.search(number)
        found = [card for card in self.old_finder.results if card.number == number]
        if not found:
            return
        card = found[0]
        self.old_finder.pick(card)
        self.banner.show_message(self.tr("Card %1 (%2): %3. Type the new card's number to move them.")
                                 .replace("%1", card.grouped).replace("%2", status_name(card.status))
                                 .replace("%3", words.words(i18n.current_language()).stamps(card.stamps)))

    def _update_transfer(self) -> None:
        self.transfer_button.setEnabled(self.old_finder.chosen is not None and bool(self.new_number.value()))

    def on_transfer_clicked(self) -> None:
        old, new = self.old_finder.chosen, self.new_number.value()
        if old is None or not new:
            return
        question = (self.tr("Move the stamps (%1) from card %2 to card %3? The old card will stop working.")
                    .replace("%1", words.words(i18n.current_language()).stamps(old.stamps))
                    .replace("%2", old.grouped).replace("%3", new.upper()))
        common.confirm(self, question, self.tr("Yes, move them"), lambda: self.transfer(old.number, new))

    def transfer(self, old: str, new: str) -> None:
        try:
            with self.services.session() as session:
                result = ops.transfer(session, old, new, now=self.services.now(), station=self.services.station,
                                      staff=self.staff)
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        journal.owner_act("transfer", station=self.services.station, number=result.card.number,
                          from_card=journal.masked(old), stamps=result.card.stamps)
        self.old_finder.reset()
        self.new_number.set_value("")
        self._update_transfer()
        self.banner.show_message(self.tr("Done: card %1 now has %2.")
                                 .replace("%1", result.card.grouped)
                                 .replace("%2", words.words(i18n.current_language()).stamps(result.card.stamps)))

    # --- customer ---

    def retention_months(self) -> int:
        """How long the shop keeps a customer's details after their last visit (settings)."""
        from db import settings as db_settings

        with self.services.session() as session:
            return db_settings.get(session).retention_months if ops.is_initialised(session) else 24

    def on_customer_picked(self, card: ops.CardView) -> None:
        self.customer_fields.show()
        with self.services.session() as session:
            info = privacy.get_customer(session, card.number)
        self.name.set_value(card.customer_name)
        self.phone.set_value(card.phone)
        self.email.set_value(info.email if info else "")
        self.birthday.set_value(card.birthday.strftime("%d%m%Y") if card.birthday else "")
        self.consent.setChecked(info is not None and info.consent_at is not None)
        self.forget.setEnabled(info is not None and bool(info.name or info.phone or info.email or info.birthday))
        self.customer_button.setEnabled(True)

    def on_customer_save_clicked(self) -> None:
        card = self.customer_finder.chosen
        if card is None:
            return
        text = "".join(ch for ch in self.birthday.value() if ch.isdigit())
        birthday = None
        if text:
            try:
                birthday = dt.datetime.strptime(text, "%d%m%Y").date()
            except ValueError:
                self.banner.show_message(self.tr("The birthday is day, month and year: 8 digits, e.g. 24121990."),
                                         "error")
                return
        try:
            with self.services.session() as session:
                info = privacy.set_customer(session, card.number, name=self.name.value(), phone=self.phone.value(),
                                            email=self.email.value(), birthday=birthday,
                                            consent=self.consent.isChecked(), now=self.services.now())
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        self.forget.setEnabled(bool(info.name or info.phone or info.email or info.birthday))
        journal.owner_act("customer_saved", station=self.services.station, number=card.number,
                          consent="yes" if self.consent.isChecked() else "no")
        self.banner.show_message(self.tr("Saved for card %1.").replace("%1", card.grouped))

    def on_forget_clicked(self) -> None:
        card = self.customer_finder.chosen
        if card is None:
            return
        question = self.tr("Forget the customer of card %1? Name, phone, e-mail and birthday are erased "
                           "everywhere; the stamps stay.").replace("%1", card.grouped)
        common.confirm(self, question, self.tr("Yes, forget"), lambda: self.erase_customer(card.number))

    def erase_customer(self, number: str) -> None:
        """Erase the customer's personal data here, on the chain's hub and in the backup copies
        (``privacy.forget_customer``, as ``stampcard customer erase``), off the GUI thread."""
        if self.forgetting is not None:
            return
        database, now = self.services.database, self.services.now()
        folders = privacy.copy_folders(database, self.services.backups_dir)
        self.forgetting = number
        self.forget.setEnabled(False)
        self.banner.show_message(self.tr("Erasing the customer's details…"), "busy")
        # secure_delete zeroed the old cells: no VACUUM of the live file while the counter works
        self.runner.run(lambda _progress: privacy.forget_customer(database, number, now=now, folders=folders,
                                                                  vacuum=False),
                        self.on_forgotten, self.on_forget_failed)

    def on_forget_failed(self, exc: BaseException) -> None:
        self.forgetting = None
        self.forget.setEnabled(True)
        self.banner.show_error(exc)

    def on_forgotten(self, forgotten: privacy.Forgotten) -> None:
        number, self.forgetting = self.forgetting or "", None
        copies = forgotten.copies
        journal.owner_act("customer_erased", station=self.services.station, number=number,
                          backups_cleaned=len(copies.cleaned), backups_holding=len(copies.named))
        chosen = self.customer_finder.chosen
        if chosen is not None and chosen.number == number:  # still on screen: its fields go blank
            for field in (self.name, self.phone, self.email, self.birthday):
                field.set_value("")
            self.consent.setChecked(False)
            self.forget.setEnabled(False)
        message = self.tr("The customer's details are erased. The card keeps its stamps.")
        if copies.cleaned:
            message += " " + self.tr("Cleaned in %n backup copies too.", None, len(copies.cleaned))
        if copies.named:
            message += "\n" + self.tr("These backup copies still hold the customer's details and could not be "
                                      "cleaned; delete them: %1").replace("%1", ", ".join(str(p) for p in copies.named))
        self.banner.show_message(message, "error" if copies.named else "info")
