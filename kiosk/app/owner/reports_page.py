"""Reports: key figures and QtCharts charts of visits, stamps, rewards and complaints.

The report is made off the GUI thread (``kiosk.app.tasks.TaskRunner``) by the plain
function :func:`load_report`, in its own read transaction: the screen never waits
for the database, and a report never holds a stamp up. Days are the shop's local
days (``ops.report``). ``TaskRunner(threaded=False)`` runs it at once for tests.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from collections.abc import Callable
from contextlib import AbstractContextManager

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from sqlalchemy.orm import Session

from db import ops
from kiosk.app import services as app_services, theme
from kiosk.app import tasks
from kiosk.app.owner import common

PERIODS = {"7": 7, "30": 30, "90": 90, "all": 0}


def load_report(session: Callable[[], AbstractContextManager[Session]], days: int | None,
                now: dt.datetime) -> ops.Report:
    """The report of the last ``days`` local days (None: all time), in one read transaction of its own."""
    with session() as opened:
        return ops.report(opened, days=days, now=now)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last`` (so quiet days show as zero)."""
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def daily_series(report: ops.Report, today: dt.date) -> list[tuple[dt.date, int, int, int]]:
    """(day, visits, stamps, rewards) for each day of the report's period, zeros filled in."""
    known = {dt.date.fromisoformat(d): (v, s, r) for d, v, s, r in report.per_day}
    first = report.since or (min(known) if known else today)
    return [(day, *known.get(day, (0, 0, 0))) for day in days_between(first, max(today, *known, first))]


def bucketed(rows: list[tuple[dt.date, int, int, int]], most: int = 16) -> list[tuple[str, int, int, int]]:
    """At most ``most`` bars: group days into weeks (or longer) when the period is long."""
    size = max(1, -(-len(rows) // most))
    out = []
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        name = chunk[0][0].strftime("%d.%m")
        out.append((name, sum(r[1] for r in chunk), sum(r[2] for r in chunk), sum(r[3] for r in chunk)))
    return out


class ReportsPage(common.Page):
    """Key figures for a period, and one chart at a time (big enough to read)."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 runner: tasks.TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.runner = runner or tasks.TaskRunner(self)
        self.report: ops.Report | None = None
        self._bars = 0  # the bars the chart was drawn for (it is drawn again when fewer or more fit)
        self.asked = 0  # the newest request; an older report arriving late is dropped
        self.report_for = 0  # the request the shown report answers
        self.period = common.Segmented([(k, k) for k in PERIODS], "30")
        self.period.chosen.connect(lambda _k: self.refresh())
        self.chart_choice = common.Segmented([("visits", ""), ("rewards", ""), ("customers", ""), ("complaints", "")],
                                             "visits")
        self.chart_choice.chosen.connect(lambda _k: self.draw_chart())
        self.tiles = {key: common.Tile() for key in
                      ("visits", "stamps", "rewards", "returning", "open", "resolved")}
        tiles = QGridLayout()
        tiles.setSpacing(m.gap)
        columns = 3 if m.compact else 6
        for i, tile in enumerate(self.tiles.values()):
            tile.set_compact(m)
            tiles.addWidget(tile, i // columns, i % columns)
        self.chart = QChart()
        self.chart.setBackgroundVisible(False)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        font = QFont()
        font.setPixelSize(m.small)
        self.chart.legend().setFont(font)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(m.chart_min)
        self.chart_view.setStyleSheet(f"background: {theme.SURFACE}; border: 1px solid {theme.LINE};"
                                      f"border-radius: {m.radius + m.tight}px;")
        box = self.frame()
        self.period_cycle = theme.button("", "Segment", on_click=self.on_period_cycle_clicked)
        if m.compact:  # one row of controls leaves the chart room to be read
            self.title.hide()
            self.period.hide()
            controls = QHBoxLayout()
            controls.addWidget(self.chart_choice, 3)
            controls.addWidget(self.period_cycle, 1)
            box.addLayout(controls)
            box.addWidget(self.banner)
            box.addLayout(tiles)
        else:
            self.period_cycle.hide()
            head = QHBoxLayout()
            head.addWidget(self.title, 1)
            head.addWidget(self.period, 2)
            box.addLayout(head)
            box.addWidget(self.banner)
            box.addLayout(tiles)
            box.addWidget(self.chart_choice)
        box.addWidget(self.chart_view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reports"))
        self.period.set_texts({"7": self.tr("7 days"), "30": self.tr("30 days"),
                               "90": self.tr("90 days"), "all": self.tr("All")})
        self.chart_choice.set_texts({"visits": self.tr("Visits"), "rewards": self.tr("Rewards"),
                                     "customers": self.tr("Customers"), "complaints": self.tr("Complaints")})
        self.period_cycle.setText(self.period.buttons[self.period.current()].text() + " ↻")
        self.show_report()

    def on_period_cycle_clicked(self) -> None:
        keys = list(PERIODS)
        self.period.set_current(keys[(keys.index(self.period.current()) + 1) % len(keys)])
        self.refresh()

    def refresh(self) -> None:
        """Ask for the chosen period's report off the GUI thread; it is shown when it arrives."""
        days = PERIODS[self.period.current()] or None
        self.asked += 1
        asked, session, now = self.asked, self.services.session, self.services.now()
        self.runner.run(lambda _progress: load_report(session, days, now),
                        on_done=lambda report: self.on_report_ready(asked, report),
                        on_error=lambda exc: self.on_report_failed(asked, exc))

    @property
    def loading(self) -> bool:
        """True while the newest report asked for has not arrived."""
        return self.report is None or self.report_for != self.asked

    def on_report_ready(self, asked: int, report: ops.Report) -> None:
        if asked != self.asked:
            return  # the owner chose another period meanwhile
        self.report, self.report_for = report, asked
        self.banner.clear()
        self.retranslate()

    def on_report_failed(self, asked: int, exc: BaseException) -> None:
        if asked == self.asked:
            self.report_for = asked
            self.banner.show_error(exc)

    def show_report(self) -> None:
        report = self.report
        if report is None:
            return
        self.tiles["visits"].set(report.visits, self.tr("visits"))
        self.tiles["stamps"].set(report.stamps, self.tr("stamps given"))
        self.tiles["rewards"].set(report.rewards_redeemed, self.tr("rewards redeemed"))
        self.tiles["returning"].set(report.returning_customers, self.tr("returning customers"))
        self.tiles["open"].set(report.complaints_open, self.tr("complaints open"))
        self.tiles["resolved"].set(report.complaints_resolved, self.tr("complaints resolved"))
        self.draw_chart()

    def label_font(self) -> QFont:
        font = QFont()
        font.setPixelSize(self.metrics.small - 2)
        return font

    def bars_that_fit(self) -> int:
        """As many bars (days or weeks) as the chart is wide enough to label in full ("07.12", never "07…")."""
        label = QFontMetrics(self.label_font()).horizontalAdvance("00.00") + 14
        plot = self.chart_view.width() - QFontMetrics(self.label_font()).horizontalAdvance("0000") - 40
        return max(3, min(16, plot // label))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.report is not None and self.chart_choice.current() in ("visits", "rewards"):
            if self.bars_that_fit() != self._bars:
                self.draw_chart()

    def draw_chart(self) -> None:
        report = self.report
        if report is None:
            return
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        which = self.chart_choice.current()
        series = QBarSeries()
        if which == "complaints":
            names = [self.tr("Open"), self.tr("Resolved")]
            sets = [(self.tr("Complaints"), [report.complaints_open, report.complaints_resolved], theme.DANGER)]
        elif which == "customers":
            names = [self.tr("New cards"), self.tr("Cards in use"), self.tr("Returning (2+ visits)")]
            sets = [(self.tr("Customers"), [report.cards_issued, report.cards_active, report.returning_customers],
                     theme.ACCENT)]
        else:
            rows = bucketed(daily_series(report, report.today or self.services.today()), self.bars_that_fit())
            names = [r[0] for r in rows]
            if which == "visits":
                sets = [(self.tr("Visits"), [r[1] for r in rows], theme.ACCENT),
                        (self.tr("Stamps"), [r[2] for r in rows], "#c8962e")]
            else:
                sets = [(self.tr("Rewards"), [r[3] for r in rows], theme.ACCENT_DARK)]
        top = 0
        for name, values, color in sets:
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bar_set.setColor(QColor(color))
            bar_set.setBorderColor(QColor(color))
            series.append(bar_set)
            top = max(top, *values, 0)
        chart.addSeries(series)
        self._bars = self.bars_that_fit()
        font = self.label_font()
        x_axis = QBarCategoryAxis()
        x_axis.append(names)
        x_axis.setLabelsFont(font)
        y_axis = QValueAxis()
        y_axis.setRange(0, max(4, top + max(1, top // 8)))
        y_axis.setLabelFormat("%d")
        y_axis.setTickCount(5)
        y_axis.applyNiceNumbers()
        y_axis.setLabelsFont(font)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().setVisible(len(sets) > 1)
