"""Where files live and who may read them; never a new shop by accident; backup and restore lose nothing."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from db import backup, engine, errors, migrate, ops
from db.models import utcnow
from kiosk import config
from tests.db.test_upgrade import make_0001
from tests.faults.conftest import OWNER_PIN, Run, fingerprint, one_line


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_is_0600_in_a_0700_folder(tmp_path: Path, cli_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home" / "stampcard"
    monkeypatch.setenv("STAMPCARD_HOME", str(home))
    os.umask(0o022)  # the usual umask: the modes below come from stampcard, not from the test
    db = home / "stampcard.db"
    assert cli_run("init", "--shop", "Kavárna", "--owner-pin", OWNER_PIN, db=db)[0] == 0
    assert cli_run("batch", "create", "--count", "3", "--pin", OWNER_PIN, "--numbers",
                   str(home / "numbers.csv"), db=db)[0] == 0
    code = sqlite3.connect(db).execute("SELECT number FROM cards").fetchone()[0]
    assert cli_run("stamp", code, db=db)[0] == 0
    assert cli_run("receipt", code, db=db)[0] == 0
    (home / "backups").mkdir(mode=0o700)  # an --out folder is the user's: never made by stampcard
    assert cli_run("backup", "--out", str(home / "backups" / "manual.db"), "--pin", OWNER_PIN, db=db)[0] == 0
    assert cli_run("restore", str(home / "backups" / "manual.db"), "--pin", OWNER_PIN, db=db)[0] == 0
    from kiosk.app import main as app_main

    try:  # the kiosk's log and crash log
        app_main.setup_logging(home)
        logging.getLogger("kiosk").info("hello")
    finally:
        app_main.close_logging()
    database = engine.open_database(engine.sqlite_url(db), create=False)  # -wal and -shm exist while open
    with database.sessions.begin() as session:
        ops.list_batches(session)
    files = [p for p in home.rglob("*") if p.is_file()]
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    names = {p.name for p in files}
    assert {"stampcard.db", "stampcard.db-wal", "stampcard.db-shm", "manual.db", "numbers.csv",
            "kiosk.log"} <= names, names
    assert any(n.startswith("before-restore-") for n in names) and any(n.startswith("batch-") for n in names)
    assert any(n.startswith("receipt-") for n in names)
    assert {str(p): oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    assert {str(p): oct(mode(p)) for p in folders if mode(p) != 0o700} == {}
    database.close()


@pytest.mark.parametrize("argv", [["report"], ["card", "show", "K7Q2-9XJ4-MN3"], ["batch", "list"],
                                  ["complaint", "add", "--topic", "other"], ["backup", "--out", "x.db"],
                                  ["batch", "void", "1", "--pin", "1234"]])
def test_no_database_there_is_refused_and_nothing_is_made(tmp_path: Path, cli_run: Run, argv: list[str]) -> None:
    db = tmp_path / "typo" / "sub" / "shop.db"
    code, stdout, err = cli_run(*argv, db=db)
    assert code == 3, err
    assert one_line(err) == f"stampcard: refused: no stampcard database at {db} (stampcard init creates one)"
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_stampcard_database_is_no_database(tmp_path: Path, cli_run: Run) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.commit()
    before = other.read_bytes()
    code, _, err = cli_run("report", db=other)
    assert code == 3 and "no stampcard database at" in one_line(err)
    assert other.read_bytes() == before


def test_a_refused_init_leaves_nothing_behind(tmp_path: Path, cli_run: Run) -> None:
    db = tmp_path / "new" / "deeper" / "shop.db"
    code, _, err = cli_run("init", "--shop", "  ", "--owner-pin", OWNER_PIN, db=db)  # refused inside the shop setup
    assert code == 3, err
    assert list(tmp_path.iterdir()) == []
    code, _, err = cli_run("init", "--shop", "X", "--owner-pin", OWNER_PIN, "--stamps", "99", db=db)
    assert code == 2 and list(tmp_path.iterdir()) == []


def test_init_on_an_existing_shop_keeps_it(shop: Path, cli_run: Run) -> None:
    before = fingerprint(shop)
    code, _, err = cli_run("init", "--shop", "Another", "--owner-pin", "1111", db=shop)
    assert code == 3 and "already has a shop" in one_line(err)
    assert fingerprint(shop) == before


@pytest.mark.parametrize("name", ["a%41.db", "bk#1.db", "with space.db", "záloha кириллица.db", "q?x=1.db"])
def test_restore_takes_paths_literally(shop: Path, tmp_path: Path, cli_run: Run, name: str) -> None:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    assert cli_run("backup", "--out", str(source), "--pin", OWNER_PIN, db=shop)[0] == 0
    assert source.exists() and not (tmp_path / "in" / "aA.db").exists()
    assert cli_run("batch", "create", "--count", "2", "--pin", OWNER_PIN, db=shop)[0] == 0
    code, _, err = cli_run("restore", str(source), "--pin", OWNER_PIN, db=shop)
    assert code == 0, err
    with sqlite3.connect(shop) as connection:
        assert connection.execute("SELECT count(*) FROM batches").fetchone() == (0,)
    # the database itself may live at such a path too
    odd = tmp_path / "odd" / name
    assert cli_run("init", "--shop", "Odd", "--owner-pin", OWNER_PIN, db=odd)[0] == 0
    assert odd.is_file() and cli_run("report", db=odd)[0] == 0


def test_two_restores_in_one_second_keep_both_replaced_databases(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    empty = tmp_path / "empty.db"
    assert cli_run("backup", "--out", str(empty), "--pin", OWNER_PIN, db=shop)[0] == 0
    kept = []
    for count in (2, 3, 4):
        assert cli_run("batch", "create", "--count", str(count), "--pin", OWNER_PIN, db=shop)[0] == 0
        saved = backup.restore(shop, empty, keep_dir=tmp_path / "kept")
        assert saved is not None
        kept.append(saved)
    assert len(set(kept)) == 3
    for count, path in zip((2, 3, 4), kept):
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT sum(count) FROM batches").fetchone() == (count,)


def test_an_older_backup_is_restored_and_migrated_a_newer_one_refused(shop: Path, tmp_path: Path,
                                                                         cli_run: Run) -> None:
    old = tmp_path / "old.db"
    numbers = make_0001(old)
    code, _, err = cli_run("restore", str(old), "--pin", OWNER_PIN, db=shop)  # the old shop has no owner PIN ...
    assert code == 0, err
    with sqlite3.connect(shop) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.HEAD,)
        assert connection.execute("SELECT name FROM shop").fetchone() == ("Pekárna Dvořák",)
    assert old.exists() and sqlite3.connect(old).execute("SELECT version_num FROM alembic_version").fetchone() == (
        "0001",)  # the backup itself is untouched
    assert numbers
    newer = tmp_path / "newer.db"
    database = engine.open_database(engine.sqlite_url(newer))
    database.close()
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(errors.Fault) as refused:
        backup.check_file(newer)
    assert (refused.value.kind, refused.value.file, refused.value.version) == (
        errors.FaultKind.BACKUP_TOO_NEW, "newer.db", "9999")


def test_backup_refuses_a_damaged_database_and_rotation_keeps_the_last_good_one(shop: Path, tmp_path: Path,
                                                                                   cli_run: Run) -> None:
    from kiosk.app import backups

    folder = tmp_path / "auto"
    good = backups.backup_if_due(shop, folder, utcnow().date())
    assert good is not None and backup.quick_check(good) == "ok"
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(_flip_pages(shop.read_bytes()))
    code, _, err = cli_run("backup", "--out", str(tmp_path / "copy.db"), "--pin", OWNER_PIN, db=damaged)
    assert code in (3, 4) and "Traceback" not in err
    with pytest.raises(Exception, match="damaged"):
        backup.backup(damaged, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    for day in range(1, 20):  # nineteen bad "backups", newer than the good one
        (folder / f"auto-2099-01-{day:02d}.db").write_bytes(b"junk" * 100)
    backup.rotate(folder, keep=14)
    assert good.exists()


def _flip_pages(data: bytes) -> bytes:
    """The file with its pages after the first overwritten by a pattern: a damaged database."""
    page = int.from_bytes(data[16:18], "big") or 65536
    out = bytearray(data)
    for offset in range(page, len(out), 97):
        out[offset] ^= 0x5A
    return bytes(out)


def test_opening_a_damaged_database_says_so_and_names_restore(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(_flip_pages(shop.read_bytes()))
    for argv in (["report"], ["batch", "list"], ["complaint", "list"]):
        code, _, err = cli_run(*argv, db=damaged)
        line = one_line(err)
        assert code == 4, err
        assert "damaged" in line and "stampcard restore" in line, line
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\0\1\2not a database" * 500)
    code, _, err = cli_run("report", db=garbage)
    assert code == 4 and "stampcard restore" in one_line(err)


def test_station_default_fits_the_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.delenv("STAMPCARD_STATION", raising=False)
    monkeypatch.setattr(socket, "gethostname", lambda: "k" * 200)
    assert config.station_name(None) == "k" * 60


def test_an_old_0755_data_folder_and_0644_database_are_made_private(tmp_path: Path, cli_run: Run,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "stampcard"
    monkeypatch.setenv("STAMPCARD_HOME", str(home))
    db = home / "stampcard.db"
    assert cli_run("init", "--shop", "Old", "--owner-pin", OWNER_PIN, db=db)[0] == 0
    home.chmod(0o755)
    db.chmod(0o644)  # as an older stampcard left them
    assert cli_run("report", db=db)[0] == 0
    assert (mode(home), mode(db)) == (0o700, 0o600)
