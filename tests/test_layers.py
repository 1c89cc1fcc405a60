"""The layer rule: nothing below kiosk/ imports Qt (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys


def test_lower_layers_do_not_load_qt() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "import cards, db, printing, messages\n"
        "for pkg in (cards, db, printing, messages):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' in info.name: continue\n"
        "        importlib.import_module(info.name)\n"
        "import kiosk.cli\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_messages_works_from_plain_data() -> None:
    """messages/ imports cards (and Jinja2, Babel), never db/, printing/ or kiosk/."""
    code = (
        "import sys, importlib, pkgutil, messages\n"
        "for info in pkgutil.walk_packages(messages.__path__, 'messages.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('db', 'printing', 'kiosk', 'sqlalchemy', 'PySide6')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_db_does_not_import_messages() -> None:
    """db/ stores (db.messaging.Store); the rules and the sending are messages/ (kiosk -> messages, db -> cards)."""
    code = (
        "import sys, importlib, pkgutil, db\n"
        "for info in pkgutil.walk_packages(db.__path__, 'db.'):\n"
        "    if '.migrations' in info.name: continue\n"
        "    importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('messages', 'jinja2')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
