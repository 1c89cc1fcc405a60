"""What leaves the shop by wire: who is due which message (a pure function of plain records),
the texts from templates per language, and the transports (SMTP, an SMS outbox or gateway).

Layer: imports ``cards``, Jinja2 and Babel, never ``db`` (``db/messaging.py`` builds the
plain records this package works from, and records what was sent).
"""
