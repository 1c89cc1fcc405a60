"""The SMS transports against real things: a files outbox folder, and an HTTP gateway on localhost."""

from __future__ import annotations

import datetime as dt
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from messages import transport

NOW = dt.datetime(2026, 11, 23, 10, 0, 5, tzinfo=dt.timezone.utc)


class Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, list[str]]] = []
    status = 200

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Gateway.received.append(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received, Gateway.status = [], 200
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/send?to={{to}}&text={{text}}&key=abc"
    finally:
        server.shutdown()
        server.server_close()


def test_gateway_gets_the_number_and_the_text_url_encoded(gateway: str) -> None:
    transport.Gateway(gateway).send("+420 777 111-222", "Už jen 2 razítka & káva!")
    assert Gateway.received == [{"to": ["+420777111222"], "text": ["Už jen 2 razítka & káva!"], "key": ["abc"]}]
    Gateway.status = 500
    with pytest.raises(transport.SendFailed, match="500"):
        transport.Gateway(gateway).send("+420777111222", "x")
    with pytest.raises(transport.SendFailed):
        transport.Gateway("http://127.0.0.1:9/send?to={to}&text={text}").send("+420777111222", "x")


def test_outbox_files_in_gammus_naming_whole_or_not_at_all(tmp_path: Path) -> None:
    box = transport.Outbox(tmp_path)
    first = box.send("+420 777 111 222", "Všechno nejlepší!", now=NOW)
    second = box.send("+420 777 111 222", "Again", now=NOW)
    assert first.name == "OUTB20261123_100005_01_+420777111222_stampcard.txt"
    assert second.name == "OUTB20261123_100005_02_+420777111222_stampcard.txt"
    assert first.read_bytes() == "Všechno nejlepší!".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name, second.name], "no temporary file stays"
    with pytest.raises(transport.SendFailed):
        transport.Outbox(tmp_path / "unplugged").send("+420777111222", "x", now=NOW)
    with pytest.raises(transport.SendFailed):
        box.send("call me", "x", now=NOW)


@pytest.mark.parametrize("language", ["en", "cs", "ru"])
def test_a_long_announcement_by_sms_keeps_its_way_out(language: str) -> None:
    from messages import render

    link = "https://kocour.cz/unsubscribe/u.12.sms.AAAAAAAAAAAAAAAA"
    text = render.sms(render.Letter(kind="announce", language=language, shop="Kavárna", text="Sleva! " * 80,
                                    unsubscribe=link))
    assert len(text) <= render.SMS_LENGTH and text.endswith(link) and "…" in text
    short = render.sms(render.Letter(kind="thanks", language=language, shop="Kavárna"))
    assert short.startswith("Kavárna:") and "…" not in short
