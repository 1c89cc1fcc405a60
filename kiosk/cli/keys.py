"""``stampcard secret rotate``: a new signing key for new batches (owner).

The old key is retired, not forgotten: the cards printed under it keep working
(``cards.keys``), and a card not known here is accepted only with the new key's
signature, so whoever copied the old secret (a stolen kiosk) cannot mint new cards.
A chain rotates on its hub instead (``stampcard chain rotate-secret --hub ADMIN_URL``,
``kiosk/cli/chain.py``); each station takes the new key at its next sync.

The rotation asks to be confirmed: ``--yes``, or an answer at the prompt on a terminal;
without either nothing changes (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cards.refusals import Kind, Refused
from db import chain_station, ops
from kiosk import sentences
from kiosk.cli import common

Context = common.Context


def confirmed(args: argparse.Namespace) -> None:
    """Go on when ``--yes`` was given or the person typed the word at the prompt; else bad usage (exit 2)."""
    if getattr(args, "yes", False):
        return
    w = sentences.user()
    word = w.gettext("rotate")
    if sys.stdin.isatty() and sys.stderr.isatty():
        print(w.gettext("New batches will be signed with a new key; cards printed before keep working, and a "
                        "copy of the old secret can no longer make new cards."), file=sys.stderr)
        try:
            answer = input(w.gettext("Type %(word)s to rotate the key: ", word=word))
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() == word.lower():
            return
    raise common.Usage(w.gettext("not confirmed (answer at the prompt, or pass --yes): nothing changed"))


def cmd_rotate(args: argparse.Namespace, ctx: Context) -> int:
    """Owner: a new current signing key; the old one only verifies the cards printed under it."""
    if not ctx.has_db():
        raise Refused(Kind.NO_DATABASE, field=ctx.db_url)
    common.require_owner(ctx, args)
    with ctx.open_db().sessions.begin() as session:  # refused at a chain station before anything is asked
        if chain_station.chain_state(session) is not None:
            raise Refused(Kind.ROTATE_AT_HUB)
    confirmed(args)
    with ctx.open_db().sessions.begin() as session:
        done = ops.rotate_key(session, now=common.utcnow())
    ctx.emit({"key": done.key, "retired": done.retired, "rotated_at": done.at.isoformat(),
              "old_batches": done.old_batches},
             sentences.user().gettext("Signing key %(key)d signs new batches from now on; key %(old)d is retired "
                                      "and only verifies the cards printed before.", key=done.key, old=done.retired))
    return common.EXIT_OK


def register(sub: Any, command: Any) -> None:
    """Add ``secret rotate`` to the ``stampcard`` parser."""
    secret = sub.add_parser("secret", help="the shop's signing key: rotate it")
    ssub = secret.add_subparsers(dest="secret_command", required=True, metavar="ACTION")
    p = command(ssub, "rotate", cmd_rotate,
                "owner: a new signing key for new batches; cards printed before keep working")
    p.add_argument("--yes", action="store_true", help="confirm without the prompt")
    p.add_argument("--pin", default=None, help="owner PIN (or STAMPCARD_PIN, or asked)")
