"""Camera sources: a device, a video file or a folder of images, read on a thread of their own.

* :func:`open_source` ``(spec) -> FrameSource``: ``0`` or ``"0"`` is a camera
  device index, a folder is a folder of images played in name order (demos,
  tests), any other path is a video file (or a single image) read by OpenCV.
* :class:`LatestFrameReader` reads a source on a daemon thread and keeps only
  the newest frame: :meth:`~LatestFrameReader.latest` returns a frame newer
  than the one the consumer had, or None; stale frames are dropped, never
  queued. A source that fails (unplugged camera, a file that cannot be opened)
  is reported once through ``on_status(CameraEvent.LOST, detail)``, retried
  every ``retry_seconds``, and when it gives a frame again reported once with
  ``CameraEvent.BACK`` and used without a restart. A device that opens but
  gives no frames stays one outage, not a LOST/BACK pair per retry.
* OpenCV's own log lines ("can't open camera by index", every retry) are
  turned off when this module is imported (:func:`quiet_opencv`): the reader
  reports an outage once, through ``on_status``, and nothing reaches stderr.

Kiosk hook (in the worker's loop, on its QThread)::

    reader = camera.LatestFrameReader(camera.open_source(spec), on_status=self.on_camera_status)
    reader.start()
    while not self.stopping:
        frame = reader.latest(wait=0.1)
        if frame is not None:
            for code in debouncer.seen(decode.read_payloads(frame.image)):
                self.code_scanned.emit(code)
    reader.stop()   # joins the thread, which releases the camera

``on_status`` is called on the reader's thread; in Qt, emit a signal from it.
"""

from __future__ import annotations

import enum
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

os.environ.setdefault("OPENCV_LOG_LEVEL", "SILENT")  # read when cv2 loads (if nothing loaded it before)
from cards import imagesize  # noqa: E402 - sets OpenCV's pixel limit before cv2 is imported
import cv2  # noqa: E402
import numpy as np  # noqa: E402

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm")


def quiet_opencv() -> None:
    """Silence OpenCV's own logging (its V4L2 and FFmpeg back ends write warnings to stderr).

    Called at import; safe to call again. ``OPENCV_LOG_LEVEL`` set in the
    environment before start (e.g. ``INFO`` to debug a camera) wins.
    """
    wanted = os.environ.get("OPENCV_LOG_LEVEL", "SILENT").upper()
    levels = {"SILENT": 0, "FATAL": 1, "ERROR": 2, "WARNING": 3, "WARN": 3, "INFO": 4, "DEBUG": 5, "VERBOSE": 6}
    try:
        cv2.utils.logging.setLogLevel(levels.get(wanted, 0))
    except AttributeError:  # an OpenCV build without cv2.utils.logging
        pass


quiet_opencv()


class CameraError(Exception):
    """A frame source cannot be opened or has failed."""


class CameraEvent(enum.Enum):
    """What ``on_status`` reports; each is reported once per change."""

    LOST = "camera lost"
    BACK = "camera back"


class FrameSource(Protocol):
    """Anything that yields frames: ``open()``, then ``read()`` until it fails, then ``close()``."""

    description: str

    def open(self) -> None:
        """Open the source; raise :class:`CameraError` when it is not available."""

    def read(self) -> np.ndarray | None:
        """Return the next frame (BGR or gray uint8), or None when the source failed or ended."""

    def close(self) -> None:
        """Release the source (safe to call twice)."""


class CaptureSource:
    """A camera device index or a video file, through ``cv2.VideoCapture``.

    A video file that ends is played again from the start when ``loop`` is True
    (the default for files); otherwise its end reads as a failure.
    """

    def __init__(self, target: int | str, loop: bool | None = None,
                 size: tuple[int, int] | None = None) -> None:
        self.target = target
        self.loop = (not isinstance(target, int)) if loop is None else loop
        self.size = size
        self.description = f"camera {target}" if isinstance(target, int) else f"video {target}"
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        cap = cv2.VideoCapture(self.target)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"cannot open {self.description}")
        if self.size is not None and isinstance(self.target, int):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
        self._cap = cap

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        if not ok and self.loop:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        return frame if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class FolderSource:
    """The images of a folder in name order, at ``fps`` frames a second (None: as fast as read).

    Plays again from the first image when ``loop`` is True, else reads None at
    the end. A folder that is missing or holds no image fails to open. Images
    are re-read from disk each time, so a demo folder can be changed while it plays.
    """

    def __init__(self, folder: str | Path, fps: float | None = 10.0, loop: bool = True,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.folder = Path(folder)
        self.fps = fps
        self.loop = loop
        self.description = f"folder {self.folder}"
        self._sleep = sleep
        self._paths: list[Path] = []
        self._index = 0
        self._next_at = 0.0

    def open(self) -> None:
        if not self.folder.is_dir():
            raise CameraError(f"no such folder: {self.folder}")
        self._paths = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._paths:
            raise CameraError(f"no images in {self.folder}")
        self._index = 0
        self._next_at = time.monotonic()

    def read(self) -> np.ndarray | None:
        if not self._paths:
            return None
        if self._index >= len(self._paths):
            if not self.loop:
                return None
            self._index = 0
        if self.fps:
            delay = self._next_at - time.monotonic()
            if delay > 0:
                self._sleep(delay)
            self._next_at = max(self._next_at, time.monotonic() - 1.0) + 1.0 / self.fps
        path = self._paths[self._index]
        self._index += 1
        data = np.fromfile(str(path), np.uint8) if path.exists() else np.zeros(0, np.uint8)
        try:
            imagesize.check(data[:65536].tobytes())
        except imagesize.TooLarge:
            return np.zeros((2, 2, 3), np.uint8)  # over 50 megapixels: never decoded, shown as an empty frame
        frame = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
        return frame

    def close(self) -> None:
        self._paths = []


def open_source(spec: str | int | Path, *, fps: float | None = 10.0, loop: bool = True) -> FrameSource:
    """Make (not yet open) the source named by ``spec``: device index, folder, or video/image file.

    A path that does not exist yet is a folder when it has no suffix (a demo
    folder can be created later), else a video file. ``fps`` and ``loop``
    apply to folders (``loop`` also to video files).
    Opening happens on the reader's thread, so a missing camera is reported
    and retried there rather than raised here.
    """
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        return CaptureSource(int(spec))
    path = Path(spec)
    if path.is_dir() or (not path.exists() and not path.suffix):
        return FolderSource(path, fps=fps, loop=loop)
    return CaptureSource(str(path), loop=loop)


@dataclass(frozen=True)
class Frame:
    """One frame from a source: the image, its number since start, and when it was read."""

    image: np.ndarray = field(repr=False)
    index: int
    time: float


class LatestFrameReader:
    """Read a :class:`FrameSource` on a daemon thread, keeping only the newest frame.

    ``retry_seconds``: how long to wait before opening a failed source again.
    ``on_status(event, detail)``: called on the reader's thread when the source
    is lost (once, however many retries fail) and when it is back.
    ``clock``: the time stamped on frames (``time.monotonic``).
    """

    def __init__(self, source: FrameSource, retry_seconds: float = 3.0,
                 on_status: Callable[[CameraEvent, str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.source = source
        self.retry_seconds = retry_seconds
        self.on_status = on_status
        self._clock = clock
        self._stop = threading.Event()
        self._cond = threading.Condition()
        self._latest: Frame | None = None
        self._taken = -1
        self._count = 0
        self._dropped = 0
        self._lost = False
        self._thread: threading.Thread | None = None

    @property
    def dropped(self) -> int:
        """How many frames were replaced before anyone took them."""
        return self._dropped

    @property
    def lost(self) -> bool:
        """True while the source is unavailable."""
        return self._lost

    def start(self) -> LatestFrameReader:
        """Start the reader thread (once); returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"frames: {self.source.description}",
                                            daemon=True)
            self._thread.start()
        return self

    def latest(self, wait: float = 0.0) -> Frame | None:
        """The newest frame not yet taken, waiting up to ``wait`` seconds for one; else None."""
        with self._cond:
            if (self._latest is None or self._latest.index <= self._taken) and wait > 0:
                self._cond.wait_for(lambda: self._latest is not None and self._latest.index > self._taken
                                    or self._stop.is_set(), timeout=wait)
            frame = self._latest
            if frame is None or frame.index <= self._taken:
                return None
            self._taken = frame.index
            return frame

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and release the source (on the reader's thread); safe to call twice."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> LatestFrameReader:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the reader thread ---

    def _report(self, event: CameraEvent, detail: str) -> None:
        if self.on_status is not None:
            try:
                self.on_status(event, detail)
            except Exception:  # a broken callback must not kill the camera thread
                pass

    def _set_lost(self, detail: str) -> None:
        if not self._lost:
            self._lost = True
            self._report(CameraEvent.LOST, detail)

    def _run(self) -> None:
        opened = False
        try:
            while not self._stop.is_set():
                if not opened:
                    try:
                        self.source.open()
                        opened = True
                    except Exception as exc:  # any driver failure is "camera lost", never a crash
                        self._set_lost(str(exc) or type(exc).__name__)
                        self._stop.wait(self.retry_seconds)
                        continue
                try:
                    image = self.source.read()
                except Exception as exc:
                    image = None
                    detail = str(exc) or type(exc).__name__
                else:
                    detail = f"{self.source.description} stopped giving frames"
                if image is None:
                    self._close_quietly()
                    opened = False
                    self._set_lost(detail)
                    self._stop.wait(self.retry_seconds)
                    continue
                if self._lost:  # back only once it gives frames again, not merely opens
                    self._lost = False
                    self._report(CameraEvent.BACK, self.source.description)
                with self._cond:
                    if self._latest is not None and self._latest.index > self._taken:
                        self._dropped += 1
                    self._latest = Frame(image, self._count, self._clock())
                    self._count += 1
                    self._cond.notify_all()
        finally:
            self._close_quietly()

    def _close_quietly(self) -> None:
        try:
            self.source.close()
        except Exception:
            pass
