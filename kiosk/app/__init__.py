"""The PySide6 touchscreen kiosk: a thin shell over ``cards``, ``db`` and ``printing``.

PySide6 is pinned below 6.12 in pyproject.toml: 6.12.0 on CPython 3.11 drops a
reference to ``None`` on every call of a Qt method that returns nothing (measured
with ``sys.getrefcount(None)`` around ``QPainter.setPen``), so a kiosk painting a
30 fps preview died within minutes with "Fatal Python error: none_dealloc".
``tests/kiosk/test_refcount.py`` keeps an eye on it.
"""
