"""The owner PIN gate: a wrong PIN is refused, five wrong ones lock it, the right one opens."""

from __future__ import annotations

import pytest

from db import ops
from kiosk.app.owner import OwnerPinGate
from kiosk.app.services import Services
from tests.conftest import PIN

pytestmark = pytest.mark.gui


@pytest.fixture
def gate(qtbot, shop_db, tmp_path) -> OwnerPinGate:
    services = Services(shop_db, station="test-station", data_dir=tmp_path / "data")
    widget = OwnerPinGate(services)
    qtbot.addWidget(widget)
    widget.resize(800, 480)
    widget.show()
    return widget


def test_right_pin_unlocks(qtbot, gate):
    gate.press(PIN)
    assert gate.display.text() == "●" * len(PIN)
    with qtbot.waitSignal(gate.unlocked) as signal:
        gate.ok.click()
    assert signal.args == ["owner"]
    assert not gate.banner.isVisible()


def test_wrong_pin_is_refused(qtbot, gate):
    with qtbot.assertNotEmitted(gate.unlocked):
        gate.press("1111")
        gate.ok.click()
    assert gate.banner.isVisible() and "Wrong PIN" in gate.banner.text()
    assert gate.pin == "" and gate.display.text() == ""


def test_cashier_pin_does_not_open_the_owner_screens(qtbot, gate):
    with gate.services.session() as session:
        ops.add_staff(session, name="Petr", role="cashier", pin="5555")
    with qtbot.assertNotEmitted(gate.unlocked):
        gate.press("5555")
        gate.ok.click()
    assert "Wrong PIN" in gate.banner.text()


def test_five_wrong_pins_lock_even_the_right_one(qtbot, gate):
    for _ in range(5):
        gate.press("0000")
        gate.ok.click()
    assert "locked" in gate.banner.text().lower()
    with qtbot.assertNotEmitted(gate.unlocked):
        gate.press(PIN)
        gate.ok.click()
    assert "locked" in gate.banner.text().lower()


def test_back_cancels(qtbot, gate):
    gate.press("12")
    with qtbot.waitSignal(gate.cancelled):
        gate.leave.click()
    assert gate.pin == ""
