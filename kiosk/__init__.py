"""The shells: the `stampcard` command line and the PySide6 touchscreen kiosk."""
