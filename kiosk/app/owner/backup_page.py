"""Backup now (in the background, with progress) and restore a chosen backup (after a confirmation)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from cards import refusals
from db import backup, errors
from kiosk.app import journal, tasks, theme
from kiosk.app.owner import common
from kiosk.app.services import Services


def backups_folder(services: Services) -> Path:
    """Where this station keeps its backups (the daily ones and the owner's)."""
    return services.backups_dir


def make_backup(db_path: Path, folder: Path, now: dt.datetime, progress: tasks.Progress) -> Path:
    """Copy the live database to ``folder/manual-<time>.db`` (safe while the kiosk runs; a damaged one is refused)."""
    progress(0, 2)
    stem = f"manual-{now:%Y%m%d-%H%M%S}"  # now: the shop's wall time (Services.local)
    out = folder / f"{stem}.db"
    n = 0
    while out.exists():  # two backups in one second: none overwrites the other
        n += 1
        out = folder / f"{stem}-{n}.db"
    backup.backup(db_path, out)
    progress(1, 2)
    backup.check_file(out)
    progress(2, 2)
    return out


def list_backups(folder: Path) -> list[Path]:
    """Backup files in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.db") if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)


class BackupPage(common.Page):
    """Back up now; restore one of the backups found in the data folder."""

    def __init__(self, services: Services, metrics: theme.Metrics, runner: tasks.TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.runner = runner
        self.files: list[Path] = []
        self.chosen: Path | None = None
        self.hint = theme.label("", "Hint")
        self.backup_now = theme.button("", "Primary", on_click=self.on_backup_clicked)
        self.bar = QProgressBar()
        self.bar.hide()
        self.list_caption = theme.label("", "FieldLabel")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(m.row_gap)
        self.restore = theme.button("", "Danger", on_click=self.on_restore_clicked)
        box = self.frame()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.backup_now)
        box.addLayout(head)
        box.addWidget(self.hint)
        box.addWidget(self.bar)
        box.addWidget(self.banner)
        box.addWidget(self.list_caption)
        box.addWidget(common.scroll_column(m.gap, self.rows), 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore, 2)
        box.addLayout(row)
        self.retranslate()

    @property
    def db_path(self) -> Path | None:
        path: Path | None = self.services.database.sqlite_path
        return path

    def retranslate(self) -> None:
        self.title.setText(self.tr("Backup"))
        self.backup_now.setText(self.tr("Back up now"))
        self.list_caption.setText(self.tr("Backups on this kiosk (newest first)"))
        self.restore.setText(self.tr("Restore this backup"))
        if self.db_path is None:
            self.hint.setText(self.tr("This kiosk uses a shared database server; back it up on the server."))
        else:
            self.hint.setText(self.tr("Backups are saved in %1").replace("%1", str(backups_folder(self.services))))
        self.show_rows()

    def refresh(self) -> None:
        self.files = list_backups(backups_folder(self.services))
        if self.chosen not in self.files:
            self.chosen = None
        self.show_rows()

    def saved_at(self, path: Path) -> str:
        """When a backup file was written, as the shop's local day and time."""
        return common.local_time(dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc), self.services)

    def show_rows(self) -> None:
        common.clear_layout(self.rows)
        for path in self.files[:30]:
            when = self.saved_at(path)
            size = max(1, path.stat().st_size // 1024)
            row = common.row_button(f"{when} · {size} kB\n{path.name}", checkable=True,
                                on_click=functools.partial(self.pick, path))
            row.setChecked(path == self.chosen)
            self.rows.addWidget(row)
        if not self.files:
            self.rows.addWidget(theme.label(self.tr("No backups yet."), "Hint"))
        self.restore.setEnabled(self.chosen is not None and self.db_path is not None)
        self.backup_now.setEnabled(self.db_path is not None and not self.bar.isVisible())

    def pick(self, path: Path) -> None:
        self.chosen = path
        self.show_rows()

    def on_backup_clicked(self) -> None:
        db_path = self.db_path
        if db_path is None:
            return
        folder, now = backups_folder(self.services), self.services.local()
        self.bar.setRange(0, 2)
        self.bar.setValue(0)
        self.bar.show()
        self.backup_now.setEnabled(False)
        self.banner.show_message(self.tr("Backing up…"), "busy")
        self.runner.run(lambda progress: make_backup(db_path, folder, now, progress),
                        self.on_backup_done, self.on_backup_failed, self.on_backup_progress)

    def on_backup_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def on_backup_done(self, path: Path) -> None:
        self.bar.hide()
        self.refresh()
        journal.owner_act("backup", station=self.services.station, file=path.name)
        self.banner.show_message(self.tr("Backup saved to %1").replace("%1", str(path)))

    def on_backup_failed(self, exc: BaseException) -> None:
        self.bar.hide()
        self.refresh()
        self.banner.show_error(exc)

    def on_restore_clicked(self) -> None:
        path = self.chosen
        if path is None:
            return
        question = (self.tr("Restore the backup of %1? Everything since then is replaced; "
                            "the current data is saved first.")
                    .replace("%1", self.saved_at(path)))
        common.confirm(self, question, self.tr("Yes, restore"), lambda: self.restore_from(path))

    def restore_from(self, path: Path) -> None:
        db_path = self.db_path
        if db_path is None:
            return
        try:
            saved = backup.restore(db_path, path, keep_dir=backups_folder(self.services))
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        self.services.database.engine.dispose()  # no pooled connection keeps an old view
        journal.owner_act("restore", station=self.services.station, file=path.name,
                          kept=saved.name if saved is not None else "")
        self.services.signals.settings_changed.emit()
        self.refresh()
        message = self.tr("Restored. The data is now as it was in that backup.")
        if saved is not None:
            message += "\n" + self.tr("The previous data was kept in %1").replace("%1", saved.name)
        self.banner.show_message(message)
