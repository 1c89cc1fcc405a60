"""Seeded fuzz of the code parser and the keyboard-wedge parser: a refusal or a card, never a crash."""

from __future__ import annotations

import random
import string
import time

from cards import codes, refusals, wedge

SECRET = b"k" * 32
BUDGET_S = 2.0
ALPHABETS = (string.printable, codes.ALPHABET + ":-", "SC1:" + codes.ALPHABET,
             "ЫСЖ+ěščřžýáíé\"ÖöäüéèçàÀ&'(-_ \t\n\r\x00\x1b\u200b\ufeff\U0001f600")


def _mutations(rng: random.Random) -> str:
    good = codes.make_payload(codes.new_number(rng.getrandbits(50)), SECRET)
    kind = rng.randrange(6)
    if kind == 0:
        return good
    if kind == 1:  # one symbol changed
        i = rng.randrange(len(good))
        return good[:i] + rng.choice(codes.ALPHABET + ":x") + good[i + 1:]
    if kind == 2:  # cut short or made long
        return good[:rng.randrange(len(good))] if rng.random() < 0.5 else good + rng.choice(ALPHABETS[1]) * 3
    if kind == 3:  # the printed number, typed in many ways
        number = codes.format_number(good.split(":")[1])
        return rng.choice((number, number.lower(), number.replace("-", " "), number.replace("0", "O")))
    alphabet = rng.choice(ALPHABETS)
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))


def test_parse_code_refuses_or_accepts_never_crashes() -> None:
    rng = random.Random(9001)
    deadline = time.monotonic() + BUDGET_S
    tried = accepted = 0
    while time.monotonic() < deadline:
        text = _mutations(rng)
        tried += 1
        try:
            parsed = codes.parse_code(text, SECRET)
        except refusals.Refused as exc:
            assert isinstance(exc.kind, refusals.Kind)
        else:
            accepted += 1
            assert codes.parse_number(parsed.number) == parsed.number
    assert tried > 2000 and 0 < accepted < tried


def test_wedge_parser_never_crashes() -> None:
    rng = random.Random(31337)
    parser = wedge.WedgeParser(secret=SECRET)
    deadline = time.monotonic() + BUDGET_S
    t, scanned, fed = 0.0, 0, 0
    while time.monotonic() < deadline:
        burst = _mutations(rng)
        if rng.random() < 0.3:  # as a scanner on another layout would type it
            layout = rng.choice(list(wedge.LAYOUTS))
            table = {us: typed for typed, us in wedge.LAYOUTS[layout].items()}
            burst = "".join(table.get(ch, ch) for ch in burst)
        fast = rng.random() < 0.7
        for ch in burst + ("\n" if rng.random() < 0.8 else ""):
            t += rng.uniform(0.001, 0.02) if fast else rng.uniform(0.0, 0.4)
            fed += 1
            result = parser.feed(ch, t)
            if result is not None:
                scanned += 1
                assert isinstance(result, str) and result
                try:
                    codes.parse_code(result, SECRET)
                except refusals.Refused:
                    pass
        if rng.random() < 0.05:
            parser.reset()
    assert fed > 10_000 and scanned > 100
