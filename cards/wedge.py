"""USB "keyboard wedge" scanners: tell a scanner's keystroke burst from a person typing.

A wedge scanner types the QR text as keystrokes and ends with Enter, a few
milliseconds apart; a person types tens to hundreds of milliseconds apart.
:class:`WedgeParser` is fed every character with its time and returns the
payload when a fast burst ends in Enter.

A scanner sends *key positions* for a US keyboard; the computer turns them into
characters with its own layout. So on a Russian layout our ``SC1:`` arrives as
``ЫС1Ж``, on a Czech QWERTZ layout the digits arrive as ``+ěščřžýáíé``, ``:``
as ``"`` (or ``:``) and Y/Z are swapped; German swaps Y/Z and gives ``Ö`` for
``:``; French AZERTY swaps A/Q and Z/W and gives ``&é"'(-è_çà`` for digits.
Only the characters a card payload or a card page address can hold (``0-9``,
``A-Z``, ``:``, ``/ . -``) are mapped back, per layout; a burst that no layout turns into a well-formed payload is
returned as it was typed, so ``codes.parse_code`` refuses it with its reason
("not a stamp card"). Pure Python, no clock of its own: the caller passes the
event time (e.g. ``QKeyEvent.timestamp() / 1000``).

Kiosk hook::

    parser = WedgeParser(secret=shop.secret)
    def keyPressEvent(self, event):
        text = "\\n" if event.key() in (Qt.Key_Return, Qt.Key_Enter) else event.text()
        for ch in text:
            code = parser.feed(ch, event.timestamp() / 1000)
            if code:
                self.on_code_scanned(code)
"""

from __future__ import annotations

from collections.abc import Iterable

from cards import codes, refusals

ENTER = ("\r", "\n")
_US_LETTERS = "QWERTYUIOPASDFGHJKLZXCVBNM"
_DIGITS = "1234567890"


def _layout(letters: str, digits: Iterable[str], colon: Iterable[str]) -> dict[str, str]:
    """Map what this layout types for each payload key back to the US character."""
    table: dict[str, str] = {}
    for us, got in zip(_US_LETTERS, letters, strict=True):
        table[got] = us
    for us, options in zip(_DIGITS, digits, strict=True):
        for got in options:
            table[got] = us
    for got in colon:
        table[got] = ":"
    return table


LAYOUTS: dict[str, dict[str, str]] = {
    "us": _layout(_US_LETTERS, _DIGITS, ":"),
    "ru": _layout("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ", _DIGITS, "Ж"),
    "cz": _layout("QWERTZUIOPASDFGHJKLYXCVBNM", ["1+", "2ě", "3š", "4č", "5ř", "6ž", "7ý", "8á", "9í", "0é"], "\":"),
    "de": _layout("QWERTZUIOPASDFGHJKLYXCVBNM", _DIGITS, "Ö"),
    "fr": _layout("AZERTYUIOPQSDFGHJKLWXCVBN?", ["1&", "2é", "3\"", "4'", "5(", "6-", "7è", "8_", "9ç", "0à"], "M"),
}
# A card page address (``HTTPS://HOST/C/SC1:...``) also holds ``/ . -``, typed with the keys of
# the US ``/``, ``.`` and ``-``: what each layout gives for them, mapped back.
_URL_KEYS: dict[str, dict[str, str]] = {
    "us": {"/": "/", ".": ".", "-": "-"},
    "ru": {".": "/", "ю": ".", "Ю": ".", "-": "-"},
    "cz": {"-": "/", ".": ".", "=": "-"},
    "de": {"-": "/", ".": ".", "ß": "-"},
    "fr": {"!": "/", ";": ".", ")": "-"},
}
for _name, _keys in _URL_KEYS.items():
    for _got, _us in _keys.items():
        LAYOUTS[_name].setdefault(_got, _us)
"""Per layout: received character -> the payload character the scanner meant."""


def translate(burst: str, layout: str) -> str | None:
    """``burst`` as the scanner meant it under ``layout``, or None if a character does not fit."""
    table = LAYOUTS[layout]
    out = []
    for ch in burst:
        mapped = table.get(ch)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def _well_formed(text: str, secret: codes.Secrets | None) -> bool:
    try:
        codes.parse_payload(text, secret if secret is not None else b"")
    except refusals.Refused as exc:
        return secret is None and exc.kind is refusals.Kind.BAD_SIGNATURE
    return True


class WedgeParser:
    """Feed it characters with their times; it returns a payload at the end of a scanner burst.

    ``max_gap``: longest pause (seconds) between two keys of a scanner burst;
    ``enter_gap``: longest pause before the closing Enter; ``min_length``: a
    shorter burst is a person's quick key pair, not a scan. With ``secret`` (one, or
    the shop's keys) a layout is only accepted when the signature verifies (this settles the rare
    burst that two layouts read as different well-formed payloads).
    """

    def __init__(self, max_gap: float = 0.03, enter_gap: float = 0.05, min_length: int = 8,
                 secret: codes.Secrets | None = None, layouts: Iterable[str] = tuple(LAYOUTS)) -> None:
        self.max_gap = max_gap
        self.enter_gap = enter_gap
        self.min_length = min_length
        self.secret = secret
        self.layouts = [name for name in layouts if name in LAYOUTS]
        self.last_layout: str | None = None
        self._buffer: list[str] = []
        self._last_t: float | None = None

    def feed(self, char: str, t: float) -> str | None:
        """Take one character typed at time ``t`` (seconds); return a scanned text or None.

        Returns the payload (mapped back to US characters) when ``char`` is the
        Enter that closes a fast burst; a fast burst that is not one of our
        payloads in any known layout is returned as typed. Everything else
        (a person typing, a lone Enter) returns None.
        """
        gap = None if self._last_t is None else t - self._last_t
        self._last_t = t
        if char in ENTER:
            burst = "".join(self._buffer)
            self._buffer.clear()
            if len(burst) >= self.min_length and gap is not None and gap <= self.enter_gap:
                return self._resolve(burst)
            return None
        if len(char) != 1:
            raise ValueError("feed one character at a time")
        if gap is None or gap > self.max_gap:
            self._buffer = [char]
        else:
            self._buffer.append(char)
        return None

    def reset(self) -> None:
        """Drop a half-received burst (e.g. when the screen changes)."""
        self._buffer.clear()
        self._last_t = None

    def _resolve(self, burst: str) -> str:
        order = ([self.last_layout] if self.last_layout else []) + \
            [name for name in self.layouts if name != self.last_layout]
        fallback: str | None = None
        for candidate_burst in (burst, burst.swapcase()):  # swapcase: Caps Lock was on
            for name in order:
                text = translate(candidate_burst, name)
                if text is None:
                    continue
                if _well_formed(text, self.secret):
                    self.last_layout = name
                    return text
                if fallback is None and text.startswith(codes.PREFIX + ":"):
                    fallback = text
        return fallback if fallback is not None else burst
