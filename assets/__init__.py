"""Fonts, icons, sounds and translations shipped with stampcard."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent
