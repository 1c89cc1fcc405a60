"""The synthetic-frame generator and the demo camera folder it writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cards import camera, codes, decode
from tests.helpers import synthetic


def test_demo_folder_plays_cards_through_the_camera_and_decoder(tmp_path: Path) -> None:
    secret = b"demo"
    paths = synthetic.write_folder(tmp_path / "demo", count=2, seed=3, secret=secret, empty_between=1)
    assert [p.name for p in paths] == ["0000.png", "0001.png", "0002.png", "0003.png"]
    source = camera.open_source(tmp_path / "demo", fps=None, loop=False)
    source.open()
    found = []
    while (image := source.read()) is not None:
        found.append([h.number for h in decode.read_cards(image, secret)])
    expected = [s.payloads[0].split(":")[1] for s in synthetic.synthetic_set(2, seed=3, secret=secret)]
    assert found == [[expected[0]], [], [expected[1]], []]


def test_effects_ranges_hold() -> None:
    rng = np.random.default_rng(0)
    for _ in range(200):
        fx = synthetic.random_effects(rng)
        assert 0 <= fx.tilt_deg <= synthetic.MAX_TILT_DEG
        assert 100 <= fx.qr_px <= 260 and 0 <= fx.blur_sigma <= 2.5
        assert fx.jpeg_quality == 0 or 35 <= fx.jpeg_quality <= 90


def test_qr_image_is_version_2_for_our_payload() -> None:
    payload = codes.make_payload(codes.new_number(1), b"k")
    image = synthetic.qr_image(payload, module_px=1, border=0)
    assert image.shape == (25, 25)  # version 2
