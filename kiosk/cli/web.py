"""``stampcard web [--host 127.0.0.1] [--port 8080]``: serve the customers' card page (``kiosk.web``);
``stampcard poster --out FILE.pdf [--size a3|a4|a5]``: the program's poster (``printing.poster``).

Runs uvicorn in the foreground on the shop's database (or a chain hub's, with a
read-only role: the page only reads, except the complaint form). No owner PIN:
the page shows what the printed card shows and takes what the kiosk's complaint
button takes. Listens on localhost by default; put it behind the shop's web
server (TLS) to reach phones, with ``settings set --card-url`` naming its
public address. Ctrl-C stops it.

Neither asks for the owner PIN (DESIGN, "Who may do what"): the page and the
poster reveal nothing that is not printed on every card, and change nothing
but what a cashier may (a complaint).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from kiosk import sentences
from kiosk.cli import common

Context = common.Context


def cmd_web(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the card page until interrupted."""
    import uvicorn

    from kiosk.web import app as web_app

    if not 0 < args.port < 65536:
        raise common.Usage(sentences.user().gettext("web: --port must be 1..65535, not %(port)s", port=args.port))
    app = web_app.build_app(ctx.open_db())
    address = f"http://{args.host}:{args.port}/"
    print("stampcard: " + sentences.user().gettext("the card page is at %(address)s (Ctrl-C stops it)", address=address),
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    return common.EXIT_OK


def cmd_poster(args: argparse.Namespace, ctx: Context) -> int:
    """Write the program's poster to ``--out``."""
    from kiosk import workflows
    from printing.errors import LayoutError

    database = ctx.open_db()
    workflows.check_writable(args.out)
    try:
        made = workflows.make_poster(database, size=args.size)
    except LayoutError as exc:
        raise common.Usage(f"poster: {sentences.printing(exc)}") from exc
    workflows.write_atomic(args.out, made.pdf)
    w = sentences.user()
    leads = (w.gettext("its QR code opens %(address)s", address=made.target.address) if made.target.address
             else w.gettext("it has no QR code (set --card-url or --complaints-url)"))
    ctx.emit({"pdf": str(args.out), "size": made.size, "qr": made.target.address or None,
              "card_page": made.target.card_page},
             w.gettext("Poster (%(size)s) saved to %(file)s; %(leads)s.", size=made.size.upper(), file=args.out,
                       leads=leads))
    return common.EXIT_OK


def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``web`` and ``poster`` to the command line."""
    p = command(sub, "web", cmd_web, "serve the customers' card page, its forms and the shop page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    p = command(sub, "poster", cmd_poster, "a poster of the program with a QR code to the card page")
    p.add_argument("--out", type=Path, required=True, help="FILE.pdf")
    p.add_argument("--size", choices=("a3", "a4", "a5"), default="a4", help="paper size (default a4)")
