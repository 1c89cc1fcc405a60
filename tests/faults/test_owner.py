"""The owner's authority: every owner command without the PIN is refused, a locked PIN stays locked."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest

from cards import refusals
from db import engine, ops
from db.models import utcnow
from kiosk import cli
from tests.faults.conftest import OWNER_PIN, Run, fingerprint, one_line


PIN_OPTIONAL = {"settings", "complaint list", "chain status", "chain conflicts"}  # read-only: --pin accepted


def _owner_commands() -> dict[str, list[str]]:
    """Every command whose parser takes ``--pin`` (an owner command), with its positional and required args."""
    found: dict[str, list[str]] = {}

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, [*words, name])
        options = {o for a in parser._actions for o in a.option_strings}
        if "--pin" in options and " ".join(words) not in PIN_OPTIONAL:
            found[" ".join(words)] = [a.dest for a in parser._actions
                                      if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]

    walk(cli.build_parser(), [])
    return found


def test_every_owner_command_is_refused_without_the_pin(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    with engine.open_database(engine.sqlite_url(shop)).sessions.begin() as session:
        batch = ops.create_batch(session, count=3, now=utcnow())
        complaint = ops.add_complaint(session, topic="other", text="cold", now=utcnow())
    good_backup = tmp_path / "good.db"
    assert cli_run("backup", "--out", str(good_backup), "--pin", OWNER_PIN, db=shop)[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    card_a, card_b = batch.codes[0], batch.codes[1]
    known = {
        "batch create": ["--count", "5", "--out", str(out / "b.pdf"), "--numbers", str(out / "n.csv")],
        "batch reprint": [str(batch.id), "--out", str(out / "r.pdf")],
        "batch void": [str(batch.id)],
        "card block": [card_a],
        "card transfer": [card_a, card_b],
        "complaint resolve": [complaint.reference],
        "backup": ["--out", str(out / "x.db")],
        "restore": [str(good_backup)],
        "autostart": ["on"],
        "settings set": ["--shop", "Other"],
        "export": ["cards", "--out", str(out / "e.csv")],
        "customer set": [card_a, "--name", "Eva", "--consent"],
        "customer export": [card_a],
        "customer erase": [card_a],
        "chain create": ["--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        "chain join": ["--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--station", "b"],
        "chain resolve": ["1"],
        "chain set": ["--offline-redeem", "refuse"],
        "chain add-station": ["b", "--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        "chain retire": ["b", "--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        "chain rotate-secret": ["--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--yes"],
        "chain upgrade": ["--hub", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        "secret rotate": ["--yes"],
    }
    commands = _owner_commands()
    assert {"batch create", "batch reprint", "batch void", "card block", "card transfer", "complaint resolve",
            "backup", "restore"} <= set(commands)
    before, files = fingerprint(shop), sorted(shop.parent.rglob("*"))
    for command, positionals in commands.items():
        argv = [*command.split(), *known.get(command, ["1"] * len(positionals))]
        code, stdout, err = cli_run(*argv, db=shop)
        assert code == 3, (command, code, err)
        line = one_line(err)
        # joining refuses a database that already has a shop, and listing the stations one that is in no chain,
        # before the PIN (each says so and reveals nothing)
        if command not in ("chain join", "chain stations"):
            assert line == "stampcard: refused: this is an owner command: give the owner PIN " \
                           "(--pin, STAMPCARD_PIN or the prompt)", (command, err)
        assert fingerprint(shop) == before, command
        assert sorted(shop.parent.rglob("*")) == files and not any(out.iterdir()), command


def test_a_locked_pin_refuses_the_right_pin_until_the_lock_ends(shop: Path, cli_run: Run) -> None:
    database = engine.open_database(engine.sqlite_url(shop))
    with database.sessions.begin() as session:
        batch = ops.create_batch(session, count=1, now=utcnow())
    for _ in range(ops.LOCKOUT_ATTEMPTS):
        code, _, err = cli_run("batch", "void", str(batch.id), "--pin", "0000", db=shop)
        assert code == 3
    before = fingerprint(shop)
    code, _, err = cli_run("batch", "void", str(batch.id), "--pin", OWNER_PIN, db=shop)
    assert code == 3 and "locked until" in one_line(err)
    assert fingerprint(shop) == before
    later = utcnow() + ops.LOCKOUT + dt.timedelta(seconds=1)
    with database.sessions.begin() as session:  # the lock ends: the right PIN works again
        assert ops.verify_pin(session, OWNER_PIN, now=later) == "owner"
    database.close()


def test_a_cashiers_wrong_tries_never_lock_the_owner(shop: Path, cli_run: Run) -> None:
    database = engine.open_database(engine.sqlite_url(shop))
    with database.sessions.begin() as session:
        ops.add_staff(session, name="Jana", role="cashier", pin="1111")
    now = utcnow()
    for _ in range(ops.LOCKOUT_ATTEMPTS + 3):
        with database.sessions.begin() as session:
            with pytest.raises(refusals.Refused) as refused:
                ops.verify_pin(session, "9999", now=now, role="cashier")
    assert refused.value.kind is refusals.Kind.LOCKED
    with database.sessions.begin() as session:  # the cashier prompt is locked, even for the right cashier PIN
        with pytest.raises(refusals.Refused, match="locked"):
            ops.verify_pin(session, "1111", now=now, role="cashier")
    with database.sessions.begin() as session:
        assert ops.verify_pin(session, OWNER_PIN, now=now, role="owner") == "owner"
    database.close()
    code, _, err = cli_run("batch", "create", "--count", "2", "--pin", OWNER_PIN, db=shop)
    assert code == 0, err


@pytest.mark.parametrize("pin", ["²³¹⁴", "١٢٣٤", "12a4", "123", "123456789", " 1234"])
def test_a_pin_is_4_to_8_ascii_digits(tmp_path: Path, cli_run: Run, pin: str) -> None:
    db = tmp_path / "new" / "shop.db"
    code, _, err = cli_run("init", "--shop", "X", "--owner-pin", pin, db=db)
    assert code == 3 and "a PIN is 4 to 8 digits 0-9" in one_line(err)
    assert not (tmp_path / "new").exists()


def test_cashier_commands_need_no_owner_pin(shop: Path, cli_run: Run) -> None:
    with engine.open_database(engine.sqlite_url(shop)).sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=utcnow()).codes[0]
    for argv in (["card", "show", code], ["stamp", code], ["undo", code],
                 ["complaint", "add", "--topic", "other", "--text", "ok"], ["receipt", code, "--out",
                                                                             str(shop.parent / "r.pdf")]):
        status, _, err = cli_run(*argv, db=shop)
        assert status == 0, (argv, err)
