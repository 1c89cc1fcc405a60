"""``stampcard --help`` and argument parsing never load SQLAlchemy (kiosk/lazy_imports.py).

Speed itself is measured by ``benchmarks/startup.py``, never timed here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from db import export, ops
from kiosk import cli
from kiosk.cli import common

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import contextlib, io, json, sys
sys.argv = ["stampcard"]  # as the console script starts
import kiosk
from kiosk import cli
commands = json.loads(sys.stdin.read())
bad = []
for words in commands:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for argv in ([*words, "--help"], [*words, "--no-such-flag"]):
            try:
                cli.main(argv)
            except SystemExit:
                pass
    heavy = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "cv2", "reportlab", "PySide6", "alembic")})
    if heavy:
        bad.append([words, heavy])
        break
print(json.dumps(bad))
"""


def _commands() -> list[list[str]]:
    from tests.e2e.test_readme_help import _commands as every

    return [name.split() for name in every()]


def test_help_and_bad_usage_of_every_command_load_no_sqlalchemy() -> None:
    commands = [[], *_commands()]
    done = subprocess.run([sys.executable, "-c", PROBE], input=json.dumps(commands), cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_console_script_runs_a_command_after_parsing(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "stampcard"
    db = tmp_path / "shop.db"
    done = subprocess.run([str(script), "init", "--shop", "Kavárna", "--owner-pin", "2468", "--db", str(db), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(script), "report", "--db", str(db), "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["visits"] == 0, done.stderr


def test_the_parsers_light_lists_are_the_storage_layers() -> None:
    assert common.COMPLAINT_TOPICS == ops.COMPLAINT_TOPICS
    assert common.EXPORT_KINDS == export.KINDS
    assert cli.build_parser() is not None


OURS = r"""
import json, sys
sys.argv = ["stampcard"]  # as the console script starts
import kiosk
from kiosk import cli
try:
    cli.main(json.loads(sys.argv[1] if len(sys.argv) > 1 else input()))
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("kiosk", "cards", "db", "printing", "messages"))))
"""


def _loaded(argv: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", OURS], input=json.dumps(argv), cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_top_level_help_loads_no_command_module() -> None:
    """``stampcard --help`` lists the commands from the table in kiosk/cli/__init__.py: no parser of a command
    is built, and no module of ours is loaded but the package and the lazy importer."""
    assert _loaded(["--help"]) == {"kiosk", "kiosk.cli", "kiosk.lazy_imports"}
    assert _loaded(["no-such-command"]) == {"kiosk", "kiosk.cli", "kiosk.lazy_imports"}


def test_a_commands_help_builds_only_its_modules_parser() -> None:
    loaded = _loaded(["stamp", "--help"])
    assert "kiosk.cli.counter" in loaded
    assert not loaded & {"kiosk.cli.chain", "kiosk.cli.owner", "kiosk.cli.web", "kiosk.cli.devices", "kiosk.cli.run"}


def test_the_table_says_what_each_module_registers() -> None:
    """Every command of the table is registered by the module the table names, with the same one-line summary."""
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, cli.Commands)]
    assert commands.summaries == {name: summary for name, (_, summary) in cli.COMMANDS.items()}
    assert set(commands.choices) == set(cli.COMMANDS)  # nothing registered that the table does not list


KIOSK_START = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from types import SimpleNamespace
from kiosk.app import main
from db import engine
ctx = SimpleNamespace(station="probe", data_dir=Path(sys.argv[2]), open_db=lambda: engine.open_database(sys.argv[1]))
args = SimpleNamespace(fullscreen=False, camera=sys.argv[3], size="800x480", decoder=None)
seen = {}
def ready(window):
    from PySide6.QtWidgets import QApplication
    window.idle.grab()  # painted once
    seen["loaded"] = sorted({m.split(".")[0] for m in sys.modules} & {"cv2", "numpy", "reportlab", "zxingcpp",
                                                                      "pyzbar", "qrcode", "PIL", "printing"}
                            | {m for m in sys.modules if m.startswith(("kiosk.app.owner", "kiosk.workflows"))})
    seen["screen"] = window.current_screen()
    QApplication.instance().quit()
main.run(args, ctx, on_ready=ready)
print(json.dumps(seen))
"""


def test_the_kiosk_paints_its_idle_screen_before_loading_opencv_reportlab_or_the_owner_pages(tmp_path: Path) -> None:
    """The idle screen paints first: OpenCV and NumPy load on the camera thread when a camera opens,
    reportlab and ``printing`` when something prints, the owner pages when the owner screen opens.
    The camera thread starts on the loop's turn after the first paint (``kiosk.app.main.AfterFirstPaint``).
    Checked by ``sys.modules`` in a fresh interpreter, with no camera and with a folder of frames as the camera."""
    script = Path(sys.executable).parent / "stampcard"
    db = tmp_path / "shop.db"
    done = subprocess.run([str(script), "init", "--shop", "Kavárna", "--owner-pin", "2468", "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (tmp_path / "frames").mkdir()
    for camera in ("none", str(tmp_path / "frames")):
        done = subprocess.run([sys.executable, "-c", KIOSK_START, f"sqlite:///{db}", str(tmp_path), camera],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.strip().splitlines()[-1]) == {"loaded": [], "screen": "idle_screen"}, camera
