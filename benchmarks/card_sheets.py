"""Card-sheet speed: 1,000 cards on A4 (time, file size) and 10,000 (time, peak memory).

Run: ``/work/venv/bin/python benchmarks/card_sheets.py [--runs 5]``. Prints a
table of medians. Each 10,000-card run happens in a fresh child process so
that its peak resident memory (``ru_maxrss``) is the batch's own.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The benchmarks' folder stays off the import path: its scripts are not the packages they measure.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from cards import codes, rules  # noqa: E402
from printing import cards_pdf  # noqa: E402
from printing.model import CardFace, SheetShop  # noqa: E402

SHOP = SheetShop(name="Kavárna Na Rohu", address="Dlouhá 12, Praha", phone="+420 777 123 456",
                 email="stiznosti@narohu.cz", url="https://narohu.cz/stiznost", language="cs")
PROGRAM = rules.Program(stamps_required=10, prestamps=2, reward="Káva zdarma")
SECRET = b"benchmark-secret-0123456789abcdef"


def faces(count: int) -> list[CardFace]:
    numbers = [codes.new_number(i * 104_729 + 17) for i in range(count)]
    return [CardFace(n, codes.make_payload(n, SECRET), 2) for n in numbers]


def one_batch(count: int, paper: str, out: Path) -> float:
    """Render ``count`` cards and write the PDF; return the seconds it took."""
    batch = faces(count)  # the database hands these over ready-made
    start = time.perf_counter()
    out.write_bytes(cards_pdf.render_card_sheet(SHOP, PROGRAM, batch, paper=paper, batch=1))
    return time.perf_counter() - start


def child(count: int, paper: str, out: str) -> None:
    seconds = one_batch(count, paper, Path(out))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{seconds:.4f} {peak_kib}")


def in_child(count: int, paper: str, out: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, __file__, "--child", str(count), paper, str(out)],
                          check=True, capture_output=True, text=True)
    seconds, peak_kib = done.stdout.split()
    return float(seconds), int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=3, metavar=("COUNT", "PAPER", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2])
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count, paper, runs in ((1_000, "a4", args.runs), (1_000, "letter", args.runs),
                                   (10_000, "a4", max(1, args.runs // 2))):
            out = Path(tmp) / f"{count}-{paper}.pdf"
            results = [in_child(count, paper, out) for _ in range(runs)]
            rows.append((count, paper, runs, statistics.median(r[0] for r in results),
                         out.stat().st_size / 1e6, statistics.median(r[1] for r in results)))
    print(f"{'cards':>7} {'paper':>6} {'runs':>4} {'median s':>9} {'cards/s':>8} {'PDF MB':>7} "
          f"{'peak RSS MB':>11}")
    for count, paper, runs, seconds, size, peak in rows:
        print(f"{count:>7} {paper:>6} {runs:>4} {seconds:>9.2f} {count / seconds:>8.0f} "
              f"{size:>7.2f} {peak:>11.0f}")


if __name__ == "__main__":
    main()
