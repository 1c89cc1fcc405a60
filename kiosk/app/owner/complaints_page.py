"""The complaint inbox: open ones first; open one to read it, add a note and resolve it.

The list is a model/view list (``ComplaintsModel`` in a ``QListView``), not a
widget per complaint: the model asks ``ops.list_complaints`` for one page at a
time (``canFetchMore``/``fetchMore``, keyset paging by ``(status, id)``) as the
owner scrolls, and the view paints only the rows in sight. The inbox opens in a
few milliseconds with 100,000 complaints (benchmarks/inbox.py), where one button
per complaint took 11.9 s for 4,000.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QScroller,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from cards import refusals
from db import errors, ops
from kiosk.app import journal, services as app_services, theme
from kiosk.app.owner import common

PAGE_SIZE = 100  # complaints a query brings; a screen shows about ten
Index = QModelIndex | QPersistentModelIndex
LoadPage = Callable[[tuple[str, int] | None, int], list[ops.ComplaintView]]


def topic_name(topic: str) -> str:
    """A complaint topic for people."""
    names = {
        "service": QCoreApplication.translate("Topics", "Service"),
        "product": QCoreApplication.translate("Topics", "Product"),
        "waiting_time": QCoreApplication.translate("Topics", "Waiting time"),
        "cleanliness": QCoreApplication.translate("Topics", "Cleanliness"),
        "other": QCoreApplication.translate("Topics", "Other"),
    }
    return names.get(topic, topic)


class ComplaintsModel(QAbstractListModel):
    """Complaints in inbox order, loaded a page at a time as the view scrolls.

    ``load_page(after, limit)`` returns the next ``limit`` complaints after the
    ``(status, id)`` key ``after`` (None: from the top); ``describe`` turns one into
    the row's text. Qt-free data, so a test can drive it without a view.
    """

    def __init__(self, load_page: LoadPage, describe: Callable[[ops.ComplaintView], str],
                 page_size: int = PAGE_SIZE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.load_page = load_page
        self.describe = describe
        self.page_size = page_size
        self.items: list[ops.ComplaintView] = []
        self.more = False
        self.row_height = 0
        self.open_color = QColor(theme.DANGER)
        self.resolved_color = QColor(theme.LINE)

    def reload(self) -> None:
        """Start again from the first page (the filter changed, a complaint was resolved)."""
        self.beginResetModel()
        self.items = self.load_page(None, self.page_size)
        self.more = len(self.items) == self.page_size
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.open_color if item.status == "open" else self.resolved_color
        if role == Qt.ItemDataRole.SizeHintRole and self.row_height:
            return QSize(0, self.row_height)
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.more

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self.items:
            return
        last = self.items[-1]
        page = self.load_page((last.status, last.id), self.page_size)
        self.more = len(page) == self.page_size
        if page:
            self.beginInsertRows(QModelIndex(), len(self.items), len(self.items) + len(page) - 1)
            self.items.extend(page)
            self.endInsertRows()

    def refresh_texts(self) -> None:
        """Every row's text again (the language changed)."""
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1), [Qt.ItemDataRole.DisplayRole])


class ComplaintsPage(common.Page):
    """A list of complaints; tapping one shows it with a note field and Resolve."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.current: ops.ComplaintView | None = None
        self.filter = common.Segmented([("open", ""), ("all", "")], "open")
        self.filter.chosen.connect(lambda _k: self.refresh())
        self.model = ComplaintsModel(self.load_page, self.describe, parent=self)
        self.model.row_height = m.touch + m.small + 8
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setIconSize(QSize(m.pad, m.touch))
        self.view.setSpacing(m.tight)
        self.view.setStyleSheet(f"QListView {{ background: transparent; }}"
                                f"QListView::item {{ background: {theme.SURFACE}; border: 1px solid {theme.LINE};"
                                f"border-radius: {m.radius}px; padding: {m.tight}px {m.radius}px; }}")
        QScroller.grabGesture(self.view.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.view.clicked.connect(self.on_list_clicked)
        self.empty = theme.label("", "Hint")
        self.list_view = QWidget()
        list_box = QVBoxLayout(self.list_view)
        list_box.setContentsMargins(0, 0, 0, 0)
        list_box.setSpacing(m.gap)
        list_box.addWidget(self.empty)
        list_box.addWidget(self.view, 1)

        detail = QWidget()
        detail_box = QVBoxLayout(detail)
        detail_box.setContentsMargins(0, 0, 0, 0)
        detail_box.setSpacing(m.gap)
        self.back = theme.button("", on_click=self.show_list)
        self.heading = theme.label("", "FieldLabel")
        self.body = theme.label("")
        self.body.setStyleSheet(f"background: {theme.SURFACE}; border: 1px solid {theme.LINE};"
                                f"border-radius: {m.radius + m.hair}px; padding: {m.radius + m.hair}px;")
        self.meta = theme.label("", "Hint")
        self.note_caption = theme.label("", "FieldLabel")
        self.note = common.TextField()
        self.resolve = theme.button("", "Primary", on_click=self.on_resolve_clicked)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.heading, 1)
        detail_box.addLayout(top)
        detail_box.addWidget(self.body)
        detail_box.addWidget(self.meta)
        detail_box.addWidget(self.note_caption)
        detail_box.addWidget(self.note)
        detail_box.addStretch(1)
        detail_box.addWidget(self.resolve)
        self.detail_view = common.scrolling(detail)

        self.stack = QStackedLayout()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.detail_view)
        box = self.frame()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.filter, 1)
        box.addLayout(head)
        box.addWidget(self.banner)
        box.addLayout(self.stack, 1)
        self.retranslate()

    @property
    def items(self) -> list[ops.ComplaintView]:
        """The complaints loaded so far, in inbox order."""
        return self.model.items

    def load_page(self, after: tuple[str, int] | None, limit: int) -> list[ops.ComplaintView]:
        """One page of the inbox from the database (one indexed query, a read transaction)."""
        status = "open" if self.filter.current() == "open" else None
        with self.services.session() as session:
            return ops.list_complaints(session, status, limit=limit, after=after)

    def describe(self, item: ops.ComplaintView) -> str:
        """A row's two lines: reference, topic, time and state; the text's first line."""
        state = self.tr("open") if item.status == "open" else self.tr("resolved")
        first = item.text.splitlines()[0] if item.text else ""
        most = 44 if self.metrics.compact else 110
        if len(first) > most:
            first = first[:most - 2] + "…"
        when = common.local_time(item.created_at, self.services)
        text = f"{item.reference} · {topic_name(item.topic)} · {when} · {state}"
        return f"{text}\n{first}" if first else text

    def retranslate(self) -> None:
        self.title.setText(self.tr("Complaints"))
        self.filter.set_texts({"open": self.tr("Open"), "all": self.tr("All")})
        self.back.setText(self.tr("‹ Back"))
        self.note_caption.setText(self.tr("What was done (optional)"))
        self.note.caption = self.tr("What was done")
        self.note.set_placeholder(self.tr("Tap to write a note"))
        self.resolve.setText(self.tr("Mark as resolved"))
        self.empty.setText(self.tr("No open complaints. Well done!") if self.filter.current() == "open"
                           else self.tr("No complaints yet."))
        self.model.refresh_texts()
        if self.current is not None:
            self.show_detail(self.current)

    def refresh(self) -> None:
        self.model.reload()
        self.retranslate()
        self.show_list()

    def show_list(self) -> None:
        self.current = None
        self.empty.setVisible(not self.model.items)
        self.view.setVisible(bool(self.model.items))
        self.stack.setCurrentWidget(self.list_view)

    def on_list_clicked(self, index: QModelIndex) -> None:
        item = self.model.data(index, Qt.ItemDataRole.UserRole)
        if isinstance(item, ops.ComplaintView):
            self.show_detail(item)

    def show_detail(self, item: ops.ComplaintView) -> None:
        self.current = item
        self.heading.setText(f"{item.reference} · {topic_name(item.topic)}")
        self.body.setText(item.text or self.tr("(no text)"))
        meta = [self.tr("Received %1").replace("%1", common.local_time(item.created_at, self.services))]
        if item.contact:
            meta.append(self.tr("Contact: %1").replace("%1", item.contact))
        if item.card:
            meta.append(self.tr("Card: %1").replace("%1", item.card))
        if item.status == "resolved":
            meta.append(self.tr("Resolved %1").replace("%1", common.local_time(item.resolved_at, self.services)))
            if item.resolution:
                meta.append(self.tr("Note: %1").replace("%1", item.resolution))
        self.meta.setText("\n".join(meta))
        is_open = item.status == "open"
        for widget in (self.note_caption, self.note, self.resolve):
            widget.setVisible(is_open)
        self.stack.setCurrentWidget(self.detail_view)

    def on_resolve_clicked(self) -> None:
        item = self.current
        if item is None:
            return
        try:
            with self.services.session() as session:
                done = ops.resolve_complaint(session, str(item.id), resolution=self.note.value(),
                                             now=self.services.now())
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        journal.owner_act("complaint_resolved", station=self.services.station, reference=done.reference)
        self.note.set_value("")
        self.refresh()
        self.banner.show_message(self.tr("Complaint %1 is resolved.").replace("%1", done.reference))
