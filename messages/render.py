"""The texts of a message, from Jinja2 templates per language (en, cs, ru): an e-mail's subject,
plain text and HTML, and an SMS.

Templates live in ``messages/templates/<language>/`` (``subject.txt``, ``body.txt``, ``sms.txt``,
``stop.txt``, ``footer.txt``) with one shared ``body.html`` that sets the plain text's paragraphs in a
simple layout; HTML is autoescaped (a customer's name or the owner's text is never markup).
Plurals come from CLDR's rules through Babel (``|plural(one=..., few=..., many=..., other=...)``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale

from cards import languages

TEMPLATES = Path(__file__).resolve().parent / "templates"
SMS_LENGTH = 306  # two concatenated GSM-7 parts; longer texts are cut with an ellipsis


@dataclass(frozen=True)
class Letter:
    """Everything a message's text may say (plain values; no personal data but the name)."""

    kind: str
    language: str
    shop: str
    name: str = ""
    reward: str = ""
    stamps: int = 0
    to_go: int = 0
    bonus: int = 0  # the birthday bonus in stamps (0: none)
    birthday: dt.date | None = None
    text: str = ""  # the owner's announcement
    tier: str = ""
    card_page: str = ""  # the card's page, when the shop has one
    unsubscribe: str = ""  # the one-click link (e-mail) or the withdraw page (SMS)
    phone: str = ""  # the shop's contacts
    email: str = ""
    link: str = ""  # the confirmation link of a ``confirm`` message


@dataclass(frozen=True)
class Rendered:
    """An e-mail's texts."""

    subject: str
    text: str
    html: str


def _plural_filter(language: str) -> object:
    locale = Locale.parse(language)

    def plural(count: int, **forms: str) -> str:
        return forms.get(locale.plural_form(count), forms.get("other", ""))
    return plural


@functools.lru_cache(maxsize=None)
def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=False)
    env.filters["plural"] = _plural_filter(language)
    return env


def _language(letter: Letter) -> str:
    return letter.language if letter.language in languages.CODES else "en"


def _render(letter: Letter, name: str, **extra: object) -> str:
    language = _language(letter)
    template = _environment(language).get_template(name if name.endswith(".html") else f"{language}/{name}")
    return template.render(m=letter, **extra).strip()


def email(letter: Letter) -> Rendered:
    """The subject, plain text and HTML of an e-mail."""
    subject = " ".join(_render(letter, "subject.txt").split())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in _render(letter, "body.txt").split("\n")))
    footer = _render(letter, "footer.txt")
    paragraphs = [" ".join(p.split("\n")) for p in body.split("\n\n") if p.strip()]
    html = _render(letter, "body.html", paragraphs=paragraphs, footer=footer, subject=subject,
                   lang=_language(letter))
    link = f"\n{letter.unsubscribe}" if letter.unsubscribe else ""
    page = f"\n\n{letter.card_page}" if letter.card_page else ""
    return Rendered(subject, f"{body}{page}\n\n-- \n{footer}{link}\n", html + "\n")


def sms(letter: Letter) -> str:
    """An SMS's text, one line, at most ``SMS_LENGTH`` characters."""
    text = " ".join(_render(letter, "sms.txt").split())
    stop = " ".join(_render(letter, "stop.txt").split())  # the way out is never cut off
    room = SMS_LENGTH - (len(stop) + 1 if stop else 0)
    if len(text) > room:
        text = text[:room - 1].rstrip() + "…"
    return f"{text} {stop}" if stop else text
