"""Run slow work (a batch PDF, a backup) off the GUI thread and report back on it.

``TaskRunner.run(fn, on_done, on_error, on_progress)`` calls ``fn(progress)`` on a
pool thread. ``progress(done, total)`` may be called from any thread as often as the
work likes (it only stores the latest numbers, which a GUI timer shows); it is
thread-safe, and it is where cancellation happens: after
``Task.cancel()`` the next call raises ``Cancelled``, so the work unwinds (and a
database transaction inside it rolls back). The three callbacks always run on
the thread that owns the runner (the GUI thread), because they are reached
through queued signals, never called directly from the worker.

``TaskRunner(threaded=False)`` runs the work at once, in the caller's thread, with
the same callbacks: tests and scripts use it to drive a page step by step.
The shape follows Orange3's ``ConcurrentMixin`` and Anki's ``QueryOp``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
PROGRESS_INTERVAL_MS = 40


class Cancelled(Exception):
    """Raised inside the work by ``progress()`` once the task was cancelled."""


class Task:
    """A handle on one piece of submitted work."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._finished = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next ``progress()`` call."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def progress(self, done: int, total: int) -> None:
        """Overridden per task; raises ``Cancelled`` once ``cancel()`` was called."""
        if self._cancelled.is_set():
            raise Cancelled("cancelled")


class _Relay(QObject):
    """Lives on the runner's thread; the pool thread emits its signals (queued).

    Progress does not travel as a signal: ``progress()`` only stores the latest
    (done, total) under a lock, and a timer on the GUI thread shows it. So any
    thread may report progress, reports never pile up in the event queue, and
    the latest one wins.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                 on_progress: Callable[[int, int], None] | None, parent: QObject) -> None:
        super().__init__(parent)
        self.task = task
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self._lock = threading.Lock()
        self._latest: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_INTERVAL_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.succeeded.connect(self.on_worker_succeeded)
        self.failed.connect(self.on_worker_failed)

    def report(self, done: int, total: int) -> None:
        """Called by the work, on any thread."""
        with self._lock:
            self._latest = (int(done), int(total))

    def start_polling(self) -> None:
        self._timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        with self._lock:
            latest, self._latest = self._latest, None
        if latest is not None and self._on_progress is not None:
            self._on_progress(*latest)

    @Slot(object)
    def on_worker_succeeded(self, result: object) -> None:
        self._finish()
        self._on_done(result)

    @Slot(object)
    def on_worker_failed(self, error: object) -> None:
        self._finish()
        assert isinstance(error, BaseException)
        self._on_error(error)

    def _finish(self) -> None:
        self._timer.stop()
        if not self.task.cancelled:
            self.on_timer_timeout()  # the last report before the result
        self.task._finished.set()
        runner = self.parent()
        if isinstance(runner, TaskRunner):
            runner._forget(self)
        self.deleteLater()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._relay = fn, relay

    def run(self) -> None:  # on a pool thread
        relay = self._relay
        try:
            result = self._fn(relay.task.progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(exc, Cancelled):
                log.debug("background task failed", exc_info=True)
            self._report(relay.failed, exc)
        else:
            self._report(relay.succeeded, result)

    @staticmethod
    def _report(signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the screen that asked was closed meanwhile: nobody to tell
            log.info("background task finished after its screen was closed")


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None, *, threaded: bool = True,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.threaded = threaded
        self._pool = pool or QThreadPool.globalInstance()
        self._relays: list[_Relay] = []

    def run(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None],
            on_progress: Callable[[int, int], None] | None = None) -> Task:
        """Start ``fn(progress)``; later call ``on_done(result)`` or ``on_error(exc)``.

        ``on_progress(done, total)`` gets the work's progress reports. A
        cancelled task ends with ``on_error(Cancelled)``.
        """
        task = Task()
        relay = _Relay(task, on_done, on_error, on_progress, self)

        def progress(done: int, total: int) -> None:
            if task.cancelled:
                raise Cancelled("cancelled")
            if self.threaded:
                relay.report(done, total)
            elif on_progress is not None:
                on_progress(int(done), int(total))

        task.progress = progress  # type: ignore[method-assign]
        if not self.threaded:
            try:
                result = fn(progress)
            except Exception as exc:  # noqa: BLE001
                relay.on_worker_failed(exc)
            else:
                relay.on_worker_succeeded(result)
            return task
        self._relays.append(relay)
        relay.start_polling()
        self._pool.start(_Job(fn, relay))
        return task

    @property
    def busy(self) -> bool:
        """True while some submitted work has not reported back yet."""
        return bool(self._relays)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for relay in self._relays:
            relay.task.cancel()

    def _forget(self, relay: _Relay) -> None:
        if relay in self._relays:
            self._relays.remove(relay)
