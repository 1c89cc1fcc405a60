"""What a station remembers of the hub (``chain_state.hub_epoch``: the epoch and the event at its cursor)
and of where it lives (``heal.host_mark``): written and read back whatever the values."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from db import engine
from db.models import ChainState
from db.sync import heal
from db.sync.state import hub_mark, set_hub_mark

EPOCHS = st.text(alphabet=st.characters(blacklist_characters="#"), max_size=80)
UIDS = st.text(alphabet="0123456789abcdef", max_size=32)


@given(EPOCHS, UIDS, EPOCHS, UIDS)
def test_the_hub_mark_keeps_what_each_write_sets(epoch: str, uid: str, epoch2: str, uid2: str) -> None:
    state = ChainState(hub_epoch="")
    set_hub_mark(state, epoch=epoch)
    assert hub_mark(state.hub_epoch) == (epoch, "")
    set_hub_mark(state, cursor_uid=uid)
    assert hub_mark(state.hub_epoch) == (epoch, uid)
    set_hub_mark(state, epoch=epoch2)
    assert hub_mark(state.hub_epoch) == (epoch2, uid)
    set_hub_mark(state, cursor_uid=uid2)
    assert hub_mark(state.hub_epoch) == (epoch2, uid2)


@given(EPOCHS)
def test_a_mark_from_before_cursor_ids_reads_as_its_epoch(epoch: str) -> None:
    assert hub_mark(epoch) == (epoch, "")


def test_the_host_mark_is_the_same_for_the_same_file_and_differs_for_a_copy(tmp_path: Path) -> None:
    first = engine.open_database(engine.sqlite_url(tmp_path / "a.db"))
    again = engine.open_database(engine.sqlite_url(tmp_path / "a.db"))
    copy = engine.open_database(engine.sqlite_url(tmp_path / "copy.db"))
    try:
        assert heal.host_mark(first) == heal.host_mark(again) != heal.host_mark(copy)
        assert len(heal.host_mark(first)) == 32 and len(heal.new_install_id()) == 32
    finally:
        for database in (first, again, copy):
            database.close()
