"""``stampcard kiosk``: start the touchscreen kiosk (``kiosk/app/``, loaded only by this command)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from kiosk.cli import common

Context = common.Context


def cmd_kiosk(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.app import main as app_main

    app_main.setup_logging(Path(ctx.data_dir))  # first: a schema upgrade's one line belongs in kiosk.log
    ctx.open_db(create=True)  # the kiosk's first-run wizard sets up a new shop

    return int(app_main.run(args, ctx))



# --- the parser ---

def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``kiosk`` to the ``stampcard`` parser."""
    p = command(sub, "kiosk", cmd_kiosk, "start the touchscreen kiosk")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--camera", default=None, help="device index, video file or folder of images")
    p.add_argument("--size", default=None, help="window size WxH, e.g. 800x480")
    p.add_argument("--decoder", default=None)
    p.add_argument("--cashier-pin", action="store_true",
                   help="this station asks for a cashier PIN before the first stamp of a shift")
