"""Joining the messages, confirming an e-mail address, withdrawing consent (issue 19).

Routes:

* ``GET|POST /c/<code>/join``: the card's holder leaves name, e-mail, phone and birthday and
  ticks the channels they agree to (e-mail, SMS). An e-mail address gets a link to confirm
  it (double opt-in): nothing is sent to it before.
* ``GET|POST /confirm/<token>``: the page of that link; its button confirms (a mail scanner
  that opens links does not confirm by itself).
* ``GET|POST /unsubscribe/<token>``: the link in every message. ``POST`` is RFC 8058's
  one-click unsubscribe: the mailbox provider posts ``List-Unsubscribe=One-Click`` with no
  cookie, so the signed token in the address is the authority, not a form token.
* ``GET|POST /c/<code>/consent``: the card holder's page to withdraw consent per channel.

Each read or write is one ``db.consent`` call in one short transaction.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from cards import channels, tokens
from cards.refusals import Kind, Refused
from db import cardpage
from db import consent as db_consent
from kiosk.web import i18n
from kiosk.web.app import WebContext, root

N_ = i18n.N_
CHANNEL_WORDS = {channels.EMAIL: N_("E-mail"), channels.SMS: N_("Text messages (SMS)")}


def routes(web: WebContext) -> list[BaseRoute]:
    """The consent pages' routes (see the module)."""

    def words(request: Request, shop: cardpage.ShopPage) -> i18n.Translate:
        return i18n.translations(web.language(request, shop.language)).gettext

    def message(request: Request, shop: cardpage.ShopPage, title: str, text: str, *, status: int = 200,
                button: str = "", back: str = "") -> HTMLResponse:
        return web.page(request, "consent.html", shop=shop, status=status, title=title, text=text, button=button,
                        back=back)

    def not_found(request: Request, shop: cardpage.ShopPage) -> HTMLResponse:
        _ = words(request, shop)
        return message(request, shop, _("Card not found"),
                       _("We do not know this card. Please check the number, or ask at the counter."), status=404)

    def expired(request: Request, shop: cardpage.ShopPage) -> HTMLResponse:
        _ = words(request, shop)
        return web.refused_page(request, 403, _("This form has expired"),
                                _("Please open the page again and send your message from there."))

    def channel_list(_: i18n.Translate) -> list[tuple[str, str]]:
        return [(c, _(CHANNEL_WORDS[c])) for c in channels.CHANNELS]

    async def join(request: Request) -> Response:
        shop = web.shop()
        _ = words(request, shop)
        page = web.card(request.path_params["code"])
        if page is None:
            return not_found(request, shop)
        if request.method == "GET":
            return web.page(request, "join.html", shop=shop, card=page, form={}, chosen=(), problem="",
                            channels=channel_list(_))
        fields = await web.form(request)
        if fields is None:
            return expired(request, shop)
        form_data = await request.form()
        chosen = tuple(c for c in channels.CHANNELS if c in form_data.getlist("channel"))
        birthday: dt.date | None = None
        problem = ""
        if fields.get("birthday"):
            try:
                birthday = dt.date.fromisoformat(fields["birthday"])
            except ValueError:
                problem = _("Please give your birthday as a date.")
        if not problem:
            try:
                with web.database.sessions.begin() as session:
                    joined = db_consent.join(session, page.code, name=fields.get("name", ""),
                                             email=fields.get("email", ""), phone=fields.get("phone", ""),
                                             birthday=birthday, chosen=chosen, now=web.now())
            except Refused as exc:
                problem = _join_problem(exc, _)
        if problem:
            return web.page(request, "join.html", shop=shop, card=page, form=fields, chosen=chosen,
                            problem=problem, channels=channel_list(_), status=400)
        back = f"{root(request)}/c/{page.code}"
        if joined.email_pending:
            from db import messaging
            from messages import run

            run.send_confirmation(messaging.Store(web.database), joined.customer, now=web.now(),
                                  site=str(request.base_url))
            return message(request, shop, _("Almost done"),
                           _("We have sent you an e-mail. Please open the link in it to confirm your address."),
                           back=back)
        return message(request, shop, _("Thank you for joining!"),
                       _("We will let you know about your birthday, your rewards and our news."), back=back)

    async def confirm(request: Request) -> Response:
        shop = web.shop()
        _ = words(request, shop)
        token = request.path_params["token"]
        with web.database.sessions.begin() as session:
            valid = db_consent.token_valid(session, token, tokens.CONFIRM)
        if not valid:
            return message(request, shop, _("This link does not work"),
                           _("Please check that you copied the whole link."), status=404)
        if request.method == "GET":
            return message(request, shop, _("Confirm your e-mail address"),
                           _("Press the button to receive our messages at this address."), button=_("Confirm"))
        if await web.form(request) is None:
            return expired(request, shop)
        with web.database.sessions.begin() as session:
            done = db_consent.confirm_link(session, token, now=web.now())
        if not done:
            return message(request, shop, _("Nothing to confirm"),
                           _("You have withdrawn your consent meanwhile: we will send you nothing."))
        return message(request, shop, _("Thank you, your address is confirmed."),
                       _("You can withdraw your consent at any time with the link in every message."))

    async def unsubscribe(request: Request) -> Response:
        shop = web.shop()
        _ = words(request, shop)
        token = request.path_params["token"]
        if request.method == "GET":
            with web.database.sessions.begin() as session:
                valid = db_consent.token_valid(session, token, tokens.UNSUBSCRIBE)
            if not valid:
                return message(request, shop, _("This link does not work"),
                               _("Please check that you copied the whole link."), status=404)
            return message(request, shop, _("Unsubscribe"),
                           _("Press the button and you will get no more messages from us."),
                           button=_("Unsubscribe"))
        await request.body()  # RFC 8058: "List-Unsubscribe=One-Click", or our own button; the token decides
        with web.database.sessions.begin() as session:
            done = db_consent.unsubscribe(session, token, now=web.now())
        if not done:
            return message(request, shop, _("This link does not work"),
                           _("Please check that you copied the whole link."), status=404)
        return message(request, shop, _("You are unsubscribed."),
                       _("You will get no more messages from us. Your card and its stamps stay as they are."))

    async def withdraw(request: Request) -> Response:
        shop = web.shop()
        _ = words(request, shop)
        page = web.card(request.path_params["code"])
        if page is None:
            return not_found(request, shop)
        back = f"{root(request)}/c/{page.code}"
        if request.method == "POST":
            if await web.form(request) is None:
                return expired(request, shop)
            form_data = await request.form()
            chosen = tuple(c for c in channels.CHANNELS if c in form_data.getlist("channel")) or channels.CHANNELS
            with web.database.sessions.begin() as session:
                customer = db_consent.customer_of_card(session, page.code, now=web.now())
                if customer is not None:
                    db_consent.withdraw(session, customer, chosen, now=web.now())
            return message(request, shop, _("Your consent is withdrawn."),
                           _("You will get no more messages from us on these channels."), back=back)
        with web.database.sessions.begin() as session:
            found = db_consent.of_card(session, page.code)
        active = [(c, _(CHANNEL_WORDS[c])) for c in channels.CHANNELS
                  if c in found and found[c].withdrawn_at is None]
        return web.page(request, "withdraw.html", shop=shop, card=page, active=active, back=back)

    return [
        Route("/c/{code}/join", join, methods=["GET", "POST"]),
        Route("/C/{code}/join", join, methods=["GET", "POST"]),
        Route("/c/{code}/consent", withdraw, methods=["GET", "POST"]),
        Route("/C/{code}/consent", withdraw, methods=["GET", "POST"]),
        Route("/confirm/{token}", confirm, methods=["GET", "POST"]),
        Route("/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
    ]


def _join_problem(exc: Refused, _: i18n.Translate) -> str:
    """What to fix in the join form, in the page's language."""
    if exc.kind is Kind.EMPTY and exc.field == "consent":
        return _("Please tick how we may contact you.")
    if exc.kind is Kind.EMPTY and exc.field == "customer_email":
        return _("Please give your e-mail address.")
    if exc.kind is Kind.EMPTY and exc.field == "customer_phone":
        return _("Please give your phone number.")
    if exc.kind is Kind.BAD_FORMAT and exc.field == "customer_email":
        return _("This e-mail address does not look right.")
    if exc.kind is Kind.BAD_FORMAT and exc.field == "customer_phone":
        return _("This phone number does not look right.")
    if exc.kind is Kind.BAD_FORMAT and exc.field == "birthday":
        return _("Please give your birthday as a date.")
    return _("We could not save this. Please check it and try again.")
