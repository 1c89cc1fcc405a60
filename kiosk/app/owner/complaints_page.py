"""The complaint inbox: open ones first; open one to read it, add a note and resolve it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QStackedLayout, QVBoxLayout, QWidget

from cards import refusals
from db import errors, ops
from kiosk.app.owner import common


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


class ComplaintsPage(common.Page):
    """A list of complaints; tapping one shows it with a note field and Resolve."""

    def __init__(self, services, metrics: common.Metrics, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.items: list[ops.ComplaintView] = []
        self.current: ops.ComplaintView | None = None
        self.filter = common.Segmented([("open", ""), ("all", "")], "open")
        self.filter.chosen.connect(lambda _k: self.refresh())
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.empty = common.label("", "Hint")
        self.list_view = common.scroll_column(m.gap, self.empty, self.rows)

        detail = QWidget()
        detail_box = QVBoxLayout(detail)
        detail_box.setContentsMargins(0, 0, 0, 0)
        detail_box.setSpacing(m.gap)
        self.back = common.button("", on_click=self.show_list)
        self.heading = common.label("", "FieldLabel")
        self.body = common.label("")
        self.body.setStyleSheet(f"background: {common.CARD}; border: 1px solid {common.LINE};"
                                "border-radius: 14px; padding: 14px;")
        self.meta = common.label("", "Hint")
        self.note_caption = common.label("", "FieldLabel")
        self.note = common.TextField()
        self.resolve = common.button("", "Primary", on_click=self.on_resolve_clicked)
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
        self.show_rows()
        if self.current is not None:
            self.show_detail(self.current)

    def refresh(self) -> None:
        status = "open" if self.filter.current() == "open" else None
        with self.services.session() as session:
            self.items = ops.list_complaints(session, status)
        self.retranslate()
        self.show_list()

    def show_rows(self) -> None:
        common.clear_layout(self.rows)
        self.empty.setVisible(not self.items)
        for item in self.items:
            state = self.tr("open") if item.status == "open" else self.tr("resolved")
            first = item.text.splitlines()[0] if item.text else ""
            most = 44 if self.metrics.compact else 110
            if len(first) > most:
                first = first[:most - 2] + "…"
            text = f"{item.reference} · {topic_name(item.topic)} · {common.local_time(item.created_at)} · {state}"
            if first:
                text += f"\n{first}"
            row = common.row_button(text, on_click=lambda c=item: self.show_detail(c))
            if item.status == "open":
                row.setStyleSheet(f"border-left: 8px solid {common.DANGER};")
            self.rows.addWidget(row)

    def show_list(self) -> None:
        self.current = None
        self.stack.setCurrentWidget(self.list_view)

    def show_detail(self, item: ops.ComplaintView) -> None:
        self.current = item
        self.heading.setText(f"{item.reference} · {topic_name(item.topic)}")
        self.body.setText(item.text or self.tr("(no text)"))
        meta = [self.tr("Received %1").replace("%1", common.local_time(item.created_at))]
        if item.contact:
            meta.append(self.tr("Contact: %1").replace("%1", item.contact))
        if item.card:
            meta.append(self.tr("Card: %1").replace("%1", item.card))
        if item.status == "resolved":
            meta.append(self.tr("Resolved %1").replace("%1", common.local_time(item.resolved_at)))
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
        self.note.set_value("")
        self.refresh()
        self.banner.show_message(self.tr("Complaint %1 is resolved.").replace("%1", done.reference))
