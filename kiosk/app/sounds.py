"""Optional sounds (scan, stamp, refused, reward) through QSoundEffect; never fatal.

Off by default. When QtMultimedia cannot load (no audio library, a headless
test machine) the kiosk is silent and carries on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[2] / "assets" / "sounds"
NAMES = ("scan", "stamp", "refused", "reward")


class Sounds:
    """Plays the kiosk's short sounds when enabled; ``played`` records names (for tests)."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.played: list[str] = []
        self._effects: dict[str, Any] = {}
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect
        except Exception as exc:  # noqa: BLE001 - e.g. libpulse missing
            log.info("sound off: QtMultimedia not available (%s)", exc)
            self.enabled = False
            return
        for name in NAMES:
            path = SOUNDS_DIR / f"{name}.wav"
            if path.is_file():
                effect = QSoundEffect()
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.6)
                self._effects[name] = effect

    def play(self, name: str) -> None:
        self.played = (self.played + [name])[-20:]
        if not self.enabled:
            return
        effect = self._effects.get(name)
        if effect is not None:
            try:
                effect.play()
            except Exception:  # noqa: BLE001
                log.exception("could not play %s", name)
