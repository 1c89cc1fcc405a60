"""``stampcard scan IMAGE... [--json] [--decoder NAME]``: read card codes from photos or frames.

One line per image. With ``--json`` one JSON object whose ``results`` list holds,
per image, an object with ``image`` and either ``code`` (the QR payload) and
``number`` (grouped, ``K7Q2-9XJ4-MN3``) for one of our cards, or ``error`` (with
a machine word in ``kind``) otherwise. An image with several of our cards gives
one entry (and one line) per card.

With a database (a shop set up) the signature is verified with the shop's
keys and the card is looked up (``cards.keys``: a card not known here must carry the
current key's signature): a card this shop did not issue is "unknown",
a void, blocked or replaced card is refused with that reason. Without a
database the secret is unknown: a well-formed payload is reported with its
number and ``"verified": false`` (the signature could not be checked), and the
human line says so.

Exit 0 when every image gave a card, 3 when any image was refused (no code,
not a stamp card, forged, unknown, void...), 2 for an unknown decoder name.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from cards import codes, refusals
from kiosk import sentences

if TYPE_CHECKING:
    from cards import decode

EXIT_OK, EXIT_USAGE, EXIT_REFUSED = 0, 2, 3


def _lines_for_image(path: Path, hits: list[decode.ScanHit], session: Any) -> list[dict[str, Any]]:
    if not hits:
        return [{"image": str(path), "error": sentences.user().gettext("no QR code found"), "kind": "no_code"}]
    lines = []
    for hit in hits:
        if hit.number is None:
            refused = refusals.Refused(hit.refusal or refusals.Kind.NOT_OURS)
            lines.append({"image": str(path), "error": sentences.sentence(refused), "kind": refused.kind.value})
            continue
        line: dict[str, Any] = {"image": str(path), "code": hit.payload.strip().upper(),
                                "number": codes.format_number(hit.number)}
        if session is None:
            line["verified"] = False
        else:
            found = _lookup(session, hit)
            if "error" in found:  # the contract: either code and number, or error
                line = {"image": str(path), **found}
            else:
                line.update(found)
        lines.append(line)
    return lines


def _lookup(session: Any, hit: decode.ScanHit) -> dict[str, Any]:
    from db import ops

    try:
        card = ops.card_view(session, hit.payload)
    except refusals.Refused as exc:
        return {"error": sentences.sentence(exc), "kind": exc.kind.value}
    if card.status in ("void", "blocked", "transferred"):
        w = sentences.user()
        return {"error": w.gettext("card %(number)s is %(status)s", number=card.grouped,
                                   status=sentences.status_word(w, card.status)), "kind": card.status}
    return {"verified": True, "status": card.status, "stamps": card.stamps,
            "stamps_required": card.stamps_required}


def _text(line: dict[str, Any]) -> str:
    if "error" in line:
        return f"{line['image']}: {line['error']}"
    w = sentences.user()
    note = "" if line.get("verified") else "  " + w.gettext("(signature not checked: no shop database)")
    stamps = ("  " + w.ngettext("%(stamps)d/%(n)d stamp", "%(stamps)d/%(n)d stamps", line["stamps_required"],
                                stamps=line["stamps"]) if "stamps" in line else "")
    return f"{line['image']}: {line['number']}  {line['code']}{stamps}{note}"


def cmd_scan(args: argparse.Namespace, ctx: Any) -> int:
    """Decode every image in ``args.images`` and print one line per card (see the module docstring)."""
    from cards import decode  # OpenCV: loaded by a scan, not by ``scan --help`` (kiosk/cli/__init__.py)

    try:
        engine = decode.engine_name(args.decoder)
    except ValueError as exc:
        print(f"stampcard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    secret: tuple[bytes, ...] | None = None
    database = None
    if ctx.has_db():
        from db import ops

        database = ctx.open_db()
        with database.sessions.begin() as session:
            secret = ops.signing_secrets(session)  # any key the shop has had; the lookup applies the rule
    refused = False
    results: list[dict[str, Any]] = []
    for path in args.images:
        try:
            hits = decode.read_file(str(path), secret, engine=engine)
        except decode.TooLarge as exc:
            lines = [{"image": str(path), "error": sentences.too_large(exc.width, exc.height), "kind": "too_large",
                      "width": exc.width, "height": exc.height}]
        except decode.BadImage:
            exists = Path(path).exists()
            w = sentences.user()
            lines = [{"image": str(path), "error": w.gettext("cannot read the image") if exists else w.gettext("no such file"),
                      "kind": "bad_image" if exists else "no_file"}]
        else:
            if database is None:
                lines = _lines_for_image(path, hits, None)
            else:
                with database.sessions.begin() as session:
                    lines = _lines_for_image(path, hits, session)
        for line in lines:
            refused |= "error" in line
            results.append(line)
            if not ctx.json:
                print(_text(line))
            if "error" in line:
                reason = f"{line['image']}: {line['error']}"
                print("stampcard: " + sentences.user().gettext("refused: %(reason)s", reason=reason), file=sys.stderr)
    if ctx.json:  # the contract: exactly one JSON object, the images' lines in ``results``
        print(json.dumps({"results": results}, ensure_ascii=False))
    return EXIT_REFUSED if refused else EXIT_OK


# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``scan`` to the ``stampcard`` parser."""
    p = command(sub, "scan", cmd_scan, "decode card codes from photos or frames")
    p.add_argument("images", nargs="+", type=Path)
    p.add_argument("--decoder", default=None, help="auto (default), zxing or pyzbar")
