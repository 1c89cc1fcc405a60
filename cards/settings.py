"""The shop's settings, the one table of their limits, and the one rule set that checks them.

``stampcard init``, ``stampcard settings set`` and the owner's Program screen all
call :func:`validate` on a whole :class:`ShopSettings`, so a value one of them
refuses is refused by all three, with the same :class:`~cards.refusals.Refused`.
What a screen may offer comes from the same place: :data:`NUMBERS` (each number
setting's lowest and highest value and a stepper's step) and :data:`TEXTS` (each
text's longest length); a stepper or a text field never has limits of its own.
Pure functions of plain values: no database, no clock, no printing (whether a
text fits its printed box is ``printing``'s question, asked by the shells).

The signing secret is not a setting: it is made once by ``init`` and never
changes, so it is not part of :class:`ShopSettings` at all.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass

from cards import channels, codes, languages, refusals, rules
from cards.refusals import Kind, Refused

SHOP_LENGTH = 80
REWARD_LENGTH = rules.REWARD_LENGTH
PHONE_LENGTH = 40
EMAIL_LENGTH = 120
URL_LENGTH = 200
ADDRESS_LENGTH = 200
PHONE_DIGITS = (3, 20)
RETENTION_MONTHS = (1, 120)
DEFAULT_RETENTION_MONTHS = 24



@dataclass(frozen=True)
class Bounds:
    """The values a number setting may take, ``low..high``; a stepper on a screen moves by ``step``."""

    low: int
    high: int
    step: int = 1

    def check(self, field: str, value: int) -> int:
        """``value``, or the refusal naming the field and this range."""
        return refusals.check_range(field, value, self.low, self.high)


NUMBERS: dict[str, Bounds] = {
    "stamps": Bounds(rules.MIN_STAMPS, rules.MAX_STAMPS),
    "prestamps": Bounds(0, rules.MAX_STAMPS - 1),  # and fewer than the stamps: see bounds("prestamps", stamps=N)
    "cooldown": Bounds(0, rules.MAX_COOLDOWN_MINUTES, 5),
    "cap": Bounds(1, rules.MAX_STAMPS),
    "tier_from": Bounds(1, rules.MAX_TIER_REWARDS),  # a tier's threshold, in rewards redeemed
    "tier_bonus": Bounds(0, rules.MAX_STAMPS),  # a tier's bonus stamps a visit
    "retention_months": Bounds(*RETENTION_MONTHS),
    "referral_bonus": Bounds(0, channels.MAX_BONUS),  # stamps for both cards (0 = off)
    "birthday_bonus": Bounds(0, channels.MAX_BONUS),  # stamps with the birthday message (0 = none)
}

TEXTS: dict[str, int] = {
    "shop": SHOP_LENGTH, "reward": REWARD_LENGTH, "complaints_phone": PHONE_LENGTH,
    "complaints_email": EMAIL_LENGTH, "complaints_url": URL_LENGTH, "address": ADDRESS_LENGTH,
    "tier_name": rules.TIER_NAME_LENGTH, "card_url": codes.CARD_URL_LENGTH,
}


def bounds(field: str, *, stamps: int | None = None) -> Bounds:
    """The limits of number setting ``field``; head-start stamps given the ``stamps`` a card needs are
    ``0..stamps-1``."""
    limits = NUMBERS[field]
    if field == "prestamps" and stamps is not None:
        return dataclasses.replace(limits, high=max(limits.low, min(limits.high, stamps - 1)))
    return limits


_PHONE = re.compile(r"^\+?[\d(][\d\s()./-]*\d(\s*(?:ext\.?|x|kl\.?|linka|доб\.?|#)\s*\d{1,6})?$", re.IGNORECASE)
_EMAIL_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\]\\]+$")
_LABEL = re.compile(r"^(?!-)[^\s./:@?#\\]+(?<!-)$")
_URL = re.compile(r"^(https?)://([^\s/?#@]+)([/?#][^\s]*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class ShopSettings:
    """Everything the owner may change about the shop and its program (never the secret).

    ``timezone`` is an IANA name such as ``Europe/Prague`` ("" = the system's);
    ``cooldown`` is minutes, ``cap`` the most stamps one visit may add.
    """

    shop: str
    reward: str
    stamps: int = 10
    prestamps: int = 0
    cooldown: int = 10
    cap: int = 5
    language: str = "en"
    timezone: str = ""
    complaints_phone: str = ""
    complaints_email: str = ""
    complaints_url: str = ""
    address: str = ""
    retention_months: int = DEFAULT_RETENTION_MONTHS
    tiers: tuple[rules.Tier, ...] = rules.DEFAULT_TIERS
    card_url: str = ""  # the card page's address: new batches' QR codes open it ("" = bare payloads)
    # messages to regulars and bring a friend (cards/channels.py checks them)
    smtp: str = ""
    sender: str = ""
    sms_outbox: str = ""
    sms_gateway: str = ""
    referral_bonus: int = 0
    birthday_bonus: int = 0

    def program(self) -> rules.Program:
        """The loyalty program these settings describe."""
        return rules.Program(self.stamps, self.prestamps, self.reward, self.tiers, self.cooldown, self.cap)


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ShopSettings))


def changed(current: ShopSettings, **changes: object) -> ShopSettings:
    """``current`` with some fields replaced (``None`` means "keep"); not yet validated."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise Refused(Kind.BAD_CHOICE, field="setting", value=unknown[0], choices=FIELDS)
    given = {k: v for k, v in changes.items() if v is not None}
    return dataclasses.replace(current, **given)  # type: ignore[arg-type]


def validate(settings: ShopSettings) -> ShopSettings:
    """The settings, cleaned (spaces trimmed, a web address given its ``https://``), or a refusal.

    Checks, in this order: shop name, reward, the program's numbers (stamps,
    head start, cooldown, cap, tiers), language, time zone, the complaint
    phone, e-mail and web address, the address and the retention period.
    """
    shop = check_text("shop", settings.shop, SHOP_LENGTH)
    reward = check_text("reward", settings.reward, REWARD_LENGTH)
    for field in ("stamps", "cooldown", "cap"):
        NUMBERS[field].check(field, getattr(settings, field))
    bounds("prestamps", stamps=settings.stamps).check("prestamps", settings.prestamps)
    for tier in settings.tiers:
        if not (NUMBERS["tier_from"].low <= tier.min_rewards <= NUMBERS["tier_from"].high
                and NUMBERS["tier_bonus"].low <= tier.bonus <= NUMBERS["tier_bonus"].high):
            raise Refused(Kind.BAD_TIERS)
    program = dataclasses.replace(settings.program(), reward=reward)
    rules.validate_program(program)
    if settings.language not in languages.CODES:
        raise Refused(Kind.BAD_CHOICE, field="language", value=settings.language, choices=languages.CODES)
    cleaned = dataclasses.replace(
        settings, shop=shop, reward=reward,
        timezone=check_timezone(settings.timezone),
        complaints_phone=check_phone("phone", settings.complaints_phone),
        complaints_email=check_email("email", settings.complaints_email),
        complaints_url=check_url("url", settings.complaints_url),
        address=check_text("address", settings.address, ADDRESS_LENGTH, required=False),
        retention_months=NUMBERS["retention_months"].check("retention", settings.retention_months),
        card_url=check_card_url(settings.card_url),
        smtp=channels.check_smtp(settings.smtp), sender=channels.check_sender(settings.sender),
        sms_outbox=channels.check_outbox(settings.sms_outbox), sms_gateway=channels.check_gateway(settings.sms_gateway),
        referral_bonus=NUMBERS["referral_bonus"].check("referral_bonus", settings.referral_bonus),
        birthday_bonus=NUMBERS["birthday_bonus"].check("birthday_bonus", settings.birthday_bonus))
    return cleaned


def check_field(field: str, value: str) -> str:
    """One of the shop's printed texts checked alone, cleaned (``shop``, ``reward``, ``address``,
    ``phone``, ``email``, ``url``: the names refusals and ``printing.fit`` use); for a form
    that asks for them a page at a time, as the kiosk's first-run wizard does."""
    if field == "shop":
        return check_text(field, value, SHOP_LENGTH)
    if field == "reward":
        return check_text(field, value, REWARD_LENGTH)
    if field == "address":
        return check_text(field, value, ADDRESS_LENGTH, required=False)
    if field == "phone":
        return check_phone(field, value)
    if field == "email":
        return check_email(field, value)
    if field == "url":
        return check_url(field, value)
    raise ValueError(f"not a printed text of the shop: {field!r}")


def check_text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    """One line of printable text, trimmed: refuse empty (when required), too long or control characters."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for ch in value):
        raise Refused(Kind.BAD_CHARACTERS, field=field)
    text = " ".join(value.split())
    if required and not text:
        raise Refused(Kind.EMPTY, field=field)
    if len(text) > limit:
        raise Refused(Kind.TOO_LONG, field=field, limit=limit)
    return text


def check_phone(field: str, value: str) -> str:
    """A phone number ("" = none): digits with spaces, ``+ ( ) - . /``, and an extension
    (``ext. 12``, ``kl. 12``, ``доб. 12``, ``x12``); 3 to 20 digits in all."""
    text = check_text(field, value, PHONE_LENGTH, required=False)
    if not text:
        return ""
    digits = sum(ch.isdigit() for ch in text)
    low, high = PHONE_DIGITS
    if not _PHONE.match(text) or not low <= digits <= high or not text.isascii() and "доб" not in text.lower():
        raise Refused(Kind.BAD_FORMAT, field=field, value=text)
    return text


def check_email(field: str, value: str) -> str:
    """An e-mail address ("" = none): ``name@domain.tld``, letters of any script allowed."""
    text = check_text(field, value, EMAIL_LENGTH, required=False)
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    if (not at or not _EMAIL_LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local
            or len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or len(labels[-1]) < 2):
        raise Refused(Kind.BAD_FORMAT, field=field, value=text)
    return text


def check_url(field: str, value: str) -> str:
    """A web address ("" = none): ``http(s)://host.tld/...``; ``kocour.cz/x`` becomes ``https://kocour.cz/x``
    (a phone's camera opens a printed QR only with its scheme)."""
    text = check_text(field, value, URL_LENGTH, required=False)
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    match = _URL.match(text)
    host = match.group(2).rsplit(":", 1)[0] if match else ""
    port = match.group(2).rpartition(":")[2] if match and ":" in match.group(2) else ""
    labels = host.split(".")
    if (match is None or len(labels) < 2 or not all(_LABEL.match(label) for label in labels)
            or (port and not port.isdigit())):
        raise Refused(Kind.BAD_FORMAT, field=field, value=value.strip())
    return match.group(1).lower() + text[len(match.group(1)):]


def check_card_url(value: str) -> str:
    """The card page's address ("" = none): ``http(s)://host[:port][/path]``, no query, cleaned like
    :func:`check_url`, at most ``codes.CARD_URL_LENGTH`` characters (so a card's QR stays at
    version 4, level Q) and only characters a QR code's alphanumeric mode holds once upper-cased."""
    text = check_url("card_url", value)
    if not text:
        return ""
    text = text.rstrip("/")
    if len(text) > codes.CARD_URL_LENGTH:
        raise Refused(Kind.TOO_LONG, field="card_url", limit=codes.CARD_URL_LENGTH)
    if not set(text.upper()) <= codes.QR_ALPHANUMERIC or " " in text or "%" in text or "//" in text.partition("://")[2]:
        raise Refused(Kind.BAD_FORMAT, field="card_url", value=value.strip())
    return text


def check_timezone(value: str) -> str:
    """An IANA time zone name such as ``Europe/Prague`` or ``UTC`` ("" = the system's zone)."""
    text = value.strip()
    if not text:
        return ""
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise Refused(Kind.BAD_FORMAT, field="timezone", value=text) from exc
    return text
