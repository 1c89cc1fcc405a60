"""The PySide6 touchscreen kiosk: a thin shell over ``cards``, ``db`` and ``printing``."""

from __future__ import annotations

import ctypes
import sys


def _keep_none_alive() -> None:
    """Give ``None``, ``True``, ``False`` and the cached small ints a huge reference count on CPython < 3.12.

    (CPython 3.12+ makes these objects immortal itself.)

    WORKAROUND: PySide6 6.12 on CPython 3.11 drops one reference to ``None`` on
    every call of a void QPainter method (``setPen``, ``drawEllipse``, ``save``...;
    measured with ``sys.getrefcount(None)``), so a kiosk that paints a 30 fps
    preview dies within minutes with "Fatal Python error: none_dealloc".
    Slots and properties returning ``True``/``False`` do the same to the booleans.
    Raising each count by 2**60 keeps it far from zero for centuries of painting.
    """
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        for shared in (None, True, False, (), "", b"", *range(-5, 257)):
            ctypes.c_ssize_t.from_address(id(shared)).value += 1 << 60


_keep_none_alive()
