"""The kiosk's one look: large, calm, high contrast; sizes in millimetres.

``mm(x)`` turns millimetres into pixels through the screen's logical DPI, so a
15 mm button is 15 mm on a 24" 1080p monitor and on a 7" 800x480 touch panel.
``stylesheet(compact)`` is the whole application's Qt stylesheet; ``compact``
is used on small screens (height under 700 px) where the type is a step smaller.
Widgets pick their role with ``setObjectName`` or the ``role`` property.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication

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
    return QColor(name)


def is_compact(width: int, height: int) -> bool:
    """Small touch displays (800x480 and the like) get the compact type scale."""
    return height < 700 or width < 1000


def stylesheet(compact: bool = False) -> str:
    """The application stylesheet; type sizes in px derived from mm so they scale with DPI."""
    s = 0.72 if compact else 1.0

    def px(mm_value: float) -> int:
        return max(10, int(mm(mm_value) * s))

    button_h = mm(MIN_BUTTON_MM)
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
        min-height: {mm(7) if compact else mm(12)}px; padding: 0; font-size: {px(5.5)}px;
        border-radius: {mm(1.5)}px; min-width: {mm(5)}px;
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
