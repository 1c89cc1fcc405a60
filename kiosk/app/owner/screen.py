"""The owner's screen: a rail of big tab buttons on the left, one page at a time on the right."""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLayout, QPushButton, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from kiosk.app import tasks, theme
from kiosk.app import services as app_services
from kiosk.app.owner import (
    backup_page,
    cards_page,
    chain_page,
    common,
    complaints_page,
    devices_page,
    economics_page,
    export_page,
    language_page,
    messages_page,
    print_page,
    program_page,
    reports_page,
    staff_page,
)

TABS = ("program", "print", "reports", "economics", "messages", "export", "complaints", "cards", "staff", "backup",
        "devices", "language")


class OwnerScreen(QWidget):
    """Everything behind the owner PIN. Emits ``closed`` when the owner leaves.

    The pages are laid out for the window's size class (compact below 700 px
    high, as on an 800x480 touch display); when the size class changes the
    pages are built again for it, keeping the open tab.
    """

    closed = Signal()
    idle_timeout_ms = 180_000  # the owner reads and types: three minutes before idle

    def __init__(self, services: app_services.Services, parent: QWidget | None = None, *, staff: str = "",
                 runner: tasks.TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OwnerScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.services = services
        self.staff = staff
        self.runner = runner or tasks.TaskRunner(self)
        self.pages: dict[str, common.Page] = {}
        self.tab_buttons: dict[str, QPushButton] = {}
        self.current = "program"
        self.metrics: theme.Metrics | None = None
        self._body = QHBoxLayout(self)
        self._body.setContentsMargins(0, 0, 0, 0)
        self._body.setSpacing(0)
        # The screen may be made smaller than its content: it is rebuilt compact then.
        self._body.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._build(theme.Metrics(parent.height(), parent.width()) if parent is not None else theme.Metrics(1080))

    def _build(self, metrics: theme.Metrics) -> None:
        self.metrics = metrics
        common.clear_layout(self._body)
        self.setStyleSheet(theme.owner_stylesheet(metrics))
        rail = QFrame()
        rail.setObjectName("Rail")
        rail.setFixedWidth(metrics.rail)
        rail_box = QVBoxLayout(rail)
        pad = metrics.rail_pad
        rail_box.setContentsMargins(pad, pad, pad, pad)
        rail_box.setSpacing(metrics.rail_gap)
        tabs = QWidget()
        tabs.setObjectName("RailTabs")
        tabs_box = QVBoxLayout(tabs)
        tabs_box.setContentsMargins(0, 0, 0, 0)
        tabs_box.setSpacing(metrics.rail_gap)
        self.tab_buttons = {}
        for key in TABS + (("chain",) if chain_page.is_station(self.services) else ()):  # a chain's station
            item = theme.button("", checkable=True, on_click=functools.partial(self.show_tab, key))
            item.setAutoExclusive(True)
            item.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            item.setMinimumHeight(metrics.rail_tab)
            self.tab_buttons[key] = item
            tabs_box.addWidget(item)
        tabs_box.addStretch(1)
        scroller = self.rail_scroll = common.scrolling(tabs)
        scroller.setObjectName("RailScroll")
        scroller.viewport().setObjectName("RailTabs")
        scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rail_box.addWidget(scroller, 1)
        # Not every tab fits a small screen: two page keys, a finger wide, scroll the tabs a page at a time.
        pager = QHBoxLayout()
        pager.setSpacing(metrics.rail_gap)
        self.rail_up = theme.button("▲", "RailPage", on_click=lambda: self.page_rail(-1))
        self.rail_down = theme.button("▼", "RailPage", on_click=lambda: self.page_rail(1))
        for page_key in (self.rail_up, self.rail_down):
            page_key.setMinimumHeight(metrics.rail_tab)
            page_key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            pager.addWidget(page_key)
        self.rail_pager = QWidget()
        self.rail_pager.setObjectName("RailTabs")
        self.rail_pager.setLayout(pager)
        pager.setContentsMargins(0, 0, 0, 0)
        rail_box.addWidget(self.rail_pager)
        self.rail_pager.hide()
        bar = scroller.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, _high: self.on_rail_scrolled())
        bar.valueChanged.connect(lambda _value: self.on_rail_scrolled())
        self.leave = theme.button("", "Leave", on_click=self.on_leave_clicked)
        self.leave.setMinimumHeight(metrics.rail_tab)
        rail_box.addWidget(self.leave)
        self.stack = QStackedWidget()
        runner = self.runner
        self.pages = {
            "program": program_page.ProgramPage(self.services, metrics),
            "print": print_page.PrintPage(self.services, metrics, runner),
            "reports": reports_page.ReportsPage(self.services, metrics, runner),
            "economics": economics_page.EconomicsPage(self.services, metrics, runner),
            "messages": messages_page.MessagesPage(self.services, metrics, runner),
            "export": export_page.ExportPage(self.services, metrics, runner),
            "complaints": complaints_page.ComplaintsPage(self.services, metrics),
            "cards": cards_page.CardsPage(self.services, metrics, runner),
            "staff": staff_page.StaffPage(self.services, metrics),
            "backup": backup_page.BackupPage(self.services, metrics, runner),
            "devices": devices_page.DevicesPage(self.services, metrics, runner),
            "language": language_page.LanguagePage(self.services, metrics),
        }
        if "chain" in self.tab_buttons:
            self.pages["chain"] = chain_page.ChainPage(self.services, metrics)
        for page in self.pages.values():
            page.staff = self.staff
            self.stack.addWidget(page)
        self._body.addWidget(rail)
        self._body.addWidget(self.stack, 1)
        self.retranslate()
        self.show_tab(self.current)

    def set_staff(self, name: str) -> None:
        """Who is signed in (written to the ledger with each change)."""
        self.staff = name
        for page in self.pages.values():
            page.staff = name

    def show_tab(self, key: str) -> None:
        """Open one page, reloaded from the database."""
        self.current = key
        self.tab_buttons[key].setChecked(True)
        self.rail_scroll.ensureWidgetVisible(self.tab_buttons[key], 0, 0)
        page = self.pages[key]
        page.banner.clear()
        page.refresh()
        self.stack.setCurrentWidget(page)

    def retranslate(self) -> None:
        texts = {"program": self.tr("Program"), "print": self.tr("Print cards"), "reports": self.tr("Reports"),
                 "economics": self.tr("Economics"), "messages": self.tr("Messages"),
                 "export": self.tr("Export"),
                 "complaints": self.tr("Complaints"), "cards": self.tr("Cards"), "staff": self.tr("Staff"),
                 "backup": self.tr("Backup"), "devices": self.tr("Devices"), "language": self.tr("Language")}
        for key, text in texts.items():
            self.tab_buttons[key].setText(text)
        if "chain" in self.tab_buttons:
            self.tab_buttons["chain"].setText(self.tr("Chain"))
        self.leave.setText(self.tr("Close"))
        self.on_rail_scrolled()

    def page_rail(self, direction: int) -> None:
        """Scroll the tabs one page down (1) or up (-1), keeping one tab of the last page in sight."""
        bar = self.rail_scroll.verticalScrollBar()
        step = max(1, self.rail_scroll.viewport().height() - self.metrics_or_default().rail_tab)
        bar.setValue(bar.value() + direction * step)

    def metrics_or_default(self) -> theme.Metrics:
        return self.metrics or theme.Metrics(self.height(), self.width())

    def on_rail_scrolled(self) -> None:
        """When tabs are out of sight (a small screen) the page keys show: ▲ up, ▼ down, each only
        enabled while there is more that way."""
        bar = self.rail_scroll.verticalScrollBar()
        self.rail_pager.setVisible(bar.maximum() > 0)
        self.rail_up.setEnabled(bar.value() > 0)
        self.rail_down.setEnabled(bar.value() < bar.maximum())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.tab_buttons:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = theme.Metrics(event.size().height(), event.size().width())
        if self.metrics is None or wanted.compact != self.metrics.compact:
            if not self.runner.busy:
                self._build(wanted)
        super().resizeEvent(event)

    def on_leave_clicked(self) -> None:
        self.closed.emit()
