"""The languages stampcard speaks: the one list every layer and screen uses."""

from __future__ import annotations

CODES: tuple[str, ...] = ("en", "cs", "ru")
"""Language codes, in the order screens offer them."""

NAMES: dict[str, str] = {"en": "English", "cs": "Čeština", "ru": "Русский"}
"""Each language's name in itself (how a language picker shows it)."""

DEFAULT_REWARDS: dict[str, str] = {"en": "Free coffee", "cs": "Káva zdarma", "ru": "Бесплатный кофе"}
"""The reward a new shop starts with, in the shop's language (the owner changes it in settings)."""


def default_reward(language: str) -> str:
    """The default reward for a shop speaking ``language`` (``"cs-CZ"`` counts as ``"cs"``; others English)."""
    short = (language or "en").lower().replace("_", "-").split("-")[0]
    return DEFAULT_REWARDS.get(short, DEFAULT_REWARDS["en"])
