"""The kiosk's one UI kit: the palette, the sizes, the stylesheets and the basic widgets.

Every screen, the customer's and the owner's, takes its colours, its metrics,
its labels, buttons and pictures from here; nothing else defines a colour or a
button. Large, calm, high contrast; sizes in millimetres:

* ``mm(x)`` turns millimetres into pixels through the screen's logical DPI, so a
  15 mm button is 15 mm on a 24" 1080p monitor and on a 7" 800x480 touch panel.
* ``Metrics`` is the one set of sizes of every screen, customer's and owner's, for a
  window size (compact below 700 px high or 1000 px wide, as on an 800x480 touch
  display), written in millimetres; ``touch_min`` is the smallest tap target, 9 mm on
  the panel a window of that size stands on (``touch_px``, ``PANELS``: X servers report
  96 dpi whatever the panel, so the panel is assumed from the size).
  ``stylesheet(compact)`` is the customer screens' stylesheet and
  ``owner_stylesheet(metrics)`` the owner screens'.
* ``label``, ``button``, ``restyle`` and ``Picture``: widgets pick their look by
  their ``role`` property (and keep it as their object name unless given one);
  ``reserve_space`` keeps a message's room on screen while it is empty, so that
  nothing moves under a finger when a message appears. ``FitLabel`` fits any text
  by wrapping and shrinking (an 80-character shop name); ``ElidedLabel`` cuts a line
  with "…" and keeps the whole text in its tooltip; ``Retranslating`` is the mixin
  that calls ``retranslate()`` on a language change.
* The composite widgets (``kiosk.app.widgets``) are built from these: the one
  overlay (``Overlay``), the one confirmation (``Question``), the one stepper
  (``Stepper``), the on-screen keyboard and the digit pad.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

MIN_BUTTON_MM = 15.0

# Calm, high-contrast palette (text on background ~ 14:1).
BACKGROUND = "#F6F3EC"
SURFACE = "#FFFFFF"
INK = "#1B2630"
MUTED = "#55636E"
ACCENT = "#1F6B57"        # deep green: the main action, filled stamps
ACCENT_DARK = "#154D3F"
ACCENT_SOFT = "#DCEDE6"
GOLD = "#C8962E"
DANGER = "#A8322D"
DANGER_SOFT = "#F7E1DF"
LINE = "#D5CFC2"
SLOT_EMPTY = "#E9E4D8"
WARN_SOFT = "#FBF1D9"


def dpi() -> float:
    """Logical dots per inch of the primary screen (96 when there is none yet)."""
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    value = screen.logicalDotsPerInch() if screen is not None else 96.0
    return value if value > 0 else 96.0


def mm(value: float) -> int:
    """``value`` millimetres in (logical) pixels, rounded up."""
    return int(value * dpi() / 25.4 + 0.999)


def color(name: str) -> QColor:
    """A palette entry as a QColor."""
    return QColor(name)


def is_compact(width: int, height: int) -> bool:
    """Small touch displays (800x480 and the like) get the compact type scale."""
    return height < 700 or width < 1000


MIN_TOUCH_MM = 9.0
# The panels a kiosk of a given window size runs on, smallest first: (up to width, up to height, diagonal
# inches). Counters use 7" panels at 800x480 and 1024x600, 10.1" at 1280x800, and monitors above that;
# the smallest common diagonal is assumed, so a target is at least as large on any bigger panel. The
# screen's own report is not used: X servers and the offscreen platform report 96 dpi on every panel.
PANELS = ((1024, 600, 7.0), (1280, 800, 10.1), (1920, 1200, 21.5), (1 << 30, 1 << 30, 27.0))


def panel_px_per_mm(width: int, height: int) -> float:
    """Physical pixels per millimetre of the panel that shows a ``width`` x ``height`` kiosk."""
    inches = next(d for w, h, d in PANELS if width <= w and height <= h)
    return math.hypot(max(width, 1), max(height, 1)) / (inches * 25.4)


def touch_px(width: int, height: int, millimetres: float = MIN_TOUCH_MM) -> int:
    """The pixels that make ``millimetres`` on the panel of a ``width`` x ``height`` kiosk (and at least
    ``mm(millimetres)``, for monitors with a true 96 dpi)."""
    return max(mm(millimetres), math.ceil(millimetres * panel_px_per_mm(width, height)) + 1)


class Metrics:
    """The one set of sizes of the kiosk's screens, customer's and owner's, for a window of ``height``
    (and ``width``) pixels: written in millimetres, turned into pixels by ``mm``; compact below 700 px
    high (or 1000 px wide), as on an 800x480 touch display. ``touch_min`` is the smallest tap target:
    ``MIN_TOUCH_MM`` on the panel the window runs on (``touch_px``)."""

    def __init__(self, height: int, width: int = 0) -> None:
        self.width, self.height = width or int(height * 1.6), height
        self.compact = is_compact(self.width, height)
        self.touch_min = touch_px(self.width, height)
        self.touch = max(self.touch_min, mm(20.5 if self.compact else 24))  # owner buttons: 78 / 92 px at 96 dpi
        self.rail_tab = max(self.touch_min, mm(13.5 if self.compact else 14.5))
        self.font = mm(5.0 if self.compact else 6.3)
        self.small = mm(4.2 if self.compact else 5.0)
        self.title = mm(6.8 if self.compact else 9.5)
        self.big = mm(9.0 if self.compact else 13.7)
        self.gap = mm(2.6 if self.compact else 5.3)
        self.margin = mm(3.1 if self.compact else 8.4)
        self.rail = mm(47.0 if self.compact else 79.3)
        self.button = mm(MIN_BUTTON_MM)
        # Paddings and spacings inside owner pages and overlays (the same at every size unless named so):
        self.hair = mm(0.5)  # between a caption and its field
        self.tight = mm(1.0)  # between the lines of a list that is read, not tapped; a tile's inner edge
        self.row_gap = mm(1.5)  # between the tappable rows of a list
        self.pad = mm(2.0)  # a small panel's inner edge; a picture's rounded corner
        self.radius = mm(3.1)  # a card-like row's rounded corner and side padding
        self.keyboard_pad = mm(1.5 if self.compact else 4.7)  # the on-screen keyboard's panel edge
        self.keyboard_gap = mm(1.5 if self.compact else 2.6)  # between its display and its keys
        self.digits_pad = mm(2.0 if self.compact else 5.8)  # the digit pad's panel edge
        self.digits_gap = mm(1.5 if self.compact else 3.1)
        self.preview = mm(47.6 if self.compact else 79.3)  # the camera preview's height
        self.chart_min = mm(39.6)  # the smallest height a chart stays readable at
        self.tile_number = mm(6.3)  # a report tile's number on a small screen
        self.rail_pad = mm(1.5 if self.compact else 3.7)  # the owner's tab rail: its edge
        self.rail_gap = mm(0.5 if self.compact else 1.5)  # and between its tabs
        self.choice_width = mm(111.0 if self.compact else 148.1)  # a page of a few big choices (languages)
        self.side_title = mm(74.0)  # the widest a title beside a display may grow (the digit pad, small screens)


def stylesheet(compact: bool = False) -> str:
    """The application stylesheet; type sizes in px derived from mm so they scale with DPI."""
    s = 0.72 if compact else 1.0
    m = Metrics(480, 800) if compact else Metrics(800, 1280)  # the smallest window of each size class

    def px(mm_value: float) -> int:
        return max(10, int(mm(mm_value) * s))

    button_h = m.button
    return f"""
    QWidget {{
        background: {BACKGROUND};
        color: {INK};
        font-family: "DejaVu Sans";
        font-size: {px(5.0)}px;
    }}
    QLabel {{ background: transparent; }}
    QLabel[role="hero"] {{ font-size: {px(15)}px; font-weight: bold; color: {INK}; }}
    QLabel[role="title"] {{ font-size: {px(9.5)}px; font-weight: bold; color: {INK}; }}
    QLabel[role="subtitle"] {{ font-size: {px(6.5)}px; color: {MUTED}; }}
    QLabel[role="big"] {{ font-size: {px(12)}px; font-weight: bold; color: {ACCENT_DARK}; }}
    QLabel[role="body"] {{ font-size: {px(5.5)}px; color: {INK}; }}
    QLabel[role="muted"] {{ font-size: {px(4.5)}px; color: {MUTED}; }}
    QLabel[role="notice"] {{
        font-size: {px(5.5)}px; color: {INK}; background: {ACCENT_SOFT};
        border-radius: {mm(2)}px; padding: {mm(2)}px {mm(4)}px;
    }}
    QLabel[role="error"] {{
        font-size: {px(5.5)}px; color: {DANGER}; background: {DANGER_SOFT};
        border-radius: {mm(2)}px; padding: {mm(2)}px {mm(4)}px;
    }}
    QLabel[role="badge"] {{
        font-size: {px(5)}px; font-weight: bold; color: {SURFACE}; background: {GOLD};
        border-radius: {mm(2.5)}px; padding: {mm(1)}px {mm(3.5)}px;
    }}
    QLabel[role="reward_hero"] {{ font-size: {px(19)}px; font-weight: bold; color: {GOLD}; }}
    QLabel[role="reference"] {{
        font-size: {px(13)}px; font-weight: bold; color: {ACCENT_DARK}; letter-spacing: 2px;
    }}
    QPushButton {{
        min-height: {button_h}px;
        padding: 0 {mm(2.5 if compact else 5)}px;
        border-radius: {mm(3)}px;
        border: 2px solid {LINE};
        background: {SURFACE};
        color: {INK};
        font-size: {px(5.5)}px;
        font-weight: bold;
    }}
    QPushButton:pressed {{ background: {SLOT_EMPTY}; }}
    QPushButton:disabled {{ color: #9AA3A9; border-color: #E3DED3; background: #F1EEE7; }}
    QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
    QPushButton[role="primary"]:pressed {{ background: {ACCENT_DARK}; }}
    QPushButton[role="primary"]:disabled {{ background: #9DBDB3; border-color: #9DBDB3; color: #F4F4F4; }}
    QPushButton[role="huge"] {{
        background: {ACCENT}; color: white; border-color: {ACCENT};
        font-size: {px(10)}px; min-height: {int(button_h * 1.6)}px; border-radius: {mm(4)}px;
    }}
    QPushButton[role="huge"]:pressed {{ background: {ACCENT_DARK}; }}
    QPushButton[role="reward"] {{
        background: {GOLD}; color: white; border-color: {GOLD};
        font-size: {px(8)}px; min-height: {int(button_h * 1.6)}px; border-radius: {mm(4)}px;
    }}
    QPushButton[role="tall"] {{
        background: {ACCENT}; color: white; border-color: {ACCENT};
        font-size: {px(8)}px; min-height: {int(button_h * 1.6)}px; border-radius: {mm(4)}px;
    }}
    QPushButton[role="danger"] {{ color: {DANGER}; border-color: {DANGER}; }}
    QPushButton[role="complaint"] {{
        background: {SURFACE}; color: {ACCENT_DARK}; border: 3px solid {ACCENT};
    }}
    QPushButton[role="quiet"] {{ border-color: transparent; background: transparent; color: {MUTED}; }}
    QPushButton[role="key"] {{
        min-height: {m.touch_min}px; padding: 0; font-size: {px(5.5)}px;
        border-radius: {mm(1.5)}px; min-width: {m.touch_min}px;
    }}
    QPushButton[role="pin"] {{ font-size: {px(8)}px; min-width: {mm(20)}px; }}
    QPushButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
    QLineEdit, QPlainTextEdit {{
        background: {SURFACE}; border: 2px solid {LINE}; border-radius: {mm(2)}px;
        padding: {mm(1 if compact else 1.5)}px {mm(2.5)}px; font-size: {px(6)}px;
        min-height: {mm(4 if compact else 10)}px;
        selection-background-color: {ACCENT};
    }}
    QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
    QFrame[role="card"] {{
        background: {SURFACE}; border: 1px solid {LINE}; border-radius: {mm(4)}px;
    }}
    QFrame[role="card"] QLabel {{ background: transparent; }}
    QFrame[role="overlay"] {{ background: rgba(27, 38, 48, 150); }}
    QFrame[role="dialog"] {{
        background: {SURFACE}; border: 2px solid {LINE}; border-radius: {mm(4)}px;
    }}
    QWidget#status_strip {{ background: {INK}; }}
    QWidget#status_strip QLabel {{ color: #E8E4DA; font-size: {px(3.6)}px; background: transparent; }}
    QScrollArea {{ border: none; }}
    """


def owner_stylesheet(m: Metrics) -> str:
    """The owner screens' stylesheet for the metrics ``m`` (same palette as the customer screens)."""
    return f"""
    QWidget#OwnerScreen, QWidget#OwnerPage, QScrollArea, QScrollArea > QWidget > QWidget {{
        background: {BACKGROUND}; }}
    QWidget {{ color: {INK}; font-size: {m.font}px; }}
    QLabel#PageTitle {{ font-size: {m.title}px; font-weight: 600; }}
    QLabel#Hint, QLabel#FieldLabel {{ color: {MUTED}; font-size: {m.small}px; }}
    QLabel#FieldLabel {{ font-weight: 600; }}
    QLabel#Big {{ font-size: {m.big}px; font-weight: 700; }}
    QFrame#Rail {{ background: {ACCENT_DARK}; }}
    QFrame#Rail QScrollArea, QWidget#RailTabs {{ background: transparent; }}
    QFrame#Rail QPushButton {{ background: transparent; color: #e8f1ed; border: none; border-radius: 12px;
        text-align: left; padding: 0 {m.gap}px; min-height: {m.rail_tab}px; font-size: {m.font}px; }}
    QFrame#Rail QPushButton:checked {{ background: {BACKGROUND}; color: {ACCENT_DARK}; font-weight: 700; }}
    QFrame#Rail QPushButton:pressed {{ background: #3a7d6b; }}
    QFrame#Rail QPushButton#Leave {{ background: #163a31; color: white; text-align: center; font-weight: 600; }}
    QFrame#Rail QPushButton#RailPage {{ background: #163a31; color: #e8f1ed; text-align: center;
        min-height: {m.rail_tab}px; padding: 0; }}
    QFrame#Rail QPushButton#RailPage:disabled {{ color: #4f6f66; }}
    QPushButton {{ background: {SURFACE}; border: 2px solid {LINE}; border-radius: 14px;
        min-height: {m.touch}px;
        padding: 0 {mm(2) if m.compact else m.gap + 8}px; font-size: {m.font}px; }}
    QPushButton:pressed {{ background: {ACCENT_SOFT}; }}
    QPushButton:checked {{ background: {ACCENT_SOFT}; border: 3px solid {ACCENT}; font-weight: 600; }}
    QPushButton:disabled {{ color: #a4abb1; background: #efede8; border-color: #e4e0d8; }}
    QPushButton#Primary {{ background: {ACCENT}; border-color: {ACCENT}; color: white; font-weight: 600; }}
    QPushButton#Primary:pressed {{ background: {ACCENT_DARK}; }}
    QPushButton#Primary:disabled {{ background: #9dbab1; border-color: #9dbab1; color: #eef3f1; }}
    QPushButton#Danger {{ background: {DANGER}; border-color: {DANGER}; color: white; font-weight: 600; }}
    QPushButton#Danger:disabled {{ background: #d9a5a5; border-color: #d9a5a5; color: #fbeeee; }}
    QPushButton#Field {{ text-align: left; background: {SURFACE}; border: 2px solid {LINE}; }}
    QPushButton#Segment {{ padding: 0 2px; font-size: {m.small if m.compact else m.font}px; }}
    QPushButton#Row {{ text-align: left; padding: 8px {m.gap + 6}px; }}
    QPushButton[role="key"] {{ min-height: 0; padding: 0 2px; border-radius: 10px; }}
    QPushButton[role="pin"] {{ min-height: 0; padding: 0; font-size: {m.font + 8}px; font-weight: 700; }}
    QPushButton[role="primary"] {{ background: {ACCENT}; border-color: {ACCENT}; color: white; font-weight: 600; }}
    QFrame#Panel {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 18px; }}
    QFrame#Tile {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 16px; }}
    QLabel#TileValue {{ font-size: {m.big}px; font-weight: 700; color: {ACCENT_DARK}; }}
    QLabel#TileLabel {{ color: {MUTED}; font-size: {m.small}px; }}
    QLabel#Banner {{ font-size: {m.small}px; }}
    QLabel#Banner[tone="info"] {{ background: {ACCENT_SOFT}; border-radius: 12px; padding: 4px 14px; }}
    QLabel#Banner[tone="error"] {{ background: {DANGER_SOFT}; color: #7d1f1f; border-radius: 12px;
        padding: 4px 14px; font-weight: 600; }}
    QLabel#Banner[tone="busy"] {{ background: {WARN_SOFT}; border-radius: 12px; padding: 4px 14px; }}
    QWidget#Backdrop {{ background: rgba(20, 28, 33, 150); }}
    QLabel#Display {{ background: {BACKGROUND}; border: 2px solid {ACCENT}; border-radius: 12px;
        padding: 0 14px; font-size: {m.font + 4}px; }}
    QProgressBar {{ border: 2px solid {LINE}; border-radius: 12px; background: {SURFACE}; text-align: center;
        min-height: {m.touch // 2}px; font-size: {m.small}px; }}
    QProgressBar::chunk {{ background: {ACCENT}; border-radius: 10px; }}
    QScrollBar:vertical {{ width: {m.gap + 8}px; background: transparent; }}
    QScrollBar::handle:vertical {{ background: #c4bdb0; border-radius: 6px; min-height: 40px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    """


# --- the basic widgets ---

class Retranslating:
    """Mixin for a widget whose texts follow the language: ``retranslate()`` runs on every language change
    (Qt's ``LanguageChange``, sent when a translator is installed). Put it before the Qt class:
    ``class IdleScreen(theme.Retranslating, QWidget)``; the widget sets its texts in ``retranslate``."""

    def retranslate(self) -> None:
        """Set every text again, in the language now installed."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def label(text: str = "", role: str = "", *, wrap: bool = True, align: Qt.AlignmentFlag | None = None,
          name: str = "") -> QLabel:
    """A label styled by ``role`` (customer screens: hero, title, subtitle, big, body, muted, notice,
    error, badge; owner screens: PageTitle, Hint, FieldLabel, Big, TileValue, TileLabel, Display)."""
    w = QLabel(text)
    if role:
        w.setProperty("role", role)
    if name or role:
        w.setObjectName(name or role)
    w.setWordWrap(wrap)
    if align is not None:
        w.setAlignment(align)
    return w


def button(text: str = "", role: str = "", *, name: str = "", on_click: Callable[[], object] | None = None,
           checkable: bool = False, parent: QWidget | None = None) -> QPushButton:
    """A touch button at least 15 mm tall, styled by ``role`` (customer screens: primary, huge,
    reward, tall, complaint, quiet, key, pin; owner screens: Primary, Danger, Field, Segment, Row)."""
    b = QPushButton(text, parent)
    if role:
        b.setProperty("role", role)
    if name or role:
        b.setObjectName(name or role)
    b.setMinimumHeight(mm(MIN_BUTTON_MM))
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    b.setAutoRepeat(False)
    b.setCheckable(checkable)
    if on_click is not None:
        b.clicked.connect(lambda _checked=False: on_click())
    return b


class FitLabel(QLabel):
    """A label that fits any text into the room it is given: it wraps, and shrinks its type (down to
    ``floor`` of the role's size) until every line fits, so that a long shop name is never cut at the
    top or bottom. It asks for ``lines`` lines of its role's type; ``drawn_font()`` is the font used."""

    def __init__(self, text: str = "", role: str = "", *, lines: int = 2, floor: float = 0.4,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                 name: str = "") -> None:
        super().__init__(text)
        if role:
            self.setProperty("role", role)
        if name or role:
            self.setObjectName(name or role)
        self.lines, self.floor = lines, floor
        self._fitted: tuple[object, QFont] | None = None  # (text, box, font) and the font that fits them
        self.setWordWrap(True)
        self.setAlignment(align)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _line(self, font: QFont) -> int:
        return QFontMetrics(font).lineSpacing()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override: never the text's own size
        self.ensurePolished()
        return QSize(mm(40), self._line(self.font()) * self.lines + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        small = QFont(self.font())
        small.setPixelSize(max(8, int(self._size(self.font()) * self.floor)))
        return QSize(mm(20), self._line(small) + 2)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return -1

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False

    @staticmethod
    def _size(font: QFont) -> int:
        return font.pixelSize() if font.pixelSize() > 0 else int(font.pointSizeF() * dpi() / 72)

    def drawn_font(self) -> QFont:
        """The largest font (the role's size at most) at which the whole text fits the label."""
        key = (self.text(), self.contentsRect().size().toTuple(), self.font().key())
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (key, self._fit())
        return QFont(self._fitted[1])

    def _fit(self) -> QFont:
        font = QFont(self.font())
        rect = self.contentsRect()
        flags = int(self.alignment().value) | int(Qt.TextFlag.TextWordWrap.value)
        base = self._size(font)
        size = base
        while size > max(8, int(base * self.floor)):
            font.setPixelSize(size)
            need = QFontMetrics(font).boundingRect(rect, flags, self.text())
            if need.width() <= rect.width() and need.height() <= rect.height():
                break
            size -= 1
        font.setPixelSize(size)
        return font

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setFont(self.drawn_font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment().value) | int(Qt.TextFlag.TextWordWrap.value),
                         self.text())
        painter.end()


class ElidedLabel(QLabel):
    """One line that never asks for its text's width: a text too wide is cut with "…" (at the end, or
    at the start for an edited text whose end matters) and the whole text becomes its tooltip."""

    def __init__(self, text: str = "", role: str = "", *, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
                 name: str = "") -> None:
        super().__init__()
        if role:
            self.setProperty("role", role)
        if name or role:
            self.setObjectName(name or role)
        self.mode = mode
        self._full = text
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override: keep the whole text
        self._full = text
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin() - 2
        shown = self.fontMetrics().elidedText(self._full, self.mode, max(0, room)) if room > 0 else self._full
        self.setToolTip(self._full if shown != self._full else "")
        super().setText(shown)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(mm(10), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()


class _Reserved(QObject):
    """Keeps a message label at the height of ``lines`` lines of its current font (see ``reserve_space``)."""

    def __init__(self, widget: QLabel, lines: int) -> None:
        super().__init__(widget)
        self.lines = lines
        self._busy = False
        widget.installEventFilter(self)
        self.fit(widget)

    def fit(self, widget: QLabel) -> None:
        if self._busy:
            return
        self._busy = True  # the probe text below sends events of its own
        text = widget.text()
        widget.ensurePolished()
        widget.setText("\n".join(["Ág"] * self.lines))
        widget.setFixedHeight(widget.sizeHint().height())
        widget.setText(text)
        self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(watched, QLabel) and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                                                               QEvent.Type.Polish):
            self.fit(watched)
        return False


def reserve_space(widget: QLabel, lines: int = 2) -> None:
    """Keep room for a message of up to ``lines`` lines, shown or not, so that nothing moves under a
    finger when it appears (its height follows the type size of the screen)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    widget.setWordWrap(True)
    _Reserved(widget, lines)


def text_room(button: QPushButton) -> int:
    """The width a button's text may take: its width less the style's border and padding."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button).width()


def restyle(widget: QWidget, role: str) -> None:
    """Change a widget's role at run time (the stylesheet must be re-polished)."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Picture(QWidget):
    """An image scaled (aspect kept) into whatever room the layout gives it.

    Unlike a QLabel with a pixmap, it never asks for the image's size: its
    size hint is small and its policy ``Ignored``, so a big picture can never
    grow a page or the window. Without an image it shows ``placeholder``.
    """

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.placeholder = placeholder
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(mm(20), mm(20))

    def set_image(self, image: QImage) -> None:
        """Show ``image`` (a null image shows the placeholder)."""
        self.image = image
        self.update()

    def set_placeholder(self, text: str) -> None:
        """The text shown while there is no image."""
        self.placeholder = text
        self.update()

    def pixmap(self) -> QPixmap:
        """The image shown (null when none), as a QLabel would give it."""
        return QPixmap.fromImage(self.image)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(mm(40), mm(40))

    def picture_rect(self) -> QRectF:
        """Where the image is drawn: centred, as large as fits."""
        if self.image.isNull():
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.image.isNull():
            painter.setPen(QColor(MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
        else:
            target = self.picture_rect()
            painter.fillRect(target, QColor("white"))
            painter.drawImage(target, self.image)
            painter.setPen(QColor(LINE))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.end()
