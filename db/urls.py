"""A password never shown: one masking rule for every URL a line, a JSON object or a log prints.

Masks as text, never parses first, so malformed URLs (a bad port, no scheme, a stray
``@`` in the password) and libpq connection strings (``password=...``) are masked too.
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?P<head>(?:^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://|^|\s|/)"
                       r"(?P<user>[^\s:@/?#]*):(?P<pw>(?!//)\S*)@")
# "user:pw@host/db" given without a scheme is a file name; its sqlite URL percent-encodes it
_ENCODED = re.compile(r"(?i)(?P<user>[^\s/:@%]*)%3A(?P<pw>\S*?)%40")
_PASSWORD_PARAM = re.compile(r"(?i)(?P<key>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s&;]*)")


def masked(text: str) -> str:
    """``text`` with every URL's password (``user:PASSWORD@``, ``password=PASSWORD``) as ``***``."""
    out = _USERINFO.sub(lambda m: f"{m['head']}{m['user']}:***@", text)
    out = _ENCODED.sub(lambda m: f"{m['user']}%3A***%40", out)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['key']}***", out)


def has_password(url: str) -> bool:
    """True when a URL carries a password (in its user part or a ``password=`` parameter)."""
    return masked(url) != url
