"""The card page's words: every one has a cs and ru translation; the web framework stays in kiosk/web."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogues_are_complete() -> None:
    spec = importlib.util.spec_from_file_location("web_catalogues", ROOT / "scripts" / "web_catalogues.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.problems() == []


def test_plural_forms_follow_each_language() -> None:
    from kiosk.web import i18n

    cs, ru = i18n.translations("cs"), i18n.translations("ru")
    assert [cs.ngettext("%(n)s stamp", "%(n)s stamps", n) % {"n": n} for n in (1, 3, 5)] == \
        ["1 razítko", "3 razítka", "5 razítek"]
    assert [ru.ngettext("%(n)s stamp", "%(n)s stamps", n) % {"n": n} for n in (1, 3, 5, 21)] == \
        ["1 штамп", "3 штампа", "5 штампов", "21 штамп"]


def test_lower_layers_do_not_load_the_web_framework() -> None:
    code = ("import sys, cards.codes, db.cardpage, db.settings, printing.cards_pdf, kiosk.cli\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'kiosk.web')]\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
