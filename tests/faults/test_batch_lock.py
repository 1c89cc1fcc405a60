"""Printing never blocks the counter: while a 20,000-card batch is issued, a stamp every 200 ms
from another process finishes within 1 s (``benchmarks/batch_lock.py``, the insert and the
first rendered page; the rest of the rendering holds no lock at all)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_stamps_keep_flowing_while_a_20000_card_batch_is_issued() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "batch_lock.py"), "--count", "20000",
                           "--no-render", "--json"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cards"] == 20_000
    assert result["stamps"] >= 5, result
    assert result["longest_stamp_s"] < 1.0, result
