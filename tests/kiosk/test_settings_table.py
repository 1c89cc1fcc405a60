"""One table of settings: the owner's Program page offers exactly what ``init`` and ``settings set`` accept,
and saves only what the owner changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cards import rules
from cards import settings as rule_set
from db import engine
from db import settings as db_settings
from kiosk import cli
from kiosk.app.owner import OwnerScreen
from kiosk.app.services import Services
from tests.conftest import PIN
from tests.kiosk.test_owner_screens import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Path) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


def program_page(qtbot: Any, services: Services) -> tuple[OwnerScreen, Any]:
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.tab_buttons["program"].click()
    return screen, screen.pages["program"]


def test_a_cooldown_set_on_the_command_line_survives_a_name_change_on_the_program_page(
        qtbot: Any, services: Services, db_path: Path) -> None:
    assert cli.main(["settings", "set", "--cooldown", "600", "--db", str(db_path), "--pin", PIN]) == 0
    screen, page = program_page(qtbot, services)
    assert page.cooldown.value() == 600  # shown as it is, not cut to the stepper's end
    type_text(screen, page.shop_name, "Kocour Two")
    with qtbot.waitSignal(services.signals.settings_changed):
        page.save.click()
    assert "Saved" in page.banner.text()
    with services.session() as session:
        saved = db_settings.get(session)
    assert (saved.shop, saved.cooldown) == ("Kocour Two", 600)


def test_save_sends_only_the_changed_fields(qtbot: Any, services: Services) -> None:
    _screen, page = program_page(qtbot, services)
    assert page.changes() == {}
    page.per_visit.plus.click()
    page.tier0_bonus.plus.click()
    changes = page.changes()
    assert set(changes) == {"cap", "tiers"}
    with services.session() as session:  # meanwhile another station changes the reward and Gold's threshold
        before = db_settings.get(session)
        gold = before.tiers[1]
        db_settings.update(session, reward="Free cake", tiers=(before.tiers[0], rules.Tier(
            gold.name, 7, gold.bonus)))
    page.save.click()
    with services.session() as session:
        saved = db_settings.get(session)
    assert saved.reward == "Free cake" and saved.cap == before.cap + 1
    assert [(t.min_rewards, t.bonus) for t in saved.tiers] == [(1, 1), (7, gold.bonus)]


def test_every_stepper_takes_its_limits_from_the_table(qtbot: Any, services: Services) -> None:
    _screen, page = program_page(qtbot, services)
    for key, field in (("stamps", "stamps"), ("cooldown", "cooldown"), ("per_visit", "cap"),
                       ("tier0_from", "tier_from"), ("tier1_bonus", "tier_bonus")):
        stepper, limits = getattr(page, key), rule_set.NUMBERS[field]
        assert (stepper.minimum, stepper.maximum, stepper.step) == (limits.low, limits.high, limits.step), key
    assert page.cooldown.maximum == 7 * 24 * 60 and page.tier0_from.maximum == 10_000
    assert page.tier0_bonus.maximum == 50
    page.stamps.set_value(8)
    assert page.prestamps.maximum == 7
