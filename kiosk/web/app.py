"""The customers' web page (``stampcard web``): a small Starlette app over the shop's database.

:func:`build_app` makes the app from a list of route modules
(:data:`ROUTE_MODULES`). Each is a module of ``kiosk.web`` with a function
``routes(web: WebContext) -> list[BaseRoute]``; a module that is not there
(yet) is skipped. ``kiosk.web.card`` gives the card page, the shop page and
the complaint form; ``kiosk.web.consent`` (the messages' join form, consent
withdrawal and one-click unsubscribe) plugs in the same way.

What every page shares lives on :class:`WebContext`: the database (one short
transaction a request, through ``db`` functions only: no business rule here),
the Jinja2 templates (autoescaped), the form tokens and the words of the
request's language (:meth:`WebContext.page`). Around every route: a rate limit
per client address (429), security headers (no referrer: a card's address is
its code; no framing; a strict content policy), and error pages in the same
style (404 for an unknown path, 503 when the database cannot be read; never a
bare 500 with a traceback).

**Under a path.** When the shop's card page address has a path
(``https://kocour.cz/karta``), :class:`Prefixed` serves the app under it: a request
for ``/KARTA/C/SC1:...`` (the QR gives upper case; any case is taken) or for
``/c/...`` (a proxy that stripped the path) is routed alike, and every link a page
makes starts with ``/karta`` (the request's ``root_path``; templates get it as
``root``), so a shop with one host needs no host of its own for its cards.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date
from sqlalchemy import exc as sa_exc
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cards.refusals import Kind, Refused
from cards import words as shared_words
from cards.refusals import Refused
from db import cardpage, chain_station, engine, errors
from kiosk import first_scan
from db.models import utcnow
from kiosk.web import guard, i18n

ROUTE_MODULES: tuple[str, ...] = ("kiosk.web.card", "kiosk.web.consent")
HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[1] / "assets" / "fonts"
STATIC = {"card.css": ("text/css; charset=utf-8", HERE / "static" / "card.css"),
          "DejaVuSans.ttf": ("font/ttf", FONTS / "DejaVuSans.ttf"),
          "DejaVuSans-Bold.ttf": ("font/ttf", FONTS / "DejaVuSans-Bold.ttf")}
MAX_BODY = 64 * 1024  # a form is a few kilobytes; a larger body is refused (413) before it is read
HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}
log = logging.getLogger("stampcard.web")


def templates() -> jinja2.Environment:
    """The page templates, autoescaped (every value is text, never markup)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


MAX_CODE = 120  # a code longer than this is no card of ours: refused before any lookup


@dataclass
class WebContext:
    """What every route of the app shares (see the module)."""

    database: engine.Database
    tokens: guard.FormTokens
    limits: guard.RateLimit
    now: Callable[[], dt.datetime] = utcnow
    env: jinja2.Environment = field(default_factory=templates)

    def shop(self) -> cardpage.ShopPage:
        """The shop's name, language and contacts (one read)."""
        with self.database.sessions.begin() as session:
            return cardpage.shop_page(session)

    def card(self, code: str) -> cardpage.CardPage | None:
        """The card page of ``code`` (payload, address or number), or None for no card of ours: too long
        (refused before any lookup), unknown, forged or void. A shop not set up is raised (a 503). At a
        chain station a signed card not held here is fetched from the hub first (None if it cannot be)."""
        if not code or len(code) > MAX_CODE:
            return None
        for attempt in range(2):
            try:
                with chain_station.fetching(), self.database.sessions.begin() as session:
                    return cardpage.card_page(session, code)
            except chain_station.Unheard as unheard:
                # A chain station holds its share: a card of another shop is fetched from the hub once
                # (bounded, ``first_scan``), then shown; never adopted as an empty placeholder by a page.
                if attempt == 0:
                    first_scan.fetch(self.database, unheard.number)
            except Refused as exc:
                if exc.kind is Kind.NOT_INITIALISED:
                    raise
                return None
        return None

    def language(self, request: Request, shop_language: str) -> str:
        """The request's language (``?lang=``, ``Accept-Language``, the shop's)."""
        return i18n.choose(request.query_params.get("lang"), request.headers.get("accept-language", ""),
                           shop_language)

    def page(self, request: Request, template: str, *, shop: cardpage.ShopPage | None = None,
             status: int = 200, **values: Any) -> HTMLResponse:
        """Render ``template`` in the request's language; give a form cookie when there is none."""
        if shop is None:
            shop = self.shop()
        lang = self.language(request, shop.language)
        words = i18n.translations(lang)
        nonce = request.cookies.get(guard.COOKIE, "")
        fresh = not nonce or len(nonce) > 64
        if fresh:
            nonce = self.tokens.new_nonce()
        html = self.env.get_template(template).render(
            shop=shop, lang=lang, languages=i18n.LANGUAGES, _=words.gettext, ngettext=words.ngettext,
            date=lambda day: format_date(day, format="medium", locale=lang), token=self.tokens.make(nonce),
            tier=lambda name: shared_words.tier_name(lang, name),  # tier names: translated once (cards.words)
            token_field=guard.TOKEN_FIELD, path=request.url.path, root=root(request), **values)
        response = HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
        if fresh:
            response.set_cookie(guard.COOKIE, nonce, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https", path="/")
        return response

    async def form(self, request: Request) -> dict[str, str] | None:
        """The posted form's text fields when its token is good, else None (the caller answers 403)."""
        data = await request.form(max_files=0, max_fields=20)
        fields = {key: value for key, value in data.items() if isinstance(value, str)}
        token = fields.pop(guard.TOKEN_FIELD, "")
        if not self.tokens.valid(token, request.cookies.get(guard.COOKIE, "")):
            return None
        return fields

    def refused_page(self, request: Request, status: int, title: str, text: str) -> HTMLResponse:
        """An error page in the site's style (403, 404, 429, 503), in the request's language."""
        try:
            shop = self.shop()
        except (Refused, errors.StampcardError, sa_exc.SQLAlchemyError):
            shop = cardpage.ShopPage("", "en", cardpage.Contacts("", "", ""), "")
        return self.page(request, "error.html", shop=shop, status=status, title=title, text=text)


class Guarded:
    """ASGI middleware: the rate limit per client address, then the security headers on every answer."""

    def __init__(self, app: ASGIApp, web: WebContext) -> None:
        self.app, self.web = app, web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        client = scope.get("client")
        address = client[0] if client else "unknown"
        wait = self.web.limits.check(address, post=scope.get("method") == "POST")
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not wait and (not length.isdigit() or int(length) > MAX_BODY):
            too_large = PlainTextResponse("Too large.", status_code=413)
            await too_large(scope, receive, with_headers)
            return
        if wait:
            request = Request(scope, receive)
            words = i18n.translations(self.web.language(request, "en"))
            response: Response = PlainTextResponse(
                words.gettext("Too many requests. Please wait a minute and try again."), status_code=429,
                headers={"retry-after": str(int(wait + 0.999))})
            await response(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


def root(request: Request) -> str:
    """The path the app is served under (``""`` at a host's root): every link a page makes starts with it."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def card_path(card_url: str) -> str:
    """The path part of the shop's card page address, lower case, without a trailing ``/`` (``""``: none)."""
    return urlsplit(card_url).path.rstrip("/").lower() if card_url else ""


class Prefixed:
    """ASGI middleware: serve the app under the card page address's path (see the module).

    The path is read from the shop's settings at most every ``PREFIX_TTL`` seconds, so
    ``settings set --card-url`` reaches a running ``stampcard web`` within that time.
    """

    PREFIX_TTL = 5.0

    def __init__(self, app: ASGIApp, web: WebContext, clock: Callable[[], float]) -> None:
        self.app, self.web, self.clock = app, web, clock
        self.prefix, self.read_at = "", float("-inf")

    def current(self) -> str:
        now = self.clock()
        if now - self.read_at >= self.PREFIX_TTL:
            try:
                self.prefix = card_path(self.web.shop().card_url)
            except (Refused, errors.StampcardError, sa_exc.SQLAlchemyError):
                pass  # the pages answer 503 themselves; keep the last path
            self.read_at = now
        return self.prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = self.current() if scope["type"] == "http" else ""
        if not prefix:
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        head = path[:len(prefix)]
        if head.lower() == prefix and path[len(prefix):len(prefix) + 1] in ("", "/"):
            rest = path[len(prefix):]  # the QR's upper-case /KARTA/C/... as the configured /karta/C/...
        else:
            rest = path  # a proxy took the path away: the public address still has it
        scope = {**scope, "root_path": prefix, "path": prefix + (rest or "/"),
                 "raw_path": (prefix + (rest or "/")).encode("utf-8")}
        await self.app(scope, receive, send)


def _static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404)
    media, path = STATIC[name]
    return FileResponse(path, media_type=media, headers={"cache-control": "public, max-age=86400"})


def build_app(database: engine.Database, *, modules: Sequence[str] = ROUTE_MODULES,
              clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time,
              now: Callable[[], dt.datetime] = utcnow, limits: guard.RateLimit | None = None) -> Starlette:
    """The app over ``database`` with the routes of ``modules`` (see the module).

    ``clock`` times the rate limit, ``wall`` stamps the form tokens, ``now`` is
    the time recorded with a complaint; tests pass their own.
    """
    with database.sessions.begin() as session:
        key = cardpage.web_key(session)  # refuses NOT_INITIALISED: there is no shop to show
    web = WebContext(database, guard.FormTokens(key, wall), limits or guard.RateLimit(clock), now)
    routes: list[BaseRoute] = []
    for name in modules:
        if importlib.util.find_spec(name) is None:
            continue
        routes += importlib.import_module(name).routes(web)
    routes.append(Route("/static/{name}", _static))

    def _words(request: Request) -> Callable[[str], str]:
        try:
            lang = web.language(request, web.shop().language)
        except (Refused, errors.StampcardError, sa_exc.SQLAlchemyError):
            lang = web.language(request, "en")
        return i18n.translations(lang).gettext

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        _ = _words(request)
        if status == 405:
            return web.refused_page(request, 405, _("Not here"), _("This address does not take that request."))
        return web.refused_page(request, 404, _("Not found"), _("There is nothing at this address."))

    async def unavailable(request: Request, exc: Exception) -> Response:
        log.warning("web page: the database cannot be read: %s", exc)
        body = i18n.N_("The shop's records cannot be read just now. Please try again later.")
        return PlainTextResponse(i18n.translations(web.language(request, "en")).gettext(body), status_code=503)

    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("web page failed", exc_info=exc)
        body = i18n.N_("Something went wrong on our side. Please try again later.")
        return PlainTextResponse(i18n.translations(web.language(request, "en")).gettext(body), status_code=500)

    app = Starlette(routes=routes, exception_handlers={
        404: not_found, 405: not_found, errors.StampcardError: unavailable, sa_exc.SQLAlchemyError: unavailable,
        Exception: failed})
    app.add_middleware(Prefixed, web=web, clock=clock)
    app.add_middleware(Guarded, web=web)
    app.state.web = web
    return app
