"""Property tests of what a sync stores as data (``db.hub_notes``): what is written reads back, text stored
before notes were data is read as it is, and a damaged value never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from db import hub_notes

KINDS = [k for k in hub_notes.NoteKind if k is not hub_notes.NoteKind.TEXT]
notes_ = st.builds(hub_notes.Note, st.sampled_from(KINDS), st.integers(0, 10**9), st.integers(0, 10**9),
                   st.text(max_size=8), st.text(max_size=30), st.text(max_size=30))
moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                       timezones=st.just(dt.timezone.utc))


@given(moments, st.lists(notes_, max_size=4), st.lists(notes_, max_size=3))
def test_what_a_healing_sync_stores_reads_back(now: dt.datetime, first: list[hub_notes.Note],
                                               then: list[hub_notes.Note]) -> None:
    stored = hub_notes.healed_text(now, first)
    read = hub_notes.read_healed(stored)
    assert read.notes == tuple(first) and read.at == now.replace(second=0, microsecond=0)
    both = hub_notes.read_healed(hub_notes.healed_text(now, then, before=stored))  # the same sync's pull adds
    assert both.notes == (*first, *then)
    later = hub_notes.read_healed(hub_notes.healed_text(now + dt.timedelta(minutes=1), then, before=stored))
    assert later.notes == tuple(then)  # a later sync says only what it did


@given(st.text(max_size=300))
def test_any_stored_text_reads_and_never_raises(stored: str) -> None:
    healed = hub_notes.read_healed(stored)
    assert all(isinstance(n.english(), str) for n in healed.notes) and isinstance(healed.english(), str)
    trouble = hub_notes.read_trouble(stored)
    assert (trouble is None) == (stored == "")
    if trouble is not None:
        assert isinstance(trouble.english(), str)


@given(st.sampled_from(list(hub_notes.HubTrouble)), st.text(max_size=50), st.text(max_size=200))
def test_a_trouble_stored_reads_back(kind: hub_notes.HubTrouble, hub: str, detail: str) -> None:
    read = hub_notes.read_trouble(hub_notes.trouble_text(kind, hub, detail))
    assert read == hub_notes.Trouble(kind, hub, detail)
