"""The command line's English sentence for every refusal kind.

The domain refuses with ``cards.refusals.Refused`` (a kind and typed fields); this
module is where the command line turns one into a line a person reads. The
touchscreen has its own translated sentences in ``kiosk/app/refusal_text.py``.
A test checks that every kind has a sentence here and there.
"""

from __future__ import annotations

from collections.abc import Callable

from cards import clock, codes
from cards.refusals import Kind, Refused

_FIELDS = {"stamps": "--stamps", "prestamps": "--prestamps", "cooldown": "--cooldown", "cap": "--cap",
           "count": "--count", "reward": "--reward", "shop": "--shop", "language": "--language",
           "timezone": "--timezone", "phone": "--complaints-phone", "email": "--complaints-email",
           "url": "--complaints-url", "address": "--address", "retention": "--retention-months",
           "customer_name": "--name", "customer_phone": "--phone", "customer_email": "--email",
           "birthday": "--birthday", "since": "--since", "card_url": "--card-url"}
_FORMATS = {"phone": "a phone number", "customer_phone": "a phone number", "email": "an e-mail address",
            "customer_email": "an e-mail address", "url": "a web address (https://...)",
            "card_url": "a web address (https://host or https://host/path, letters, digits and - . / only)",
            "timezone": "a time zone name (such as Europe/Prague)", "birthday": "a date (YYYY-MM-DD)",
            "since": "a date (YYYY-MM-DD)"}


def _card(exc: Refused) -> str:
    return f"card {codes.format_number(exc.number)}" if exc.number else "the card"


def _field(exc: Refused) -> str:
    return _FIELDS.get(exc.field, exc.field or "the value")


def _when(exc: Refused) -> str:
    return clock.time_text(exc.until) if exc.until is not None else "later"  # until: the shop's wall time


_SENTENCES: dict[Kind, Callable[[Refused], str]] = {
    Kind.NOT_OURS: lambda e: "not a stamp card",
    Kind.DAMAGED: lambda e: "the code is damaged or incomplete",
    Kind.BAD_SIGNATURE: lambda e: "the code's signature is wrong: this card was not issued by this shop",
    Kind.BAD_CHECK: lambda e: "the card number has a typo (its check character does not match)",
    Kind.UNKNOWN_CARD: lambda e: f"{_card(e)} is not one of this shop's cards",
    Kind.VOID: lambda e: f"{_card(e)} belongs to void batch {e.batch}",
    Kind.BLOCKED: lambda e: f"{_card(e)} is blocked",
    Kind.TRANSFERRED: lambda e: f"{_card(e)} was replaced; its stamps moved to a new card",
    Kind.SAME_CARD: lambda e: "the old and the new card are the same card",
    Kind.VOID_EMPTY: lambda e: f"{_card(e)} of void batch {e.batch} was never used: it holds nobody's stamps",
    Kind.COOLDOWN: lambda e: (f"stamped {e.minutes} min ago (cooldown {e.limit} min); "
                              "add --force to stamp again"),
    Kind.CAP: lambda e: f"at most {e.limit} stamps per visit (asked {e.asked})",
    Kind.NOT_FULL: lambda e: f"card not full yet: {e.stamps} of {e.required}, {e.to_go} to go",
    Kind.NOTHING_TO_UNDO: lambda e: "nothing to undo on this card",
    Kind.ALREADY_UNDONE: lambda e: "the last change was already undone",
    Kind.UNDO_TOO_LATE: lambda e: f"the last change was {e.minutes} min ago; undo works within {e.limit} minutes",
    Kind.STAMPS_USED: lambda e: "the stamps of that change were already used",
    Kind.OUT_OF_RANGE: lambda e: f"{_field(e)} must be {e.low} to {e.high}" + (f", not {e.value}" if e.value else ""),
    Kind.EMPTY: lambda e: f"{_field(e)} needs a text",
    Kind.TOO_LONG: lambda e: f"{_field(e)} is too long (at most {e.limit} characters)",
    Kind.TEXT_TOO_LONG: lambda e: (f"{_field(e)} does not fit on the printed card or receipt "
                                   f"(at most about {e.limit} characters)"),
    Kind.BAD_CHARACTERS: lambda e: f"{_field(e)} contains control characters",
    Kind.BAD_CHOICE: lambda e: f"{_field(e)} must be one of {', '.join(e.choices)}, not {e.value!r}",
    Kind.BAD_FORMAT: lambda e: f"{_field(e)} {e.value!r} is not {_FORMATS.get(e.field, 'valid')}",
    Kind.BAD_TIERS: lambda e: "tiers need distinct names (up to 20 characters), a threshold of 1 or more "
                              "and a bonus of 0 or more",
    Kind.BAD_PIN_FORMAT: lambda e: f"a PIN is {e.low} to {e.high} digits 0-9",
    Kind.NO_PIN: lambda e: "this is an owner command: give the owner PIN (--pin, STAMPCARD_PIN or the prompt)",
    Kind.WRONG_PIN: lambda e: ("wrong PIN" + (f" ({e.tries_left} tries left)" if e.tries_left is not None else "")),
    Kind.LOCKED: lambda e: f"too many wrong PINs: locked until {_when(e)} ({e.minutes} min)",
    Kind.NO_STAFF: lambda e: "no staff with a PIN is set up",
    Kind.UNKNOWN_STAFF: lambda e: f"no staff member called {e.field!r}",
    Kind.STAFF_EXISTS: lambda e: f"staff member {e.field!r} already exists",
    Kind.LAST_OWNER: lambda e: "the last owner cannot be removed",
    Kind.NOT_INITIALISED: lambda e: "no shop is set up yet: run `stampcard init` first",
    Kind.ALREADY_INITIALISED: lambda e: "this database already has a shop; use `stampcard settings set` to change it",
    Kind.NO_DATABASE: lambda e: f"no stampcard database at {e.field} (stampcard init creates one)",
    Kind.UNKNOWN_BATCH: lambda e: f"there is no batch {e.batch}",
    Kind.ALREADY_VOID: lambda e: f"batch {e.batch} is already void",
    Kind.ALREADY_BLOCKED: lambda e: f"{_card(e)} is already blocked",
    Kind.UNKNOWN_COMPLAINT: lambda e: f"there is no complaint {e.reference}",
    Kind.ALREADY_RESOLVED: lambda e: f"complaint {e.reference} is already resolved",
    Kind.BAD_TOPIC: lambda e: f"topic must be one of: {', '.join(e.choices)}",
    Kind.NO_CONSENT: lambda e: "personal details are kept only with the customer's consent (--consent)",
    Kind.OFFLINE_REDEEM: lambda e: "this shop does not redeem rewards while the chain's hub is unreachable",
    Kind.NOT_IN_CHAIN: lambda e: ("that PostgreSQL holds no chain: run `stampcard chain create` first"
                                  if e.field == "hub" else "this station is not in a chain: run `stampcard chain join`"),
    Kind.ALREADY_IN_CHAIN: lambda e: "this station already syncs with a hub",
    Kind.HUB_NOT_EMPTY: lambda e: "that PostgreSQL already holds a chain; join it with `stampcard chain join`",
    Kind.STATION_TAKEN: lambda e: f"a station called {e.field!r} is already in the chain; choose another name",
    Kind.UNKNOWN_CONFLICT: lambda e: f"there is no conflict {e.reference}",
    Kind.BAD_FILE: lambda e: f"{e.field}: {e.value}" if e.value else f"cannot use the file {e.field}",
}


def english(exc: Refused) -> str:
    """One English line for a refusal, from its kind and fields (never its text)."""
    maker = _SENTENCES.get(exc.kind)
    return maker(exc) if maker is not None else exc.kind.value.replace("_", " ")


def has_sentence(kind: Kind) -> bool:
    """True when ``kind`` has its own sentence (a test checks every kind)."""
    return kind in _SENTENCES
