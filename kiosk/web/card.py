"""The card page, the shop page and the complaint form (issue 19).

Routes:

* ``GET /c/<code>`` and ``GET /C/<code>`` (the QR gives upper case): the card's
  page. ``<code>`` is the QR payload or the printed number, any case, dashes or
  not. An unknown, forged, void, blocked or replaced card is a 404 page.
* ``POST /c/<code>/feedback``: a complaint, suggestion or thanks about the
  card's shop, tied to the card; answers with the reference to quote.
* ``GET /``: the shop page (the program and the same form, no card), where a
  poster's QR leads; ``POST /feedback`` sends from it.

Every read and write is one ``db.cardpage`` call in one short transaction.
"""

from __future__ import annotations

import gettext

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from cards.refusals import Kind, Refused
from db import cardpage, ops
from kiosk.web import i18n
from kiosk.web.app import WebContext, root

N_ = i18n.N_
TOPIC_WORDS = {
    "service": N_("Service"), "product": N_("Product"), "waiting_time": N_("Waiting time"),
    "cleanliness": N_("Cleanliness"), "other": N_("Something else"), "suggestion": N_("A suggestion"),
    "thanks": N_("Thanks"),
}
"""The form's names of the inbox topics (translated by the page's catalogue)."""


def routes(web: WebContext) -> list[BaseRoute]:
    """The card page's routes (see the module)."""

    def _words(request: Request, shop: cardpage.ShopPage) -> gettext.NullTranslations:
        return i18n.translations(web.language(request, shop.language))

    def not_found(request: Request, shop: cardpage.ShopPage) -> HTMLResponse:
        _ = _words(request, shop).gettext
        return web.page(request, "error.html", shop=shop, status=404, title=_("Card not found"),
                        text=_("We do not know this card. Please check the number, or ask at the counter."))

    def topics() -> list[tuple[str, str]]:
        return [(t, TOPIC_WORDS.get(t, t.replace("_", " ").capitalize())) for t in cardpage.feedback_topics()]

    def card(request: Request) -> Response:
        shop = web.shop()
        page = web.card(request.path_params["code"])
        if page is None:
            return not_found(request, shop)
        return web.page(request, "card.html", shop=shop, card=page, topics=topics(), form={}, problem="")

    def home(request: Request) -> Response:
        shop = web.shop()
        with web.database.sessions.begin() as session:
            program = ops.get_program(session)
        return web.page(request, "shop.html", shop=shop, program=program, topics=topics(), form={}, problem="")

    async def send(request: Request) -> Response:
        shop = web.shop()
        _ = _words(request, shop).gettext
        code = request.path_params.get("code", "")
        fields = await web.form(request)
        if fields is None:
            return web.refused_page(request, 403, _("This form has expired"),
                                    _("Please open the page again and send your message from there."))
        page = web.card(code) if code else None
        if code and page is None:
            return not_found(request, shop)
        topic, text, contact = fields.get("topic", ""), fields.get("text", ""), fields.get("contact", "")
        try:
            with web.database.sessions.begin() as session:
                sent = cardpage.send_feedback(session, topic=topic, text=text, contact=contact,
                                              code_text=page.code if page else "", now=web.now())
        except Refused as exc:
            problem = _problem(exc, _)
            form = {"topic": topic, "text": text, "contact": contact}
            if page is not None:
                return web.page(request, "card.html", shop=shop, card=page, topics=topics(), form=form,
                                problem=problem, status=400)
            with web.database.sessions.begin() as session:
                program = ops.get_program(session)
            return web.page(request, "shop.html", shop=shop, program=program, topics=topics(), form=form,
                            problem=problem, status=400)
        back = f"{root(request)}/c/{page.code}" if page else f"{root(request)}/"
        return web.page(request, "sent.html", shop=shop, reference=sent.reference, back=back)

    return [
        Route("/", home, methods=["GET"]),
        Route("/feedback", send, methods=["POST"]),
        Route("/c/{code}", card, methods=["GET"]),
        Route("/C/{code}", card, methods=["GET"]),
        Route("/c/{code}/feedback", send, methods=["POST"]),
        Route("/C/{code}/feedback", send, methods=["POST"]),
    ]


def _problem(exc: Refused, _: i18n.Translate) -> str:
    """What to fix in the form, in the page's language."""
    if exc.kind is Kind.BAD_TOPIC:
        return _("Please choose what your message is about.")
    if exc.kind is Kind.TOO_LONG:
        return _("Your message is too long. Please shorten it.")
    if exc.kind is Kind.BAD_CHARACTERS:
        return _("Your message holds characters we cannot store. Please type it again.")
    return _("Your message could not be sent. Please check it and try again.")
