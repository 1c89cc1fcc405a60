"""Debounce: one scan per card presentation, from timed frame sequences."""

from __future__ import annotations

import pytest

from cards.debounce import Debouncer


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def run(debouncer: Debouncer, frames: list[tuple[float, list[str]]]) -> list[tuple[float, str]]:
    """Feed (time, codes) frames; return (time, code) of every scan."""
    out = []
    for t, seen in frames:
        out += [(t, code) for code in debouncer.seen(seen, now=t)]
    return out


def frames(start: float, stop: float, codes: list[str], fps: float = 30) -> list[tuple[float, list[str]]]:
    n = int(round((stop - start) * fps))
    return [(start + i / fps, list(codes)) for i in range(n)]


def test_card_held_in_view_is_one_scan() -> None:
    assert run(Debouncer(), frames(0, 5, ["A"])) == [(0, "A")]


def test_missed_frames_do_not_count_as_leaving() -> None:
    seq = frames(0, 1, ["A"]) + frames(1, 1.5, []) + frames(1.5, 3, ["A"])
    assert run(Debouncer(absent_seconds=1.0), seq) == [(0, "A")]


def test_card_taken_away_and_shown_again_is_a_new_scan() -> None:
    seq = frames(0, 1, ["A"]) + frames(1, 3, []) + frames(3, 4, ["A"])
    scans = run(Debouncer(absent_seconds=1.0), seq)
    assert [code for _, code in scans] == ["A", "A"]
    assert scans[1][0] == pytest.approx(3)


def test_different_card_is_a_new_scan_at_once() -> None:
    seq = frames(0, 1, ["A"]) + frames(1, 2, ["A", "B"]) + frames(2, 3, ["B"])
    scans = run(Debouncer(), seq)
    assert scans == [(0, "A"), (1, "B")]


def test_swap_cards_quickly() -> None:
    seq = frames(0, 1, ["A"]) + frames(1, 2, ["B"]) + frames(2, 2.5, ["A"])
    # A was out of view for one second only: not long enough with absent_seconds=1.5.
    assert [c for _, c in run(Debouncer(absent_seconds=1.5), seq)] == ["A", "B"]
    assert [c for _, c in run(Debouncer(absent_seconds=0.5), seq)] == ["A", "B", "A"]


def test_repeat_after_a_set_time_while_left_in_view() -> None:
    scans = run(Debouncer(repeat_seconds=2.0), frames(0, 5, ["A"], fps=10))
    assert [t for t, _ in scans] == pytest.approx([0, 2, 4])


def test_clock_is_used_when_no_time_given_and_duplicates_count_once() -> None:
    clock = FakeClock()
    d = Debouncer(clock=clock, absent_seconds=0.5)
    assert d.seen(["A", "A", "B"]) == ["A", "B"]
    clock.t += 0.3
    assert d.seen(["A"]) == []
    assert d.in_view() == ["A", "B"]
    clock.t += 0.3
    assert d.in_view() == ["A"]
    assert d.seen([]) == []
    clock.t += 0.6
    assert d.seen(["A", "B"]) == ["A", "B"]


def test_reset_makes_the_next_sighting_a_scan() -> None:
    d = Debouncer()
    assert d.seen(["A"], now=0) == ["A"]
    d.reset("A")
    assert d.seen(["A"], now=0.1) == ["A"]
    d.reset()
    assert d.seen(["A"], now=0.2) == ["A"]


def test_bad_settings() -> None:
    with pytest.raises(ValueError):
        Debouncer(absent_seconds=-1)
    with pytest.raises(ValueError):
        Debouncer(repeat_seconds=0)
