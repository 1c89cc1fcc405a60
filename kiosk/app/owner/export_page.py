"""Export cards, visits, customers or complaints as a spreadsheet, to the data folder or a USB stick."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from db import engine, export
from kiosk import media
from kiosk.app import journal, tasks, theme
from kiosk.app.services import Services
from kiosk.app.owner import common


@dataclass(frozen=True)
class Exported:
    """An export that was written, and whether it went to a removable medium."""

    result: export.ExportResult
    removable: bool


def short_path(path: Path, limit: int = 28) -> str:
    """A path for a row on a small screen: whole when short, else its last two folders after "…"."""
    text = str(path)
    return text if len(text) <= limit else "…/" + "/".join(path.parts[-2:])


def since_for(period: str, today: dt.date) -> dt.date | None:
    """The first day of a period the page offers: everything, this month, this year."""
    if period == "month":
        return today.replace(day=1)
    if period == "year":
        return today.replace(month=1, day=1)
    return None


def run_export(database: engine.Database, kind: str, fmt: str, since: dt.date | None, place: media.Medium, now: dt.datetime,
               progress: tasks.Progress) -> Exported:
    """Write one export into ``place`` (off the GUI thread) and flush it to the medium."""
    progress(0, 1)
    if not place.removable:  # the kiosk's own exports folder (a stick's folder that is gone is refused)
        place.path.mkdir(parents=True, exist_ok=True)
    out = place.path / media.file_name(kind, fmt, now)
    result = export.export(database, kind, out, since=since)
    media.flush(out)
    progress(1, 1)
    return Exported(result, place.removable)


class ExportPage(common.Page):
    """Choose what, which period and the format, tap a place (data folder or USB stick), then Export."""

    mounts: Path = media.MOUNTS
    roots: tuple[Path, ...] = media.ROOTS

    def __init__(self, services: Services, metrics: theme.Metrics, runner: tasks.TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.runner = runner
        self.busy = False
        self.places: list[media.Medium] = []
        self.place: Path | None = None
        self.what = common.Segmented([(kind, "") for kind in export.KINDS], "visits")
        self.period = common.Segmented([("all", ""), ("month", ""), ("year", "")], "all")
        self.format = common.Segmented([("xlsx", ""), ("csv", "")], "xlsx")
        self.captions = {key: theme.label("", "FieldLabel") for key in ("what", "period", "format", "place")}
        self.place_rows = QVBoxLayout()
        self.place_rows.setSpacing(m.row_gap)
        self.look = theme.button("", on_click=self.refresh)
        self.go = theme.button("", "Primary", on_click=self.on_export_clicked)
        self.hint = theme.label("", "Hint")
        box = self.frame()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.look)
        box.addLayout(head)
        box.addWidget(self.banner)
        body = common.scroll_column(m.gap, self.captions["what"], self.what, self.captions["period"], self.period,
                                    self.captions["format"], self.format, self.captions["place"], self.place_rows,
                                    self.hint, spacing=6 if m.compact else 10)
        box.addWidget(body, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.go, 2)
        box.addLayout(row)
        self.retranslate()

    @property
    def data_folder(self) -> Path:
        return Path(self.services.data_dir) / "exports"

    def retranslate(self) -> None:
        self.title.setText(self.tr("Export"))
        self.captions["what"].setText(self.tr("What"))
        self.captions["period"].setText(self.tr("Period"))
        self.captions["format"].setText(self.tr("Format"))
        self.captions["place"].setText(self.tr("Save to"))
        self.what.set_texts({"cards": self.tr("Cards"), "visits": self.tr("Visits"),
                             "customers": self.tr("Customers"), "complaints": self.tr("Complaints")})
        self.period.set_texts({"all": self.tr("Everything"), "month": self.tr("This month"),
                               "year": self.tr("This year")})
        self.format.set_texts({"xlsx": self.tr("Spreadsheet (.xlsx)"), "csv": self.tr("CSV")})
        self.look.setText(self.tr("Look for USB sticks"))
        self.go.setText(self.tr("Export"))
        self.hint.setText(self.tr("Plug in a USB stick and tap “Look for USB sticks”. Customers' details "
                                  "are personal data: keep the file safe."))
        self.show_places()

    def refresh(self) -> None:
        """List the data folder and the USB sticks mounted now; keep the chosen place if it is still there."""
        self.places = media.destinations(self.data_folder, self.mounts, self.roots)
        if self.place not in [p.path for p in self.places]:
            self.place = self.places[0].path
        self.show_places()

    def show_places(self) -> None:
        common.clear_layout(self.place_rows)
        for place in self.places:
            free = f"{place.free_bytes / 1e9:.1f}".replace(".", ",") if place.free_bytes else "?"
            text = ((self.tr("USB stick %1").replace("%1", place.label) if place.removable
                     else self.tr("This kiosk's data folder"))
                    + "\n" + short_path(place.path) + " · " + self.tr("%1 GB free").replace("%1", free))
            row = common.row_button(text, checkable=True, on_click=functools.partial(self.pick, place.path))
            row.setChecked(place.path == self.place)
            self.place_rows.addWidget(row)
        self.go.setEnabled(self.place is not None and not self.busy)

    def pick(self, path: Path) -> None:
        self.place = path
        self.show_places()

    def on_export_clicked(self) -> None:
        chosen = [p for p in self.places if p.path == self.place]
        if not chosen or self.busy:
            return
        place, kind, fmt = chosen[0], self.what.current(), self.format.current()
        since = since_for(self.period.current(), self.services.today())
        database, now = self.services.database, self.services.local()  # the file's name: the shop's time
        self.busy = True
        self.go.setEnabled(False)
        self.banner.show_message(self.tr("Exporting…"), "busy")
        self.runner.run(lambda progress: run_export(database, kind, fmt, since, place, now, progress),
                        self.on_export_done, self.on_export_failed)

    def on_export_done(self, done: Exported) -> None:
        self.busy = False
        result = done.result
        journal.owner_act("export", station=self.services.station, table=result.kind, rows=result.rows,
                          format=result.format, removable="yes" if done.removable else "")
        text = (self.tr("Saved %1 rows to %2").replace("%1", f"{result.rows:,}".replace(",", " "))
                .replace("%2", str(result.path)))
        if done.removable:
            text += "\n" + self.tr("You can take the USB stick out now.")
        self.banner.show_message(text)
        self.refresh()

    def on_export_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.refresh()
        if isinstance(exc, OSError):
            self.banner.show_message(self.tr("The file could not be written there: %1")
                                     .replace("%1", exc.strerror or str(exc)), "error")
        else:
            self.banner.show_error(exc)
