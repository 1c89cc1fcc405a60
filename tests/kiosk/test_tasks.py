"""TaskRunner: work off the GUI thread, callbacks on it, progress, cancellation; and without threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from kiosk.app import tasks

pytestmark = pytest.mark.gui


def unexpected(value: object) -> None:
    """A callback that must not be called (the task's other outcome was expected)."""
    pytest.fail(f"unexpected callback with {value!r}")


def test_runs_off_the_gui_thread_and_calls_back_on_it(qtbot: QtBot, qapp: Any) -> None:
    runner = tasks.TaskRunner()
    progressed: list[tuple[int, int, bool]] = []
    seen: dict[str, object] = {"progress": progressed}

    def work(progress: Any) -> int:
        seen["worker"] = threading.current_thread()
        for i in range(1, 4):
            progress(i, 3)
        return 42

    def done(result: Any) -> None:
        seen["done"] = (result, QThread.currentThread() is qapp.thread())

    def on_progress(done_count: int, total: int) -> None:
        progressed.append((done_count, total, QThread.currentThread() is qapp.thread()))

    runner.run(work, done, unexpected, on_progress)
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    assert seen["worker"] is not threading.main_thread()
    assert seen["done"] == (42, True)
    assert all(on_gui for *_rest, on_gui in progressed)
    assert not runner.busy


def test_errors_come_back_as_exceptions(qtbot: QtBot) -> None:
    runner = tasks.TaskRunner()
    errors: list[BaseException] = []

    def work(progress: Any) -> None:
        raise OSError("disk full")

    runner.run(work, unexpected, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], OSError) and "disk full" in str(errors[0])


def test_cancel_stops_the_work_at_its_next_progress_call(qtbot: QtBot) -> None:
    runner = tasks.TaskRunner()
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []
    errors: list[BaseException] = []

    def work(progress: Any) -> str:
        started.set()
        release.wait(5)
        for i in range(100):
            progress(i, 100)
            steps.append(i)
        return "finished"

    task = runner.run(work, unexpected, errors.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], tasks.Cancelled)
    assert steps == [] and task.cancelled and task.finished


def test_without_threads_everything_happens_at_once() -> None:
    runner = tasks.TaskRunner(threaded=False)
    calls: list[object] = []
    def two_steps(progress: Any) -> str:
        progress(1, 2)
        progress(2, 2)
        return "ok"

    runner.run(two_steps, calls.append, unexpected, lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2), "ok"]
    runner.run(lambda progress: 1 / 0, unexpected, calls.append)
    assert isinstance(calls[-1], ZeroDivisionError)


def test_progress_is_safe_from_many_threads(qtbot: QtBot) -> None:
    runner = tasks.TaskRunner()
    counts: list[int] = []
    results: list[object] = []

    def work(progress: Any) -> str:
        threads = [threading.Thread(target=lambda: [progress(i, 50) for i in range(50)]) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return "ok"

    runner.run(work, results.append, unexpected, lambda d, t: counts.append(d))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == ["ok"]
    assert len(counts) <= 200 and all(0 <= c < 50 for c in counts)


def test_work_may_outlive_the_screen_that_started_it(qtbot: QtBot) -> None:
    runner = tasks.TaskRunner()
    release, finished = threading.Event(), threading.Event()

    def work(progress: Any) -> str:
        release.wait(5)
        progress(1, 1)
        finished.set()
        return "late"

    runner.run(work, unexpected, unexpected)
    runner.deleteLater()
    qtbot.wait(10)
    release.set()
    assert finished.wait(5)
    qtbot.wait(50)  # no callback, no crash
