"""Program settings: the shop's name and complaint contacts, stamps, reward, head start, tiers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from cards import refusals, rules, words
from cards import settings as rule_set
from db import errors, ops
from db import settings as db_settings
from printing import fit
from kiosk.app import i18n, theme
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
        self.stamps = common.Stepper(10, rules.MIN_STAMPS, rules.MAX_STAMPS)
        self.prestamps = common.Stepper(0, 0, 9)
        self.cooldown = common.Stepper(10, 0, 240, 5)
        self.per_visit = common.Stepper(5, 1, rules.MAX_STAMPS)
        self.phone = common.TextField(layout="@#1")
        self.email = common.TextField(layout="@#1")
        self.url = common.TextField(layout="@#1")
        self.stamps.changed.connect(lambda n: self.prestamps.set_range(0, n - 1))
        with services.session() as session:
            self._tiers = ops.get_program(session).tiers
        tier_keys: list[str] = []
        for i, _tier in enumerate(self._tiers[:2]):  # the levels the shop has (Silver, Gold by default)
            setattr(self, f"tier{i}_from", common.Stepper(1, 1, 999))
            setattr(self, f"tier{i}_bonus", common.Stepper(0, 0, 5))
            tier_keys += [f"tier{i}_from", f"tier{i}_bonus"]
        self.captions = {key: theme.label("", "FieldLabel") for key in
                         ("shop_name", "reward", "stamps", "prestamps", "cooldown", "per_visit",
                          "phone", "email", "url", *tier_keys)}
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, m.gap, 0)
        grid.setHorizontalSpacing(m.gap * 2)
        grid.setVerticalSpacing(4 if m.compact else 8)
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
        self.prestamps.set_range(0, program.stamps_required - 1)
        self.prestamps.set_value(program.prestamps)
        self.cooldown.set_value(program.cooldown_minutes)
        self.per_visit.set_value(program.max_per_visit)
        self.phone.set_value(shop.phone)
        self.email.set_value(shop.email)
        self.url.set_value(shop.url)
        for i, tier in enumerate(self._tiers[:2]):
            getattr(self, f"tier{i}_from").set_value(tier.min_rewards)
            getattr(self, f"tier{i}_bonus").set_value(tier.bonus)

    def _edited_tiers(self) -> tuple[rules.Tier, ...]:
        edited = [rules.Tier(t.name, getattr(self, f"tier{i}_from").value(), getattr(self, f"tier{i}_bonus").value())
                  for i, t in enumerate(self._tiers[:2])]
        return (*edited, *self._tiers[2:])

    def on_save_clicked(self) -> None:
        """Check the whole program with the rules of ``init`` and ``settings set`` (cards/settings.py)
        and whether its texts fit the printouts, then save it in one transaction."""
        changes = {"shop": self.shop_name.value(), "reward": self.reward.value(), "stamps": self.stamps.value(),
                   "prestamps": self.prestamps.value(), "cooldown": self.cooldown.value(),
                   "cap": self.per_visit.value(), "tiers": self._edited_tiers(),
                   "complaints_phone": self.phone.value(), "complaints_email": self.email.value(),
                   "complaints_url": self.url.value()}
        try:
            with self.services.session() as session:
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
        self.services.signals.settings_changed.emit()
