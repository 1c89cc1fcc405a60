"""First run: set up the shop on the touchscreen, then go to the idle screen.

Steps: shop name and address; complaint contacts; language; stamps, reward and
head start; the owner PIN twice. Each page is checked with the rules of
``stampcard init`` (``cards/settings.py``, and ``printing.fit`` for the printed
texts); the last step calls ``db.settings.init_shop`` once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from cards import languages, refusals, rules
from cards import settings as rule_set
from db import settings as db_settings
from kiosk.app import refusal_text, theme, widgets
from kiosk.app.services import Services


class _Pages(QStackedWidget):
    """The wizard's pages: only the page on show claims room (see ``WizardScreen._fit_pages``). A stack's
    height for a width is the tallest of all its pages, shown or not, so it is not asked."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False


class WizardScreen(theme.Retranslating, QWidget):
    """The setup wizard (only shown while the database has no shop)."""

    finished = Signal()
    language_chosen = Signal(str)

    idle_timeout_ms = 0

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard_screen")
        self.services = services
        self.language = "en"
        self._first_pin = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.mm(6), theme.mm(3), theme.mm(6), theme.mm(3))
        layout.setSpacing(theme.mm(1.5))
        self.title = theme.label("", "title", name="wizard_title")
        self.head_row = QHBoxLayout()
        self.head_row.setSpacing(theme.mm(2))
        self.head_row.addWidget(self.title, 1)
        layout.addLayout(self.head_row)
        self.error = theme.label("", "error", name="wizard_error")
        self.error.hide()
        self.pages = _Pages()
        # Only the page on show claims room, so the keyboard gets the rest on a small display.
        self.pages.currentChanged.connect(self._fit_pages)
        layout.addWidget(self.pages, 1)
        nav = self.nav_row = QHBoxLayout()
        self.back_button = theme.button("", "", name="wizard_back")
        self.next_button = theme.button("", "primary", name="wizard_next")
        nav.addWidget(self.back_button)
        nav.addWidget(self.error, 1)
        nav.addStretch(0)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.keyboard = widgets.OnScreenKeyboard(mode="text")
        layout.addWidget(self.keyboard, 3)

        def text_page(fields: list[tuple[str, str]]) -> tuple[QWidget, list[QLineEdit], QFormLayout]:
            page = QWidget()
            form = QFormLayout(page)
            form.setSpacing(theme.mm(2))
            edits = []
            for name, _label in fields:
                edit = QLineEdit()
                edit.setObjectName(name)
                edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                edit.installEventFilter(self)
                form.addRow(theme.label("", "body", wrap=False), edit)
                edits.append(edit)
            return page, edits, form

        page, (self.name_edit, self.address_edit), self.shop_form = text_page(
            [("shop_name_edit", ""), ("address_edit", "")])
        self.pages.addWidget(page)
        page, (self.phone_edit, self.email_edit, self.url_edit), self.contact_form = text_page(
            [("phone_edit", ""), ("email_edit", ""), ("url_edit", "")])
        self.pages.addWidget(page)

        for edit, field in ((self.name_edit, "shop"), (self.address_edit, "address"),
                            (self.phone_edit, "complaints_phone"), (self.email_edit, "complaints_email"),
                            (self.url_edit, "complaints_url")):
            edit.setMaxLength(rule_set.TEXTS[field])  # the one table of limits (cards.settings)

        page = QWidget()
        v = QFormLayout(page)
        v.setSpacing(theme.mm(2))
        lang_row = QHBoxLayout()
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, Any] = {}
        for code, name in languages.NAMES.items():
            b = theme.button(name, "", name=f"language_{code}")
            b.setCheckable(True)
            b.setChecked(code == "en")
            b.clicked.connect(lambda _=False, c=code: self.choose_language(c))
            self.language_group.addButton(b)
            self.language_buttons[code] = b
            lang_row.addWidget(b)
        self.language_label = theme.label("", "body")
        v.addRow(self.language_label, lang_row)
        self.reward_edit = QLineEdit()
        self.reward_edit.setObjectName("reward_edit")
        self.reward_edit.setMaxLength(rule_set.TEXTS["reward"])
        self.reward_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.reward_edit.installEventFilter(self)
        self.reward_label = theme.label("", "body")
        v.addRow(self.reward_label, self.reward_edit)
        self.pages.addWidget(page)

        page = QWidget()
        program_form = QFormLayout(page)
        program_form.setSpacing(theme.mm(3))
        stamps, prestamps = rule_set.bounds("stamps"), rule_set.bounds("prestamps")  # the one table of limits
        self.stamps = widgets.Stepper(10, stamps.low, stamps.high, name="stamps_value")
        self.prestamps = widgets.Stepper(2, prestamps.low, prestamps.high, name="prestamps_value")
        self.stamps_label = theme.label("", "body")
        self.prestamps_label = theme.label("", "body")
        program_form.addRow(self.stamps_label, self.stamps)
        program_form.addRow(self.prestamps_label, self.prestamps)
        self.pages.addWidget(page)

        self.pages.addWidget(QWidget())  # the PIN step: the pad below replaces pages and keyboard
        self.pin_box = QWidget()
        p = QHBoxLayout(self.pin_box)
        p.setContentsMargins(0, 0, 0, 0)
        self.pin_pad = widgets.PinPad()
        self.pin_pad.setObjectName("wizard_pin")
        self.pin_pad.cancel_button.hide()
        self.pin_pad.entered.connect(self.on_pin_entered)
        p.addStretch(1)
        p.addWidget(self.pin_pad, 3)
        p.addStretch(1)
        layout.insertWidget(layout.indexOf(self.pages) + 1, self.pin_box, 4)
        self.pin_box.hide()

        self._compact: bool | None = None
        self._fit_pages(self.pages.currentIndex())
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.name_edit.setFocus()
        self.keyboard.set_target(self.name_edit)
        self.retranslate()
        self._show_step()

    PIN_STEP = 4

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self._set_row_label(self.shop_form, 0, self.tr("Shop name"))
        self._set_row_label(self.shop_form, 1, self.tr("Address"))
        self._set_row_label(self.contact_form, 0, self.tr("Complaints phone"))
        self._set_row_label(self.contact_form, 1, self.tr("Complaints e-mail"))
        self._set_row_label(self.contact_form, 2, self.tr("Complaints web address"))
        self.language_label.setText(self.tr("Language"))
        self.stamps_label.setText(self.tr("Stamps for a reward"))
        self.reward_label.setText(self.tr("Reward"))
        self.prestamps_label.setText(self.tr("Head-start stamps on new cards"))
        if not self.reward_edit.text():
            self.reward_edit.setText(self.tr("Free coffee"))
        self._show_step()

    @staticmethod
    def _set_row_label(form: QFormLayout, row: int, text: str) -> None:
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setText(text)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.keyboard.set_target(watched)
        return False

    # --- steps ---

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _show_step(self) -> None:
        step = self.step
        titles = [self.tr("Welcome! Let us set up your shop (1 of 5)"),
                  self.tr("Where can customers complain? (2 of 5)"),
                  self.tr("Language and reward (3 of 5)"),
                  self.tr("Stamps (4 of 5)"),
                  self.tr("Choose the owner PIN (5 of 5)") if not self._first_pin
                  else self.tr("Type the owner PIN again (5 of 5)")]
        self.title.setText(titles[step])
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < self.PIN_STEP)
        self.next_button.setText(self.tr("Next"))
        self.keyboard.setVisible(step < 3)
        self.pages.setVisible(step < self.PIN_STEP)
        self.pin_box.setVisible(step == self.PIN_STEP)
        targets = {0: self.name_edit, 1: self.phone_edit, 2: self.reward_edit}
        if step in targets:
            self.keyboard.set_target(targets[step])

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def next(self) -> None:
        if self.step == 0 and not self.name_edit.text().strip():
            self.show_error(self.tr("Please type the shop's name."))
            return
        if self.step == 2 and not self.reward_edit.text().strip():
            self.show_error(self.tr("Please type the reward, e.g. Free coffee."))
            return
        try:  # the rules of `stampcard init` and `settings set` (cards/settings.py), and the printed boxes
            for field in {0: ("shop", "address"), 1: ("phone", "email", "url"), 2: ("reward",)}.get(self.step, ()):
                self.check_printed_text(field)
            if self.step == 3:
                rules.validate_program(self.program())
        except refusals.Refused as exc:
            self.show_error(refusal_text.sentence(exc))
            return
        self.show_error("")
        self.pages.setCurrentIndex(min(self.PIN_STEP, self.step + 1))
        self._show_step()

    def arrange(self, compact: bool) -> None:
        """On a small screen Back and Next sit beside the title, so that the keyboard's keys can be a finger
        wide; on a large one they sit under the page, around the message line."""
        if compact == self._compact:
            return
        self._compact = compact
        box = self.layout()
        if box is not None:
            box.setContentsMargins(theme.mm(6), theme.mm(2 if compact else 3), theme.mm(6), theme.mm(2 if compact else 3))
            box.setSpacing(theme.mm(1 if compact else 1.5))
        window = self.window().size()
        for b in self.language_buttons.values():  # a finger's size, not the customer screens' 15 mm
            b.setMinimumHeight(theme.touch_px(window.width(), window.height()) if compact else theme.mm(theme.MIN_BUTTON_MM))
        if compact:
            self.head_row.insertWidget(0, self.back_button)
            self.head_row.addWidget(self.next_button)
        else:
            self.nav_row.insertWidget(0, self.back_button)
            self.nav_row.addWidget(self.next_button)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        window = self.window().size()
        self.arrange(theme.is_compact(window.width(), window.height()))
        super().resizeEvent(event)

    def _fit_pages(self, index: int) -> None:
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.updateGeometry()

    def back(self) -> None:
        self.show_error("")
        self._first_pin = ""
        self.pin_pad.clear()
        self.pages.setCurrentIndex(max(0, self.step - 1))
        self._show_step()

    def choose_language(self, code: str) -> None:
        self.language = code
        self.keyboard.set_layout(code)
        self.language_chosen.emit(code)

    def check_printed_text(self, field: str) -> None:
        """Refuse one of the shop's texts as ``init`` would, or when it would not fit its printed box."""
        edits = {"shop": self.name_edit, "address": self.address_edit, "phone": self.phone_edit,
                 "email": self.email_edit, "url": self.url_edit, "reward": self.reward_edit}
        from printing import fit  # reportlab's measures: loaded when the wizard first checks a text

        text = rule_set.check_field(field, edits[field].text())
        limit = fit.field_limit(field, text) if text else None
        if limit is not None:
            raise refusals.Refused(refusals.Kind.TEXT_TOO_LONG, field=field, limit=limit)

    def program(self) -> rules.Program:
        return rules.Program(stamps_required=self.stamps.value(), prestamps=self.prestamps.value(),
                             reward=self.reward_edit.text().strip())

    def on_pin_entered(self, pin: str) -> None:
        try:
            rules.check_pin_format(pin)
        except refusals.Refused as exc:
            self.pin_pad.show_message(refusal_text.sentence(exc))
            return
        if not self._first_pin:
            self._first_pin = pin
            self.pin_pad.show_message("")
            self._show_step()
            return
        if pin != self._first_pin:
            self._first_pin = ""
            self.pin_pad.show_message(self.tr("The two PINs differ. Please choose the PIN again."))
            self._show_step()
            return
        self.finish(pin)

    def finish(self, pin: str) -> None:
        services = self.services
        try:
            with services.session() as session:
                program = self.program()
                db_settings.init_shop(session, rule_set.ShopSettings(
                    shop=self.name_edit.text(), reward=program.reward, stamps=program.stamps_required,
                    prestamps=program.prestamps, language=self.language, address=self.address_edit.text(),
                    complaints_phone=self.phone_edit.text(), complaints_email=self.email_edit.text(),
                    complaints_url=self.url_edit.text()), owner_pin=pin)
        except refusals.Refused as exc:
            self._first_pin = ""
            self.show_error(refusal_text.sentence(exc))
            self._show_step()
            return
        services.forget_settings()
        self.finished.emit()
