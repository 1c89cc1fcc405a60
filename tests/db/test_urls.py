"""One masking rule for every URL shown (db/urls.py): no password survives, whatever the URL's shape."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db import urls

_password = st.text(st.characters(blacklist_categories=("Zs", "Cc", "Cs"), blacklist_characters="\n\r\t\x0b\x0c"),
                    min_size=6, max_size=30).filter(lambda p: not p.startswith("//"))
_user = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", max_size=12)
_port = st.one_of(st.integers(0, 99999).map(str), st.text("abcxyz:-", min_size=1, max_size=6), st.just(""))
_scheme = st.sampled_from(["postgresql+psycopg://", "postgresql://", "postgres://", ""])


@given(_scheme, _user, _password, _port, st.sampled_from(["", "the hub ", "stampcard: at "]))
def test_no_password_survives(scheme: str, user: str, password: str, port: str, before: str) -> None:
    url = f"{before}{scheme}{user}:{password}@db.example:{port}/chain"
    shown = urls.masked(url)
    assert f"{user}:***@" in shown and shown.endswith("/chain")
    assert urls.has_password(url)


@given(_password)
def test_connection_strings_and_parameters(password: str) -> None:
    bare = password.replace("&", "").replace(";", "").replace("'", "") or "secret-pw"
    for text in (f"host=h user=u password={bare} dbname=d", f"postgresql://u@h/d?password={bare}"):
        assert bare not in urls.masked(text).replace("***", "")


def test_urls_without_a_password_are_unchanged() -> None:
    for url in ("postgresql+psycopg://u@h:5432/db", "sqlite:////tmp/a.db", "/var/lib/stampcard/shop.db",
                "postgresql+psycopg://postgres@/hub?host=/tmp/sc-pg"):
        assert urls.masked(url) == url and not urls.has_password(url)
