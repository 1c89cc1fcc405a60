"""``stampcard secret rotate`` as a real process: the owner PIN, the confirmation, the exit codes, and what a
rotation changes for the cards (old ones work, the old secret mints nothing, ``scan`` says so too)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import cv2

from cards import codes
from tests.helpers import synthetic

ROOT = Path(__file__).resolve().parents[2]
PIN = "2468"


def stampcard(db: Path, *args: str, pin: str | None = PIN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STAMPCARD_PIN"}
    env.update({"LANGUAGE": "en", "LC_ALL": "C.UTF-8"})
    if pin is not None:
        env["STAMPCARD_PIN"] = pin
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args, "--db", str(db)], capture_output=True,
                          text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, timeout=120, check=False)


def _rows(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as connection:
        cards, events, keys = connection.execute("SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM "
                                                 "events), (SELECT count(*) FROM shop_keys)").fetchone()
    return int(cards), int(events), int(keys)


def test_secret_rotate_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    assert stampcard(db, "init", "--shop", "Kavárna", "--stamps", "10", "--reward", "Káva", "--prestamps", "2",
                     "--owner-pin", PIN).returncode == 0
    made = stampcard(db, "batch", "create", "--count", "2", "--out", str(tmp_path / "old.pdf"), "--json")
    old = json.loads(made.stdout)["codes"]
    with sqlite3.connect(db) as connection:
        old_secret = connection.execute("SELECT secret FROM shop_keys WHERE id = 1").fetchone()[0]
    before = _rows(db)

    nopin = stampcard(db, "secret", "rotate", "--yes", pin=None)
    wrong = stampcard(db, "secret", "rotate", "--yes", pin="1357")
    unconfirmed = stampcard(db, "secret", "rotate")  # no terminal to ask at, no --yes
    for done, code in ((nopin, 3), (wrong, 3), (unconfirmed, 2)):
        assert done.returncode == code and done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr
    assert "owner" in nopin.stderr and "wrong PIN" in wrong.stderr and "--yes" in unconfirmed.stderr
    assert _rows(db) == before  # nothing changed

    rotated = stampcard(db, "secret", "rotate", "--yes", "--json")
    assert rotated.returncode == 0, rotated.stderr
    data = json.loads(rotated.stdout)
    assert (data["key"], data["retired"], data["old_batches"]) == (2, 1, 1) and "rotated_at" in data
    assert _rows(db)[2] == 2

    assert stampcard(db, "stamp", old[0]).returncode == 0  # printed before: works
    new = json.loads(stampcard(db, "batch", "create", "--count", "1", "--out", str(tmp_path / "new.pdf"),
                               "--json").stdout)["codes"][0]
    shown = stampcard(db, "card", "show", new, "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["stamps"] == 2
    reprinted = stampcard(db, "batch", "reprint", "1", "--out", str(tmp_path / "again.pdf"), "--json")
    assert json.loads(reprinted.stdout)["codes"] == old  # the same codes as on paper

    listed = json.loads(stampcard(db, "batch", "list", "--json").stdout)["batches"]
    assert [(b["batch"], b["key"]) for b in listed] == [(2, 2), (1, 1)]  # which batches a retired key signed

    minted = codes.make_payload(codes.new_number(), old_secret)
    before = _rows(db)
    refused = stampcard(db, "stamp", minted)
    assert refused.returncode == 3 and len(refused.stderr.strip().splitlines()) == 1
    assert "retired key" in refused.stderr and "Traceback" not in refused.stderr
    as_json = stampcard(db, "card", "show", minted, "--json")
    assert as_json.returncode == 3
    assert _rows(db) == before

    image = tmp_path / "minted.png"
    cv2.imwrite(str(image), synthetic.qr_image(minted, module_px=5))
    scanned = stampcard(db, "scan", str(image), "--json")
    (line,) = json.loads(scanned.stdout)["results"]
    assert scanned.returncode == 3 and line["kind"] == "retired_key" and "code" not in line
    old_image = tmp_path / "old.png"
    cv2.imwrite(str(old_image), synthetic.qr_image(old[1], module_px=5))
    scanned = stampcard(db, "scan", str(old_image), "--json")
    assert scanned.returncode == 0 and json.loads(scanned.stdout)["results"][0]["verified"] is True
