"""The kiosk's one camera, hosted for the window: started, switched (the owner's Devices page) and stopped here.

``MainWindow`` wires these signals once, at start. A switch to another camera
makes a new ``CameraController`` (its own thread, ``kiosk.app.camera_worker``)
behind the same signals, so nothing has to be connected again:

* ``code_scanned(str)``: a code the camera read (de-duplicated by the worker);
* ``preview_ready(QImage)``: the live picture, downscaled;
* ``state_changed(str)``: ``starting``, ``ok``, ``lost`` (not working) or ``none`` (no camera).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.app.status import Shown
from kiosk.app.camera_worker import CameraController


class CameraHost(QObject):
    """Owns the camera in use (or none) and passes its signals on (see the module docstring)."""

    code_scanned = Signal(str)
    preview_ready = Signal(QImage)
    state_changed = Signal(str)

    def __init__(self, *, decoder: str | None = None, source_factory: Any = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.decoder = decoder
        self._options = {"source_factory": source_factory} if source_factory is not None else {}
        self.controller: CameraController | None = None
        self.state = Shown.NONE

    def use(self, spec: Any, *, start: bool = True) -> CameraController | None:
        """Use camera ``spec`` (a device index, a video file or a folder of frames) from now on; None: no camera.
        The camera in use before is stopped first (its thread ends, the device is released)."""
        self.stop()
        if spec is None:
            self._set_state(Shown.NONE)
            return None
        controller = CameraController(spec, decoder=self.decoder, parent=self, **self._options)
        controller.code_scanned.connect(self.code_scanned)
        controller.preview_ready.connect(self.preview_ready)
        controller.camera_failed.connect(lambda _detail: self._set_state(Shown.LOST))
        controller.camera_restored.connect(lambda: self._set_state(Shown.OK))
        self.controller = controller
        self._set_state(Shown.STARTING)
        if start:
            controller.start()
        return controller

    def start(self) -> None:
        """Start the camera chosen with ``use(spec, start=False)``."""
        if self.controller is not None:
            self.controller.start()

    def stop(self) -> None:
        """Stop the camera in use, if any (idempotent)."""
        controller, self.controller = self.controller, None
        if controller is not None:
            controller.stop()
            controller.deleteLater()

    def _set_state(self, state: Shown) -> None:
        self.state = state
        self.state_changed.emit(state)
