"""Frame sources and the latest-frame reader: order, dropping stale frames, reconnecting."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from cards import camera
from cards.camera import CameraEvent


def _image(value: int) -> np.ndarray:
    return np.full((24, 32, 3), value, np.uint8)


def _write_folder(folder: Path, values: list[int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, v in enumerate(values):
        cv2.imwrite(str(folder / f"{i:03d}.png"), _image(v))


def _wait_for(predicate: Any, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return False


class FlakySource:
    """A fake camera: each step of ``script`` is 'fail' (open fails) or a number of frames to give."""

    description = "fake camera"

    def __init__(self, script: list[str | int]) -> None:
        self.script = list(script)
        self.frames_left = 0
        self.value = 0
        self.opened_on: set[str] = set()
        self.closed_on: set[str] = set()

    def open(self) -> None:
        step = self.script.pop(0) if self.script else "fail"
        if step == "fail":
            raise camera.CameraError("no such device")
        self.frames_left = int(step)
        self.opened_on.add(threading.current_thread().name)

    def read(self) -> np.ndarray | None:
        if self.frames_left <= 0:
            return None
        self.frames_left -= 1
        self.value += 1
        time.sleep(0.001)
        return _image(self.value % 256)

    def close(self) -> None:
        self.closed_on.add(threading.current_thread().name)


def test_folder_plays_in_order_then_ends(tmp_path: Path) -> None:
    _write_folder(tmp_path / "f", [10, 20, 30])
    (tmp_path / "f" / "notes.txt").write_text("not an image")
    source = camera.FolderSource(tmp_path / "f", fps=None, loop=False)
    source.open()
    got = [source.read() for _ in range(4)]
    assert [int(g[0, 0, 0]) for g in got[:3] if g is not None] == [10, 20, 30]
    assert got[3] is None
    source.close()


def _frame(source: camera.FrameSource) -> np.ndarray:
    frame = source.read()
    assert frame is not None
    return frame


def test_folder_loops_and_paces(tmp_path: Path) -> None:
    _write_folder(tmp_path / "f", [1, 2])
    source = camera.FolderSource(tmp_path / "f", fps=100, loop=True)
    source.open()
    start = time.monotonic()
    assert [int(_frame(source)[0, 0, 0]) for _ in range(5)] == [1, 2, 1, 2, 1]
    assert time.monotonic() - start >= 0.035


def test_missing_or_empty_folder_fails_to_open(tmp_path: Path) -> None:
    with pytest.raises(camera.CameraError):
        camera.FolderSource(tmp_path / "nope").open()
    (tmp_path / "empty").mkdir()
    with pytest.raises(camera.CameraError):
        camera.FolderSource(tmp_path / "empty").open()


def test_open_source_kinds(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    assert isinstance(camera.open_source(0), camera.CaptureSource)
    one = camera.open_source("1")
    assert isinstance(one, camera.CaptureSource) and one.target == 1
    assert isinstance(camera.open_source(tmp_path / "d"), camera.FolderSource)
    video = camera.open_source(str(tmp_path / "clip.avi"))
    assert isinstance(video, camera.CaptureSource) and video.target == str(tmp_path / "clip.avi")
    with pytest.raises(camera.CameraError):
        video.open()


def test_video_file_source(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (32, 24))
    if not writer.isOpened():
        pytest.skip("no MJPG writer in this OpenCV build")
    for v in (0, 100, 200):
        writer.write(_image(v))
    writer.release()
    source = camera.CaptureSource(str(path), loop=True)
    source.open()
    means = [int(_frame(source).mean()) for _ in range(4)]
    source.close()
    assert means[:3] == pytest.approx([0, 100, 200], abs=8)
    assert means[3] == pytest.approx(0, abs=8)  # looped


def test_latest_frame_wins_and_is_never_given_twice() -> None:
    source = FlakySource([100000])
    with camera.LatestFrameReader(source) as reader:
        seen = []
        for _ in range(5):
            frame = reader.latest(wait=1.0)
            assert frame is not None
            seen.append(frame.index)
            time.sleep(0.02)  # a slow consumer: the reader keeps going
        assert seen == sorted(set(seen))
        assert seen[-1] - seen[0] > 4
        assert reader.dropped > 0
    assert source.closed_on  # stop() released it


def test_latest_returns_none_when_nothing_new() -> None:
    source = FlakySource([1])
    reader = camera.LatestFrameReader(source, retry_seconds=10).start()
    try:
        assert reader.latest(wait=2.0) is not None
        assert reader.latest(wait=0.05) is None
    finally:
        reader.stop()


def test_camera_lost_and_back_are_reported_once_each() -> None:
    events: list[tuple[CameraEvent, str]] = []
    # fails twice, gives 5 frames, disappears, fails three times, comes back for good
    source = FlakySource(["fail", "fail", 5, "fail", "fail", "fail", 100000])
    reader = camera.LatestFrameReader(source, retry_seconds=0.01, on_status=lambda e, d: events.append((e, d)))
    reader.start()
    try:
        assert _wait_for(lambda: len(events) >= 4 and not reader.lost)
        assert [e for e, _ in events] == [CameraEvent.LOST, CameraEvent.BACK, CameraEvent.LOST, CameraEvent.BACK]
        assert "no such device" in events[0][1]
        assert reader.latest(wait=1.0) is not None
    finally:
        reader.stop()
    assert source.opened_on == source.closed_on  # opened and released on the reader's thread
    assert threading.current_thread().name not in source.opened_on


def test_folder_camera_that_appears_later_is_used_without_restart(tmp_path: Path) -> None:
    events: list[CameraEvent] = []
    folder = tmp_path / "cam"
    reader = camera.LatestFrameReader(camera.open_source(folder, fps=None), retry_seconds=0.02,
                                      on_status=lambda e, d: events.append(e))
    reader.start()
    try:
        assert _wait_for(lambda: events == [CameraEvent.LOST])
        time.sleep(0.1)
        assert events == [CameraEvent.LOST]  # retried, but reported once
        assert reader.latest() is None
        _write_folder(folder, [42])
        frame = reader.latest(wait=3.0)
        assert frame is not None and int(frame.image[0, 0, 0]) == 42
        assert events == [CameraEvent.LOST, CameraEvent.BACK]
    finally:
        reader.stop()


def test_a_raising_source_or_callback_does_not_kill_the_thread() -> None:
    class Raising(FlakySource):
        def read(self) -> np.ndarray | None:
            if self.value == 2:
                self.value += 1
                raise OSError("USB reset")
            return super().read()

    def bad_callback(event: CameraEvent, detail: str) -> None:
        raise RuntimeError("bug in the GUI")

    source = Raising([10, 100000])
    reader = camera.LatestFrameReader(source, retry_seconds=0.01, on_status=bad_callback).start()
    try:
        assert _wait_for(lambda: (f := reader.latest()) is not None and f.index > 20)
    finally:
        reader.stop()


def test_a_device_that_opens_but_gives_no_frames_is_one_outage() -> None:
    """Open works, frames do not (a half-plugged webcam): one LOST, not a LOST/BACK pair per retry."""
    events: list[CameraEvent] = []
    source = FlakySource([0, 0, 0, 0, 0, 100000])
    reader = camera.LatestFrameReader(source, retry_seconds=0.01, on_status=lambda e, d: events.append(e))
    reader.start()
    try:
        assert _wait_for(lambda: (f := reader.latest()) is not None and f.index > 10)
    finally:
        reader.stop()
    assert events == [CameraEvent.LOST, CameraEvent.BACK]


def test_a_missing_camera_device_writes_nothing_to_stderr(tmp_path: Path) -> None:
    """OpenCV's own "can't open camera by index" lines are turned off; only our reader reports."""
    import subprocess
    import sys

    probe = ("from cards import camera\n"
             "import time\n"
             "events = []\n"
             "reader = camera.LatestFrameReader(camera.CaptureSource(97), retry_seconds=0.01,\n"
             "                                  on_status=lambda e, d: events.append(e))\n"
             "reader.start(); time.sleep(0.3); reader.stop()\n"
             "print(len(events))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={k: v for k, v in __import__("os").environ.items() if k != "OPENCV_LOG_LEVEL"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert done.stderr == ""
