"""The operations that read and change data, by subject:

- ``db.ops.cards``: cards and stamps (look up, scan, stamp, redeem, undo, block, transfer, customer, history);
- ``db.ops.staff``: staff and PINs (the PIN check and its lockout);
- ``db.ops.batches``: batches of printed cards; ``db.ops.keys``: the shop's signing keys (rotation);
- ``db.ops.complaints``: complaints, suggestions and thanks;
- ``db.ops.reports``: the owner's report;
- ``db.ops.shop``: the shop and its program; ``db.ops.checks``: what every operation checks of typed text.

Every function takes an open ``Session`` as its first argument and never
commits: the caller wraps one user action in ``with database.sessions.begin()``
so each operation is exactly one transaction. Results are frozen dataclasses;
ORM objects never leave these modules. ``now`` is always passed in (aware UTC).
Callers use ``from db import ops`` and ``ops.stamp(...)``: the names are re-exported here (and the
four inner helpers other db modules build on: ``_find_card``, ``_usable``, ``_append``, ``_hash_pin``).
"""

from __future__ import annotations

from db.ops.checks import (  # noqa: F401
    CONTACT_LENGTH as CONTACT_LENGTH,
    CUSTOMER_NAME_LENGTH as CUSTOMER_NAME_LENGTH,
    CUSTOMER_PHONE_LENGTH as CUSTOMER_PHONE_LENGTH,
    LONG_TEXT_LENGTH as LONG_TEXT_LENGTH,
    MAX_ID as MAX_ID,
    NOTE_LENGTH as NOTE_LENGTH,
    STAFF_LENGTH as STAFF_LENGTH,
    STATION_LENGTH as STATION_LENGTH,
    check_id as check_id,
    checked_text as checked_text,
)
from db.ops.staff import (  # noqa: F401
    LOCKOUT as LOCKOUT,
    LOCKOUT_ATTEMPTS as LOCKOUT_ATTEMPTS,
    _hash_pin as _hash_pin,
    lock_holds as lock_holds,
    add_staff as add_staff,
    list_staff as list_staff,
    remove_staff as remove_staff,
    set_pin as set_pin,
    verify_pin as verify_pin,
)
from db.ops.shop import (  # noqa: F401
    ShopInfo as ShopInfo,
    get_program as get_program,
    get_shop as get_shop,
    init_shop as init_shop,
    is_initialised as is_initialised,
    update_program as update_program,
)
from db.ops.cards import (  # noqa: F401
    CardView as CardView,
    EventInfo as EventInfo,
    OpKind as OpKind,
    OpResult as OpResult,
    _append as _append,
    _find_card as _find_card,
    _usable as _usable,
    block_card as block_card,
    card_view as card_view,
    find_cards as find_cards,
    history as history,
    last_event as last_event,
    redeem as redeem,
    referral_bonus as referral_bonus,
    scan as scan,
    set_customer as set_customer,
    stamp as stamp,
    transfer as transfer,
    undo as undo,
)
from db.ops.batches import (  # noqa: F401
    BatchInfo as BatchInfo,
    batch_cards as batch_cards,
    create_batch as create_batch,
    list_batches as list_batches,
    sign_batch as sign_batch,
    void_batch as void_batch,
)
from db.ops.keys import (  # noqa: F401
    Rotated as Rotated,
    keyring as keyring,
    rotate_key as rotate_key,
    signing_secrets as signing_secrets,
    store_keyring as store_keyring,
)
from db.ops.complaints import (  # noqa: F401
    COMPLAINT_TOPICS as COMPLAINT_TOPICS,
    ComplaintView as ComplaintView,
    add_complaint as add_complaint,
    list_complaints as list_complaints,
    resolve_complaint as resolve_complaint,
)
from db.ops.reports import (  # noqa: F401
    Report as Report,
    report as report,
)
