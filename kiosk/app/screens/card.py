"""The card screen: the customer's stamps in large type and the cashier's buttons.

Each button is one operation of ``db.ops`` in one transaction; a refusal
(``cards.refusals.Refused``) becomes one plain sentence. The cooldown rule asks
"Stamped 4 min ago, add another?" and only a Yes stamps again (``force=True``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from cards import codes, refusals, rules, words
from db import ops, referrals
from kiosk.app import i18n, journal, refusal_text, theme, widgets
from kiosk.app.screens import friend
from kiosk.app.services import Services

log = logging.getLogger(__name__)


class CountPicker(widgets.Overlay):
    """The kit's overlay with one big button per stamp count (2..max per visit)."""

    picked = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.box = self.panel
        self.inner = QVBoxLayout(self.panel)
        self.inner.setContentsMargins(theme.mm(6), theme.mm(5), theme.mm(6), theme.mm(5))
        self.inner.setSpacing(theme.mm(4))
        self.title = theme.label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        self.inner.addWidget(self.title)
        self.grid = QGridLayout()
        self.grid.setSpacing(theme.mm(3))
        self.inner.addLayout(self.grid)
        self.cancel_button = theme.button("", "", name="count_cancel")
        self.cancel_button.clicked.connect(self.dismiss)
        self.inner.addWidget(self.cancel_button)
        self.buttons: dict[int, Any] = {}

    def open(self, maximum: int = 5) -> None:
        self.title.setText(self.tr("How many stamps?"))
        self.cancel_button.setText(self.tr("Cancel"))
        for b in self.buttons.values():
            b.deleteLater()
        self.buttons = {}
        for i, n in enumerate(range(2, max(2, maximum) + 1)):
            b = theme.button(f"+{n}", "primary", name=f"count_{n}")
            b.setMinimumWidth(theme.mm(24))
            b.clicked.connect(lambda _=False, n=n: self._pick(n))
            self.grid.addWidget(b, i // 4, i % 4)
            self.buttons[n] = b
        super().open()

    def _pick(self, n: int) -> None:
        self.dismiss()
        self.picked.emit(n)


class CardScreen(theme.Retranslating, QWidget):
    """One card: stamps, to-go count, reward, tier, greeting; +1, +N, Redeem, Undo, Print, Done."""

    done = Signal()
    changed = Signal(object)        # an ops.OpResult after each successful action
    refused = Signal(str, str)      # (kind, sentence) for sound and logs
    celebrated = Signal()
    receipt_requested = Signal(object)  # the ops.OpResult to print

    idle_timeout_ms = 20_000
    REWARD_SHOWN_MS = 5_000

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card_screen")
        self.services = services
        self.code = ""
        self.result: ops.OpResult | None = None
        self.last_action: ops.OpResult | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.mm(6), theme.mm(4), theme.mm(6), theme.mm(4))
        layout.setSpacing(theme.mm(2.5))

        head = QHBoxLayout()
        self.greeting = theme.label("", "title", name="greeting")
        head.addWidget(self.greeting, 1)
        self.tier_badge = theme.label("", "badge", wrap=False, name="tier_badge")
        head.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(head)
        self.subline = theme.label("", "muted", name="card_subline")
        layout.addWidget(self.subline)

        self.slots = widgets.StampSlots()
        self.slots.setObjectName("stamp_slots")
        # After a redeem the reward takes the slots' place, in the largest type on screen, for a few seconds.
        self.reward_hero = theme.FitLabel("", "reward_hero", lines=2, align=Qt.AlignmentFlag.AlignCenter,
                                          name="reward_hero")  # an 80-character reward wraps and shrinks
        self.middle = QStackedWidget()
        self.middle.addWidget(self.slots)
        self.middle.addWidget(self.reward_hero)
        self.reward_timer = QTimer(self)
        self.reward_timer.setSingleShot(True)
        self.reward_timer.timeout.connect(lambda: self.middle.setCurrentWidget(self.slots))
        layout.addWidget(self.middle, 5)

        mid = QHBoxLayout()
        self.to_go = theme.label("", "big", wrap=False, name="to_go")
        mid.addWidget(self.to_go)
        mid.addSpacing(theme.mm(6))
        self.reward = theme.label("", "body", name="reward_label")
        mid.addWidget(self.reward, 1)
        layout.addLayout(mid)

        self.notice = theme.label("", "notice", name="card_notice")
        theme.reserve_space(self.notice, lines=2)  # a message never moves the buttons under a finger
        self.notice.hide()
        layout.addWidget(self.notice)

        self.stamp_button = theme.button("", "huge", name="stamp_button")
        self.more_button = theme.button("", "tall", name="more_button")
        self.redeem_button = theme.button("", "reward", name="redeem_button")
        self.undo_button = theme.button("", "", name="undo_button")
        self.print_button = theme.button("", "", name="print_button")
        self.done_button = theme.button("", "", name="done_button")
        self.friend_button = theme.button("", "", name="friend_button")  # bring a friend (screens/friend.py)
        top_row = QHBoxLayout()
        top_row.setSpacing(theme.mm(2.5))
        top_row.addWidget(self.stamp_button, 2)
        top_row.addWidget(self.more_button, 1)
        top_row.addWidget(self.redeem_button, 1)
        layout.addLayout(top_row)
        bottom_row = QHBoxLayout()
        bottom_row.setSpacing(theme.mm(2.5))
        # the longer words (print, bring a friend) get the wider buttons; shares, not texts, set the widths
        for b, share in ((self.undo_button, 2), (self.print_button, 3), (self.friend_button, 3), (self.done_button, 2)):
            bottom_row.addWidget(b, share)
        layout.addLayout(bottom_row)

        self.question = widgets.Question(self)
        self.question.setObjectName("cooldown_question")
        self.picker = CountPicker(self)
        self.celebration = widgets.Celebration(self)
        self.friend = friend.FriendPicker(self)
        self.friend_button.clicked.connect(self.friend.open)
        self.friend.submitted.connect(self.bring_friend)

        self.stamp_button.clicked.connect(lambda: self.add_stamps(1))
        self.more_button.clicked.connect(self.on_more_clicked)
        self.picker.picked.connect(self.add_stamps)
        self.redeem_button.clicked.connect(self.redeem)
        self.undo_button.clicked.connect(self.undo)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.done_button.clicked.connect(self.done.emit)
        self.question.answered.connect(self.on_question_answered)
        self._pending_count = 0
        self.retranslate()

    # --- texts ---

    def retranslate(self) -> None:
        self.stamp_button.setText(self.tr("+1 stamp"))
        self.more_button.setText(self.tr("+N"))
        self.redeem_button.setText(self.tr("Redeem"))
        self.undo_button.setText(self.tr("Undo"))
        self.print_button.setText(self.tr("Print receipt"))
        self.done_button.setText(self.tr("Done"))
        self.friend_button.setText(self.tr("Bring a friend"))
        if self.result is not None:
            self._show_card(self.result.card)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if self.celebration.isVisible():  # the overlays follow the screen themselves
            self.celebration.setGeometry(self.rect())
        super().resizeEvent(event)

    # --- showing ---

    def show_result(self, code: str, result: ops.OpResult) -> None:
        """Show a freshly scanned card (a first scan says welcome and shows the head start)."""
        self.code = code
        self.result = result
        self.last_action = None
        self.reward_timer.stop()
        self.middle.setCurrentWidget(self.slots)
        self.question.hide()
        self.picker.hide()
        self.celebration.hide()
        self.friend.hide()
        self._show_card(result.card)
        if result.activated:
            head = result.card.head_start  # the head start of this card's own batch
            if head == 1:
                self.say(self.tr("Welcome! Your new card starts with 1 stamp on us."))
            elif head:
                self.say(self.tr("Welcome! Your new card starts with %n stamps on us.", "", head))
            else:
                self.say(self.tr("Welcome! Your new card is ready."))
        else:
            self.say("")
        with self.services.session() as session:  # stamps for friends it brought, since it was last shown
            bonus = referrals.friends_bonus(session, code)
        if bonus:
            self.say(self.tr("+%n from a friend.", "", bonus))

    def _show_card(self, card: ops.CardView, fresh: int = 0) -> None:
        today = self.services.today()  # the shop's day, from the services' clock
        name = card.customer_name.strip()
        if name and rules.is_birthday(card.birthday, today):
            greeting = self.tr("Happy birthday, %1!").replace("%1", name)
        elif name:
            greeting = self.tr("Hello, %1!").replace("%1", name)
        elif self.result is not None and self.result.activated:
            greeting = self.tr("Welcome!")
        else:
            greeting = self.tr("Your card")
        self.greeting.setText(greeting)
        self.tier_badge.setText(words.tier_name(i18n.current_language(), card.tier))  # the one translation
        if card.rewards_redeemed == 0:
            so_far = self.tr("no rewards yet")
        elif card.rewards_redeemed == 1:
            so_far = self.tr("1 reward so far")
        else:
            so_far = self.tr("%n rewards so far", "", card.rewards_redeemed)
        self.subline.setText(self.tr("Card %1 · %2").replace("%1", card.grouped).replace("%2", so_far))
        self.slots.set_state(card.stamps_required, card.stamps, head_start=card.head_start, highlight=fresh)
        if card.reward_ready:
            self.to_go.setText(self.tr("Reward ready!"))
        else:
            self.to_go.setText(self.tr("%n to go", "", card.to_go))
        self.reward.setText(self.tr("Reward: %1").replace("%1", card.reward))
        self.redeem_button.setVisible(card.reward_ready)
        self.redeem_button.setEnabled(card.reward_ready)
        self.friend_button.setEnabled(card.visits > 0 and card.status == "active")  # a regular brings a friend

    def say(self, text: str, *, error: bool = False) -> None:
        """One line under the stamps: what just happened, or why not."""
        self.notice.setText(text)
        theme.restyle(self.notice, "error" if error else "notice")
        self.notice.setVisible(bool(text))

    # --- actions (one op, one transaction each) ---

    def _run(self, op: Callable[..., ops.OpResult], **kwargs: Any) -> ops.OpResult | None:
        services = self.services
        try:
            with services.session() as session:
                return op(session, self.code, now=services.now(), station=services.station,
                          staff=services.staff, **kwargs)
        except refusals.Refused as exc:
            if exc.kind is refusals.Kind.COOLDOWN and op is ops.stamp:
                raise
            sentence = refusal_text.sentence(exc)
            self.say(sentence, error=True)
            self.refused.emit(exc.kind.value, sentence)
            journal.act("refused", station=services.station, number=self.result.card.number if self.result else "",
                        kind=exc.kind.value)
            return None

    def _applied(self, result: ops.OpResult, message: str, fresh: int = 0, forced: bool = False) -> None:
        self.result = result
        self.last_action = result
        self._show_card(result.card, fresh=fresh)
        self.say(message)
        self.changed.emit(result)
        journal.card_act(result, station=self.services.station, forced=forced)

    def add_stamps(self, count: int, force: bool = False) -> None:
        """+1 or +N; within the cooldown, ask before stamping again."""
        try:
            result = self._run(ops.stamp, count=count, force=force)
        except refusals.Refused as exc:  # only the cooldown comes back here
            self._pending_count = count
            minutes = exc.minutes or 0
            question = (self.tr("Stamped just now. Add another?") if minutes < 1 else
                        self.tr("Stamped %n min ago, add another?", "", minutes))
            self.question.ask(question,
                              self.tr("Yes, add"), self.tr("No"))
            return
        if result is not None:
            added = (self.tr("+1 stamp added.") if result.added == 1 else
                     self.tr("+%n stamps added.", "", result.added))
            if result.friend_bonus:  # this card's first paid stamp: the friend who brought it gets as many
                added += " " + self.tr("+%n from a friend.", "", result.friend_bonus)
            self._applied(result, added, fresh=result.added + result.friend_bonus, forced=force)

    def on_question_answered(self, yes: bool) -> None:
        count, self._pending_count = self._pending_count, 0
        if yes and count:
            self.add_stamps(count, force=True)
        else:
            self.say(self.tr("Nothing added."))

    def on_more_clicked(self) -> None:
        self.picker.open(self.services.program().max_per_visit)

    def redeem(self) -> None:
        result = self._run(ops.redeem)
        if result is not None:
            enjoy = self.tr("Enjoy your %1!").replace("%1", result.card.reward)
            self._applied(result, enjoy)
            self.reward_hero.setText(enjoy)
            self.middle.setCurrentWidget(self.reward_hero)
            self.reward_timer.start(self.REWARD_SHOWN_MS)
            self.celebration.start()
            self.celebrated.emit()

    def undo(self) -> None:
        result = self._run(ops.undo)
        if result is not None:
            self._applied(result, self.undo_text(result))

    def undo_text(self, result: ops.OpResult) -> str:
        """What an undo took back, in numbers: "3 stamps taken back", "The reward was taken back"."""
        if result.undone_kind == "redeem":
            return self.tr("The reward was taken back: %n stamps are on the card again.", "", result.added)
        return self.tr("%n stamps taken back.", "", -result.added)

    def bring_friend(self, new_code: str) -> None:
        """Record that this card brings ``new_code`` (one transaction); a refusal stays in the overlay."""
        services = self.services
        try:
            with services.session() as session:
                done = referrals.refer(session, self.code, new_code, now=services.now())
        except refusals.Refused as exc:
            sentence = refusal_text.sentence(exc)
            self.friend.show_error(sentence)
            self.refused.emit(exc.kind.value, sentence)
            journal.act("refused", station=services.station, number=exc.number, kind=exc.kind.value)
            return
        self.friend.dismiss()
        journal.act("refer", station=services.station, number=done.referrer, bonus=done.bonus)
        new = codes.format_number(done.new)
        if done.bonus:
            self.say(self.tr("Card %1 is brought by this card: at its first stamp both get +%n.", "", done.bonus)
                     .replace("%1", new))
        else:
            self.say(self.tr("Card %1 is brought by this card.").replace("%1", new))

    def on_print_clicked(self) -> None:
        target = self.last_action or self.result
        if target is not None:
            self.receipt_requested.emit(target)
