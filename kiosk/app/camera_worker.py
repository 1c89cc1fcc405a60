"""The camera loop, off the GUI thread: frames in, preview images and scanned codes out.

``CameraWorker`` is a ``QObject`` moved onto a ``QThread`` (the pattern of
pyside-setup's threadedqopenglwidget example): its ``run`` slot blocks the
thread's event loop, so it is stopped with a flag checked on every frame. The
frames come from ``cards.camera.LatestFrameReader`` (latest frame wins, a lost
camera is retried and picked up again without a restart); every new frame is
decoded with ``cards.decode.read_payloads`` and de-duplicated by
``cards.debounce.Debouncer``. Only small values cross to the GUI thread:
``code_scanned(str)``, ``camera_failed(str)``, ``camera_restored()`` and a
downscaled, copied ``preview_ready(QImage)`` at ``preview_fps`` at most.

``process_frame`` is the per-frame work as a plain method, testable without a thread.
OpenCV, NumPy and the decoders are imported on the camera thread when its source opens, never
at the kiosk's start (``tests/test_startup.py``): the idle screen paints first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from cards import debounce

if TYPE_CHECKING:  # OpenCV and NumPy load on the camera thread, when its first source opens (a fast start)
    import numpy as np

    from cards import camera

log = logging.getLogger(__name__)


class PacedSource:
    """Wrap a frame source so a video file plays at its own speed, not as fast as it decodes.

    Without this, a video played as the camera would keep a core busy decoding
    hundreds of frames a second that nobody looks at.
    """

    def __init__(self, source: Any, fps: float) -> None:
        self.source = source
        self.fps = fps
        self.description = source.description
        self._next = 0.0

    def open(self) -> None:
        self.source.open()
        self._next = time.monotonic()

    def read(self) -> np.ndarray | None:
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next, time.monotonic() - 0.5) + 1.0 / self.fps
        frame: np.ndarray | None = self.source.read()
        return frame

    def close(self) -> None:
        self.source.close()


def make_source(spec: Any) -> Any:
    """The frame source for ``--camera``: device index, folder of images, or a paced video file."""
    import cv2

    from cards import camera
    source = camera.open_source(spec, fps=25.0)
    if isinstance(source, camera.CaptureSource) and not isinstance(source.target, int):
        fps = 25.0
        try:
            cap = cv2.VideoCapture(str(source.target))
            fps = float(cap.get(cv2.CAP_PROP_FPS)) or 25.0
            cap.release()
        except Exception:  # a probe failure is not fatal: the reader will report the source
            pass
        return PacedSource(source, min(max(fps, 5.0), 60.0))
    return source


def to_qimage(frame: np.ndarray, max_width: int) -> QImage:
    """A downscaled RGB copy of a BGR/gray frame as a QImage that owns its pixels."""
    import cv2
    import numpy as np

    h, w = frame.shape[:2]
    if w > max_width:
        scale = max_width / w
        frame = cv2.resize(frame, (max_width, max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    if frame.ndim == 2:
        rgb = np.ascontiguousarray(frame)
        image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_Grayscale8)
    else:
        rgb = np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # the numpy buffer dies with this function


class CameraWorker(QObject):
    """Reads, previews and decodes camera frames on its own thread (see the module docstring)."""

    code_scanned = Signal(str)
    camera_failed = Signal(str)
    camera_restored = Signal()
    preview_ready = Signal(QImage)
    finished = Signal()

    def __init__(self, spec: Any, *, decoder: str | None = None, preview_width: int = 640,
                 preview_fps: float = 30.0, source_factory: Callable[[Any], Any] = make_source,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.spec = spec
        self.decoder = decoder or "auto"
        self.preview_width = preview_width
        self.preview_interval = 1.0 / preview_fps if preview_fps > 0 else 0.0
        self.source_factory = source_factory
        self.clock = clock
        self.debouncer = debounce.Debouncer(clock=clock, absent_seconds=1.0)
        self.preview_enabled = True
        self._stop = threading.Event()
        self._forget_lock = threading.Lock()
        self._forget_pending: list[str | None] = []
        self._status_pending: list[tuple[camera.CameraEvent, str]] = []
        self._last_preview = -1e9
        self.frames_seen = 0
        self.frames_decoded = 0

    def stop(self) -> None:
        """Ask the loop to end (thread-safe; checked on every frame)."""
        self._stop.set()

    def forget(self, code: str | None = None) -> None:
        """Let ``code`` (or every code) in view scan again (thread-safe: applied on the next frame)."""
        with self._forget_lock:
            self._forget_pending.append(code)

    def process_frame(self, image: np.ndarray, now: float | None = None) -> list[str]:
        """One frame: maybe emit a preview, decode, and emit the codes that are new scans."""
        from cards import decode

        t = self.clock() if now is None else now
        self.frames_seen += 1
        if self.preview_enabled and t - self._last_preview >= self.preview_interval * 0.7:
            self._last_preview = t
            self.preview_ready.emit(to_qimage(image, self.preview_width))
        try:
            texts = decode.read_payloads(image, engine=self.decoder, effort="auto")
        except decode.DecodeError as exc:
            log.warning("frame not decodable: %s", exc)
            texts = []
        self.frames_decoded += 1
        with self._forget_lock:
            pending, self._forget_pending = self._forget_pending, []
        for code in pending:
            self.debouncer.reset(code)
        scans = self.debouncer.seen(texts, now=t)
        for code in scans:
            self.code_scanned.emit(code)
        return scans

    def _on_status(self, event: camera.CameraEvent, detail: str) -> None:
        # WORKAROUND: called on the reader's plain Python thread; emitting Qt signals from a
        # thread Qt does not know has crashed PySide6, so only record it here and let the
        # loop (on the QThread) emit (the same finding as in kiosk/app/tasks.py).
        with self._forget_lock:
            self._status_pending.append((event, detail))

    def _emit_status(self) -> None:
        from cards import camera

        with self._forget_lock:
            pending, self._status_pending = self._status_pending, []
        for event, detail in pending:
            if event is camera.CameraEvent.LOST:
                log.warning("camera lost: %s", detail)
                self.camera_failed.emit(detail)
            else:
                log.info("camera back: %s", detail)
                self.camera_restored.emit()

    @Slot()
    def run(self) -> None:
        """The loop: runs until ``stop()``; releases the camera on this thread (OpenCV is first imported here)."""
        from cards import camera

        reader = None
        try:
            try:
                source = self.source_factory(self.spec)
            except Exception as exc:  # a bad --camera value is reported, never a crash
                self.camera_failed.emit(str(exc) or type(exc).__name__)
                return
            reader = camera.LatestFrameReader(source, retry_seconds=2.0, on_status=self._on_status)
            reader.start()
            while not self._stop.is_set():
                frame = reader.latest(wait=0.05)
                self._emit_status()
                if frame is not None:
                    self.process_frame(frame.image)
                elif reader.lost:
                    self.debouncer.seen([])
        except Exception:
            log.exception("camera loop failed")
            self.camera_failed.emit("camera loop failed")
        finally:
            if reader is not None:
                reader.stop()
            self.finished.emit()


class CameraController(QObject):
    """Owns the worker thread: start, stop (quit + wait), and passes the worker's signals on."""

    code_scanned = Signal(str)
    camera_failed = Signal(str)
    camera_restored = Signal()
    preview_ready = Signal(QImage)

    def __init__(self, spec: Any, *, decoder: str | None = None, parent: QObject | None = None,
                 source_factory: Callable[[Any], Any] = make_source) -> None:
        super().__init__(parent)
        self.spec = spec
        self.decoder = decoder
        self.source_factory = source_factory
        self.worker: CameraWorker | None = None
        self.camera_thread: QThread | None = None
        self.ok = False

    def start(self) -> None:
        if self.camera_thread is not None:
            return
        self.worker = CameraWorker(self.spec, decoder=self.decoder, source_factory=self.source_factory)
        self.camera_thread = QThread()
        self.camera_thread.setObjectName("camera")
        self.worker.moveToThread(self.camera_thread)
        self.camera_thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.camera_thread.quit)
        self.worker.code_scanned.connect(self.code_scanned)
        self.worker.camera_failed.connect(self.on_worker_failed)
        self.worker.camera_restored.connect(self.on_worker_restored)
        self.worker.preview_ready.connect(self.on_worker_preview)
        self.ok = False
        self.camera_thread.start()

    def on_worker_failed(self, detail: str) -> None:
        self.ok = False
        self.camera_failed.emit(detail)

    def on_worker_restored(self) -> None:
        self.ok = True
        self.camera_restored.emit()

    def on_worker_preview(self, image: QImage) -> None:
        if not self.ok:
            self.ok = True
            self.camera_restored.emit()
        self.preview_ready.emit(image)

    def forget(self, code: str | None = None) -> None:
        if self.worker is not None:
            self.worker.forget(code)

    def stop(self, timeout_ms: int = 5000) -> None:
        """Stop the loop, then ``quit()`` and ``wait()`` the thread (the camera is released on it)."""
        if self.camera_thread is None or self.worker is None:
            return
        self.worker.stop()
        self.camera_thread.quit()
        if not self.camera_thread.wait(timeout_ms):
            log.error("camera thread did not stop in %d ms", timeout_ms)
        self.worker.deleteLater()
        self.camera_thread = None
        self.worker = None
