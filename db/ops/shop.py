"""The shop and its program: set up once, read by every operation."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cards import codes, rules
from cards.refusals import Kind, Refused
from db.models import ProgramRow, Shop, ShopKey
from db.ops.checks import _check_language
from db.ops.staff import add_staff


@dataclass(frozen=True)
class ShopInfo:
    name: str
    address: str
    phone: str
    email: str
    url: str
    language: str
    secret: bytes
    logo_path: str = ""
    timezone: str = ""  # the shop's zone for people's times (cards.clock; "" = the system's)


def _program_from_row(row: ProgramRow) -> rules.Program:
    tiers = tuple(rules.Tier(t["name"], int(t["min_rewards"]), int(t.get("bonus", 0)))
                  for t in json.loads(row.tiers_json))
    return rules.Program(row.stamps_required, row.prestamps, row.reward, tiers,
                         row.cooldown_minutes, row.max_per_visit)


def _tiers_json(tiers: tuple[rules.Tier, ...]) -> str:
    return json.dumps([{"name": t.name, "min_rewards": t.min_rewards, "bonus": t.bonus} for t in tiers])


def is_initialised(session: Session) -> bool:
    """True once the shop has been set up."""
    return session.get(Shop, 1) is not None


def init_shop(session: Session, *, name: str, program: rules.Program, owner_pin: str,
              address: str = "", phone: str = "", email: str = "", url: str = "",
              language: str = "en", owner_name: str = "owner", secret: bytes | None = None) -> ShopInfo:
    """Set up the shop, its program and the owner's PIN (only once)."""
    if is_initialised(session):
        raise Refused(Kind.ALREADY_INITIALISED)
    if not name.strip():
        raise Refused(Kind.EMPTY, field="shop")
    _check_language(language)
    rules.validate_program(program)
    rules.check_pin_format(owner_pin)
    key = secret or codes.new_secret()
    session.add(Shop(id=1, name=name.strip(), address=address, complaints_phone=phone,
                     complaints_email=email, complaints_url=url, language=language, secret=key))
    session.add(ShopKey(id=1, secret=key))  # the first signing key (db/ops/keys.py: rotation adds the next)
    session.add(ProgramRow(id=1, stamps_required=program.stamps_required, prestamps=program.prestamps,
                           reward=program.reward, tiers_json=_tiers_json(program.tiers),
                           cooldown_minutes=program.cooldown_minutes, max_per_visit=program.max_per_visit))
    add_staff(session, name=owner_name, role="owner", pin=owner_pin)
    return get_shop(session)


def get_shop(session: Session) -> ShopInfo:
    """The shop's settings, including the signing secret."""
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    return ShopInfo(shop.name, shop.address, shop.complaints_phone, shop.complaints_email,
                    shop.complaints_url, shop.language, shop.secret, shop.logo_path, shop.timezone)


def get_program(session: Session) -> rules.Program:
    """The loyalty program's rules."""
    row = session.get(ProgramRow, 1)
    if row is None:
        raise Refused(Kind.NOT_INITIALISED)
    return _program_from_row(row)


def update_program(session: Session, program: rules.Program) -> rules.Program:
    """Replace the program's rules (validated first). Existing balances are kept."""
    rules.validate_program(program)
    row = session.get(ProgramRow, 1)
    if row is None:
        raise Refused(Kind.NOT_INITIALISED)
    row.stamps_required, row.prestamps, row.reward = program.stamps_required, program.prestamps, program.reward
    row.tiers_json = _tiers_json(program.tiers)
    row.cooldown_minutes, row.max_per_visit = program.cooldown_minutes, program.max_per_visit
    return program
