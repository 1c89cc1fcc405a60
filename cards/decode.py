"""From an image (a camera frame or a photo) to the card codes in it.

Two calls cover the kiosk's needs:

* :func:`read_payloads` ``(image, engine="auto", effort="auto") -> list[str]``:
  the raw texts of the QR codes in a numpy image (gray, BGR or BGRA).
* :func:`read_cards` ``(image, secret, ...) -> list[ScanHit]``: the same, each
  text checked as a stamp-card payload: a hit is either a card (``number``) or a
  refusal (``refusal``, a :class:`cards.refusals.Kind`). A QR that is not one of
  ours (a URL, a Wi-Fi code) is ``Kind.NOT_OURS`` ("not a stamp card"), never
  an exception.

Engines (``engine=``): ``"auto"`` (the default, see below), ``"zxing"`` (one
zxing-cpp pass, no second try) and ``"zbar"`` (pyzbar, one pass), kept
selectable for comparison and as a fallback (``stampcard scan --decoder zbar``).

The ``auto`` pipeline was chosen from measurements (``benchmarks/decode.py``,
figures in ``benchmarks/RESULTS-decode.md``):

1. Fast pass: zxing-cpp, QR only, on the gray image at full size (zxing tries
   its own downscaled copies), not looking for inverted codes (our cards are
   dark on light), with ``return_errors`` so a QR it *found* but could not read
   is reported with its position. On a 1280x720 frame this takes ~3 ms with a
   card in view and ~1 ms without; pyzbar takes ~25-40 ms.
2. Second try: on each region where a QR was found but not read (cropped,
   with a margin; also when another code in the image was read, e.g. a sheet),
   and, when nothing was read, on the whole image if it is small enough for
   the budget (``HARD_PIXEL_BUDGET``, a photo rather than a camera frame) or
   when ``effort="thorough"``. It tries, stopping at the
   first text: the global-histogram binarizer, inverted codes, a 2x upscale of a
   small region, a light denoise (for noise and JPEG blocks), an unsharp mask
   (for defocus), then pyzbar; a found-but-unread region then gets one last try:
   a wider crop (1.5x the found box on each side: a box may be one finder
   pattern of the symbol), enlarged 3x (cubic) and unsharp-masked. That step
   brought the small, defocused URL cards (version 4, 4-6 px a module, blur
   sigma ~2 px) up to the short codes' read rate.
3. Half-size search: when nothing was read in a camera-sized frame, zxing-cpp
   looks once more, with ``return_errors``, at a sharpened half-size copy (a
   quarter of the pixels; ~0.5 ms on an empty 1280x720 frame); what it reads
   is taken, what it finds but cannot read gets the second try above at full
   size. This is the only extra cost an empty frame (most frames at a counter)
   pays; it finds no QR there and so never pays for the second try.

Every engine's text is checked by the QR's own Reed-Solomon code, and a card
payload also by its check symbol and HMAC signature, so a misread becomes a
refusal, never another customer's card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from cards import imagesize  # noqa: I001 - sets OpenCV's pixel limit before cv2 is imported
import cv2
import numpy as np
import zxingcpp

from cards import codes, refusals

Engine = Literal["auto", "zxing", "zbar"]
Effort = Literal["fast", "auto", "thorough"]
ENGINES: tuple[str, ...] = ("auto", "zxing", "zbar")
EFFORTS: tuple[str, ...] = ("fast", "auto", "thorough")

_ENGINE_ALIASES = {"pyzbar": "zbar", "zxing-cpp": "zxing", "zxingcpp": "zxing", "": "auto"}

HARD_PIXEL_BUDGET = 400_000
"""Images up to this many pixels get a whole-image second try when nothing is read."""

_QR = zxingcpp.BarcodeFormat.QRCode
_PLAIN = zxingcpp.TextMode.Plain
_REGION_MARGIN = 0.3  # of the found QR's size, on each side
_UPSCALE_BELOW = 400  # a region narrower than this (px) is also tried at 2x
_WIDE_MARGIN = 1.5  # the last try's crop: more of the card around the symbol for the local binarizer
_ENLARGE = 3  # ... enlarged this many times (cubic) before an unsharp mask
_ENLARGE_UP_TO = 600  # (px) a wider crop is not enlarged: its modules are large enough, and 3x would cost
_LOCATE_ABOVE = 200_000  # (px) a frame this large is also searched at half size, sharpened


class DecodeError(Exception):
    """Base of this module's errors: the input is not something we can decode."""


class BadImage(DecodeError):
    """The image is not a 2-D gray or 3/4-channel uint8 array."""


class TooLarge(BadImage):
    """The file's header says it has more than ``imagesize.MAX_PIXELS`` pixels; it was not decoded."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(str(imagesize.TooLarge(width, height)))
        self.width = width
        self.height = height


@dataclass(frozen=True)
class ScanHit:
    """One QR code seen in an image.

    ``number`` is set for one of our cards; otherwise ``refusal`` says why not
    (``Kind.NOT_OURS`` for a foreign QR code). ``verified`` is False when no
    secret was given, so the signature could not be checked.
    """

    payload: str
    number: codes.CardNumber | None = None
    refusal: refusals.Kind | None = None
    detail: str = ""
    verified: bool = True

    @property
    def ok(self) -> bool:
        """True for a card that passed every check this call could make."""
        return self.number is not None


def engine_name(name: str | None) -> str:
    """Normalise a decoder name from a command line (None -> ``auto``, ``pyzbar`` -> ``zbar``)."""
    key = (name or "").strip().lower()
    engine = _ENGINE_ALIASES.get(key, key)
    if engine not in ENGINES:
        raise ValueError(f"unknown decoder {name!r}; choose auto, zxing or pyzbar")
    return engine


def to_gray(image: np.ndarray) -> np.ndarray:
    """Return ``image`` as a contiguous 2-D uint8 gray array (from gray, BGR or BGRA)."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise BadImage("expected a numpy uint8 array")
    if image.ndim == 2:
        gray = image
    elif image.ndim == 3 and image.shape[2] == 1:
        gray = image[:, :, 0]
    elif image.ndim == 3 and image.shape[2] == 3:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    elif image.ndim == 3 and image.shape[2] == 4:
        gray = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    else:
        raise BadImage(f"unsupported image shape {image.shape}")
    if gray.shape[0] < 8 or gray.shape[1] < 8:
        raise BadImage(f"image too small: {gray.shape}")
    return np.ascontiguousarray(gray)


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def _zxing(gray: np.ndarray, *, invert: bool = False, binarizer: zxingcpp.Binarizer | None = None,
           errors: bool = False) -> list[zxingcpp.Barcode]:
    # zxing-cpp's stub types ``formats`` as BarcodeFormats only, but read_barcodes also
    # takes a single BarcodeFormat (as its docstring says).
    if binarizer is None:
        return list(zxingcpp.read_barcodes(gray, formats=_QR,  # type: ignore[arg-type]
                                           try_rotate=False, try_invert=invert,
                                           text_mode=_PLAIN, return_errors=errors))
    return list(zxingcpp.read_barcodes(gray, formats=_QR,  # type: ignore[arg-type]
                                       try_rotate=False, try_invert=invert, binarizer=binarizer,
                                       text_mode=_PLAIN, return_errors=errors))


def _zxing_texts(gray: np.ndarray, **kwargs: object) -> list[str]:
    return _unique(b.text for b in _zxing(gray, **kwargs) if b.valid)  # type: ignore[arg-type]


def _zbar_texts(gray: np.ndarray) -> list[str]:
    from pyzbar import pyzbar  # imported late: loading libzbar costs time the fast path never needs

    symbols = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return _unique(s.data.decode("utf-8", errors="replace") for s in symbols)


def _box(barcode: zxingcpp.Barcode) -> tuple[float, float, float, float]:
    pos = barcode.position
    xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(box: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(o[0] <= cx <= o[2] and o[1] <= cy <= o[3] for o in others)


def _region(gray: np.ndarray, box: tuple[float, float, float, float], share: float = _REGION_MARGIN) -> np.ndarray:
    x0, y0, x1, y1 = box
    margin = share * max(x1 - x0, y1 - y0, 20)
    h, w = gray.shape
    xa, ya = max(0, int(x0 - margin)), max(0, int(y0 - margin))
    xb, yb = min(w, int(x1 + margin) + 1), min(h, int(y1 + margin) + 1)
    return np.ascontiguousarray(gray[ya:yb, xa:xb])


def _hard_tries(gray: np.ndarray) -> list[Callable[[], list[str]]]:
    """The second-try steps for one (cropped or whole) gray image, cheapest first."""
    small = max(gray.shape) < _UPSCALE_BELOW

    def up2() -> list[str]:
        return _zxing_texts(cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC))

    def denoise() -> list[str]:
        return _zxing_texts(cv2.medianBlur(gray, 3))

    def sharpen() -> list[str]:
        return _zxing_texts(cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), 2.0), -1.0, 0))

    tries: list[Callable[[], list[str]]] = [
        lambda: _zxing_texts(gray, binarizer=zxingcpp.Binarizer.GlobalHistogram),
        lambda: _zxing_texts(gray, invert=True),
    ]
    if small:
        tries.append(up2)
    tries += [denoise, sharpen, lambda: _zbar_texts(gray)]
    return tries


def read_payloads(image: np.ndarray, engine: str = "auto", effort: str = "auto") -> list[str]:
    """Return the texts of the QR codes in ``image`` (numpy gray/BGR/BGRA), in reading order.

    ``engine``: ``"auto"`` (zxing-cpp fast pass, then a second try, see the
    module docstring), ``"zxing"`` (one zxing-cpp pass) or ``"zbar"`` (one
    pyzbar pass). ``effort`` only applies to ``auto``: ``"fast"`` skips the
    second try, ``"auto"`` runs it on found-but-unread QR regions and on small
    images, and the half-size search on a camera frame where nothing was read, ``"thorough"`` also on a large image where nothing was found (for a
    still photo, not for every camera frame). Raises :class:`BadImage` for an
    array that is not an image; never raises for what is in the image.
    """
    engine = engine_name(engine)
    if effort not in EFFORTS:
        raise ValueError(f"unknown effort {effort!r}; choose from {', '.join(EFFORTS)}")
    gray = to_gray(image)
    if engine == "zbar":
        return _zbar_texts(gray)
    if engine == "zxing":
        return _zxing_texts(gray, invert=True)
    found = _zxing(gray, errors=True)
    read = [b for b in found if b.valid]
    texts = _unique(b.text for b in read)
    if effort == "fast":
        return texts
    # A symbol found but not read gets a second try, unless it is one already read
    # (zxing may meet the same symbol twice, at two scales).
    boxes = [_box(b) for b in read]
    unread = [_box(b) for b in found if not b.valid and not _inside(_box(b), boxes)]
    texts += _retry_regions(gray, unread)
    if not texts and gray.size >= _LOCATE_ABOVE:
        # Nothing read: a small, defocused symbol's finder patterns may show in a
        # sharpened half-size copy (cheap: a quarter of the pixels).
        texts, unread = _locate(gray)
        texts += _retry_regions(gray, unread)
    if not texts and (effort == "thorough" or gray.size <= HARD_PIXEL_BUDGET):
        texts += _first_text(_hard_tries(gray))
    return _unique(texts)


def _first_text(tries: list[Callable[[], list[str]]]) -> list[str]:
    for attempt in tries:
        got = attempt()
        if got:
            return got
    return []


def _retry_regions(gray: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> list[str]:
    """Second tries on each region where a QR was found but not read; the texts read."""
    texts: list[str] = []
    for box in boxes:
        region = _region(gray, box)
        if min(region.shape) < 8:
            continue
        got = _first_text(_hard_tries(region))
        if not got:
            got = _enlarged(_region(gray, box, _WIDE_MARGIN))
        texts += got
    return texts


def _enlarged(region: np.ndarray) -> list[str]:
    """The last try on a found-but-unread QR: a wide crop, enlarged 3x (cubic), unsharp-masked.

    Measured on the small defocused URL-card frames the other tries lose (4-6 px a
    module, blur sigma ~2 px): the enlargement gives the binarizer sub-pixel module
    edges, the mask (sigma 2 px of the original, amount 2) undoes part of the defocus.
    """
    if min(region.shape) < 8 or max(region.shape) > _ENLARGE_UP_TO:
        return []
    big = cv2.resize(region, None, fx=_ENLARGE, fy=_ENLARGE, interpolation=cv2.INTER_CUBIC)
    sharp = cv2.addWeighted(big, 3.0, cv2.GaussianBlur(big, (0, 0), 2.0 * _ENLARGE), -2.0, 0)
    return _zxing_texts(sharp)


def _locate(gray: np.ndarray) -> tuple[list[str], list[tuple[float, float, float, float]]]:
    """Look again at a sharpened half-size copy: (texts read, boxes found but not read, full-size)."""
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    sharp = cv2.addWeighted(half, 3.0, cv2.GaussianBlur(half, (0, 0), 1.0), -2.0, 0)
    found = _zxing(sharp, errors=True)
    texts = _unique(b.text for b in found if b.valid)
    boxes = [(2 * x0, 2 * y0, 2 * x1, 2 * y1) for x0, y0, x1, y1 in (_box(b) for b in found if not b.valid)]
    return texts, boxes


def check_payload(text: str, secret: codes.Secrets | None) -> ScanHit:
    """Check one QR text as a stamp-card payload; never raises for bad input.

    With ``secret`` (one, or the shop's keys) the signature is verified. Without one (no database, so the
    shop's secret is unknown) every other check is made (prefix, length,
    alphabet, check symbol) and the hit says ``verified=False``.
    """
    try:
        if secret is not None:
            parsed = codes.parse_code(text, secret)
            if not parsed.signed:
                # A bare card number printed as a QR is not a card's QR code.
                return ScanHit(text, refusal=refusals.Kind.NOT_OURS, detail="a plain number, not a card QR")
            return ScanHit(text, number=parsed.number)
        try:
            number = codes.parse_payload(text, b"")
        except refusals.Refused as exc:
            if exc.kind is not refusals.Kind.BAD_SIGNATURE:
                raise
            number = codes.CardNumber(codes.unwrap(text).upper().split(":")[1])
        return ScanHit(text, number=number, verified=False)
    except refusals.Refused as exc:
        return ScanHit(text, refusal=exc.kind, verified=secret is not None)


def read_cards(image: np.ndarray, secret: codes.Secrets | None, engine: str = "auto",
               effort: str = "auto") -> list[ScanHit]:
    """Decode ``image`` and check each QR text as a card payload (see :func:`check_payload`)."""
    return [check_payload(text, secret) for text in read_payloads(image, engine, effort)]


def read_file(path: str, secret: codes.Secrets | None, engine: str = "auto",
              effort: str = "thorough") -> list[ScanHit]:
    """Read an image file (PNG, JPEG, WebP, ...) and return its hits; raises ``BadImage``.

    An image over 50 megapixels (by its header) raises ``TooLarge`` before it is decoded;
    an image OpenCV refuses (``cv2.error``) raises ``BadImage``, never ``cv2.error``.
    """
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise BadImage(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        imagesize.check(data.tobytes())  # the whole file: a header may lie past the first 64 KB
    except imagesize.TooLarge as exc:
        raise TooLarge(exc.width, exc.height) from exc
    try:
        image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    except cv2.error as exc:  # OpenCV refuses some files by raising (its pixel limit, a broken header)
        raise BadImage(f"cannot read an image from {path}") from exc
    if image is None:
        raise BadImage(f"cannot read an image from {path}")
    try:
        return read_cards(image, secret, engine, effort)
    except cv2.error as exc:
        raise BadImage(f"cannot decode the image {path}") from exc
