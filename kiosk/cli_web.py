"""``stampcard web [--host 127.0.0.1] [--port 8080]``: serve the customers' card page (``kiosk.web``).

Runs uvicorn in the foreground on the shop's database (or a chain hub's, with a
read-only role: the page only reads, except the complaint form). No owner PIN:
the page shows what the printed card shows and takes what the kiosk's complaint
button takes. Listens on localhost by default; put it behind the shop's web
server (TLS) to reach phones, with ``settings set --card-url`` naming its
public address. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from kiosk import cli_common

Context = cli_common.Context


def cmd_web(args: argparse.Namespace, ctx: Context) -> int:
    """Serve the card page until interrupted."""
    import uvicorn

    from kiosk.web import app as web_app

    if not 0 < args.port < 65536:
        raise cli_common.Usage(f"web: --port must be 1..65535, not {args.port}")
    app = web_app.build_app(ctx.open_db())
    print(f"stampcard: the card page is at http://{args.host}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    return cli_common.EXIT_OK


def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``web`` to the command line."""
    p = command(sub, "web", cmd_web, "serve the customers' card page, its forms and the shop page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
