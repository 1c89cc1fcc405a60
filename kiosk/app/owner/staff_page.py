"""Staff and PINs: add a cashier or owner, give someone a new PIN, remove someone; and the card signing key
(a new one after a kiosk or a backup was stolen: ``db.ops.rotate_key``, as ``stampcard secret rotate``)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from cards import refusals
from db import errors, ops
from kiosk.app import journal, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common


class StaffPage(common.Page):
    """Everyone with a PIN, owners first; tap a person for New PIN or Remove."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.people: list[tuple[str, str]] = []
        self.chosen: str | None = None
        self.rows = QVBoxLayout()
        self.rows.setSpacing(m.row_gap)
        self.new_pin = theme.button("", on_click=self.on_new_pin_clicked)
        self.remove = theme.button("", "Danger", on_click=self.on_remove_clicked)

        self.add_caption = theme.label("", "FieldLabel")
        self.name = common.TextField()
        self.role = common.Segmented([("cashier", ""), ("owner", "")], "cashier")
        self.add = theme.button("", "Primary", on_click=self.on_add_clicked)
        form = QGridLayout()
        form.setSpacing(m.pad)
        form.addWidget(self.add_caption, 0, 0, 1, 2)
        form.addWidget(self.name, 1, 0, 1, 2)
        form.addWidget(self.role, 2, 0, 1, 2)
        form.addWidget(self.add, 3, 0, 1, 2)
        self.key_caption = theme.label("", "FieldLabel")
        self.key_state = theme.label("", "Hint")
        self.key_state.setWordWrap(True)
        self.rotate = theme.button("", "Danger", on_click=self.on_rotate_clicked)
        self.key_id = 0

        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        body = QHBoxLayout()
        body.setSpacing(m.gap * 2)
        left = QVBoxLayout()
        left.addWidget(common.scroll_column(m.gap, self.rows), 1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_pin)
        actions.addWidget(self.remove)
        left.addLayout(actions)
        key_row = QHBoxLayout()
        key_row.setSpacing(m.pad)
        key_text = QVBoxLayout()
        key_text.setSpacing(0)
        key_text.addWidget(self.key_caption)
        key_text.addWidget(self.key_state)
        key_row.addLayout(key_text, 1)
        key_row.addWidget(self.rotate)
        left.addLayout(key_row)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        body.addLayout(right, 2)
        box.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff and PINs"))
        self.new_pin.setText(self.tr("New PIN"))
        self.remove.setText(self.tr("Remove"))
        self.add_caption.setText(self.tr("Add a person"))
        self.name.caption = self.tr("Name")
        self.name.set_placeholder(self.tr("Tap to type the name"))
        self.role.set_texts({"cashier": self.tr("Cashier"), "owner": self.tr("Owner")})
        self.add.setText(self.tr("Add and set PIN"))
        self.key_caption.setText(self.tr("Card signing key"))
        self.rotate.setText(self.tr("New key"))
        self.show_key()
        self.show_rows()

    def refresh(self) -> None:
        with self.services.session() as session:
            self.people = ops.list_staff(session)
            self.key_id = ops.keyring(session).current.id
        self.show_key()
        if self.chosen not in {name for name, _role in self.people}:
            self.chosen = None
        self.show_rows()

    def show_rows(self) -> None:
        common.clear_layout(self.rows)
        for name, role in self.people:
            text = f"{name} · {self.tr('Owner') if role == 'owner' else self.tr('Cashier')}"
            row = common.row_button(text, checkable=True, on_click=functools.partial(self.pick, name))
            row.setChecked(name == self.chosen)
            self.rows.addWidget(row)
        self.new_pin.setEnabled(self.chosen is not None)
        self.remove.setEnabled(self.chosen is not None)

    def show_key(self) -> None:
        self.key_state.setText(self.tr("Key %1 in use.").replace("%1", str(self.key_id))
                               if self.key_id else "")

    def on_rotate_clicked(self) -> None:
        def rotate() -> None:
            try:
                with self.services.session() as session:
                    done = ops.rotate_key(session, now=self.services.now())
            except (refusals.Refused, errors.StampcardError) as exc:
                self.banner.show_error(exc)
                return
            journal.owner_act("key_rotated", station=self.services.station, key=done.key, retired=done.retired)
            self.refresh()
            self.banner.show_message(self.tr("Key %1 signs new batches now; cards printed before keep working. "
                                             "Take a backup now: older backups hold only the old keys.")
                                     .replace("%1", str(done.key)))
        common.confirm(self, self.tr("Make a new card signing key? Do this when a kiosk or a backup was stolen: "
                                     "new batches are signed with it, cards printed before keep working, and "
                                     "codes made with the old key for new numbers are refused."),
                       self.tr("Yes, new key"), rotate)

    def pick(self, name: str) -> None:
        self.chosen = name
        self.show_rows()

    def ask_pin(self, name: str, then: Callable[[str], None]) -> None:
        """Number pad for a new PIN (4 to 12 digits)."""
        title = self.tr("New PIN for %1 (4 to 12 digits)").replace("%1", name)
        common.NumberPad(self.window(), title, "", then, secret=True).open()

    def on_new_pin_clicked(self) -> None:
        name = self.chosen
        if name is None:
            return

        def save(pin: str) -> None:
            try:
                with self.services.session() as session:
                    ops.set_pin(session, name=name, pin=pin)
            except (refusals.Refused, errors.StampcardError) as exc:
                self.banner.show_error(exc)
                return
            self.banner.show_message(self.tr("%1 has a new PIN.").replace("%1", name))
        self.ask_pin(name, save)

    def on_remove_clicked(self) -> None:
        name = self.chosen
        if name is None:
            return

        def remove() -> None:
            try:
                with self.services.session() as session:
                    ops.remove_staff(session, name)
            except (refusals.Refused, errors.StampcardError) as exc:
                self.banner.show_error(exc)
                return
            self.refresh()
            self.banner.show_message(self.tr("%1 was removed.").replace("%1", name))
        common.confirm(self, self.tr("Remove %1? Their PIN stops working.").replace("%1", name),
                       self.tr("Yes, remove"), remove)

    def on_add_clicked(self) -> None:
        name, role = self.name.value().strip(), self.role.current()
        if not name:
            self.banner.show_message(self.tr("Type the person's name first."), "error")
            return

        def save(pin: str) -> None:
            try:
                with self.services.session() as session:
                    ops.add_staff(session, name=name, role=role, pin=pin)
            except (refusals.Refused, errors.StampcardError) as exc:
                self.banner.show_error(exc)
                return
            self.name.set_value("")
            self.refresh()
            self.banner.show_message(self.tr("%1 was added.").replace("%1", name))
        self.ask_pin(name, save)
