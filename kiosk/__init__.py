"""The shells: the `stampcard` command line and the PySide6 touchscreen kiosk."""

import os as _os
import sys as _sys

if _sys.argv and _os.path.basename(_sys.argv[0]) == "stampcard":
    # The console script: parse the command line before SQLAlchemy loads (kiosk/lazy_imports.py);
    # kiosk.cli.main runs what waits right after parsing.
    from kiosk import lazy_imports as _lazy_imports

    _lazy_imports.start()
