"""Decoder benchmark: how many images each engine reads, how many it misreads, how fast.

Run from the repository root::

    /work/venv/bin/python benchmarks/decode.py [--samples ../shared/qr-samples] [--quick]

Sets:

* ``qr-samples``: the public QR test images in ``../shared/qr-samples`` (see its
  README), reported as the ``zxing-*`` and ``zxingcpp-*`` groups separately, each
  for all images and for the ASCII-only subset. Expected and decoded texts are
  compared after turning CRLF into LF and dropping trailing newlines (the
  expected files store LF; vCard codes carry CRLF).
* ``synthetic``: 200 frames of 1280x720 from ``cards.synthetic.synthetic_set``
  (seed 2024): tilt up to 35 degrees, any rotation, blur, motion, noise, low
  light, glare, JPEG. Given to the decoder as BGR, as a camera gives them.
* ``synthetic URL cards``: the same 200 frames, but each card's QR holds the card
  page's address (``--card-url``, default ``https://kavarna-u-kocoura.cz``: version 4
  instead of 2, in the same 26 mm square, so its modules are 25/33 as wide).
* ``empty``: 50 frames of the counter with no card (seed 7), BGR.

A *wrong read* is an image where the decoder returned text and none of it is
the expected text (for ``empty``: any text at all). Times are per image, on
one core: the process is pinned to CPU 0 and OpenCV runs one thread
(``cv2.setNumThreads(1)``); images are loaded before timing, the gray
conversion is timed. The table is printed as Markdown.

``--baseline FILE`` also measures the ``auto`` default of another version of
``cards/decode.py`` (e.g. ``git show main~3:cards/decode.py > /tmp/decode_old.py``), as the
row ``auto (default), baseline``, to compare before and after on the same frames in one run.
``--repeat N`` times each image N times and keeps the fastest (on a shared machine the
slowest runs measure the neighbours, not the decoder); the counts come from the first run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cards import decode  # noqa: E402
from tests.helpers import synthetic  # noqa: E402

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"}


@dataclass
class Item:
    group: str
    name: str
    image: np.ndarray
    expected: tuple[str, ...]


def norm(text: str) -> str:
    """Compare texts with LF line ends and no trailing newline."""
    return text.replace("\r\n", "\n").rstrip("\n")


def load_samples(root: Path) -> list[Item]:
    """Every image with its expected text under ``root/<set>/``."""
    items = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            expected = path.with_suffix(".txt")
            if not expected.exists():
                continue
            image = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_GRAYSCALE)
            if image is None:
                print(f"cannot read {path}", file=sys.stderr)
                continue
            items.append(Item(folder.name, path.name, image, (norm(expected.read_text("utf-8")),)))
    return items


def load_baseline(path: Path) -> Callable[[np.ndarray], list[str]]:
    """The ``auto`` default ``read_payloads`` of another copy of ``cards/decode.py``."""
    spec = importlib.util.spec_from_file_location("decode_baseline", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["decode_baseline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    read: Callable[[np.ndarray], list[str]] = module.read_payloads
    return read


def measure(items: list[Item], read: Callable[[np.ndarray], list[str]],
            repeat: int = 1) -> tuple[int, int, list[float]]:
    """Return (read, wrong, per-image ms, the fastest of ``repeat`` runs) for ``read`` over ``items``."""
    ok = wrong = 0
    times = []
    for item in items:
        best = float("inf")
        texts: list[str] = []
        for run in range(max(1, repeat)):
            start = time.perf_counter()
            got_texts = read(item.image)
            best = min(best, (time.perf_counter() - start) * 1000)
            if run == 0:
                texts = got_texts
        times.append(best)
        got = {norm(t) for t in texts}
        if item.expected and all(e in got for e in item.expected):
            ok += 1
        elif got and not (got & set(item.expected)):
            wrong += 1
    return ok, wrong, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "qr-samples")
    parser.add_argument("--synthetic", type=int, default=200, help="number of synthetic frames")
    parser.add_argument("--empty", type=int, default=50, help="number of empty frames")
    parser.add_argument("--quick", action="store_true", help="fewer frames, for a smoke run")
    parser.add_argument("--card-url", default="https://kavarna-u-kocoura.cz",
                        help="the card page address of the URL-card set ('' leaves the set out)")
    parser.add_argument("--no-samples", action="store_true", help="leave the qr-samples sets out")
    parser.add_argument("--baseline", type=Path, help="another cards/decode.py whose auto default to measure too")
    parser.add_argument("--repeat", type=int, default=1, help="time each image N times, keep the fastest")
    args = parser.parse_args()
    if args.quick:
        args.synthetic, args.empty = 40, 10
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cv2.setNumThreads(1)

    samples = load_samples(args.samples) if args.samples.exists() and not args.no_samples else []

    def bgr(gray: np.ndarray) -> np.ndarray:
        return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)

    syn = [Item("synthetic", s.name, bgr(s.image), s.payloads) for s in synthetic.synthetic_set(args.synthetic)]
    url_cards = [Item("synthetic-url", s.name, bgr(s.image), s.payloads)
                 for s in synthetic.synthetic_set(args.synthetic, card_url=args.card_url)] if args.card_url else []
    empty = [Item("empty", s.name, bgr(s.image), ()) for s in synthetic.empty_frames(args.empty)]

    sets: list[tuple[str, list[Item]]] = []
    for prefix in ("zxing-", "zxingcpp-"):
        group = [i for i in samples if i.group.startswith(prefix)]
        sets.append((f"qr-samples {prefix}* all", group))
        sets.append((f"qr-samples {prefix}* ASCII", [i for i in group if all(e.isascii() for e in i.expected)]))
    sets.append(("qr-samples all (both groups)", samples))
    sets += [("synthetic 1280x720", syn), ("synthetic URL cards 1280x720", url_cards), ("empty 1280x720", empty)]

    readers: dict[str, Callable[[np.ndarray], list[str]]] = {
        "zbar (pyzbar)": lambda img: decode.read_payloads(img, "zbar"),
        "zxing (zxing-cpp, one pass)": lambda img: decode.read_payloads(img, "zxing"),
        "auto, effort=fast": lambda img: decode.read_payloads(img, "auto", "fast"),
        "auto (default)": lambda img: decode.read_payloads(img, "auto", "auto"),
    }
    if args.baseline:
        readers["auto (default), baseline"] = load_baseline(args.baseline)
    for read in readers.values():  # warm up: load libraries, allocate
        read(syn[0].image if syn else np.zeros((64, 64), np.uint8))

    print(f"One core (pinned), cv2.setNumThreads(1); synthetic={len(syn)} frames, empty={len(empty)} frames; "
          f"fastest of {max(1, args.repeat)} run(s) an image.\n")
    print("| set | decoder | images | decoded | % | wrong | median ms | p95 ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for set_name, items in sets:
        if not items:
            continue
        for reader_name, read in readers.items():
            ok, wrong, times = measure(items, read, args.repeat)
            pct = f"{100 * ok / len(items):.1f}" if items[0].expected else "-"
            p95 = float(np.percentile(times, 95))
            print(f"| {set_name} | {reader_name} | {len(items)} | {ok if items[0].expected else '-'} | {pct} "
                  f"| {wrong} | {statistics.median(times):.2f} | {p95:.2f} |", flush=True)


if __name__ == "__main__":
    main()
