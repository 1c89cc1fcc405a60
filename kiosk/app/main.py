"""``stampcard kiosk``: build the QApplication, the Services and the MainWindow, then run.

The idle screen paints first: the camera thread (which loads OpenCV), the daily backups and
messages, the device watch and a chain station's sync start on the loop's turn after the first
paint (``AfterFirstPaint``); printing loads when something prints, the owner pages when the owner opens.

Honours ``--fullscreen`` (no window chrome), ``--size WxH``, ``--camera
0|VIDEO|FOLDER|none`` (default: camera device 0) and ``--decoder``. Logs go to
``<data_dir>/logs/kiosk.log``; an unexpected exception in a slot reaches the
window's error edge ("please ask staff", back to idle), never a traceback on screen.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import autostart, config
from kiosk.app.services import Services

log = logging.getLogger("kiosk")
FONTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
DEFAULT_SIZE = (1280, 800)


def setup_logging(data_dir: Path) -> Path:
    """Log to ``<data_dir>/logs/kiosk.log`` (rotated, 5 x 1 MB); also enable faulthandler there."""
    folder = data_dir / "logs"
    config.private_dir(folder)  # logs are private too: the folder 0700, the files 0600
    path = folder / "kiosk.log"
    for name in ("kiosk.log", "crash.log"):
        log_file = folder / name
        os.close(os.open(log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        os.chmod(log_file, 0o600)
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) and getattr(h, "baseFilename", "") == str(path)
               for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    global _crash_file
    if _crash_file is None:
        try:
            _crash_file = open(folder / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open
            faulthandler.enable(_crash_file)
        except OSError:
            _crash_file = None
    return path


_crash_file: Any = None


def close_logging() -> None:
    """Undo ``setup_logging`` (the kiosk is stopping; tests start it more than once)."""
    global _crash_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None


def load_fonts(app: QApplication) -> None:
    """DejaVu Sans (Latin, Czech and Cyrillic glyphs) from ``assets/fonts``."""
    for path in sorted(FONTS_DIR.glob("DejaVuSans*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    app.setFont(QFont("DejaVu Sans"))


def camera_spec(value: str | None) -> Any:
    """``--camera``: None means device 0; ``none``/``off`` means no camera."""
    if value is None:
        return "0"
    if value.strip().lower() in ("none", "off", "no", ""):
        return None
    return value


def parse_size(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        w, h = value.lower().split("x")
        return max(320, int(w)), max(240, int(h))
    except ValueError:
        log.warning("ignoring --size %r (expected WxH, e.g. 800x480)", value)
        return None


def build(args: Any, ctx: Any, app: QApplication | None = None) -> tuple[QApplication, Any]:
    """Make (or reuse) the QApplication and make the window; nothing is shown yet."""
    from kiosk.app.window import MainWindow

    existing = QApplication.instance()
    app = app or (existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1]))
    app.setApplicationName("stampcard")
    load_fonts(app)
    database = ctx.open_db()
    devices = config.load_station_devices(database, ctx.station)  # the Devices page's choices; env overrides
    services = Services(database, station=ctx.station, data_dir=Path(ctx.data_dir),
                        decoder=getattr(args, "decoder", None),
                        camera_spec=camera_spec(getattr(args, "camera", None) or devices.camera),
                        sound=devices.sound, devices=devices,
                        cashier_pin=bool(getattr(args, "cashier_pin", False))
                        or os.environ.get("STAMPCARD_CASHIER_PIN", "") in ("1", "yes", "on"))
    window = MainWindow(services, start_later=True)  # the camera and the background checks: after the first paint
    return app, window


FIRST_PAINT_LATEST_MS = 3_000  # a window that is never painted (never exposed) starts its camera all the same


class AfterFirstPaint(QObject):
    """Call ``then`` once, on the event loop's next turn after ``widget`` is first painted (or after
    ``FIRST_PAINT_LATEST_MS`` at the latest). The kiosk's idle screen paints before the camera thread
    loads OpenCV and before the backups, device watch and chain sync start."""

    def __init__(self, widget: QObject, then: Callable[[], None], latest_ms: int = FIRST_PAINT_LATEST_MS) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then = then
        self.done = False
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        if not self.done:
            self.done = True
            self.widget.removeEventFilter(self)
            self.then()


def cover_screen(window: Any) -> None:
    """Give ``window`` exactly its screen's geometry (with or without a window manager)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None and window.geometry() != screen.geometry():
        window.setGeometry(screen.geometry())


def show(window: Any, args: Any) -> None:
    """Show the window: fullscreen without chrome, or at ``--size`` (default 1280x800, at most the screen)."""
    if getattr(args, "fullscreen", False):
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        cover_screen(window)
        window.showFullScreen()
        # WORKAROUND: an X server with no window manager (a kiosk booting straight into X) leaves the
        # fullscreen request unanswered and the window at its size hint in a corner; so the window
        # also takes the screen's geometry itself, now and whenever the screen changes.
        QTimer.singleShot(0, lambda: cover_screen(window))
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            screen.geometryChanged.connect(lambda _rect: cover_screen(window))
    else:
        w, h = parse_size(getattr(args, "size", None)) or default_size(window)
        window.resize(w, h)
        window.show()


def default_size(window: Any) -> tuple[int, int]:
    """1280x800, or less where the screen has less room (a 1024x600 panel): never wider or taller than it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_SIZE
    room = screen.availableGeometry().size()
    if room.width() <= 0 or room.height() <= 0:
        return DEFAULT_SIZE
    return min(DEFAULT_SIZE[0], room.width()), min(DEFAULT_SIZE[1], room.height())


def run(args: Any, ctx: Any, on_ready: Callable[[Any], None] | None = None) -> int:
    """The ``stampcard kiosk`` command; returns the exit code."""
    setup_logging(Path(ctx.data_dir))
    app, window = build(args, ctx)
    previous_hook = sys.excepthook

    def on_exception(exc_type: type, exc: BaseException, tb: Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app.quit()
            return
        window.handle_exception(exc_type, exc, tb)

    sys.excepthook = on_exception
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    wake = QTimer()  # let Python run its signal handlers while Qt's loop runs
    wake.timeout.connect(lambda: None)
    wake.start(250)
    AfterFirstPaint(window, window.start_background)
    show(window, args)
    # A counter's screen must not blank; only full screen, so a developer's desktop keeps its settings.
    awake, inhibitor = autostart.keep_screen_awake() if getattr(args, "fullscreen", False) else ("", None)
    if awake:
        log.info("screen kept on: %s", awake)
    log.info("kiosk started: station %s, camera %s", ctx.station, window.services.camera_spec)
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(window))
    try:
        code = app.exec()
    finally:
        window.shutdown()
        autostart.release(inhibitor)
        sys.excepthook = previous_hook
        wake.stop()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        log.info("kiosk stopped")
        close_logging()
    return int(code)
