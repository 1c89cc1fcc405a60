"""Signed tokens for the links in a message: unsubscribe (RFC 8058 one-click) and confirm (double opt-in).

Made by ``messages.run`` for the links, read by ``db.consent`` when the web page is asked.

A token names a customer, a channel and a purpose and carries an HMAC-SHA256 under the
shop's secret, so a link cannot be guessed or changed to another customer. It holds no
personal data (the customer's id only), and does not expire: an unsubscribe link in an
old e-mail must keep working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from cards import channels

UNSUBSCRIBE, CONFIRM = "u", "c"
_PURPOSES = (UNSUBSCRIBE, CONFIRM)
_SIG_BYTES = 12


@dataclass(frozen=True)
class Token:
    """What a valid token says."""

    purpose: str
    customer: int
    channel: str


def _sign(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, b"stampcard-link:" + body.encode(), hashlib.sha256).digest()[:_SIG_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make(secret: bytes, purpose: str, customer: int, channel: str) -> str:
    """A token for a link, URL-safe: ``<purpose>.<customer>.<channel>.<signature>``."""
    if purpose not in _PURPOSES or channel not in channels.CHANNELS:
        raise ValueError(f"bad token: {purpose!r} {channel!r}")
    body = f"{purpose}.{customer}.{channel}"
    return f"{body}.{_sign(secret, body)}"


def read(secret: bytes, token: str, purpose: str) -> Token | None:
    """The token's meaning, or None when it is malformed, of another purpose or not signed by ``secret``."""
    parts = token.strip().split(".")
    if len(parts) != 4 or parts[0] != purpose or not parts[1].isdigit() or parts[2] not in channels.CHANNELS:
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _sign(secret, body)):
        return None
    return Token(purpose, int(parts[1]), parts[2])
