"""Moving a message out: e-mail over SMTP, SMS through gammu-smsd's files outbox or an HTTP gateway.

The texts come from :mod:`messages.render`; these classes only move them (as escpos keeps
building receipts apart from its printers). Every failure is a :class:`SendFailed` with a
kind (:class:`Why`) and typed fields, stored as such in the outbox list (the shells word it);
nothing here retries (``db.messaging`` does, per message).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

from cards.settings import ShopSettings
from messages import render

TIMEOUT = 20.0  # seconds, for one SMTP session or one gateway request


class Why(enum.Enum):
    """Why a message could not be handed over (:class:`SendFailed`); the shells word it in their language
    (``kiosk.app.refusal_text.send_failure`` on the Messages page, ``kiosk.sentences.send_failure`` on the CLI)."""

    SMTP_UNREACHABLE = "smtp_unreachable"
    """The SMTP server ``server`` does not answer or refused the connection (``detail``)."""
    SMTP_LOGIN_REFUSED = "smtp_login_refused"
    """The SMTP server ``server`` refused the shop's user name or password."""
    SMTP_LOST = "smtp_lost"
    """The SMTP session ended while a message was handed over (``detail``)."""
    SMTP_REFUSED = "smtp_refused"
    """The SMTP server refused this message (``code``, ``detail``: its answer)."""
    RECIPIENT_REFUSED = "recipient_refused"
    """The SMTP server refused the recipient's address."""
    NO_SESSION = "no_session"
    """No SMTP session was open (a caller's mistake)."""
    BAD_PHONE = "bad_phone"
    """The customer's phone is not a number an SMS can go to."""
    NO_OUTBOX = "no_outbox"
    """The SMS outbox folder ``folder`` is not there (the modem's disk, say)."""
    OUTBOX_FAILED = "outbox_failed"
    """The SMS could not be written into the outbox folder ``folder`` (``detail``: the system's words)."""
    GATEWAY_ANSWERED = "gateway_answered"
    """The SMS gateway answered with the HTTP status ``code``."""
    GATEWAY_UNREACHABLE = "gateway_unreachable"
    """The SMS gateway cannot be reached (``detail``)."""
    NO_SMTP = "no_smtp"
    """No SMTP server is set."""
    NO_SMS = "no_sms"
    """No SMS outbox or gateway is set."""
    CONSENT_WITHDRAWN = "consent_withdrawn"
    """Not sent: the customer withdrew their consent right before (stored by ``messages.run``)."""
    SENT_AGAIN = "sent_again"
    """An interrupted message the owner sent again (stored by ``db.messaging.send_again``)."""
    TEXT = "text"
    """Words stored before reasons were data (``detail``), said as they are."""


_ENGLISH: dict[Why, str] = {
    Why.SMTP_UNREACHABLE: "SMTP server {server}: {detail}",
    Why.SMTP_LOGIN_REFUSED: "SMTP server {server} refused the login: {detail}",
    Why.SMTP_LOST: "{detail}",
    Why.SMTP_REFUSED: "{detail}",
    Why.RECIPIENT_REFUSED: "recipient refused",
    Why.NO_SESSION: "SMTP session not open",
    Why.BAD_PHONE: "not a phone number an SMS can go to",
    Why.NO_OUTBOX: "the SMS outbox folder {folder} is not there",
    Why.OUTBOX_FAILED: "SMS outbox: {detail}",
    Why.GATEWAY_ANSWERED: "SMS gateway answered {code}",
    Why.GATEWAY_UNREACHABLE: "SMS gateway: {detail}",
    Why.NO_SMTP: "no SMTP server set",
    Why.NO_SMS: "no SMS outbox or gateway set",
    Why.CONSENT_WITHDRAWN: "consent withdrawn",
    Why.SENT_AGAIN: "interrupted; not known whether it went; sent again at the owner's request",
    Why.TEXT: "{detail}",
}
_STORED_MAX = 300  # ``message_log.error`` keeps this many characters


class SendFailed(Exception):
    """A message could not be handed over: a :class:`Why` and its fields (the SMTP ``server``, the outbox
    ``folder``, the gateway's HTTP ``code``, the system's ``detail``; no personal data). ``str()`` is a short
    English reason (logs, ``--json``); :meth:`stored` is what the outbox keeps, :meth:`read` reads it back."""

    def __init__(self, why: Why | str, *, server: str = "", folder: str = "", code: int = 0,
                 detail: str = "") -> None:
        if isinstance(why, str):  # words made already: said as they are
            self.why, detail = Why.TEXT, why
        else:
            self.why = why
        self.server, self.folder, self.code = server, str(folder), int(code)
        self.detail = " ".join(str(detail).split())[:200]
        super().__init__(_ENGLISH[self.why].format(server=self.server, folder=self.folder, code=self.code,
                                                   detail=self.detail))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.why, self.server, self.folder, self.code, self.detail))

    def stored(self) -> str:
        """The outbox's ``error`` for this failure: JSON of the kind and its fields (at most 300 characters)."""
        data: dict[str, Any] = {"why": self.why.value, "server": self.server[:80], "folder": self.folder[:120],
                                "code": self.code, "detail": self.detail}
        for name in ("detail", "folder", "server"):  # the system's words give way first
            while len(text := json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False,
                                         sort_keys=True)) > _STORED_MAX and data[name]:
                data[name] = data[name][:-10]
        return text

    @classmethod
    def read(cls, stored: str) -> SendFailed:
        """The failure an outbox ``error`` holds: :meth:`stored`'s JSON, a bare kind word (``sent_again``), or
        words stored before reasons were data (kind ``TEXT``); never raises."""
        try:
            return cls(Why(stored))
        except ValueError:
            pass
        try:
            data = json.loads(stored)
            return cls(Why(data["why"]), server=str(data.get("server", "")), folder=str(data.get("folder", "")),
                       code=int(data.get("code", 0)), detail=str(data.get("detail", "")))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls(Why.TEXT, detail=stored)


class TransportDown(SendFailed):
    """The way out itself is away (no SMTP server answers, no outbox folder): the next messages
    on that channel would fail alike."""


def _rebuild(kind: type[SendFailed], why: Why, server: str, folder: str, code: int, detail: str) -> SendFailed:
    return kind(why, server=server, folder=folder, code=code, detail=detail)


def build_email(rendered: render.Rendered, *, sender: str, to: str, unsubscribe: str = "",
                now: dt.datetime) -> EmailMessage:
    """An e-mail with a plain-text and an HTML part, and (with an ``unsubscribe`` link)
    ``List-Unsubscribe`` plus ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058)."""
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


class Smtp:
    """One SMTP session for a run: ``smtp://[user[:password]@]host[:port]``, ``smtps://`` or
    ``smtp+starttls://``. Use as a context manager; :meth:`send` hands one message over."""

    def __init__(self, url: str) -> None:
        self.url = urllib.parse.urlsplit(url)
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> Smtp:
        scheme = self.url.scheme.lower()
        host = self.url.hostname or "localhost"
        try:
            if scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(host, self.url.port or 465, timeout=TIMEOUT,
                                                        context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(host, self.url.port or (587 if scheme == "smtp+starttls" else 25),
                                      timeout=TIMEOUT)
                if scheme == "smtp+starttls":
                    client.starttls(context=ssl.create_default_context())
            if self.url.username:
                client.login(urllib.parse.unquote(self.url.username),
                             urllib.parse.unquote(self.url.password or ""))
        except (OSError, smtplib.SMTPException) as exc:
            raise TransportDown(Why.SMTP_LOGIN_REFUSED if isinstance(exc, smtplib.SMTPAuthenticationError)
                                else Why.SMTP_UNREACHABLE, server=host, detail=_reason(exc)) from exc
        self._client = client
        return self

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server (refused recipients are a failure of this message only)."""
        if self._client is None:
            raise SendFailed(Why.NO_SESSION)
        try:
            refused = self._client.send_message(message)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:  # the session is gone: so is the channel
            raise TransportDown(Why.SMTP_LOST, detail=_reason(exc)) from exc
        except smtplib.SMTPException as exc:
            raise SendFailed(Why.SMTP_REFUSED, code=getattr(exc, "smtp_code", 0) or 0, detail=_reason(exc)) from exc
        if refused:
            raise SendFailed(Why.RECIPIENT_REFUSED)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"[:200]
    return (str(exc) or type(exc).__name__)[:200]


_NUMBER = re.compile(r"[^\d+]")


def phone_number(phone: str) -> str:
    """A phone number as an SMS daemon wants it: ``+`` and digits only (spaces, dashes, brackets dropped)."""
    number = _NUMBER.sub("", phone.split("ext")[0].split("x")[0])
    if not re.fullmatch(r"\+?\d{3,20}", number):
        raise SendFailed(Why.BAD_PHONE)
    return number


class Outbox:
    """gammu-smsd's files backend: one file per SMS in its outbox folder, named
    ``OUT<priority><date>_<time>_<serial>_<recipient>_<note>.txt`` (gammu-smsd-files(7)),
    UTF-8 text (``OutboxFormat = standard`` on a UTF-8 system). The file is written under
    a name the daemon ignores and renamed into place, so it never reads half a message."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._serial = 0

    def send(self, phone: str, text: str, *, now: dt.datetime, note: str = "stampcard") -> Path:
        """Queue one SMS; the path of its file."""
        number = phone_number(phone)
        if not self.folder.is_dir():
            raise TransportDown(Why.NO_OUTBOX, folder=str(self.folder))
        stamp = now.astimezone(dt.timezone.utc)
        while True:
            self._serial += 1
            name = (f"OUTB{stamp:%Y%m%d}_{stamp:%H%M%S}_{self._serial % 100:02d}_{number}_"
                    f"{re.sub(r'[^A-Za-z0-9-]', '', note)[:20]}.txt")
            target = self.folder / name
            if not target.exists() or self._serial > 10_000:
                break
        temporary = self.folder / f".{name}.part"
        try:
            with open(temporary, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise SendFailed(Why.OUTBOX_FAILED, folder=str(self.folder), detail=str(exc.strerror or exc)) from exc
        return target


class Gateway:
    """An HTTP SMS gateway from a URL template holding ``{to}`` and ``{text}`` (URL-encoded when
    filled): a GET of the filled URL; a 2xx answer is success."""

    def __init__(self, template: str) -> None:
        self.template = template

    def send(self, phone: str, text: str) -> None:
        """Send one SMS through the gateway."""
        number = phone_number(phone)
        url = (self.template.replace("{to}", urllib.parse.quote(number, safe=""))
               .replace("{text}", urllib.parse.quote(text, safe="")))
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=TIMEOUT) as answer:
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise SendFailed(Why.GATEWAY_ANSWERED, code=exc.code) from exc
        except (OSError, ValueError) as exc:
            raise TransportDown(Why.GATEWAY_UNREACHABLE, detail=str(getattr(exc, "reason", exc))) from exc
        if not 200 <= status < 300:
            raise SendFailed(Why.GATEWAY_ANSWERED, code=status)


class FromSettings:
    """The shop's own transports: SMTP (one session a run, opened at the first e-mail), then the
    SMS outbox folder, or else the gateway."""

    def __init__(self, smtp_url: str, outbox: str, gateway: str) -> None:
        self.smtp_url, self.outbox, self.gateway = smtp_url, outbox, gateway
        self._stack = ExitStack()
        self._smtp: Smtp | None = None

    @classmethod
    def of(cls, settings: ShopSettings) -> FromSettings:
        """The transports the shop's settings name."""
        return cls(settings.smtp, settings.sms_outbox, settings.sms_gateway)

    def email(self, message: EmailMessage) -> None:
        """Send one e-mail (the SMTP session opens on the first)."""
        if not self.smtp_url:
            raise SendFailed(Why.NO_SMTP)
        if self._smtp is None:
            self._smtp = self._stack.enter_context(Smtp(self.smtp_url))
        self._smtp.send(message)

    def sms(self, phone: str, text: str, *, now: dt.datetime) -> None:
        """Send one SMS through the outbox folder, or else the gateway."""
        if self.outbox:
            Outbox(self.outbox).send(phone, text, now=now)
        elif self.gateway:
            Gateway(self.gateway).send(phone, text)
        else:
            raise SendFailed(Why.NO_SMS)

    def close(self) -> None:
        """End the SMTP session, if one was opened."""
        self._stack.close()
        self._smtp = None
