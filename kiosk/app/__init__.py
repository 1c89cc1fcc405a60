"""The PySide6 touchscreen kiosk: a thin shell over ``cards``, ``db`` and ``printing``."""
