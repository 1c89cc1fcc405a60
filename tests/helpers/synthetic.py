"""Synthetic camera frames of printed stamp cards, for tests, benchmarks and demos.

A card held up to a counter camera is tilted, turned, a little blurred, noisy,
sometimes in poor light or under a lamp's glare, and the camera compresses the
frame. This module draws such frames from the project's own payloads with a
fixed seed, so every run makes the same set:

* :func:`qr_image` draws one payload as a crisp QR code (version 2, level Q).
* :func:`card_image` draws a printed card (85 x 55 mm) around that QR code.
* :func:`scene` places cards in a 1280x720 frame and applies the camera effects
  described by :class:`Effects`; :func:`random_effects` draws those effects.
* :func:`synthetic_set` and :func:`empty_frames` make the benchmark/test sets;
  :func:`write_folder` writes a set as PNG files for a demo camera folder
  (``stampcard kiosk --camera FOLDER``).

Everything here is pure numpy/OpenCV (no Qt); all randomness comes from the
``numpy.random.Generator`` passed in or made from ``seed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import qrcode
import qrcode.constants

from cards import codes
from printing import cards_pdf

FRAME_SIZE = (1280, 720)  # width, height
MAX_TILT_DEG = 35.0
CARD_MM = (85.0, 55.0)


@dataclass(frozen=True)
class Effects:
    """How one synthetic frame is spoiled; all values are plain numbers."""

    tilt_deg: float = 0.0  # angle between the card and the sensor plane
    tilt_axis_deg: float = 0.0  # direction of the tilt axis in the card plane
    rotation_deg: float = 0.0  # turn of the card in its own plane
    qr_px: float = 150.0  # width of a short code's QR symbol (no quiet zone) in the frame, if untilted;
    # a URL card's symbol is printed larger (``printed_scale``), so at the same distance it is wider
    blur_sigma: float = 0.0  # Gaussian blur (defocus), pixels
    motion_px: float = 0.0  # length of a linear motion blur, pixels
    noise_sigma: float = 0.0  # Gaussian sensor noise, grey levels
    light: float = 1.0  # overall gain (low light < 1)
    glare: float = 0.0  # peak of a bright lamp reflection added over the card, grey levels
    jpeg_quality: int = 0  # 0: no JPEG round trip


@dataclass(frozen=True)
class Sample:
    """One synthetic frame and the payloads drawn in it (empty for a frame with no card)."""

    name: str
    image: np.ndarray = field(repr=False)
    payloads: tuple[str, ...]
    effects: Effects


def qr_image(payload: str, module_px: int = 8, border: int = 4) -> np.ndarray:
    """Draw ``payload`` as a QR code (level Q) in a gray uint8 array: the smallest version, or
    for a card page address the version a card prints (``printing.cards_pdf``: 4)."""
    qr = _qr_code(payload, border)
    matrix = np.array(qr.get_matrix(), dtype=bool)
    image = np.where(matrix, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


def _qr_code(payload: str, border: int) -> qrcode.QRCode:
    url = cards_pdf.is_url(payload)
    qr = qrcode.QRCode(version=cards_pdf.URL_QR_VERSION if url else None,
                       error_correction=qrcode.constants.ERROR_CORRECT_Q, border=border)
    qr.add_data(payload)
    qr.make(fit=not url)
    return qr


def _qr_modules(payload: str) -> int:
    return len(_qr_code(payload, 0).get_matrix())


SHORT_PAYLOAD = codes.make_payload(codes.new_number(0), b"synthetic")


def printed_scale(payload: str) -> float:
    """How much wider ``payload``'s QR symbol is printed than a short code's (``printing.cards_pdf``):
    1.0 for a short code, 33/25 for a card page address (version 4 with the same 0.8 mm modules)."""
    return cards_pdf.qr_symbol_size(payload) / cards_pdf.qr_symbol_size(SHORT_PAYLOAD)


def card_image(payload: str, px_per_mm: float = 8.0, stamps: int = 10, filled: int = 2,
               rng: np.random.Generator | None = None) -> tuple[np.ndarray, tuple[float, float, float]]:
    """Draw a printed card holding the QR of ``payload``.

    Returns the gray image and where the QR symbol sits in it: ``(x, y, side)``
    in pixels, without the quiet zone. The layout follows DESIGN.md: shop name,
    reward line, a row of slots with the head-start ones filled, the QR code and
    the number.
    """
    rng = rng or np.random.default_rng(0)
    w, h = int(CARD_MM[0] * px_per_mm), int(CARD_MM[1] * px_per_mm)
    card = np.full((h, w), 245, np.uint8)
    mm = px_per_mm
    # QR: 26 mm wide for a short code, on the right; a URL card's as much wider as it is printed.
    modules = _qr_modules(payload)
    qr_side_mm = 26.0 * printed_scale(payload)
    module = qr_side_mm * mm / modules
    qr = qr_image(payload, module_px=1, border=0)
    qr_px = int(round(module * modules))
    qr_big = cv2.resize(qr, (qr_px, qr_px), interpolation=cv2.INTER_NEAREST)
    x0, y0 = int(w - 6 * mm - qr_px), int(6 * mm)
    card[y0:y0 + qr_px, x0:x0 + qr_px] = qr_big
    # Shop name and reward as dark bars of "text".
    ink = int(rng.integers(20, 70))
    x = int(5 * mm)
    for _ in range(int(rng.integers(3, 6))):
        word = int(rng.integers(6, 14) * mm)
        if x + word > x0 - 3 * mm:
            break
        cv2.rectangle(card, (x, int(6 * mm)), (x + word, int(11 * mm)), ink, -1)
        x += word + int(2 * mm)
    cv2.rectangle(card, (int(5 * mm), int(15 * mm)), (int(40 * mm), int(18 * mm)), 90, -1)
    # Slots.
    r = int(2.6 * mm)
    for i in range(stamps):
        cx = int(8 * mm + i * 7.2 * mm)
        cy = int(40 * mm) if cx < x0 - r else int(48 * mm)
        cv2.circle(card, (cx, cy), r, 60, max(1, int(0.4 * mm)), cv2.LINE_AA)
        if i < filled:
            cv2.circle(card, (cx, cy), r - 2, 60, -1, cv2.LINE_AA)
    # Number under the QR.
    inner = codes.unwrap(payload)  # a card page address carries the payload after /C/
    cv2.putText(card, codes.format_number(inner.split(":")[1]) if inner.count(":") == 2 else "",
                (x0, int(y0 + qr_px + 5 * mm)), cv2.FONT_HERSHEY_SIMPLEX, 0.11 * mm, 40,
                max(1, int(0.25 * mm)), cv2.LINE_AA)
    return card, (float(x0), float(y0), float(qr_px))


def background(rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A cluttered counter scene: smooth shading, a few objects and edges, as gray uint8."""
    w, h = size
    small = rng.normal(120, 35, (9, 16)).astype(np.float32)
    bg = np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC), dtype=np.float32)
    for _ in range(int(rng.integers(4, 12))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        bw, bh = int(rng.integers(20, 400)), int(rng.integers(20, 300))
        shade = float(rng.integers(0, 255))
        if rng.random() < 0.5:
            cv2.rectangle(bg, (x, y), (x + bw, y + bh), shade, -1)
        else:
            cv2.ellipse(bg, (x, y), (bw // 2, bh // 2), float(rng.uniform(0, 180)), 0, 360, shade, -1)
    for _ in range(int(rng.integers(0, 6))):
        p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        p2 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.line(bg, p1, p2, float(rng.integers(0, 255)), int(rng.integers(1, 6)), cv2.LINE_AA)
    # Fine texture (wood grain, fabric) so the scene is not flat.
    texture = rng.normal(0, 6, (h // 4, w // 4)).astype(np.float32)
    bg += cv2.resize(texture, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(bg, 0, 255).astype(np.uint8)


def _homography(card_w: int, card_h: int, qr_box: tuple[float, float, float], fx: Effects,
                center: tuple[float, float], printed: float = 1.0) -> np.ndarray:
    """Project the card plane through a pinhole camera after turning and tilting it
    (``printed``: the symbol's printed width against a short code's)."""
    x0, y0, side = qr_box
    scale = fx.qr_px * printed / side  # frame pixels per card pixel, at the card's depth
    focal = 1000.0
    depth = focal  # the card is seen at this depth, so 1 card px -> scale frame px
    rot = math.radians(fx.rotation_deg)
    tilt = math.radians(fx.tilt_deg)
    axis = math.radians(fx.tilt_axis_deg)
    # Card corners in card pixels around the QR centre, scaled to world units.
    qcx, qcy = x0 + side / 2, y0 + side / 2
    src = np.array([[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]], np.float64)
    pts = (src - [qcx, qcy]) * scale
    c, s = math.cos(rot), math.sin(rot)
    pts = pts @ np.array([[c, s], [-s, c]])
    pts3 = np.column_stack([pts, np.zeros(4)])
    # Rodrigues rotation about an in-plane axis by the tilt angle.
    k = np.array([math.cos(axis), math.sin(axis), 0.0])
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + math.sin(tilt) * K + (1 - math.cos(tilt)) * K @ K
    pts3 = pts3 @ R.T
    z = depth + pts3[:, 2]
    dst = np.column_stack([focal * pts3[:, 0] / z + center[0], focal * pts3[:, 1] / z + center[1]])
    return cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))


def random_effects(rng: np.random.Generator) -> Effects:
    """Draw the effects for one frame: every frame is tilted and turned, most get more.

    Ranges: tilt 0-35 degrees, any rotation, QR 100-260 px wide in a 1280x720
    frame (about 4-10 px per module), blur sigma up to 2.5 (40% of frames),
    motion blur up to 6 px (15%), noise up to 12 levels, low light down to 30%
    (25%), glare (20%), JPEG quality 35-90 (70%).
    """
    return Effects(
        tilt_deg=float(rng.uniform(0, MAX_TILT_DEG)),
        tilt_axis_deg=float(rng.uniform(0, 180)),
        rotation_deg=float(rng.uniform(0, 360)),
        qr_px=float(rng.uniform(100, 260)),
        blur_sigma=float(rng.uniform(0.5, 2.5)) if rng.random() < 0.4 else float(rng.uniform(0, 0.7)),
        motion_px=float(rng.uniform(2, 6)) if rng.random() < 0.15 else 0.0,
        noise_sigma=float(rng.uniform(2, 12)),
        light=float(rng.uniform(0.3, 0.6)) if rng.random() < 0.25 else float(rng.uniform(0.75, 1.1)),
        glare=float(rng.uniform(60, 160)) if rng.random() < 0.2 else 0.0,
        jpeg_quality=int(rng.integers(35, 91)) if rng.random() < 0.7 else 0,
    )


def _apply_camera(frame: np.ndarray, fx: Effects, rng: np.random.Generator,
                  glare_at: tuple[float, float] | None) -> np.ndarray:
    img = frame.astype(np.float32)
    if glare_at is not None and fx.glare > 0:
        h, w = img.shape
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        rx, ry = fx.qr_px * float(rng.uniform(0.2, 0.5)), fx.qr_px * float(rng.uniform(0.1, 0.3))
        ang = float(rng.uniform(0, math.pi))
        dx, dy = xx - glare_at[0], yy - glare_at[1]
        u = (dx * math.cos(ang) + dy * math.sin(ang)) / rx
        v = (-dx * math.sin(ang) + dy * math.cos(ang)) / ry
        img += fx.glare * np.exp(-(u * u + v * v))
    if fx.blur_sigma > 0.05:
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), fx.blur_sigma), dtype=np.float32)
    if fx.motion_px >= 1.5:
        n = int(round(fx.motion_px))
        kernel = np.zeros((n, n), np.float32)
        kernel[n // 2, :] = 1.0 / n
        m = cv2.getRotationMatrix2D(((n - 1) / 2, (n - 1) / 2), float(rng.uniform(0, 180)), 1.0)
        kernel = np.asarray(cv2.warpAffine(kernel, m, (n, n)), dtype=np.float32)
        kernel /= max(float(kernel.sum()), 1e-6)
        img = np.asarray(cv2.filter2D(img, -1, kernel), dtype=np.float32)
    img = img * fx.light
    if fx.noise_sigma > 0:
        img += rng.normal(0, fx.noise_sigma, img.shape).astype(np.float32)
    out: np.ndarray = np.clip(img, 0, 255).astype(np.uint8)
    if fx.jpeg_quality:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, fx.jpeg_quality])
        assert ok
        decoded = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
        assert decoded is not None
        out = decoded
    return out


def scene(payloads: list[str] | tuple[str, ...], effects: Effects | list[Effects],
          rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A gray frame of ``size`` showing one card per payload, spoiled by ``effects``.

    With several payloads the cards are spread across the frame (one list entry
    of effects per card, or one for all); camera effects (blur, noise, light,
    JPEG) are taken from the first.
    """
    w, h = size
    frame = background(rng, size).astype(np.float32)
    fxs = effects if isinstance(effects, list) else [effects] * len(payloads)
    glare_at = None
    n = len(payloads)
    for i, payload in enumerate(payloads):
        fx = fxs[i]
        card, box = card_image(payload, rng=rng)
        if n == 1:
            center = (w / 2 + float(rng.uniform(-0.25, 0.25)) * w, h / 2 + float(rng.uniform(-0.2, 0.2)) * h)
        else:
            cols = math.ceil(math.sqrt(n * w / h))
            rows = math.ceil(n / cols)
            center = ((i % cols + 0.5) * w / cols, (i // cols + 0.5) * h / rows)
        hmat = _homography(card.shape[1], card.shape[0], box, fx, center, printed_scale(payload))
        warped = cv2.warpPerspective(card, hmat, size, flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        mask = cv2.warpPerspective(np.ones_like(card), hmat, size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        # The card casts a faint shadow on the counter, then covers it.
        shadow = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 6)
        frame = frame * (1 - 0.35 * np.roll(shadow, (6, 6), (0, 1)))
        frame = frame * (1 - mask) + warped.astype(np.float32) * mask
        if i == 0:
            qc = np.array([[[box[0] + box[2] * float(rng.uniform(0.1, 0.9)),
                             box[1] + box[2] * float(rng.uniform(0.1, 0.9))]]], np.float32)
            gx, gy = cv2.perspectiveTransform(qc, hmat)[0, 0]
            glare_at = (float(gx), float(gy))
    first = fxs[0] if fxs else Effects()
    return _apply_camera(np.clip(frame, 0, 255).astype(np.uint8), first, rng, glare_at)


def synthetic_set(count: int = 200, seed: int = 2024, secret: bytes = b"synthetic-secret",
                  card_url: str = "") -> list[Sample]:
    """``count`` 1280x720 frames, each with one card of a fresh number, from ``seed``.

    With ``card_url`` the cards' QR codes hold the card page's address (``codes.card_url``), printed
    as a card prints it (version 4 with the short code's module size, so a larger square); the frames
    are otherwise the same as without it (same seed, same effects, same distance from the camera)."""
    rng = np.random.default_rng(seed)
    samples = []
    for i in range(count):
        number = codes.new_number(int(rng.integers(0, 2**50)))
        payload = codes.card_url(card_url, codes.make_payload(number, secret))
        fx = random_effects(rng)
        samples.append(Sample(f"synthetic-{seed}-{i:04d}", scene([payload], fx, rng), (payload,), fx))
    return samples


def empty_frames(count: int = 50, seed: int = 7, size: tuple[int, int] = FRAME_SIZE) -> list[Sample]:
    """Frames of the counter with no card in view (most frames a kiosk sees)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        fx = Effects(noise_sigma=float(rng.uniform(2, 10)), light=float(rng.uniform(0.4, 1.1)),
                     blur_sigma=float(rng.uniform(0, 1.5)),
                     jpeg_quality=int(rng.integers(40, 91)) if rng.random() < 0.7 else 0)
        out.append(Sample(f"empty-{seed}-{i:04d}", scene([], fx, rng, size), (), fx))
    return out


def sheet_frame(payloads: list[str], seed: int = 1, size: tuple[int, int] = (2480, 3508)) -> np.ndarray:
    """A flat, clean scan of a sheet of cards (default A4 at 300 dpi), one card per payload."""
    rng = np.random.default_rng(seed)
    w, h = size
    sheet = np.full((h, w), 255, np.uint8)
    px_per_mm = w / 210.0
    cols = 2
    for i, payload in enumerate(payloads):
        card, _ = card_image(payload, px_per_mm=px_per_mm, rng=rng)
        ch, cw = card.shape
        x = int(15 * px_per_mm + (i % cols) * (cw + 10 * px_per_mm))
        y = int(10 * px_per_mm + (i // cols) * (ch + 1.5 * px_per_mm))
        if y + ch > h or x + cw > w:
            raise ValueError("too many cards for one sheet")
        sheet[y:y + ch, x:x + cw] = card
    return sheet


def write_folder(folder: Path, count: int = 20, seed: int = 2024, secret: bytes = b"synthetic-secret",
                 empty_between: int = 2) -> list[Path]:
    """Write a demo camera folder: card frames with ``empty_between`` empty frames after each.

    File names sort in play order (``0000.png``, ...); returns the written paths.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cards_ = synthetic_set(count, seed, secret)
    empties = empty_frames(count * empty_between, seed + 1)
    paths: list[Path] = []
    k = 0
    for i, sample in enumerate(cards_):
        for image in [sample.image] + [e.image for e in empties[i * empty_between:(i + 1) * empty_between]]:
            path = folder / f"{k:04d}.png"
            cv2.imwrite(str(path), image)
            paths.append(path)
            k += 1
    return paths
