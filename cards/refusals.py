"""Refusals are data: one exception type with an enum kind and typed fields.

``cards/`` and ``db/`` raise :class:`Refused` for every rule they enforce (a forged
code, a card in cooldown, a wrong PIN, a number out of range ...). The shells turn
it into a sentence in their own language: the command line's line (the terminal's language) in
``kiosk/sentences.py``, the screen's translated text in ``kiosk/app/refusal_text.py``.
No shell reads a refusal's text; ``str()`` of a refusal is for logs only.
"""

from __future__ import annotations

import datetime as dt
import enum


class Kind(enum.Enum):
    """Why something was refused. The value is the stable word the CLI's JSON carries."""

    # codes (no database needed)
    NOT_OURS = "not_ours"  # not a stamp card at all (a URL, a Wi-Fi code, garbage)
    DAMAGED = "damaged"  # ours, but incomplete or damaged
    BAD_SIGNATURE = "bad_signature"  # signed with another secret: forged or another shop's (field "chain": at
    # a chain station, which cannot tell that from a key it has not received yet)
    RETIRED_KEY = "retired_key"  # number (field "chain" at a chain station): a card not known here, signed with a
    # key the shop has retired
    UNKNOWN_KEY = "unknown_key"  # number: its batch's key has not reached this station yet (sync first)
    BAD_CHECK = "bad_check"  # a typed number whose check symbol does not match (a typo)
    # cards
    UNKNOWN_CARD = "unknown_card"  # number: valid, signed, but not in this database
    VOID = "void"  # number, batch: the card's batch was voided
    BLOCKED = "blocked"  # number
    TRANSFERRED = "transferred"  # number: its stamps moved to a new card
    SAME_CARD = "same_card"  # a transfer from a card to itself
    VOID_EMPTY = "void_empty"  # number, batch: a transfer from a void card that holds nothing
    # program rules
    COOLDOWN = "cooldown"  # minutes (since the last stamp), limit (the cooldown in minutes)
    CAP = "cap"  # limit (stamps per visit), asked
    NOT_FULL = "not_full"  # stamps, required, to_go
    NOTHING_TO_UNDO = "nothing_to_undo"
    ALREADY_UNDONE = "already_undone"
    UNDO_TOO_LATE = "undo_too_late"  # minutes (since the change), limit (the window in minutes)
    STAMPS_USED = "stamps_used"  # the stamps of the change to undo were already redeemed
    # values (a field and its allowed range or length)
    OUT_OF_RANGE = "out_of_range"  # field, low, high, value
    EMPTY = "empty"  # field
    TOO_LONG = "too_long"  # field, limit (characters)
    TEXT_TOO_LONG = "text_too_long"  # field, limit: does not fit its printed box
    BAD_CHARACTERS = "bad_characters"  # field: control characters or NUL
    BAD_CHOICE = "bad_choice"  # field, value, choices
    BAD_FORMAT = "bad_format"  # field, value: not a phone number, e-mail, web address, time zone or date
    BAD_TIERS = "bad_tiers"
    BAD_PIN_FORMAT = "bad_pin_format"  # low, high (digits)
    # people and PINs
    NO_PIN = "no_pin"  # an owner command without the owner PIN
    WRONG_PIN = "wrong_pin"  # tries_left
    LOCKED = "locked"  # until (aware, in the shop's zone: cards.clock.local), minutes (left)
    NO_STAFF = "no_staff"  # nobody with a PIN of that role is set up
    UNKNOWN_STAFF = "unknown_staff"  # field = the name
    STAFF_EXISTS = "staff_exists"  # field = the name
    LAST_OWNER = "last_owner"
    # the shop, batches, complaints
    NOT_INITIALISED = "not_initialised"
    ALREADY_INITIALISED = "already_initialised"
    NO_DATABASE = "no_database"  # field = the path or URL
    UNKNOWN_BATCH = "unknown_batch"  # batch
    ALREADY_VOID = "already_void"  # batch
    ALREADY_BLOCKED = "already_blocked"  # number
    UNKNOWN_COMPLAINT = "unknown_complaint"  # reference
    ALREADY_RESOLVED = "already_resolved"  # reference
    BAD_TOPIC = "bad_topic"  # value, choices
    NO_CONSENT = "no_consent"  # personal data without the customer's consent
    OFFLINE_REDEEM = "offline_redeem"  # redeeming is refused while a chain's hub is away
    NOT_IN_CHAIN = "not_in_chain"  # this station (field "" ) or the hub (field "hub") is not in a chain
    ALREADY_IN_CHAIN = "already_in_chain"  # this station already syncs with a hub
    HUB_NOT_EMPTY = "hub_not_empty"  # chain create on a PostgreSQL that already holds a chain
    STATION_TAKEN = "station_taken"  # field = the station name already in the chain
    UNKNOWN_CONFLICT = "unknown_conflict"  # reference = the conflict's key or id
    BAD_FILE = "bad_file"  # field = the path, value = what is wrong with it (the system's words)
    FOLDER_GIVEN = "folder_given"  # field = the path: a folder, where a file to write was asked for
    NO_FOLDER = "no_folder"  # field = the path, value = its folder, which is missing (a medium not plugged in?)
    CANNOT_WRITE = "cannot_write"  # field = the path, value = the system's words ("": no permission)
    DISK_DEVICE = "disk_device"  # field = the path: a block device (a disk), not a file on it
    FOREIGN_FILE = "foreign_file"  # field = the path: another program's file, not a stampcard database
    ROTATE_AT_HUB = "rotate_at_hub"  # this station is in a chain: the signing key is rotated on the hub
    NOT_NEW_CARD = "not_new_card"  # number: bring a friend needs a card with no paid stamps, not yet introduced


class Refused(Exception):
    """An operation refused by a rule; ``kind`` says which, the fields say the numbers.

    Every field is optional and typed; a kind's comment in :class:`Kind` says which
    fields it carries. ``str()`` gives ``kind(field=value, ...)`` for logs.
    """

    def __init__(self, kind: Kind, *, number: str = "", batch: int | None = None, field: str = "",
                 value: str = "", choices: tuple[str, ...] = (), low: int | None = None,
                 high: int | None = None, limit: int | None = None, asked: int | None = None,
                 minutes: int | None = None, until: dt.datetime | None = None,
                 tries_left: int | None = None, stamps: int | None = None, required: int | None = None,
                 to_go: int | None = None, reference: str = "") -> None:
        self.kind = kind
        self.number = number
        self.batch = batch
        self.field = field
        self.value = value
        self.choices = choices
        self.low = low
        self.high = high
        self.limit = limit
        self.asked = asked
        self.minutes = minutes
        self.until = until
        self.tries_left = tries_left
        self.stamps = stamps
        self.required = required
        self.to_go = to_go
        self.reference = reference
        super().__init__(kind)

    def fields(self) -> dict[str, object]:
        """The fields that are set (for JSON and logs)."""
        names = ("number", "batch", "field", "value", "choices", "low", "high", "limit", "asked", "minutes",
                 "until", "tries_left", "stamps", "required", "to_go", "reference")
        return {n: getattr(self, n) for n in names if getattr(self, n) not in (None, "", ())}

    def __str__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.fields().items())
        return f"{self.kind.value}({inner})"

    def __repr__(self) -> str:
        return f"Refused({self})"


def check_range(field: str, value: int, low: int, high: int) -> int:
    """Return ``value`` when ``low <= value <= high``, else refuse naming the range."""
    if not low <= value <= high:
        raise Refused(Kind.OUT_OF_RANGE, field=field, low=low, high=high, value=str(value))
    return value
