"""Card numbers and QR payloads: make, format, parse, sign and verify.

A card number is 50 random bits written as 10 Crockford base32 symbols plus one
check symbol, printed in groups: ``K7Q2-9XJ4-MN3``. The check symbol is a
Damm-style check over GF(32) (``x * y = a*x + y`` with ``a`` not 0 or 1 is a
totally anti-symmetric quasigroup), so every single wrong symbol and every swap
of two neighbours is caught, and the check stays inside the 32-symbol alphabet
(Crockford's own mod-37 check would need ``~`` and ``=``, which a QR code in
alphanumeric mode cannot carry and which a person cannot type from a card).

The QR payload is ``SC1:<number>:<signature>``: upper case, alphanumeric-mode
only, 26 characters, which fits QR version 2 at error level Q (29 characters).
The signature is HMAC-SHA256 of ``SC1:<number>`` under the shop's secret,
truncated to 50 bits (10 symbols), so a home-made code is refused before any
database lookup.

With a card page (the setting ``card_url``), the QR carries the page's address
around the same payload, in upper case so the QR stays in alphanumeric mode:
``HTTPS://SHOP.EXAMPLE/C/SC1:<number>:<signature>`` (version 4 or lower at
level Q for a base address of up to :data:`CARD_URL_LENGTH` characters). A
phone opens the page; the kiosk and every command read the payload inside
(:func:`unwrap`), so cards printed before or after the setting both work.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import NewType, TypeAlias

from cards.refusals import Kind, Refused

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Crockford decoding: confusable letters map to the digit they look like.
_VALUE.update({"O": 0, "I": 1, "L": 1})

PREFIX = "SC1"
DATA_SYMBOLS = 10  # 50 bits of randomness
SIGNATURE_SYMBOLS = 10  # 50 bits of HMAC
NUMBER_LENGTH = DATA_SYMBOLS + 1
PAYLOAD_LENGTH = len(PREFIX) + 1 + NUMBER_LENGTH + 1 + SIGNATURE_SYMBOLS
GROUPS = (4, 4, 3)
CARD_PATH = "/C/"
CARD_URL_LENGTH = 67 - len(CARD_PATH) - PAYLOAD_LENGTH
"""The longest card page address (scheme, host, optional path) whose card QR
stays at version 4, level Q: 67 alphanumeric characters in all."""
QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")

CardNumber = NewType("CardNumber", str)
"""A normalised card number: 11 symbols, no dashes, with a valid check symbol."""


@dataclass(frozen=True)
class ParsedCode:
    """A code that passed every check that needs no database."""

    number: CardNumber
    signed: bool  # True when it came from a verified QR payload, False when typed


# --- the check symbol: Damm's algorithm over GF(32), polynomial x^5 + x^2 + 1 ---

def _gf32_times_x(value: int) -> int:
    value <<= 1
    if value & 0x20:
        value ^= 0x25
    return value


def check_symbol(data: str) -> str:
    """Return the check symbol for ``data`` (Crockford symbols, already normalised)."""
    interim = 0
    for ch in data:
        interim = _gf32_times_x(interim) ^ _VALUE[ch]
    return ALPHABET[_gf32_times_x(interim)]


def _check_ok(number: str) -> bool:
    interim = 0
    for ch in number:
        interim = _gf32_times_x(interim) ^ _VALUE[ch]
    return interim == 0


# --- numbers ---

def new_number(randbits: int | None = None) -> CardNumber:
    """Make a new random card number (50 bits from ``secrets`` unless given)."""
    bits = secrets.randbits(5 * DATA_SYMBOLS) if randbits is None else randbits
    data = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(DATA_SYMBOLS)))
    return CardNumber(data + check_symbol(data))


def format_number(number: str) -> str:
    """Group a normalised number for people: ``K7Q2-9XJ4-MN3``."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(number[start:start + size])
        start += size
    return "-".join(parts)


def mask_number(number: str) -> str:
    """Hide all but the last group, for receipts: ``••••-••••-MN3``."""
    grouped = format_number(number)
    head, _, last = grouped.rpartition("-")
    return "".join("•" if ch != "-" else "-" for ch in head) + "-" + last


def normalise_number(text: str) -> str:
    """Upper-case, drop dashes and spaces, map O to 0 and I/L to 1 (Crockford)."""
    cleaned = "".join(ch for ch in text.upper() if ch not in "- \t")
    return "".join(ALPHABET[_VALUE[ch]] if ch in _VALUE else ch for ch in cleaned)


def parse_number(text: str) -> CardNumber:
    """Parse a typed number; raise ``refusals.Refused`` with the exact reason when refused."""
    number = normalise_number(text)
    if not number or any(ch not in _VALUE for ch in number):
        raise Refused(Kind.NOT_OURS)
    if len(number) != NUMBER_LENGTH:
        near = abs(len(number) - NUMBER_LENGTH) <= 2
        raise Refused(Kind.DAMAGED if near else Kind.NOT_OURS)
    if not _check_ok(number):
        raise Refused(Kind.BAD_CHECK)
    return CardNumber(number)


# --- payloads ---

def _signature(number: str, secret: bytes) -> str:
    digest = hmac.new(secret, f"{PREFIX}:{number}".encode("ascii"), sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * SIGNATURE_SYMBOLS)
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(SIGNATURE_SYMBOLS)))


def make_payload(number: str, secret: bytes) -> str:
    """The QR payload for a card: ``SC1:<number>:<signature>``."""
    return f"{PREFIX}:{number}:{_signature(number, secret)}"


def card_url(base: str, payload: str) -> str:
    """The card page's address carrying ``payload``: ``HTTPS://SHOP.EXAMPLE/C/SC1:...`` (upper case).

    ``base`` is the checked ``card_url`` setting (``cards.settings.check_card_url``);
    "" gives the bare payload, as printed before there was a card page.
    """
    if not base:
        return payload
    return (base.rstrip("/") + CARD_PATH + payload).upper()


def unwrap(text: str) -> str:
    """The code inside a card page address (``http(s)://HOST[/PATH]/C/<code>``, any case), or ``text``.

    Only the part after the last ``/C/`` is taken; it must not hold ``/``, ``?``
    or ``#``. Anything else (another web address, a Wi-Fi code, a plain payload or
    number) comes back unchanged (stripped), to be judged by the caller.
    """
    stripped = text.strip()
    upper = stripped.upper()
    if not (upper.startswith("HTTPS://") or upper.startswith("HTTP://")):
        return stripped
    head, sep, code = stripped.rpartition("/")
    if not sep or not head.upper().endswith(CARD_PATH.rstrip("/")) or head.upper().endswith("//C"):
        return stripped
    if not code or any(ch in code for ch in "?#"):
        return stripped
    return code


def new_secret() -> bytes:
    """A fresh shop signing secret (32 random bytes)."""
    return secrets.token_bytes(32)


def looks_like_payload(text: str) -> bool:
    """True when ``text`` starts like one of our QR payloads (any version), bare or in a card page address."""
    inner = unwrap(text)
    return inner.upper().startswith("SC") and ":" in inner[:6]


Secrets: TypeAlias = bytes | Sequence[bytes]
"""One secret, or the shop's keys (``cards.keys.Keyring.secrets``): a payload signed by any of them verifies."""


def _split_payload(text: str) -> tuple[CardNumber, str]:
    """The number and signature of a well-formed payload (bare or in a card page address), unverified."""
    text = unwrap(text)
    if not text.upper().startswith(PREFIX + ":"):
        raise Refused(Kind.NOT_OURS)
    parts = text.upper().split(":")
    if len(parts) != 3 or len(parts[1]) != NUMBER_LENGTH or len(parts[2]) != SIGNATURE_SYMBOLS:
        raise Refused(Kind.DAMAGED)
    _, number, signature = parts
    if any(ch not in ALPHABET for ch in number + signature):
        raise Refused(Kind.DAMAGED)
    if not _check_ok(number):
        raise Refused(Kind.DAMAGED)
    return CardNumber(number), signature


def payload_number(text: str) -> CardNumber:
    """The card number of a well-formed payload, its signature NOT checked (refuses a malformed one)."""
    return _split_payload(text)[0]


def parse_payload(text: str, secret: Secrets) -> CardNumber:
    """Verify a QR payload (bare or in a card page address); raise ``refusals.Refused`` saying why it is refused.

    ``secret`` may be several secrets (the shop's keys): the signature must be one of theirs.
    """
    number, signature = _split_payload(text)
    candidates = (secret,) if isinstance(secret, bytes) else tuple(secret)
    matched = False
    for one in candidates:  # every key is tried: the time taken does not say which one signed
        matched |= hmac.compare_digest(signature, _signature(number, one))
    if not matched:
        raise Refused(Kind.BAD_SIGNATURE)
    return number


def parse_code(text: str, secret: Secrets) -> ParsedCode:
    """Take a QR payload or a typed card number; refuse with the exact reason.

    A payload must carry a valid signature under ``secret`` (or one of several); a typed number only
    needs a valid check symbol (the database then decides whether it exists).
    Either may come inside a card page address (:func:`unwrap`).
    """
    stripped = unwrap(text)
    if not stripped:
        raise Refused(Kind.NOT_OURS)
    if ":" in stripped or "/" in stripped:
        if stripped.upper().startswith(PREFIX + ":"):
            return ParsedCode(parse_payload(stripped, secret), signed=True)
        if looks_like_payload(stripped):
            raise Refused(Kind.NOT_OURS)
        raise Refused(Kind.NOT_OURS)
    return ParsedCode(parse_number(stripped), signed=False)
