"""The `stampcard` command line end to end, in a temporary data folder."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cards import codes
from kiosk import cli

PIN = "1357"


class Cli:
    """Runs `stampcard` in-process against one database file."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *argv: str) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        code = cli.main([*argv, "--db", str(self.db), "--json"])
        out, err = self.capsys.readouterr()
        lines = [line for line in out.splitlines() if line.strip()]
        data = json.loads(lines[-1]) if lines else None
        return code, data, err

    def ok(self, *argv: str) -> Any:
        code, data, err = self(*argv)
        assert code == 0, err
        return data

    def refused(self, *argv: str) -> str:
        before = ledger(self.db)
        code, data, err = self(*argv)
        assert code == 3, (code, err)
        assert err.startswith("stampcard: refused:") and err.count("\n") == 1, err
        assert ledger(self.db) == before, "a refusal changed the ledger"
        return err


def ledger(db: Path) -> tuple[list[Any], ...]:
    """Every row of the ledger, the cards and the visits, to compare byte for byte."""
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                     for table in ("events", "cards", "visits", "batches", "complaints"))


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("STAMPCARD_PIN", PIN)  # owner commands take the PIN; tests of its absence unset it
    runner = Cli(tmp_path / "shop.db", capsys)
    runner.ok("init", "--shop", "Kavárna U Kocoura", "--stamps", "10", "--reward", "Káva zdarma",
              "--prestamps", "2", "--owner-pin", PIN, "--complaints-phone", "+420 777 123 456",
              "--complaints-email", "stiznosti@kocour.cz", "--complaints-url", "https://kocour.cz/ozvete-se")
    return runner


def test_whole_flow(run: Cli) -> None:
    batch = run.ok("batch", "create", "--count", "20", "--prestamps", "2")
    assert batch["count"] == 20 and len(set(batch["codes"])) == 20 and len(batch["cards"]) == 20
    code = batch["codes"][0]
    shown = run.ok("card", "show", code)
    assert shown["activated"] and shown["status"] == "active" and shown["stamps"] == 2
    for field in ("number", "status", "stamps", "stamps_required", "reward_ready", "rewards_redeemed", "tier"):
        assert field in shown
    for i in range(8):
        result = run.ok("stamp", code, "--force")
        assert result["stamps"] == 3 + i
    assert result["reward_ready"] and result["to_go"] == 0
    redeemed = run.ok("redeem", code)
    assert redeemed["stamps"] == 0 and redeemed["rewards_redeemed"] == 1 and redeemed["tier"] == "Silver"
    undone = run.ok("undo", code)
    assert undone["stamps"] == 10 and undone["rewards_redeemed"] == 0
    err = run.refused("undo", code)
    assert "already undone" in err
    # the printed number works too, in any case and without dashes
    by_number = run.ok("card", "show", batch["cards"][0].lower().replace("-", ""))
    assert by_number["stamps"] == 10 and not by_number["activated"]
    report = run.ok("report")
    assert report["visits"] == 8 and report["stamps"] == 8 and report["rewards_redeemed"] == 0


def test_extras_carry_over(run: Cli) -> None:
    code = run.ok("batch", "create", "--count", "1")["codes"][0]
    run.ok("stamp", code, "--count", "5")
    run.ok("stamp", code, "--count", "5", "--force")
    assert run.ok("redeem", code)["stamps"] == 2


def test_json_flag_before_or_after(run: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    code = run.ok("batch", "create", "--count", "1")["codes"][0]
    capsys.readouterr()
    assert cli.main(["--json", "--db", str(run.db), "card", "show", code, "--no-activate"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "issued"


def test_every_refusal_exits_3_and_writes_nothing(run: Cli) -> None:
    batch = run.ok("batch", "create", "--count", "3")
    good, _, blocked = batch["codes"]
    run.ok("stamp", good)
    number = batch["cards"][0].replace("-", "")
    wrong_check = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert "not one of this shop's cards" in run.refused("stamp", codes.format_number(codes.new_number()))
    assert "signature" in run.refused("stamp", good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert "typo" in run.refused("card", "show", codes.format_number(wrong_check))
    assert "not a stamp card" in run.refused("stamp", "https://example.com/")
    assert "cooldown" in run.refused("stamp", good)
    assert "at most 5" in run.refused("stamp", good, "--count", "6", "--force")
    assert "not full" in run.refused("redeem", good)
    assert "wrong PIN" in run.refused("batch", "void", str(batch["batch"]), "--pin", "0000")
    run.ok("card", "block", blocked, "--pin", PIN)
    assert "blocked" in run.refused("stamp", blocked, "--force")
    other = run.ok("batch", "create", "--count", "1")
    run.ok("batch", "void", str(other["batch"]), "--pin", PIN)
    assert "void" in run.refused("stamp", other["codes"][0])


def test_pin_lockout(run: Cli) -> None:
    batch = run.ok("batch", "create", "--count", "1")["batch"]
    for _ in range(4):
        assert "wrong PIN" in run.refused("batch", "void", str(batch), "--pin", "0000")
    assert "locked" in run.refused("batch", "void", str(batch), "--pin", "0000")
    assert "locked" in run.refused("batch", "void", str(batch), "--pin", PIN)


def test_bad_usage_exits_2(run: Cli) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["stamp"])
    assert exc.value.code == 2
    code, _, err = run("init", "--shop", "X", "--stamps", "1", "--owner-pin", PIN)
    assert code == 2 and "--stamps must be 2 to 50" in err


def test_complaints(run: Cli) -> None:
    added = run.ok("complaint", "add", "--topic", "service", "--text", "Nikdo nepozdravil")
    assert added["reference"].startswith("C-")
    assert [c["reference"] for c in run.ok("complaint", "list")["complaints"]] == [added["reference"]]
    assert run.ok("complaint", "resolve", added["reference"], "--note", "Omluva")["status"] == "resolved"
    run.refused("complaint", "resolve", added["reference"])
    run.refused("complaint", "add", "--topic", "weather")


def test_backup_restore(run: Cli, tmp_path: Path) -> None:
    code = run.ok("batch", "create", "--count", "1")["codes"][0]
    out = tmp_path / "backup.db"
    run.ok("backup", "--out", str(out))
    run.ok("stamp", code)
    restored = run.ok("restore", str(out), "--pin", PIN)
    assert restored["previous"]
    assert run.ok("card", "show", code, "--no-activate")["stamps"] == 2
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\0" * 4096)
    run.refused("restore", str(junk), "--pin", PIN)


def test_real_command_exit_codes(run: Cli) -> None:
    exe = shutil.which("stampcard") or str(Path(sys.executable).with_name("stampcard"))
    code = run.ok("batch", "create", "--count", "1")["codes"][0]
    shown = subprocess.run([exe, "card", "show", code, "--db", str(run.db), "--json"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and json.loads(shown.stdout)["stamps"] == 2
    forged = subprocess.run([exe, "--db", str(run.db), "stamp", code[:-1] + ("0" if code[-1] != "0" else "1")],
                            capture_output=True, text=True, timeout=60)
    assert forged.returncode == 3 and forged.stderr.startswith("stampcard: refused:")
    assert "Traceback" not in forged.stderr


def test_a_stamp_count_beyond_any_card_is_bad_usage(run: Cli) -> None:
    code = run.ok("batch", "create", "--count", "1")["codes"][0]
    status, _, err = run("stamp", code, "--count", "9000000000000000000")
    assert status == 2 and "--count must be 1 to 50" in err
    assert "at most 5 stamps per visit" in run.refused("stamp", code, "--count", "7")
