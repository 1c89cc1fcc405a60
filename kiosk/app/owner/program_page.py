"""Program settings: the shop's name and complaint contacts, stamps, reward, head start, tiers.

Every stepper's limits come from the one table in ``cards.settings`` (the
limits of ``init`` and ``settings set``), and Save writes only the fields the
owner changed on this page: a value set elsewhere (a 600-minute cooldown from
the command line, another station's change) stays as it is.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from cards import refusals, rules, words
from cards import settings as rule_set
from db import errors, ops
from db import settings as db_settings
from printing import fit
from kiosk.app import i18n, journal, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common


class ProgramPage(common.Page):
    """Edit the loyalty program and the shop's details, then Save (one transaction)."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = self.metrics
        self.shop_name = common.TextField()
        self.reward = common.TextField()
        self.stamps = _stepper("stamps", 10)
        self.prestamps = _stepper("prestamps", 0)
        self.cooldown = _stepper("cooldown", 10)
        self.per_visit = _stepper("cap", 5)
        self.phone = common.TextField(layout="@#1")
        self.email = common.TextField(layout="@#1")
        self.url = common.TextField(layout="@#1")
        self.stamps.changed.connect(self._limit_prestamps)
        self._shown: dict[str, object] = {}  # what refresh() put in each field: Save sends only what differs
        with services.session() as session:
            self._tiers = ops.get_program(session).tiers
        tier_keys: list[str] = []
        for i, _tier in enumerate(self._tiers[:2]):  # the levels the shop has (Silver, Gold by default)
            setattr(self, f"tier{i}_from", _stepper("tier_from", 1))
            setattr(self, f"tier{i}_bonus", _stepper("tier_bonus", 0))
            tier_keys += [f"tier{i}_from", f"tier{i}_bonus"]
        self.captions = {key: theme.label("", "FieldLabel") for key in
                         ("shop_name", "reward", "stamps", "prestamps", "cooldown", "per_visit",
                          "phone", "email", "url", *tier_keys)}
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, m.gap, 0)
        grid.setHorizontalSpacing(m.gap * 2)
        grid.setVerticalSpacing(m.tight if m.compact else m.pad)
        texts = ("shop_name", "reward", "phone", "email", "url")
        numbers = ("stamps", "prestamps", "cooldown", "per_visit", *tier_keys)
        if m.compact:
            for row, key in enumerate(texts[:2] + numbers + texts[2:]):
                grid.addWidget(self.captions[key], row * 2, 0)
                grid.addWidget(getattr(self, key), row * 2 + 1, 0)
                grid.setRowMinimumHeight(row * 2 + 1, m.touch + m.gap)
        else:
            for column, keys in enumerate((texts, numbers)):
                for row, key in enumerate(keys):
                    grid.addWidget(self.captions[key], row * 2, column, Qt.AlignmentFlag.AlignBottom)
                    grid.addWidget(getattr(self, key), row * 2 + 1, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(0, 3)
            grid.setColumnStretch(1, 2)
            grid.setRowStretch(max(len(texts), len(numbers)) * 2, 1)
        self.save = theme.button("", "Primary", on_click=self.on_save_clicked)
        self.undo = theme.button("", on_click=self.refresh)
        box = self.frame()
        head = QHBoxLayout()
        self.title.setWordWrap(True)  # beside two buttons on a small screen: two lines rather than cut off
        head.addWidget(self.title, 1)
        head.addWidget(self.undo)
        head.addWidget(self.save)
        box.addLayout(head)
        box.addWidget(self.banner)
        box.addWidget(common.scrolling(inner), 1)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Program settings"))
        self.save.setText(self.tr("Save"))
        self.undo.setText(self.tr("Undo changes"))
        texts = {"shop_name": self.tr("Shop name"), "reward": self.tr("Reward"),
                 "stamps": self.tr("Stamps for a reward"), "prestamps": self.tr("Head-start stamps"),
                 "cooldown": self.tr("Minutes between stamps"), "per_visit": self.tr("Most stamps per visit"),
                 "phone": self.tr("Complaints phone"), "email": self.tr("Complaints e-mail"),
                 "url": self.tr("Complaints web address")}
        for i, tier in enumerate(self._tiers[:2]):
            name = words.tier_name(i18n.current_language(), tier.name)  # the one translation of tier names
            texts[f"tier{i}_from"] = self.tr("%1 from rewards redeemed").replace("%1", name)
            texts[f"tier{i}_bonus"] = self.tr("%1 bonus stamps a visit").replace("%1", name)
        for key, text in texts.items():
            self.captions[key].setText(text)
            getattr(self, key).caption = text
        self.reward.set_placeholder(self.tr("e.g. Free coffee"))

    def refresh(self) -> None:
        """Show what is saved now."""
        with self.services.session() as session:
            shop = ops.get_shop(session)
            program = ops.get_program(session)
        self._tiers = program.tiers
        self.shop_name.set_value(shop.name)
        self.reward.set_value(program.reward)
        self.stamps.set_value(program.stamps_required)
        self._limit_prestamps(program.stamps_required)
        self.prestamps.set_value(program.prestamps)
        self.cooldown.set_value(program.cooldown_minutes)
        self.per_visit.set_value(program.max_per_visit)
        self.phone.set_value(shop.phone)
        self.email.set_value(shop.email)
        self.url.set_value(shop.url)
        for i, tier in enumerate(self._tiers[:2]):
            getattr(self, f"tier{i}_from").set_value(tier.min_rewards)
            getattr(self, f"tier{i}_bonus").set_value(tier.bonus)
        self._shown = self._values()

    def _limit_prestamps(self, stamps: int) -> None:
        limits = rule_set.bounds("prestamps", stamps=stamps)
        self.prestamps.set_range(limits.low, limits.high)

    def _values(self) -> dict[str, object]:
        """What each field holds now, by the name of its widget."""
        keys = [*_FIELDS, *(f"tier{i}_{part}" for i in range(len(self._tiers[:2])) for part in ("from", "bonus"))]
        return {key: getattr(self, key).value() for key in keys}

    def changes(self) -> dict[str, object]:
        """The settings the owner changed on this page since it showed them (``cards.settings`` names)."""
        now = self._values()
        edited = {key for key, value in now.items() if self._shown.get(key) != value}
        changes: dict[str, object] = {_FIELDS[key]: now[key] for key in edited if key in _FIELDS}
        if any(key.startswith("tier") for key in edited):
            changes["tiers"] = edited  # the tier fields: resolved against the saved tiers in on_save_clicked
        return changes

    def _edited_tiers(self, saved: tuple[rules.Tier, ...], edited: set[str]) -> tuple[rules.Tier, ...]:
        """The saved tiers with only the changed threshold or bonus replaced."""
        tiers = list(saved)
        for i, tier in enumerate(tiers[:2]):
            if f"tier{i}_from" in edited:
                tier = dataclasses.replace(tier, min_rewards=getattr(self, f"tier{i}_from").value())
            if f"tier{i}_bonus" in edited:
                tier = dataclasses.replace(tier, bonus=getattr(self, f"tier{i}_bonus").value())
            tiers[i] = tier
        return tuple(tiers)

    def on_save_clicked(self) -> None:
        """Check the whole program with the rules of ``init`` and ``settings set`` (cards/settings.py)
        and whether its texts fit the printouts, then save it in one transaction."""
        changes = self.changes()
        try:
            with self.services.session() as session:
                if "tiers" in changes:
                    edited = changes["tiers"]
                    assert isinstance(edited, set)
                    changes["tiers"] = self._edited_tiers(db_settings.get(session).tiers, edited)
                wanted = rule_set.validate(rule_set.changed(db_settings.get(session), **changes))
                fit.require_shop_texts(wanted.shop, wanted.reward, wanted.complaints_phone, wanted.complaints_email,
                                       wanted.complaints_url, wanted.language, address=wanted.address)
                update = db_settings.update(session, **changes)
        except (refusals.Refused, errors.StampcardError) as exc:
            self.banner.show_error(exc)
            return
        self.refresh()  # the saved, cleaned values (a web address gets its https://)
        message = self.tr("Saved. New cards and the kiosk use these settings now.")
        if "stamps" in update.changed and update.cards_in_use:
            message += "\n" + self.tr("Cards in use keep their stamps; %n of them now hold a reward.", None,
                                       update.cards_ready)
        self.banner.show_message(message)
        journal.owner_act("settings_changed", station=self.services.station,
                    fields=",".join(update.changed) or "none")
        self.services.signals.settings_changed.emit()


_FIELDS = {"shop_name": "shop", "reward": "reward", "stamps": "stamps", "prestamps": "prestamps",
           "cooldown": "cooldown", "per_visit": "cap", "phone": "complaints_phone", "email": "complaints_email",
           "url": "complaints_url"}  # widget -> setting


def _stepper(field: str, value: int) -> common.Stepper:
    """A stepper with the limits and step of ``field`` in the one table (``cards.settings.NUMBERS``)."""
    limits = rule_set.bounds(field)
    return common.Stepper(value, limits.low, limits.high, limits.step)
