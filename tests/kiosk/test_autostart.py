"""Start at boot: the systemd user unit and the XDG autostart entry, checked by systemd's and
freedesktop's own validators (Debian packages ``systemd`` and ``desktop-file-utils``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cards import rules
from db import engine, ops
from kiosk import autostart, cli

PIN = "2468"


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed (scripts/setup.sh installs it)")
    return path


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private XDG_CONFIG_HOME and an XDG_RUNTIME_DIR with no systemd user manager in it."""
    home = tmp_path / "config"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return home


def verify_unit(unit: Path, runtime: str) -> subprocess.CompletedProcess[str]:
    program = need("systemd-analyze")
    return subprocess.run([program, "--user", "verify", str(unit)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "XDG_RUNTIME_DIR": runtime}, check=False)


def test_the_systemd_unit_restarts_the_full_screen_kiosk_and_verifies(xdg: Path) -> None:
    env = {**os.environ, "STAMPCARD_DB": "/srv/shop data/100% stampcard.db", "STAMPCARD_STATION": "counter 1"}
    status = autostart.enable("systemd", env=env, systemctl=False)
    unit = xdg / "systemd" / "user" / "stampcard-kiosk.service"
    assert status.method == "systemd" and status.unit == unit and unit.is_file()
    text = unit.read_text(encoding="utf-8")
    assert "Restart=always" in text and "WantedBy=graphical-session.target" in text
    assert status.command[-2:] == ("kiosk", "--fullscreen")
    assert Path(status.command[0]).is_absolute()
    done = verify_unit(unit, os.environ["XDG_RUNTIME_DIR"])
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr  # warnings count as failures


def test_systemd_analyze_catches_a_broken_unit(xdg: Path, tmp_path: Path) -> None:
    """The check above is worth something: the same validator refuses a unit with a missing program."""
    text = autostart.unit_text(["/nonexistent/stampcard", "kiosk", "--fullscreen"], env={})
    broken = tmp_path / "broken.service"
    broken.write_text(text.replace("Restart=always", "Restart=sometimes"), encoding="utf-8")
    done = verify_unit(broken, os.environ["XDG_RUNTIME_DIR"])
    assert done.returncode != 0 or done.stderr.strip()
    assert "nonexistent" in done.stderr or "sometimes" in done.stderr


def test_the_xdg_autostart_entry_validates_and_runs_the_kiosk_in_a_loop(xdg: Path) -> None:
    program = need("desktop-file-validate")
    status = autostart.enable("xdg", systemctl=False, command=["/opt/stamp card/bin/stampcard", "kiosk",
                                                                 "--fullscreen"])
    entry = xdg / "autostart" / "stampcard-kiosk.desktop"
    assert status.method == "xdg" and entry.is_file() and not status.unit_installed
    done = subprocess.run([program, str(entry)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr.strip() == "", done.stdout
    exec_line = next(line for line in entry.read_text(encoding="utf-8").splitlines() if line.startswith("Exec="))
    assert exec_line == ('Exec=sh -c "while true; do \'/opt/stamp card/bin/stampcard\' kiosk --fullscreen; '
                         'sleep 3; done"')


def test_auto_picks_the_desktop_entry_without_a_systemd_user_manager(xdg: Path) -> None:
    assert not autostart.has_systemd_user()
    status = autostart.enable("auto", systemctl=False)
    assert status.method == "xdg"


def test_switching_method_leaves_one_entry_and_off_removes_both(xdg: Path) -> None:
    autostart.enable("xdg", systemctl=False)
    status = autostart.enable("systemd", systemctl=False)
    assert status.unit_installed and not status.desktop_installed
    status = autostart.enable("xdg", systemctl=False)
    assert status.desktop_installed and not status.unit_installed
    status = autostart.disable(systemctl=False)
    assert status.method == "off" and not status.unit.exists() and not status.desktop.exists()


def test_the_command_needs_the_owner_pin_to_turn_autostart_on(xdg: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "shop.db"
    database = engine.open_database(engine.sqlite_url(db))
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Cafe", program=rules.Program(10, 0, "Coffee"), owner_pin=PIN)
    database.close()
    monkeypatch.delenv("STAMPCARD_PIN", raising=False)
    assert cli.main(["autostart", "on", "--db", str(db), "--write-only"]) == 3
    assert not autostart.status(systemctl=False).desktop_installed
    assert cli.main(["autostart", "on", "--db", str(db), "--write-only", "--pin", "0000"]) == 3
    capsys.readouterr()
    assert cli.main(["autostart", "on", "--method", "systemd", "--db", str(db), "--write-only", "--pin", PIN,
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["autostart"] == "systemd" and data["unit"].endswith("stampcard-kiosk.service")
    assert cli.main(["autostart", "status", "--db", str(db), "--write-only", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["autostart"] == "systemd"
    assert cli.main(["autostart", "off", "--db", str(db), "--write-only", "--pin", PIN]) == 0
    assert autostart.status(systemctl=False).method == "off"


def test_keeping_the_screen_awake_without_a_display_does_nothing() -> None:
    what, child = autostart.keep_screen_awake({"PATH": os.environ.get("PATH", "")})
    assert (what, child) == ("", None)
    autostart.release(child)
