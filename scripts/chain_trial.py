"""A user's trial of a chain's first scan in a real X window (Xvfb): a throwaway PostgreSQL hub, station A
prints a card with a head start of 2 and stamps it three times, the owner adds station C, and C's kiosk
(a real window, its camera a folder) sees the card for the first time: it is fetched from the hub and
shown with its balance; a tap on +1 stamp, and A gets the stamp at its next sync.

    python scripts/chain_trial.py [OUT]   # screenshots into OUT (default docs/screenshots/x11-chain)

Needs Xvfb, xwd, xdotool, pdftoppm and PostgreSQL (scripts/setup.sh installs them).
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.helpers import postgres  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "x11-chain"
T = Path(tempfile.mkdtemp(prefix="sc-trial-"))
PY = sys.executable
ENV = {**os.environ, "STAMPCARD_PIN": "2468", "PYTHONPATH": str(ROOT)}


def xwd_to_png(source: Path, target: Path) -> None:
    data = source.read_bytes()
    h = struct.unpack(">25I", data[:100])
    header_size, width, height, bpl, ncolors = h[0], h[4], h[5], h[12], h[19]
    off = header_size + ncolors * 12
    rows = np.frombuffer(data[off:off + bpl * height], dtype=np.uint8).reshape(height, bpl)
    pixels = rows[:, :width * 4].reshape(height, width, 4)  # 32-bit BGRX, as Xvfb's 24-bit screen gives
    Image.fromarray(pixels[:, :, [2, 1, 0]]).save(target)

def sc(*args: str, env: dict[str, str] | None = None) -> "subprocess.CompletedProcess[str]":
    r = subprocess.run([PY, "-m", "kiosk.cli", *args], capture_output=True, text=True, env={**ENV, **(env or {})},
                       cwd=ROOT)
    print("$ stampcard", " ".join(args), "->", r.returncode, (r.stdout + r.stderr).strip()[:400])
    return r

def shot(name: str) -> None:
    subprocess.run(["xwd", "-root", "-display", ":77", "-out", str(T / f"{name}.xwd")], check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    xwd_to_png(T / f"{name}.xwd", OUT / f"{name}.png")

with postgres.running_server() as server:
    hub = server.create_database("chain")
    a, c = T / "A.db", T / "C.db"
    sc("init", "--db", str(a), "--shop", "Pekárna U Mlýna", "--reward", "Koláč zdarma", "--stamps", "8", "--prestamps", "2", "--language", "cs", "--owner-pin", "2468", "--cooldown", "0")
    sc("chain", "create", "--db", str(a), "--hub", hub, "--station", "A")
    added = sc("chain", "add-station", "C", "--db", str(a), "--hub", hub, "--json")
    login = json.loads(added.stdout)
    sc("chain", "join", "--db", str(c), "--hub", login["url"], "--station", "C", env={"STAMPCARD_HUB_PASSWORD": login["password"]})
    sc("batch", "create", "--db", str(a), "--count", "1", "--paper", "card", "--out", str(T / "card.pdf"), "--station", "A")
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(T / "card.pdf"), str(T / "card")])
    scanned = sc("scan", str(T / "card.png"), "--db", str(a), "--json")
    payload = json.loads(scanned.stdout)
    card = payload["results"][0]["code"]
    for _ in range(3):
        sc("stamp", card, "--db", str(a), "--station", "A")
    sc("sync", "--db", str(a))
    sc("card", "show", card, "--db", str(a))
    (T / "cam").mkdir()
    xvfb = subprocess.Popen(["Xvfb", ":77", "-screen", "0", "800x480x24"], stderr=subprocess.DEVNULL)
    time.sleep(1)
    kiosk = subprocess.Popen([PY, "-m", "kiosk.cli", "kiosk", "--db", str(c), "--camera", str(T / "cam"), "--size", "800x480", "--station", "C"],
                             env={**ENV, "DISPLAY": ":77", "QT_QPA_PLATFORM": "xcb"}, cwd=ROOT, stderr=open(T / "kiosk.err", "w"))
    time.sleep(12)
    shot("1-idle")
    shutil.copy(T / "card.png", T / "cam" / "card.png")
    time.sleep(6)
    shot("2-first-scan")
    os.remove(T / "cam" / "card.png")
    time.sleep(1)
    subprocess.run(["xdotool", "mousemove", "270", "325", "click", "1"], env={**ENV, "DISPLAY": ":77"})
    time.sleep(2)
    shot("3-stamped")
    time.sleep(8)  # the kiosk's sync worker sends it
    sc("sync", "--db", str(a))
    sc("card", "show", card, "--db", str(a))
    kiosk.terminate(); kiosk.wait(10)
    xvfb.terminate()
    sc("card", "show", card, "--db", str(c))
    shutil.rmtree(T, ignore_errors=True)
    print("screenshots in", OUT)
