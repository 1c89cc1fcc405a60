"""The card page's guards: a rate limit per client address, and signed form tokens (CSRF).

**Rate limit.** A sliding window per address: at most ``limit`` requests in
``window`` seconds (all requests), and at most ``post_limit`` form posts in
``post_window`` seconds; past either the answer is 429 with ``Retry-After``.
Kept in memory (one ``stampcard web`` process); addresses not seen for a window
are forgotten, and at most ``max_clients`` are tracked (the oldest go first), so
a flood of addresses cannot grow it without end. The clock is passed in.

**Form tokens.** Each page with a form sets a random, HttpOnly, SameSite=Strict
cookie and puts ``<issued>.<nonce>.<mac>`` in the form, the MAC an HMAC of both
under a key derived from the shop's secret (``db.cardpage.web_key``). A post is
accepted only when the token's MAC is right, it is younger than ``max_age``
seconds, and its nonce is the cookie's: another site can neither read the
cookie nor make a token for it. A post without one is refused with 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE = "stampcard_form"
TOKEN_FIELD = "token"


@dataclass
class RateLimit:
    """Requests per client address in sliding windows (see the module)."""

    clock: Callable[[], float]
    limit: int = 120
    window: float = 60.0
    post_limit: int = 10
    post_window: float = 600.0
    max_clients: int = 10_000
    _seen: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)
    _posts: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def check(self, address: str, *, post: bool) -> float:
        """Count one request from ``address``; return 0 when allowed, else the seconds to wait."""
        now = self.clock()
        wait = self._count(self._seen, address, now, self.limit, self.window)
        if wait == 0 and post:
            wait = self._count(self._posts, address, now, self.post_limit, self.post_window)
        return wait

    def _count(self, table: OrderedDict[str, deque[float]], address: str, now: float, limit: int,
               window: float) -> float:
        times = table.pop(address, None) or deque()
        while times and times[0] <= now - window:
            times.popleft()
        table[address] = times  # most recently seen last
        while len(table) > self.max_clients:
            table.popitem(last=False)
        if len(times) >= limit:
            return max(1.0, times[0] + window - now)
        times.append(now)
        return 0.0


@dataclass(frozen=True)
class FormTokens:
    """Make and check form tokens under ``key`` (see the module)."""

    key: bytes
    clock: Callable[[], float]
    max_age: float = 2 * 3600.0

    def _mac(self, issued: int, nonce: str) -> str:
        return hmac.new(self.key, f"{issued}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def new_nonce() -> str:
        """A fresh cookie value."""
        return secrets.token_urlsafe(18)

    def make(self, nonce: str) -> str:
        """The token a form carries for the cookie ``nonce``."""
        issued = int(self.clock())
        return f"{issued}.{nonce}.{self._mac(issued, nonce)}"

    def valid(self, token: str, cookie: str) -> bool:
        """True when ``token`` was made here for ``cookie`` and is not too old."""
        parts = token.split(".")
        if len(parts) != 3 or not cookie or not parts[0].isdigit():
            return False
        issued, nonce, mac = int(parts[0]), parts[1], parts[2]
        if not hmac.compare_digest(mac, self._mac(issued, nonce)) or not hmac.compare_digest(nonce, cookie):
            return False
        age = self.clock() - issued
        return -60 <= age <= self.max_age
