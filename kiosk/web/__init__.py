"""The customers' web page (``stampcard web``): the card page, the shop page, the complaint form.

A shell like the kiosk and the command line: Starlette routes over ``db``
functions (``db.cardpage``), Jinja2 templates, gettext catalogues (domain
``web``). Nothing below ``kiosk/`` imports it. :func:`kiosk.web.app.build_app`
makes the app.
"""
