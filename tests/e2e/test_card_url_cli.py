"""``settings set --card-url``: new cards' QR codes are the card page's address; every command reads both forms."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from cards import codes
from kiosk import cli
from tests.e2e.test_cli import PIN, Cli, run  # noqa: F401 - the fixture
from tests.helpers import synthetic


def test_card_url_batches_and_both_forms(run: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    old = run.ok("batch", "create", "--count", "2", "--out", str(tmp_path / "old.pdf"))["codes"]
    assert all(c.startswith("SC1:") for c in old)
    changed = run.ok("settings", "set", "--card-url", "shop.example/")
    assert changed["card_url"] == "https://shop.example" and changed["changed"] == ["card_url"]
    new = run.ok("batch", "create", "--count", "2", "--out", str(tmp_path / "new.pdf"),
                 "--numbers", str(tmp_path / "new.csv"))
    url = new["codes"][0]
    assert url.startswith("HTTPS://SHOP.EXAMPLE/C/SC1:") and url == url.upper()
    assert "HTTPS://SHOP.EXAMPLE/C/SC1:" in (tmp_path / "new.csv").read_text()
    number = codes.unwrap(url).split(":")[1]
    assert codes.normalise_number(run.ok("card", "show", url)["number"]) == number
    assert run.ok("stamp", url)["stamps"] == run.ok("card", "show", url.lower())["stamps"]
    assert run.ok("stamp", old[0])["stamps"] >= 1  # a card printed before the setting keeps working
    forged = url[:-1] + ("0" if url[-1] != "0" else "1")
    run.refused("stamp", forged)
    # scan reads both forms from images
    for i, text in enumerate((url, old[1])):
        cv2.imwrite(str(tmp_path / f"{i}.png"), synthetic.qr_image(text, module_px=5))
    capsys.readouterr()
    assert cli.main(["--db", str(run.db), "scan", str(tmp_path / "0.png"), str(tmp_path / "1.png"), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]  # scan --json: one object (DESIGN)
    assert [r.get("code") for r in results] == [url, old[1]]
    assert all("error" not in r for r in results)
    # the setting is refused with a reason, and "" clears it
    code, _, err = run("settings", "set", "--card-url", "https://shop.example/?x=1")
    assert code == 3 and "--card-url" in err
    assert run.ok("settings", "set", "--card-url", "")["card_url"] == ""
    assert run.ok("batch", "create", "--count", "1", "--out", str(tmp_path / "bare.pdf"))["codes"][0].startswith("SC1:")
