"""Reading and changing the shop's settings, checked by ``cards.settings`` (one rule set).

The signing secret is never part of a setting: :func:`get` does not return it,
:func:`update` cannot change it. Like every op, these take the caller's session
and never commit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards import rules
from cards import settings as rule_set
from cards.refusals import Kind, Refused
from db import ops
from db.models import Batch, Card, ProgramRow, Shop, StationSetting

SHOP_WIDE = "*"
"""The ``station_settings`` station that holds shop-wide values the ``shop`` table has no column for."""


@dataclass(frozen=True)
class Update:
    """A change of settings: before, after, and what it means for the cards in use."""

    before: rule_set.ShopSettings
    after: rule_set.ShopSettings
    cards_in_use: int  # active cards of batches that are not void
    cards_ready: int  # of those, how many hold a reward under the new stamps count

    @property
    def changed(self) -> tuple[str, ...]:
        """The names of the fields whose value changed."""
        return tuple(name for name in rule_set.FIELDS if getattr(self.before, name) != getattr(self.after, name))


def _rows(session: Session) -> tuple[Shop, ProgramRow]:
    shop, program = session.get(Shop, 1), session.get(ProgramRow, 1)
    if shop is None or program is None:
        raise Refused(Kind.NOT_INITIALISED)
    return shop, program


def get(session: Session) -> rule_set.ShopSettings:
    """The shop's settings now (never the secret)."""
    shop, row = _rows(session)
    program = ops.get_program(session)
    return rule_set.ShopSettings(
        shop=shop.name, reward=row.reward, stamps=row.stamps_required, prestamps=row.prestamps,
        cooldown=row.cooldown_minutes, cap=row.max_per_visit, language=shop.language, timezone=shop.timezone,
        complaints_phone=shop.complaints_phone, complaints_email=shop.complaints_email,
        complaints_url=shop.complaints_url, address=shop.address, retention_months=shop.retention_months,
        tiers=program.tiers, card_url=_shop_value(session, "card_url"), smtp=shop.smtp_url, sender=shop.sender,
        sms_outbox=shop.sms_outbox, sms_gateway=shop.sms_gateway, referral_bonus=shop.referral_bonus,
        birthday_bonus=shop.birthday_bonus)


def card_url(session: Session) -> str:
    """The card page's address (``settings set --card-url``), "" when there is none."""
    return _shop_value(session, "card_url")


def _shop_value(session: Session, key: str) -> str:
    row = session.get(StationSetting, (SHOP_WIDE, key))
    return row.value if row is not None else ""


def _set_shop_value(session: Session, key: str, value: str) -> None:
    row = session.get(StationSetting, (SHOP_WIDE, key))
    if row is None:
        session.add(StationSetting(station=SHOP_WIDE, key=key, value=value))
    else:
        row.value = value


def _write(session: Session, settings: rule_set.ShopSettings) -> None:
    shop, row = _rows(session)
    shop.name, shop.language, shop.timezone, shop.address = (settings.shop, settings.language, settings.timezone,
                                                             settings.address)
    shop.complaints_phone, shop.complaints_email, shop.complaints_url = (
        settings.complaints_phone, settings.complaints_email, settings.complaints_url)
    shop.retention_months = settings.retention_months
    if settings.card_url != _shop_value(session, "card_url"):
        _set_shop_value(session, "card_url", settings.card_url)
    shop.smtp_url, shop.sender, shop.sms_outbox, shop.sms_gateway = (settings.smtp, settings.sender,
                                                                     settings.sms_outbox, settings.sms_gateway)
    shop.referral_bonus, shop.birthday_bonus = settings.referral_bonus, settings.birthday_bonus
    ops.update_program(session, settings.program())


def update(session: Session, **changes: object) -> Update:
    """Change some settings (``None`` keeps a value); the whole result is checked before anything is written.

    A new ``stamps`` count applies to every card at once: a card keeps the
    stamps it holds (nothing earned is taken away), and is ready for its reward
    when it holds the new count. The result says how many cards in use that
    touches.
    """
    before = get(session)
    after = rule_set.validate(rule_set.changed(before, **changes))
    _write(session, after)
    in_use = (select(func.count()).select_from(Card).join(Batch, Card.batch_id == Batch.id)
              .where(Card.status == "active", Batch.status != "void"))
    ready = session.scalar(in_use.where(Card.stamps >= after.stamps)) or 0
    return Update(before, after, session.scalar(in_use) or 0, ready)


def init_shop(session: Session, settings: rule_set.ShopSettings, *, owner_pin: str,
              secret: bytes | None = None) -> rule_set.ShopSettings:
    """Set up a new shop from checked settings and the owner's PIN (only once); the secret is made here."""
    checked = rule_set.validate(settings)
    rules.check_pin_format(owner_pin)
    ops.init_shop(session, name=checked.shop, program=checked.program(), owner_pin=owner_pin,
                  address=checked.address, phone=checked.complaints_phone, email=checked.complaints_email,
                  url=checked.complaints_url, language=checked.language, secret=secret)
    _write(session, checked)
    return get(session)


def as_dict(settings: rule_set.ShopSettings) -> dict[str, object]:
    """The settings as plain JSON values (tiers as a list of objects); there is no secret to leave out."""
    data = dataclasses.asdict(settings)
    data["tiers"] = [{"name": t.name, "min_rewards": t.min_rewards, "bonus": t.bonus} for t in settings.tiers]
    return data
