"""The real `stampcard` command speaks the terminal's language (LANG, as git and apt), with CLDR plurals;
``--json`` keys stay English. Runs the installed command in a subprocess with that environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli

PIN = "2468"


def _stampcard(db: Path, lang: str, *argv: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("stampcard")
    command = [str(exe)] if exe.exists() else [shutil.which("stampcard") or "stampcard"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(LANG=lang, STAMPCARD_PIN=PIN)
    return subprocess.run([*command, *argv, "--db", str(db)], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


@pytest.fixture
def code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = tmp_path / "shop.db"
    assert cli.main(["init", "--shop", "Kavárna", "--stamps", "10", "--reward", "Káva zdarma", "--prestamps", "2",
                     "--owner-pin", PIN, "--language", "cs", "--db", str(db)]) == 0
    capsys.readouterr()
    assert cli.main(["batch", "create", "--count", "2", "--pin", PIN, "--json", "--db", str(db)]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    return str(json.loads(out)["codes"][0])


@pytest.mark.parametrize(("lang", "first", "stamped", "refused", "json_value"), [
    ("cs_CZ.UTF-8",
     ["Vítejte! První načtení: karta je teď aktivní.", "[aktivní]  dávka 1", "Razítka: 2 z 10, zbývá 8 (Káva zdarma)",
      "Úroveň: Člen", "0 uplatněných odměn", "0 návštěv"],
     ["+2 razítka.", "Razítka: 4 z 10, zbývá 6", "1 návštěva"],
     "stampcard: odmítnuto: nejvýš 5 razítek za návštěvu (požadováno 9)", "active"),
    ("ru_RU.UTF-8",
     ["Добро пожаловать! Первое сканирование: карта теперь активна.", "[активна]  партия 1",
      "Штампы: 2 из 10, осталось 8 (Káva zdarma)", "Уровень: Участник", "0 наград получено", "0 визитов"],
     ["+2 штампа.", "Штампы: 4 из 10, осталось 6", "1 визит"],
     "stampcard: отказано: не больше 5 штампов за визит (запрошено 9)", "active"),
    ("C.UTF-8",
     ["Welcome! First scan: the card is now active.", "[active]  batch 1", "Stamps: 2 of 10, 8 to go (Káva zdarma)",
      "Tier: Member", "0 rewards redeemed", "0 visits"],
     ["+2 stamps.", "Stamps: 4 of 10, 6 to go", "1 visit"],
     "stampcard: refused: at most 5 stamps per visit (asked 9)", "active"),
])
def test_card_show_speaks_the_terminal_language(tmp_path: Path, code: str, lang: str, first: list[str],
                                                stamped: list[str], refused: str, json_value: str) -> None:
    db = tmp_path / "shop.db"
    shown = _stampcard(db, lang, "card", "show", code)
    assert shown.returncode == 0, shown.stderr
    for part in first:
        assert part in shown.stdout, (part, shown.stdout)
    stamp = _stampcard(db, lang, "stamp", code, "--count", "2")
    assert stamp.returncode == 0, stamp.stderr
    for part in stamped:
        assert part in stamp.stdout, (part, stamp.stdout)
    too_many = _stampcard(db, lang, "stamp", code, "--count", "9", "--force")
    assert too_many.returncode == 3 and too_many.stderr.strip() == refused, too_many.stderr
    as_json = _stampcard(db, lang, "card", "show", code, "--json")
    data = json.loads(as_json.stdout)
    assert data["status"] == json_value and data["tier"] == "Member" and data["stamps"] == 4  # keys and values stay
