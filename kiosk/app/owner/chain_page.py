"""The chain of shops, for the owner: is the hub there, what waits, and the conflicts to decide.

Shown only at a station of a chain (``db/sync.py``). A conflict is what the
stations could not decide while apart (a reward redeemed twice, a stamp on a card
blocked or voided elsewhere); the owner writes a deficit off (the card gets its
stamps back) or keeps it (future stamps fill it). The decision reaches the other
stations with the next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from cards import codes, refusals, words
from db import chain_station, errors, sync
from kiosk.app import i18n, refusal_text, theme
from kiosk.app.owner import common
from kiosk.app.services import Services


def is_station(services: Services) -> bool:
    """True when the kiosk's database is a station of a chain."""
    try:
        with services.session() as session:
            return chain_station.chain_state(session) is not None
    except Exception:  # noqa: BLE001 - no chain tables yet: not a station
        return False


class ChainPage(common.Page):
    """Hub and sync state on top; the open conflicts below, tap one, then Write off or Keep."""

    def __init__(self, services: Services, metrics: theme.Metrics, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        self.state = theme.label("", "Hint")
        self.conflicts: list[sync.ConflictView] = []
        self.chosen: str | None = None
        self.rows = QVBoxLayout()
        self.rows.setSpacing(metrics.row_gap)
        self.write_off = theme.button("", "Primary", on_click=lambda: self.decide(True))
        self.keep = theme.button("", on_click=lambda: self.decide(False))
        self.detail = theme.label("", "Hint")  # the chosen conflict in full, and what each answer does
        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        box.addWidget(self.state)
        box.addWidget(common.scroll_column(metrics.gap, self.rows), 1)
        box.addWidget(self.detail)
        actions = QHBoxLayout()
        actions.addWidget(self.write_off)
        actions.addWidget(self.keep)
        box.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Chain of shops"))
        self.write_off.setText(self.tr("Write off"))
        self.keep.setText(self.tr("Keep"))
        self.show_rows()

    def refresh(self) -> None:
        with self.services.session() as session:
            status = sync.status(session)
            refused = sync.refused(session)
            self.conflicts = sync.list_conflicts(session)
        synced = common.local_time(status.last_sync, self.services)
        lines = [self.tr("Hub %1, this station %2.").replace("%1", status.hub).replace("%2", status.station) + " "
                 + (self.tr("Online, last synced %1.").replace("%1", synced)
                    if status.online else self.tr("Offline: %1 changes wait here.").replace("%1", str(status.pending)))]
        if not status.online and status.trouble is not None:  # why, from its kind (the driver's words: the log)
            lines.append(refusal_text.hub_trouble(status.trouble.kind))
        if refused:
            lines.append(self.tr("Refused by the hub (outside the rules, never sent to the other stations): %1")
                         .replace("%1", str(refused)))
        if status.healing.notes:
            what = " · ".join(refusal_text.healing(note) for note in status.healing.notes)
            lines.append(self.tr("Healed %1: %2").replace("%1", common.local_time(status.healing.at, self.services))
                         .replace("%2", what) if status.healing.at is not None
                         else self.tr("Healed: %1").replace("%1", what))
        self.state.setText("\n".join(lines))
        if self.chosen not in {c.key for c in self.conflicts}:
            self.chosen = None
        self.show_rows()

    def describe(self, conflict: sync.ConflictView) -> str:
        card = codes.format_number(conflict.card)
        if conflict.kind == "negative":
            return self.tr("Card %1: a reward was redeemed at two stations while apart (%2 short).").replace(
                "%1", card).replace("%2", words.words(i18n.current_language()).stamps(conflict.amount))
        if conflict.kind == "blocked":
            return self.tr("Card %1: stamped at another station after it was blocked.").replace("%1", card)
        return self.tr("Card %1: stamped after its batch was voided.").replace("%1", card)

    def headline(self, conflict: sync.ConflictView) -> str:
        """The conflict's list row: the card and what happened, in a few words (the whole story: ``describe``)."""
        card = codes.format_number(conflict.card)
        if conflict.kind == "negative":
            return self.tr("Card %1 · redeemed twice").replace("%1", card)
        if conflict.kind == "blocked":
            return self.tr("Card %1 · stamped while blocked").replace("%1", card)
        return self.tr("Card %1 · stamped after the void").replace("%1", card)

    def show_rows(self) -> None:
        common.clear_layout(self.rows)
        if not self.conflicts:
            self.rows.addWidget(theme.label(self.tr("No conflicts: every station agrees."), "Hint"))
        for conflict in self.conflicts:
            def choose(key: str = conflict.key) -> None:
                self.pick(key)

            row = common.row_button(self.headline(conflict), checkable=True, on_click=choose)
            row.setChecked(conflict.key == self.chosen)
            self.rows.addWidget(row)
        chosen = next((c for c in self.conflicts if c.key == self.chosen), None)
        if chosen is None:
            self.detail.setText(self.tr("Tap a conflict to decide it.") if self.conflicts else "")
        elif chosen.kind == "negative":
            self.detail.setText(self.describe(chosen) + " " + self.tr(
                "Write off gives the card its stamps back; Keep lets its next stamps fill the gap."))
        else:
            self.detail.setText(self.describe(chosen) + " " + self.tr("Keep closes it; the card stays as it is."))
        self.write_off.setEnabled(chosen is not None and chosen.kind == "negative")
        self.keep.setEnabled(chosen is not None)

    def pick(self, key: str) -> None:
        self.chosen = key
        self.show_rows()

    def decide(self, write_off: bool) -> None:
        """Record the owner's decision on the chosen conflict."""
        if self.chosen is None:
            return
        try:
            with self.services.session() as session:
                sync.resolve_conflict(session, self.chosen, write_off=write_off, now=self.services.now(),
                                      station=self.services.station, staff=getattr(self, "staff", ""))
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        self.refresh()
        self.banner.show_message(self.tr("Decided. The other stations learn it at their next sync."))
