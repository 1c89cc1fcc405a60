"""The user's files (issue 17): every ``--out`` by DESIGN.md's rules, exit codes, and the last tracebacks.

Real faults only: a tmpfs that fills, an immutable file, FIFOs, a Unix socket,
``/dev/null`` and ``/dev/full``, symlinks, a process killed with SIGKILL, damaged
bytes, a PostgreSQL port where nothing listens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards import clock, imagesize
from db import files, privacy
from tests.faults.conftest import OWNER_PIN, Run, fingerprint, one_line
from tests.faults.test_storage import ROOT, immutable, tmpfs

ROOT_DIR = Path(__file__).resolve().parents[2]
LEFTOVER = (".partial", ".restore-", "-wal", "-shm", "-journal")


def _cards(shop: Path, cli_run: Run, count: int = 3) -> list[str]:
    code, out, err = cli_run("batch", "create", "--count", str(count), "--pin", OWNER_PIN, "--json", db=shop)
    assert code == 0, err
    return list(json.loads(out)["codes"])


def _leftovers(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*")
                  if any(mark in p.name for mark in LEFTOVER))


def _out_commands(tmp: Path, card: str) -> dict[str, list[str]]:
    """Every command that writes to a path the user names (``--out``, ``--escpos``, ``--numbers``), writing into ``tmp``."""
    return {
        "backup": ["backup", "--out", str(tmp / "x.db"), "--pin", OWNER_PIN],
        "export csv": ["export", "visits", "--out", str(tmp / "v.csv"), "--pin", OWNER_PIN],
        "export xlsx": ["export", "cards", "--out", str(tmp / "c.xlsx"), "--pin", OWNER_PIN],
        "batch create": ["batch", "create", "--count", "2", "--out", str(tmp / "b.pdf"), "--pin", OWNER_PIN],
        "batch numbers": ["batch", "create", "--count", "2", "--numbers", str(tmp / "n.csv"), "--pin", OWNER_PIN],
        "batch reprint": ["batch", "reprint", "1", "--out", str(tmp / "r.pdf"), "--pin", OWNER_PIN],
        "receipt pdf": ["receipt", card, "--out", str(tmp / "r.pdf")],
        "receipt escpos": ["receipt", card, "--escpos", str(tmp / "r.bin")],
        "customer export": ["customer", "export", card, "--out", str(tmp / "p.json"), "--pin", OWNER_PIN],
    }


# --- files ---

def test_a_missing_out_folder_is_refused_naming_it_and_nothing_is_made(shop: Path, tmp_path: Path,
                                                                        cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    stick = tmp_path / "media" / "USB-STICK"  # not plugged in
    before = fingerprint(shop)
    for name, argv in _out_commands(stick, card).items():
        code, _, err = cli_run(*argv, db=shop)
        assert code == 3, (name, err)
        assert f"the folder {stick} does not exist" in one_line(err), (name, err)
        assert not (tmp_path / "media").exists(), name
        assert fingerprint(shop) == before, name  # a batch is not issued either


def test_backup_out_a_folder_is_exit_3_as_the_readme_says(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    code, _, err = cli_run("backup", "--out", str(tmp_path), "--pin", OWNER_PIN, db=shop)
    assert code == 3 and "is a folder" in one_line(err)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_character_device_is_written_through_never_replaced(shop: Path, tmp_path: Path, cli_run: Run,
                                                              device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    card = _cards(shop, cli_run)[0]
    before = os.stat(device)
    for name, argv in _out_commands(Path("/nonexistent"), card).items():
        argv = [device if a.startswith("/nonexistent/") else a for a in argv]
        code, _, err = cli_run(*argv, db=shop)
        after = os.stat(device)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev, (name, device)
        if device == "/dev/null":
            assert code == 0, (name, err)
        else:  # the full device: a storage fault, one line that names the device
            assert code == 4 and device in one_line(err) and ".partial" not in err, (name, code, err)
    assert not list(Path("/dev").glob(".*.partial"))


def _reader(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_written_through_and_stays_a_fifo(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for name, argv in _out_commands(Path("/nonexistent"), card).items():
        argv = [str(fifo) if a.startswith("/nonexistent/") else a for a in argv]
        got: list[bytes] = []
        thread = _reader(fifo, got)
        code, _, err = cli_run(*argv, db=shop)
        thread.join(10)
        assert code == 0, (name, err)
        assert stat.S_ISFIFO(fifo.stat().st_mode), name
        assert got and got[0], name
        if name == "backup":
            copy = tmp_path / "from-pipe.db"
            copy.write_bytes(got[0])
            assert files.quick_check(copy) == "ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "from-pipe.db", "pipe"]


def test_a_unix_socket_receives_the_bytes(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    path = tmp_path / "printer.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    got: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            chunks = []
            while data := connection.recv(65536):
                chunks.append(data)
            got.append(b"".join(chunks))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    card = _cards(shop, cli_run)[0]
    code, _, err = cli_run("receipt", card, "--escpos", str(path), db=shop)
    thread.join(10)
    server.close()
    assert code == 0, err
    assert stat.S_ISSOCK(path.stat().st_mode) and got and got[0].startswith(b"\x1b@")


def test_a_symlinks_target_is_written_and_the_link_stays(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    (tmp_path / "real").mkdir()
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "real" / "visits.csv")  # dangling until the first export
    for _ in range(2):
        code, _, err = cli_run("export", "visits", "--out", str(link), "--pin", OWNER_PIN, db=shop)
        assert code == 0, err
        assert link.is_symlink() and (tmp_path / "real" / "visits.csv").read_bytes().startswith(b"\xef\xbb\xbfvisit")
    gone = tmp_path / "gone.csv"
    gone.symlink_to(tmp_path / "nowhere" / "x.csv")
    code, _, err = cli_run("export", "visits", "--out", str(gone), "--pin", OWNER_PIN, db=shop)
    assert code == 3 and f"the folder {tmp_path / 'nowhere'} does not exist" in one_line(err)


@pytest.mark.skipif(not ROOT, reason="mounting a tmpfs needs root")
def test_a_file_on_a_full_disk_is_written_whole_or_not_at_all(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    _cards(shop, cli_run, 200)
    with tmpfs(tmp_path / "stick", "256k") as stick:
        old = stick / "cards.csv"
        old.write_bytes(b"the older export\n")
        (stick / "photos").write_bytes(b"\0" * (shutil.disk_usage(stick).free - 8192))  # a stick nearly full
        for argv in (["export", "cards", "--out", str(old)], ["backup", "--out", str(stick / "x.db")],
                     ["batch", "reprint", "1", "--out", str(stick / "r.pdf")]):
            code, _, err = cli_run(*argv, "--pin", OWNER_PIN, db=shop)
            assert code == 4, (argv, err)
            line = one_line(err)
            assert ".partial" not in line and "restore-" not in line, line
            assert old.read_bytes() == b"the older export\n"
            assert sorted(p.name for p in stick.iterdir()) == ["cards.csv", "photos"], argv


def test_no_temporary_file_stays_after_any_command(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    out = tmp_path / "out"
    out.mkdir()
    for argv in _out_commands(out, card).values():
        assert cli_run(*argv, db=shop)[0] == 0, argv
    for _ in range(2):
        code, _, err = cli_run("restore", str(out / "x.db"), "--pin", OWNER_PIN, db=shop)
        assert code == 0, err
    assert _leftovers(shop.parent, out) == []


def test_a_killed_commands_leftovers_are_swept_at_the_next_start(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    """A real process is SIGKILLed while it writes a file through ``db.files.writing`` and while it stages a restore."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from db import backup, files\n"
        "with files.writing(Path(sys.argv[1])) as stream:\n"
        "    stream.write(b'x' * 1000); stream.flush()\n"
        "    backup._stage(Path(sys.argv[2]), Path(sys.argv[1]).parent)\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n")
    copy = tmp_path / "copy.db"
    assert cli_run("backup", "--out", str(copy), "--pin", OWNER_PIN, db=shop)[0] == 0
    child = subprocess.Popen([sys.executable, "-c", script, str(shop.parent / "report.pdf"), str(copy)],
                             cwd=ROOT_DIR, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    assert _leftovers(shop.parent)  # the temporary file and the staging copy exist ...
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert _leftovers(shop.parent)  # ... and a SIGKILL leaves them
    code, _, err = cli_run("report", db=shop)  # the next start
    assert code == 0, err
    assert _leftovers(shop.parent) == [] and not (shop.parent / "report.pdf").exists()


def test_before_restore_copies_are_rotated(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    source = tmp_path / "source.db"
    assert cli_run("backup", "--out", str(source), "--pin", OWNER_PIN, db=shop)[0] == 0
    for _ in range(17):
        code, _, err = cli_run("restore", str(source), "--pin", OWNER_PIN, db=shop)
        assert code == 0, err
    kept = sorted((shop.parent / "backups").glob("before-restore-*.db"))
    assert len(kept) == 14


def test_customer_erase_cleans_the_backup_copies_that_hold_them(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    assert cli_run("card", "show", card, db=shop)[0] == 0
    code, _, err = cli_run("customer", "set", card, "--name", "Jiří Dvořák", "--phone", "+420 602 111 222",
                           "--consent", "--pin", OWNER_PIN, db=shop)
    assert code == 0, err
    folder = shop.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    copy = folder / "manual-20261206-101010.db"
    assert cli_run("backup", "--out", str(copy), "--pin", OWNER_PIN, db=shop)[0] == 0
    assert "Dvořák" in json.dumps(sqlite3.connect(copy).execute("SELECT name FROM customers").fetchall(),
                                  ensure_ascii=False)
    code, out, err = cli_run("customer", "erase", card, "--pin", OWNER_PIN, "--json", db=shop)
    assert code == 0, err
    data = json.loads(out)
    assert data["backups_cleaned"] == [str(copy)] and data["backups_holding"] == []
    held = copy.read_bytes()  # the phone whole ("602" alone is in a timestamp or an event id now and then)
    assert b"Dvo" not in held and b"602 111" not in held, [held[max(0, i - 40):i + 40] for i in
                                                          (held.find(b"Dvo"), held.find(b"602 111")) if i >= 0]
    assert files.quick_check(copy) == "ok"
    assert _leftovers(folder) == []
    assert sqlite3.connect(copy).execute("PRAGMA journal_mode").fetchone() == ("delete",)


# --- exit codes and sentences ---

def _flip_pages(data: bytes) -> bytes:
    page = int.from_bytes(data[16:18], "big") or 65536
    out = bytearray(data)
    for offset in range(page, len(out), 97):
        out[offset] ^= 0x5A
    return bytes(out)


OWNER_ARGV = (["settings"], ["settings", "set", "--shop", "X", "--pin", OWNER_PIN],
              ["export", "cards", "--out", "{tmp}/e.csv", "--pin", OWNER_PIN],
              ["customer", "erase", "K7Q2-9XJ4-MN3", "--pin", OWNER_PIN], ["batch", "list"],
              ["backup", "--out", "{tmp}/b.db", "--pin", OWNER_PIN], ["chain", "status"], ["autostart", "on",
              "--write-only", "--pin", OWNER_PIN], ["report"], ["complaint", "list", "--pin", OWNER_PIN])


def _owner_run(cli_run: Run, tmp_path: Path, db: Path | str) -> Iterator[tuple[list[str], int, str]]:
    for argv in OWNER_ARGV:
        argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
        code, _, err = cli_run(*argv, db=db)
        yield argv, code, err


def test_a_damaged_database_is_exit_4_for_every_command_with_one_unnested_sentence(
        shop: Path, tmp_path: Path, cli_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    damaged = tmp_path / "shop-copy.db"
    damaged.write_bytes(_flip_pages(shop.read_bytes()))
    for argv, code, err in _owner_run(cli_run, tmp_path, damaged):
        line = one_line(err)
        assert code == 4, (argv, err)
        assert line.count(" is damaged") == 1 and line.count("stampcard restore") == 1, line
    assert not (tmp_path / "config").exists()


def test_a_stopped_postgresql_is_exit_4_for_every_command_with_one_unnested_sentence(
        tmp_path: Path, cli_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    url = "postgresql+psycopg://stampcard@127.0.0.1:1/shop"  # nothing listens on port 1
    for argv, code, err in _owner_run(cli_run, tmp_path, url):
        line = one_line(err)
        if argv[0] == "backup":  # SQLite files only: pg_dump's job (bad usage)
            assert code == 2, err
            continue
        assert code == 4, (argv, err)
        assert line.count("cannot be reached") == 1 and "no stampcard database" not in line, line


@pytest.mark.skipif(not ROOT, reason="chattr +i and a tmpfs need root")
def test_a_read_only_or_full_database_is_exit_4_for_owner_commands(shop: Path, tmp_path: Path,
                                                                   cli_run: Run) -> None:
    with immutable(shop):
        code, _, err = cli_run("settings", "set", "--shop", "X", "--pin", OWNER_PIN, db=shop)
        assert code == 4 and "cannot be written" in one_line(err), err
        code, _, err = cli_run("settings", db=shop)  # reading still works
        assert code == 0, err
    with tmpfs(tmp_path / "small", "1m") as disk:
        db = disk / "shop.db"
        db.write_bytes(shop.read_bytes())
        (disk / "fill").write_bytes(b"\0" * (1024 * 1024 - db.stat().st_size - 4096))
        subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'rest'}", "bs=4k"], capture_output=True, check=False)
        code, _, err = cli_run("settings", "set", "--shop", "Y", "--pin", OWNER_PIN, db=db)
        assert code == 4 and "no stampcard database" not in one_line(err), err


def test_restore_onto_a_damaged_database_checks_the_backups_own_pin(shop: Path, tmp_path: Path,
                                                                    cli_run: Run) -> None:
    _cards(shop, cli_run, 2)
    good = tmp_path / "good.db"
    assert cli_run("backup", "--out", str(good), "--pin", OWNER_PIN, db=shop)[0] == 0
    damaged_bytes = _flip_pages(shop.read_bytes())
    shop.write_bytes(damaged_bytes)
    for name in ("-wal", "-shm"):
        shop.with_name(shop.name + name).unlink(missing_ok=True)
    code, _, err = cli_run("restore", str(good), "--pin", "9999", db=shop)
    assert code == 3 and "wrong" in one_line(err).lower(), err
    assert shop.read_bytes() == damaged_bytes
    code, _, err = cli_run("restore", str(good), db=shop)
    assert code == 3 and shop.read_bytes() == damaged_bytes
    code, out, err = cli_run("restore", str(good), "--pin", OWNER_PIN, "--json", db=shop)
    assert code == 0, err
    saved = Path(json.loads(out)["previous"])
    assert saved.read_bytes() == damaged_bytes  # the damaged file is kept, byte for byte
    assert files.quick_check(shop) == "ok" and cli_run("batch", "list", db=shop)[0] == 0
    assert _leftovers(shop.parent) == []


def test_init_refuses_another_programs_database_and_takes_an_empty_one(tmp_path: Path, cli_run: Run) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (x)")
    before = other.read_bytes()
    code, _, err = cli_run("init", "--shop", "K", "--owner-pin", OWNER_PIN, db=other)
    assert code == 3 and "another program's file" in one_line(err)
    assert other.read_bytes() == before
    text = tmp_path / "letter.txt"
    text.write_text("Dear shop, " * 100)
    code, _, err = cli_run("init", "--shop", "K", "--owner-pin", OWNER_PIN, db=text)
    assert code == 3 and text.read_text() == "Dear shop, " * 100
    empty = tmp_path / "empty.db"
    empty.touch()
    assert cli_run("init", "--shop", "K", "--owner-pin", OWNER_PIN, db=empty)[0] == 0
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).execute("PRAGMA user_version = 0").connection.close()
    assert cli_run("init", "--shop", "K", "--owner-pin", OWNER_PIN, db=blank)[0] == 0


# --- no traceback ---

@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Pacific/Kiritimati", "America/Los_Angeles", "UTC", ""])
def test_dates_from_year_1_to_9999_in_every_zone(tmp_path: Path, cli_run: Run, zone: str) -> None:
    db = tmp_path / "shop.db"
    assert cli_run("init", "--shop", "K", "--owner-pin", OWNER_PIN, "--timezone", zone, db=db)[0] == 0
    card = _cards(db, cli_run, 1)[0]
    assert cli_run("stamp", card, db=db)[0] == 0
    for day in ("0001-01-01", "0001-01-02", "9999-12-31"):
        code, out, err = cli_run("report", "--since", day, "--json", db=db)
        assert code == 0 and "Traceback" not in err, err
        assert json.loads(out)["visits"] == (1 if day.startswith("0001") else 0)
        for kind in ("visits", "cards", "complaints", "customers"):
            code, _, err = cli_run("export", kind, "--since", day, "--out", str(tmp_path / f"{kind}.csv"),
                                   "--pin", OWNER_PIN, db=db)
            assert code == 0, err


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.sampled_from(["Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", None]))
def test_a_days_start_is_defined_for_every_date_and_zone(day: object, zone: str | None) -> None:
    import datetime as dt

    assert isinstance(day, dt.date)
    start = clock.day_start(day, clock.zone(zone or ""))
    assert start.tzinfo is not None
    if day < dt.date.max:
        assert clock.day_start(day + dt.timedelta(days=1), clock.zone(zone or "")) >= start


def _tiff_far_header(path: Path) -> Path:
    import struct

    offset = 70_000  # the directory past the first 64 KB
    entries = [(256, 4, 1, 60000), (257, 4, 1, 60000), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 60000), (279, 4, 1, 3_600_000_000)]
    body = b"II*\x00" + struct.pack("<I", offset) + b"\0" * (offset - 8)
    body += struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\0" * 4
    path.write_bytes(body)
    return path


def _jpeg_long_headers(path: Path) -> Path:
    import struct

    segment = b"\xff\xe1" + struct.pack(">H", 65000) + b"\0" * 64998  # 128 KB of metadata before the frame
    path.write_bytes(b"\xff\xd8" + segment + segment + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 60000, 60000, 1)
                     + b"\x01\x11\x00\xff\xd9")
    return path


def test_every_image_opencv_refuses_is_one_refusal_never_a_traceback(shop: Path, tmp_path: Path,
                                                                     cli_run: Run) -> None:
    images = [
        _tiff_far_header(tmp_path / "far.tif"),
        _jpeg_long_headers(tmp_path / "long.jpg"),
        tmp_path / "big.pgm", tmp_path / "broken.pgm", tmp_path / "big.hdr", tmp_path / "big.pfm",
    ]
    images[2].write_bytes(b"P5\n# made by a test\n60000 60000\n255\n" + b"\0" * 1000)
    images[3].write_bytes(b"P5\n100 100\n255\n" + b"\0" * 10)
    images[4].write_bytes(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 60000 +X 60000\n" + os.urandom(2000))
    images[5].write_bytes(b"PF\n60000 60000\n-1.0\n" + os.urandom(2000))
    for image in images:
        code, out, err = cli_run("scan", str(image), "--json", db=shop)
        assert code == 3 and "Traceback" not in err and "cv2.error" not in err, (image, err)
        (result,) = json.loads(out)["results"]
        assert result["image"] == str(image) and result["kind"] in ("too_large", "bad_image"), result
    code, out, _ = cli_run("scan", *map(str, images), "--json", db=shop)
    assert code == 3 and len(out.strip().splitlines()) == 1 and len(json.loads(out)["results"]) == len(images)


def test_netpbm_headers_are_read(tmp_path: Path) -> None:
    assert imagesize.size(b"P5\n# c\n640 480\n255\n") == (640, 480)
    assert imagesize.size(b"P7\nWIDTH 10\nHEIGHT 20\nDEPTH 1\nMAXVAL 255\nENDHDR\n") == (10, 20)


@pytest.mark.parametrize("url", ["postgresql+psycopg://u@[::1", "postgresql+psycopg://u:secret@h:port/x",
                                 "nosuch://x", "://", "postgresql+psycopg://u@[::1]:99999999/x"])
def test_a_malformed_database_url_is_one_line_never_a_traceback(cli_run: Run, url: str) -> None:
    for argv in (["report"], ["settings"], ["stamp", "K7Q2-9XJ4-MN3"]):
        code, _, err = cli_run(*argv, db=url)
        line = one_line(err)
        assert code in (2, 4), (url, err)
        assert "secret" not in line


# --- data ---

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiouzrcsnAEIOUZRCSN áéíóúýčďěňřšťůžÁČŘŠŽßщжЁё-"), min_size=1, max_size=20))
def test_erasure_folds_every_normal_form_and_accents(name: str) -> None:
    assert privacy.fold(unicodedata.normalize("NFC", name)) == privacy.fold(unicodedata.normalize("NFD", name))
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    assert privacy.fold(plain) == privacy.fold(name)


@pytest.mark.parametrize("form", ["NFC", "NFD", "plain", "upper"])
def test_customer_erase_finds_the_name_in_any_form_in_complaints(shop: Path, cli_run: Run, form: str) -> None:
    card = _cards(shop, cli_run)[0]
    assert cli_run("card", "show", card, db=shop)[0] == 0
    assert cli_run("customer", "set", card, "--name", "Jiří Dvořák", "--consent", "--pin", OWNER_PIN, db=shop)[0] == 0
    name = {"NFC": unicodedata.normalize("NFC", "Jiří Dvořák"), "NFD": unicodedata.normalize("NFD", "Jiří Dvořák"),
            "plain": "Jiri Dvorak", "upper": "JIŘÍ DVOŘÁK"}[form]
    code, _, err = cli_run("complaint", "add", "--topic", "other", "--text", f"Čekal {name} 20 minut", db=shop)
    assert code == 0, err
    assert cli_run("customer", "erase", card, "--pin", OWNER_PIN, db=shop)[0] == 0
    (text,) = sqlite3.connect(shop).execute("SELECT text FROM complaints").fetchone()
    assert text == "Čekal [erased] 20 minut", text


def test_every_text_column_of_an_export_is_neutralised_the_station_included(shop: Path, tmp_path: Path,
                                                                            cli_run: Run) -> None:
    import openpyxl

    card = _cards(shop, cli_run)[0]
    evil = '=HYPERLINK("http://x.example","open")'
    code, _, err = cli_run("stamp", card, f"--station={evil}", "--staff=+1+1", db=shop)
    assert code == 0, err
    assert cli_run("complaint", "add", "--topic", "other", "--text", "@SUM(1)", "--station=-2+3", db=shop)[0] == 0
    for kind in ("visits", "complaints"):
        csv_out, xlsx_out = tmp_path / f"{kind}.csv", tmp_path / f"{kind}.xlsx"
        for out in (csv_out, xlsx_out):
            assert cli_run("export", kind, "--out", str(out), "--pin", OWNER_PIN, db=shop)[0] == 0
        for line in csv_out.read_text(encoding="utf-8-sig").splitlines()[1:]:
            for cell in line.split(","):
                assert cell.strip('"')[:1] not in ("=", "+", "-", "@"), line
        sheet = openpyxl.load_workbook(xlsx_out).active
        assert sheet is not None
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (kind, cell.value)


# --- pipes and contracts ---

def test_a_closed_pipe_ends_quietly_with_exit_0(shop: Path, cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    for argv in (["card", "show", card], ["batch", "list"], ["report"]):
        done = subprocess.run(f"{sys.executable} -m kiosk.cli {' '.join(argv)} --db {shop} | head -c 1; "
                              "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", cwd=ROOT_DIR,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stderr == "", (argv, done.returncode, done.stderr)


def test_autostart_on_keeps_db_and_station(shop: Path, tmp_path: Path, cli_run: Run,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(shop.parent)
    code, out, err = cli_run("autostart", "on", "--method", "systemd", "--write-only", "--pin", OWNER_PIN,
                             "--station", "Pult 2", "--json", db=shop.name)
    assert code == 0, err
    unit = (tmp_path / "config" / "systemd" / "user").glob("*.service")
    text = next(unit).read_text()
    assert f"--db {shop}" in text and '--station "Pult 2"' in text, text
    assert time.time()  # the unit's own restart rules are tests/kiosk/test_autostart.py's


@pytest.mark.skipif(not ROOT, reason="mounting needs root")
def test_a_read_only_mount_is_exit_4_for_owner_and_cashier_commands(shop: Path, tmp_path: Path,
                                                                    cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    with tmpfs(tmp_path / "ro", "4m") as disk:
        db = disk / "shop.db"
        db.write_bytes(shop.read_bytes())
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
        for argv in (["settings", "set", "--shop", "X", "--pin", OWNER_PIN], ["stamp", card],
                     ["customer", "erase", card, "--pin", OWNER_PIN], ["batch", "void", "1", "--pin", OWNER_PIN]):
            code, _, err = cli_run(*argv, db=db)
            line = one_line(err)
            assert code == 4, (argv, err)
            assert "no stampcard database" not in line and line.count("cannot be written") <= 1, line
        code, _, err = cli_run("settings", db=db)  # a WAL database cannot even be read there: one line, exit 4
        assert code in (0, 4) and "no stampcard database" not in err and "Traceback" not in err, err


def test_complaint_list_shows_contacts_only_with_the_owner_pin(shop: Path, cli_run: Run,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAMPCARD_PIN", raising=False)
    assert cli_run("complaint", "add", "--topic", "other", "--text", "cold", "--contact", "eva@example.cz",
                   db=shop)[0] == 0
    code, out, _ = cli_run("complaint", "list", "--json", db=shop)
    assert code == 0 and json.loads(out)["complaints"][0]["contact"] is None and "eva@" not in out
    code, out, _ = cli_run("complaint", "list", db=shop)
    assert code == 0 and "eva@" not in out
    code, out, _ = cli_run("complaint", "list", "--pin", OWNER_PIN, "--json", db=shop)
    assert code == 0 and json.loads(out)["complaints"][0]["contact"] == "eva@example.cz"
    code, _, err = cli_run("complaint", "list", "--pin", "9999", db=shop)
    assert code == 3 and "wrong" in one_line(err).lower()


def test_a_printer_device_that_is_not_plugged_in_is_never_created(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    card = _cards(shop, cli_run)[0]
    (tmp_path / "usb").mkdir()
    device = tmp_path / "usb" / "lp0"  # the folder is there, the printer is not
    code, _, err = cli_run("receipt", card, "--printer", str(device), db=shop)
    assert code == 1 and "not found" in err, err
    assert not device.exists()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([b"P5", b"P6", b"P7\n", b"\xff\xd8", b"II*\x00", b"MM\x00*", b"\x89PNG\r\n\x1a\n", b""]),
       st.binary(max_size=300))
def test_the_header_parser_never_raises(magic: bytes, rest: bytes) -> None:
    found = imagesize.size(magic + rest)
    assert found is None or (isinstance(found[0], int) and isinstance(found[1], int))


def test_an_older_stampcards_restore_leftover_is_swept_once_an_hour_old(tmp_path: Path) -> None:
    old = tmp_path / ".restore-k2j3h4.db"
    old.write_bytes(b"a copy with the secret")
    fresh = tmp_path / ".restore-x8y9z0.db"
    fresh.write_bytes(b"maybe in use")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    assert files.sweep(tmp_path) == [old] and fresh.exists()
