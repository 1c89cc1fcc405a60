"""The ways a message may leave the shop, and the settings that say how (checked here, once).

Pure functions of plain values, used by ``cards.settings.validate`` (``settings set
--smtp --sender --sms-outbox --sms-gateway``), the CLI's ``customer set --consent
email,sms`` and the web page's join form.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from cards.refusals import Kind, Refused

EMAIL, SMS = "email", "sms"
CHANNELS: tuple[str, ...] = (EMAIL, SMS)
SOURCES: tuple[str, ...] = ("counter", "web", "import")
SMTP_SCHEMES: tuple[str, ...] = ("smtp", "smtps", "smtp+starttls")
SETTING_LENGTH = 300
SENDER_LENGTH = 200
MAX_BONUS = 50



@dataclass(frozen=True)
class Recipient:
    """A customer who may be contacted, as plain values (``db.messaging`` builds them; ``messages.due``
    decides from them). ``email``/``phone`` are set only where the consent on that channel is
    active (for e-mail, confirmed); times are aware UTC; ``visits`` and ``rewards`` are sorted."""

    id: int
    number: str  # the card the customer uses now
    name: str = ""
    email: str = ""
    phone: str = ""
    birthday: dt.date | None = None
    visits: tuple[dt.datetime, ...] = ()
    rewards: tuple[dt.datetime, ...] = ()
    stamps: int = 0
    to_go: int = 0
    tier: str = ""

    @property
    def channel(self) -> str:
        """The channel a message to this customer takes: e-mail before SMS ("" when none)."""
        return EMAIL if self.email else SMS if self.phone else ""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_channels(text: str) -> tuple[str, ...]:
    """``"email,sms"`` (any case, spaces allowed; ``all`` = both) as a tuple in ``CHANNELS`` order."""
    names = {part.strip().lower() for part in text.split(",") if part.strip()}
    if "all" in names:
        names = (names - {"all"}) | set(CHANNELS)
    unknown = sorted(names - set(CHANNELS))
    if unknown or not names:
        raise Refused(Kind.BAD_CHOICE, field="consent", value=unknown[0] if unknown else text, choices=CHANNELS)
    return tuple(c for c in CHANNELS if c in names)


def _plain(field: str, value: str, limit: int) -> str:
    text = value.strip()
    if _CONTROL.search(text):
        raise Refused(Kind.BAD_CHARACTERS, field=field)
    if len(text) > limit:
        raise Refused(Kind.TOO_LONG, field=field, limit=limit)
    return text


def check_smtp(value: str) -> str:
    """An SMTP server's URL ("" = no e-mail): ``smtp://[user[:password]@]host[:port]``, or
    ``smtps://`` (TLS from the start, port 465) or ``smtp+starttls://`` (port 587)."""
    text = _plain("smtp", value, SETTING_LENGTH)
    if not text:
        return ""
    parts = urllib.parse.urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme.lower() not in SMTP_SCHEMES or not parts.hostname or port == -1 or parts.path not in ("", "/"):
        raise Refused(Kind.BAD_FORMAT, field="smtp", value=parts._replace(netloc=parts.hostname or "").geturl())
    return text


def check_sender(value: str) -> str:
    """The From of the shop's e-mails ("" = none): ``Name <address>`` or a bare address."""
    text = _plain("sender", value, SENDER_LENGTH)
    if not text:
        return ""
    name, address = parseaddr(text)
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address:
        raise Refused(Kind.BAD_FORMAT, field="sender", value=text)
    try:
        return str(Address(display_name=name, addr_spec=address))
    except (ValueError, IndexError) as exc:
        raise Refused(Kind.BAD_FORMAT, field="sender", value=text) from exc


def check_outbox(value: str) -> str:
    """gammu-smsd's files outbox folder ("" = none): an absolute path (the kiosk checks it exists
    when it writes, as a USB modem's daemon may start later)."""
    text = _plain("sms_outbox", value, SETTING_LENGTH)
    if text and not text.startswith("/"):
        raise Refused(Kind.BAD_FORMAT, field="sms_outbox", value=text)
    return text


def check_gateway(value: str) -> str:
    """An SMS gateway's URL template ("" = none): ``http(s)://...`` holding ``{to}`` and ``{text}``
    (filled in URL-encoded; the request is a GET)."""
    text = _plain("sms_gateway", value, SETTING_LENGTH)
    if not text:
        return ""
    parts = urllib.parse.urlsplit(text.replace("{", "").replace("}", ""))
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "{to}" not in text \
            or "{text}" not in text:
        raise Refused(Kind.BAD_FORMAT, field="sms_gateway", value=text)
    return text

