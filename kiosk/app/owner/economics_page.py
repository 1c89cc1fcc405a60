"""What the program earns, for the owner (issue 19): completion by batch and with or without a
head start, days to a reward, stamps owed, redemption, the repeat cycle and lapsed customers.

The figures are ``db.economics.economics`` (the same as ``stampcard report economics``),
read off the GUI thread: on a big ledger they take a moment.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cards import words
from kiosk.app import i18n, tasks, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common


def load(services: app_services.Services) -> Any:
    """The figures now (a plain function: the page runs it on the task runner)."""
    from db import economics

    with services.session() as session:
        return economics.economics(session, now=services.now())


class EconomicsPage(common.Page):
    """The figures as lines, the batches below."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 runner: tasks.TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        self.runner = runner or tasks.TaskRunner(self)
        self.figures: Any = None
        self.rows = QVBoxLayout()
        self.rows.setSpacing(metrics.tight)
        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        box.addWidget(common.scroll_column(metrics.gap, self.rows), 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("What the program earns"))
        self.show_figures()

    def refresh(self) -> None:
        services = self.services
        self.runner.run(lambda _progress: load(services), self.on_loaded, self.banner.show_error)

    def on_loaded(self, figures: Any) -> None:
        self.figures = figures
        self.show_figures()

    @staticmethod
    def percent(rate: float | None) -> str:
        return "–" if rate is None else f"{rate * 100:.0f} %"

    def show_figures(self) -> None:
        common.clear_layout(self.rows)
        f = self.figures
        if f is None:
            return
        effect = f.head_start_effect
        lines = [
            self.tr("Cards completed with a head start: %1; without: %2.").replace(
                "%1", self.percent(effect["with_head_start"])).replace("%2", self.percent(effect["without_head_start"])),
            self.tr("Median days to a reward: %1").replace(
                "%1", "–" if f.median_days_to_complete is None else str(f.median_days_to_complete)),
            self.tr("Stamps the shop owes: %1 (about %2)").replace("%1", str(f.outstanding_stamps)).replace(
                "%2", words.words(i18n.current_language()).rewards(round(f.rewards_owed))),  # "about": whole ones
            self.tr("Rewards taken of rewards earned: %1").replace("%1", self.percent(f.redemption_rate)),
            self.tr("Days between visits (median): %1").replace(
                "%1", "–" if f.repeat_cycle_days is None else str(f.repeat_cycle_days)),
            self.tr("Customers drifting away: %1").replace("%1", str(f.lapsed)),
        ]
        for line in lines:
            self.rows.addWidget(theme.label(line))
        self.rows.addWidget(theme.label(self.tr("Batches"), "FieldLabel"))
        for b in f.batches:
            self.rows.addWidget(theme.label(
                self.tr("Batch %1, head start %2: %3 of %4 cards completed (%5)").replace("%1", str(b.batch))
                .replace("%2", str(b.head_start)).replace("%3", str(b.completed)).replace("%4", str(b.cards))
                .replace("%5", self.percent(b.completion_rate)), "Hint"))
