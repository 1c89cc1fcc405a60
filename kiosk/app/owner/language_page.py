"""Language: English, Czech, Russian; switched live and saved for the shop."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from cards import refusals
from db import errors
from db import settings as db_settings
from kiosk.app import i18n, journal, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common


def switch_language(services: app_services.Services, code: str) -> None:
    """Save ``code`` as the shop's language (through the settings rules, ``db.settings``), install it live
    and tell every screen; a refusal leaves both the saved and the shown language as they were."""
    with services.session() as session:
        update = db_settings.update(session, language=code)
    i18n.install_language(QApplication.instance(), code)
    if update.changed:
        journal.owner_act("language", station=services.station, language=code)
    services.signals.settings_changed.emit()
    services.signals.language_changed.emit(code)


class LanguagePage(common.Page):
    """One big button per language, each written in its own language."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.hint = theme.label("", "Hint")
        self.buttons: dict[str, object] = {}
        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        box.addWidget(self.hint)
        for code, name in i18n.available_languages():
            item = theme.button(name, checkable=True, on_click=functools.partial(self.on_language_clicked, code))
            item.setMinimumHeight(int(m.touch * 1.2))
            item.setStyleSheet(f"font-size: {m.font + 6}px;")
            self.buttons[code] = item
            box.addWidget(item, 0, Qt.AlignmentFlag.AlignLeft if not m.compact else Qt.AlignmentFlag.AlignTop)
            item.setMinimumWidth(m.choice_width)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Language"))
        self.hint.setText(self.tr("The language of the kiosk, the cards and the receipts."))
        self.refresh()

    def refresh(self) -> None:
        current = i18n.current_language()
        for code, item in self.buttons.items():
            item.setChecked(code == current)  # type: ignore[attr-defined]

    def on_language_clicked(self, code: str) -> None:
        try:
            switch_language(self.services, code)
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        self.refresh()
