"""The owner's screens behind the owner PIN: program, printing, reports, complaints,
cards, staff, backup and language. ``OwnerScreen`` is the one entry point."""

from __future__ import annotations

from kiosk.app.owner.screen import OwnerScreen

__all__ = ["OwnerScreen"]
