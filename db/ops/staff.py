"""Staff and PINs: add, remove, new PIN, and the PIN check with its lockout."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards import clock, rules
from cards.refusals import Kind, Refused
from db.models import Shop, Staff
from db.ops.checks import STAFF_LENGTH, checked_text


LOCKOUT_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=5)


def _hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def add_staff(session: Session, *, name: str, role: str, pin: str) -> None:
    """Add a person with a role (owner or cashier) and a PIN."""
    if role not in ("owner", "cashier"):
        raise Refused(Kind.BAD_CHOICE, field="role", value=role, choices=("owner", "cashier"))
    rules.check_pin_format(pin)
    checked_text("name", name, STAFF_LENGTH)
    if session.scalar(select(Staff).where(Staff.name == name)) is not None:
        raise Refused(Kind.STAFF_EXISTS, field=name)
    salt = secrets.token_bytes(16)
    session.add(Staff(name=name, role=role, pin_salt=salt, pin_hash=_hash_pin(pin, salt)))


def set_pin(session: Session, *, name: str, pin: str) -> None:
    """Give a staff member a new PIN (and clear a lockout)."""
    rules.check_pin_format(pin)
    person = session.scalar(select(Staff).where(Staff.name == name))
    if person is None:
        raise Refused(Kind.UNKNOWN_STAFF, field=name)
    person.pin_salt = secrets.token_bytes(16)
    person.pin_hash = _hash_pin(pin, person.pin_salt)
    person.failed_attempts, person.locked_until = 0, None


def list_staff(session: Session) -> list[tuple[str, str]]:
    """(name, role) of everyone, owners first."""
    return [(s.name, s.role) for s in session.scalars(select(Staff).order_by(Staff.role.desc(), Staff.name))]


def remove_staff(session: Session, name: str) -> None:
    """Remove a staff member; the last owner cannot be removed."""
    person = session.scalar(select(Staff).where(Staff.name == name))
    if person is None:
        raise Refused(Kind.UNKNOWN_STAFF, field=name)
    owners = session.scalar(select(func.count()).select_from(Staff).where(Staff.role == "owner"))
    if person.role == "owner" and owners == 1:
        raise Refused(Kind.LAST_OWNER)
    session.delete(person)


def lock_holds(locked_until: dt.datetime, now: dt.datetime) -> bool:
    """A lock holds until its end, and never longer than ``LOCKOUT`` from now.

    A lock whose end lies more than ``LOCKOUT`` ahead was made under a clock that ran
    ahead (and was set right since): it is over, so no lockout lasts longer than its
    length in real time, whatever the clock did. (Setting the clock is no way around
    a lock that a clock running ahead would not also open.)
    """
    return now < locked_until <= now + LOCKOUT


def verify_pin(session: Session, pin: str, *, now: dt.datetime, role: str = "owner") -> str:
    """Return the name of the staff member with this PIN and at least ``role``.

    Lockouts count per person: a wrong PIN counts against the accounts of the
    prompt's own role (at a cashier prompt the cashiers, or the owners where
    there is no cashier), so a cashier's wrong tries never lock the owner. After
    5 wrong tries those accounts are locked for 5 minutes, and while every one of
    them is locked the prompt refuses even a right PIN (``Kind.LOCKED``) until
    the lock ends. The caller must commit even when this raises ``Refused`` (the
    failed-try counter is the one thing a refusal writes).
    """
    wanted = ("owner",) if role == "owner" else ("owner", "cashier")
    people = list(session.scalars(select(Staff).where(Staff.role.in_(wanted)).with_for_update()))
    if not people:
        raise Refused(Kind.NO_STAFF)
    counted = [p for p in people if p.role == role] or people

    def is_locked(person: Staff) -> bool:
        return person.locked_until is not None and lock_holds(person.locked_until, now)

    if all(is_locked(p) for p in counted):
        raise _locked(session, counted, now)
    for person in people:
        if is_locked(person):
            continue
        if hmac.compare_digest(_hash_pin(pin, person.pin_salt), person.pin_hash):
            person.failed_attempts, person.locked_until = 0, None
            return person.name
    for person in counted:
        if is_locked(person):
            continue
        person.failed_attempts += 1
        if person.failed_attempts >= LOCKOUT_ATTEMPTS:
            person.failed_attempts, person.locked_until = 0, now + LOCKOUT
    if all(is_locked(p) for p in counted):
        raise _locked(session, counted, now)
    left = min(LOCKOUT_ATTEMPTS - p.failed_attempts for p in counted if not is_locked(p))
    raise Refused(Kind.WRONG_PIN, tries_left=left)


def _locked(session: Session, people: list[Staff], now: dt.datetime) -> Refused:
    """The lockout refusal; ``until`` is the instant in the shop's zone, so every shell reads the shop's wall time."""
    until = min(p.locked_until for p in people if p.locked_until is not None)
    minutes = max(1, -int(-(until - now).total_seconds() // 60))
    where = session.scalar(select(Shop.timezone).where(Shop.id == 1)) or ""
    return Refused(Kind.LOCKED, until=clock.local(until, where), minutes=minutes)
