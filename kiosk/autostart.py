"""Start the kiosk when the counter's computer starts, and bring it back after a crash. No Qt.

Two ways, both in the user's own configuration (``$XDG_CONFIG_HOME``, else
``~/.config``), so nothing needs root:

* ``systemd``: a user unit ``systemd/user/stampcard-kiosk.service`` that runs
  ``stampcard kiosk --fullscreen`` with ``Restart=always``, started with the
  graphical session (``WantedBy=graphical-session.target``), then enabled with
  ``systemctl --user``.
* ``xdg``: where there is no systemd user session, an XDG autostart entry
  ``autostart/stampcard-kiosk.desktop`` that the desktop runs at log-in; it
  runs the kiosk in a loop, so a crash is followed by a new start 3 s later.

``method="auto"`` picks systemd when a user manager answers. Both files are
checked by the tests with ``systemd-analyze verify`` and ``desktop-file-validate``.

:func:`keep_screen_awake` keeps the display on while the kiosk runs where the
platform allows it (X11: ``xset``; elsewhere an idle inhibitor through
``systemd-inhibit``); the README says how to do it by hand elsewhere.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from db import files

UNIT_NAME = "stampcard-kiosk.service"
DESKTOP_NAME = "stampcard-kiosk.desktop"
RESTART_SECONDS = 3
# Variables the kiosk reads that an owner may have set for this station; copied into the unit.
PASSED_VARIABLES = ("STAMPCARD_DB", "STAMPCARD_HOME", "STAMPCARD_STATION", "STAMPCARD_PRINTER",
                    "STAMPCARD_RECEIPT_WIDTH", "STAMPCARD_SOUND", "STAMPCARD_CASHIER_PIN")


@dataclass(frozen=True)
class Status:
    """What ``stampcard autostart status`` says."""

    method: str  # "systemd", "xdg" or "off"
    unit: Path
    desktop: Path
    unit_installed: bool
    desktop_installed: bool
    enabled: str  # systemctl's word ("enabled", "disabled", ...) or ""
    active: str  # systemctl's word ("active", "inactive", "failed", ...) or ""
    command: tuple[str, ...] = ()


def config_home(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME``, else ``~/.config`` (the XDG base directory rule)."""
    env = os.environ if env is None else env
    value = env.get("XDG_CONFIG_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".config"


def unit_path(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / "systemd" / "user" / UNIT_NAME


def desktop_path(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / "autostart" / DESKTOP_NAME


def kiosk_command(extra: Sequence[str] = ()) -> list[str]:
    """The absolute command that starts the kiosk full screen (this install's ``stampcard``)."""
    beside = Path(sys.executable).parent / "stampcard"
    program = str(beside) if beside.is_file() else shutil.which("stampcard")
    head = [program] if program else [sys.executable, "-m", "kiosk.cli"]
    return [*head, "kiosk", "--fullscreen", *extra]


def unit_text(command: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The systemd user unit: the kiosk full screen, restarted whatever way it ends."""
    env = os.environ if env is None else env
    lines = [
        "[Unit]",
        "Description=stampcard kiosk (the stamp-card counter screen)",
        "After=graphical-session.target",
        "PartOf=graphical-session.target",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={_systemd_quote(command)}",
        "Restart=always",
        f"RestartSec={RESTART_SECONDS}",
    ]
    for name in PASSED_VARIABLES:
        value = env.get(name, "")
        if value:
            lines.append(f"Environment={_systemd_quote([f'{name}={value}'])}")
    lines += ["", "[Install]", "WantedBy=graphical-session.target", ""]
    return "\n".join(lines)


def desktop_text(command: Sequence[str]) -> str:
    """The XDG autostart entry: the kiosk in a restart loop, for sessions without systemd."""
    loop = f"while true; do {shlex.join(command)}; sleep {RESTART_SECONDS}; done"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=stampcard kiosk",
        "Comment=The stamp-card counter screen, started at log-in and again after a crash",
        f"Exec=sh -c {_desktop_quote(loop)}",
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def has_systemd_user(env: Mapping[str, str] | None = None) -> bool:
    """True when a systemd user manager runs for this user (its private socket exists)."""
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and (Path(runtime) / "systemd" / "private").exists() and shutil.which("systemctl") is not None


def enable(method: str = "auto", *, env: Mapping[str, str] | None = None,
           command: Sequence[str] | None = None, systemctl: bool = True) -> Status:
    """Install the unit (and enable it) or the autostart entry; returns the new status.

    ``systemctl=False`` only writes the file (tests, or a disk prepared for another machine).
    """
    env = os.environ if env is None else env
    chosen = ("systemd" if has_systemd_user(env) else "xdg") if method == "auto" else method
    if chosen not in ("systemd", "xdg"):
        raise ValueError(f"autostart method is systemd, xdg or auto, not {method!r}")
    cmd = list(command or kiosk_command())
    if chosen == "systemd":
        _write(unit_path(env), unit_text(cmd, env))
        desktop_path(env).unlink(missing_ok=True)  # never both: two kiosks would fight for the camera
        if systemctl:
            _systemctl("daemon-reload")
            _systemctl("enable", UNIT_NAME)
    else:
        if unit_path(env).exists():
            disable(env=env, systemctl=systemctl)
        _write(desktop_path(env), desktop_text(cmd))
    return status(env=env, systemctl=systemctl)


def disable(*, env: Mapping[str, str] | None = None, systemctl: bool = True) -> Status:
    """Remove the unit (disabled first; a running kiosk keeps running) and the autostart entry."""
    env = os.environ if env is None else env
    unit = unit_path(env)
    if unit.exists() and systemctl:
        _systemctl("disable", UNIT_NAME)
    unit.unlink(missing_ok=True)
    desktop_path(env).unlink(missing_ok=True)
    if systemctl:
        _systemctl("daemon-reload")
    return status(env=env, systemctl=systemctl)


def status(*, env: Mapping[str, str] | None = None, systemctl: bool = True) -> Status:
    """Which autostart is installed, and what systemd says of it."""
    env = os.environ if env is None else env
    unit, desktop = unit_path(env), desktop_path(env)
    enabled = active = ""
    if unit.exists() and systemctl:
        enabled = _systemctl("is-enabled", UNIT_NAME)
        active = _systemctl("is-active", UNIT_NAME)
    method = "systemd" if unit.exists() else "xdg" if desktop.exists() else "off"
    command: tuple[str, ...] = ()
    if unit.exists():
        for line in unit.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart="):
                command = tuple(shlex.split(line.removeprefix("ExecStart=")))
    return Status(method, unit, desktop, unit.exists(), desktop.exists(), enabled, active, command)


def _systemctl(*args: str) -> str:
    """``systemctl --user ARGS``: its first output word, or "" when it cannot run (never raises)."""
    program = shutil.which("systemctl")
    if program is None:
        return ""
    try:
        done = subprocess.run([program, "--user", *args], capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    words = done.stdout.split()
    return words[0] if words else ""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_out(path, text.encode("utf-8"))  # the one writer (db/files.py)


def _systemd_quote(words: Sequence[str]) -> str:
    """Words for ``ExecStart=``/``Environment=``: double-quoted where needed, ``%`` and ``$`` escaped."""
    out = []
    for word in words:
        word = word.replace("%", "%%").replace("$", "$$")
        if word and not any(ch in word for ch in " \t\"'\\;"):
            out.append(word)
        else:
            out.append('"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def _desktop_quote(arg: str) -> str:
    """One argument of a desktop entry's ``Exec=``: double-quoted, with the spec's escapes applied.

    Inside quotes, ``"``, `````, ``$`` and ``\\`` take a backslash; then the
    file format's own rule doubles every backslash; ``%`` is written ``%%``.
    """
    quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return '"' + quoted.replace("\\", "\\\\").replace("%", "%%") + '"'


# --- keeping the screen on ---

def keep_screen_awake(env: Mapping[str, str] | None = None) -> tuple[str, subprocess.Popen[bytes] | None]:
    """Keep the display on while the kiosk runs, where the platform allows; returns (what was done, a child).

    * X11 (``DISPLAY`` set, ``xset`` there): screen saver and DPMS off (``xset s off -dpms s noblank``).
    * Otherwise, with ``systemd-inhibit``: an ``idle`` inhibitor held by a child
      process for as long as the kiosk runs (the caller stops it with :func:`release`).
    * Else nothing: "" (the README says how to turn blanking off by hand).
    """
    env = os.environ if env is None else env
    xset = shutil.which("xset")
    if env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and xset is not None:
        try:
            done = subprocess.run([xset, "s", "off", "-dpms", "s", "noblank"], capture_output=True, timeout=5,
                                  check=False, env=dict(env))
        except (OSError, subprocess.TimeoutExpired):
            done = None
        if done is not None and done.returncode == 0:
            return "xset: screen saver and power saving off", None
    inhibit = shutil.which("systemd-inhibit")
    if inhibit is not None and (env.get("WAYLAND_DISPLAY") or env.get("DISPLAY")):
        try:
            child = subprocess.Popen([inhibit, "--what=idle", "--who=stampcard", "--why=the kiosk is on the counter",
                                      "--mode=block", "sleep", "infinity"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            return "", None
        return "systemd-inhibit: idle inhibited", child
    return "", None


def release(child: subprocess.Popen[bytes] | None) -> None:
    """Stop the inhibitor child of :func:`keep_screen_awake` (safe with None, safe twice)."""
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=3)
        except subprocess.TimeoutExpired:
            child.kill()
