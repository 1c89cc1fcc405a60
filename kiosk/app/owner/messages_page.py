"""Messages to regulars, for the owner: how many are due of each kind, who gets what, Send now,
and the outbox with its failures and retries (issue 19).

The kiosk sends the day's messages by itself (``kiosk/app/backups.py``); this page shows
what waits and lets the owner send at once. Planning and sending are ``messages.run`` over
``db.messaging.Store``; sending runs off the GUI thread (an SMTP server may be slow).
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from cards import codes
from kiosk.app import refusal_text, tasks, theme
from kiosk.app import services as app_services
from kiosk.app.owner import common

KINDS = ("birthday", "thanks", "almost", "winback")


class MessagesPage(common.Page):
    """Counts per kind on top; the messages due and the outbox below; Send now."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 runner: tasks.TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, metrics, parent)
        self.runner = runner or tasks.TaskRunner(self)
        self.counts = theme.label("", "Hint")
        self.planned: list[Any] = []
        self.sent: list[Any] = []
        self.rows = QVBoxLayout()
        self.rows.setSpacing(metrics.tight)
        self.send = theme.button("", "Primary", on_click=self.on_send_clicked)
        self.offer = common.TextField()  # the owner's own text to every customer who agreed (a closed offer)
        self.announce = theme.button("", on_click=self.on_announce_clicked)
        box = self.frame()
        box.addWidget(self.title)
        box.addWidget(self.banner)
        box.addWidget(self.counts)
        box.addWidget(common.scroll_column(metrics.gap, self.rows), 1)
        actions = QHBoxLayout()
        actions.addWidget(self.send)
        box.addLayout(actions)
        offer = QHBoxLayout()
        offer.addWidget(self.offer, 1)
        offer.addWidget(self.announce)
        box.addLayout(offer)
        self.retranslate()

    def kind_name(self, kind: str) -> str:
        names = {"birthday": self.tr("Birthday"), "thanks": self.tr("Thanks after a reward"),
                 "almost": self.tr("Reward is near"), "winback": self.tr("We miss you"),
                 "announce": self.tr("Announcement")}
        return names.get(kind, kind)

    def channel_name(self, channel: str) -> str:
        names = {"email": self.tr("e-mail"), "sms": self.tr("SMS")}
        return names.get(channel, channel)

    def status_name(self, status: str) -> str:
        names = {"sent": self.tr("sent"), "failed": self.tr("failed, tried again later"),
                 "sending": self.tr("being sent"), "dropped": self.tr("consent withdrawn")}
        return names.get(status, status)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Messages"))
        self.send.setText(self.tr("Send now"))
        self.offer.set_placeholder(self.tr("Your news or offer for everyone who agreed"))
        self.offer.caption = self.tr("Your news or offer")
        self.announce.setText(self.tr("Send to all"))
        self.show_rows()

    def refresh(self) -> None:
        from db import messaging
        from messages import run

        store = messaging.Store(self.services.database)
        try:
            self.planned = run.plan(store, now=self.services.now())
            with self.services.session() as session:
                self.sent = messaging.outbox(session, limit=30)
        except Exception as exc:  # noqa: BLE001 - a database fault is shown, the page stays
            self.banner.show_error(exc)
            return
        self.show_rows()

    def show_rows(self) -> None:
        counts = {kind: sum(1 for p in self.planned if p.kind == kind) for kind in KINDS}
        self.counts.setText("   ".join(f"{self.kind_name(k)}: {counts[k]}" for k in KINDS))
        common.clear_layout(self.rows)
        self.rows.addWidget(theme.label(self.tr("Due now"), "FieldLabel"))
        if not self.planned:
            self.rows.addWidget(theme.label(self.tr("Nothing is due."), "Hint"))
        for item in self.planned:
            line = (f"{codes.format_number(item.number)}  {self.kind_name(item.kind)}  "
                    f"({self.channel_name(item.channel)})")
            self.rows.addWidget(theme.label(line + (" · " + self.tr("retry") if item.retry else "")))
        self.rows.addWidget(theme.label(self.tr("Outbox"), "FieldLabel"))
        if not self.sent:
            self.rows.addWidget(theme.label(self.tr("Nothing sent yet."), "Hint"))
        from db import messaging
        from messages import transport

        now = self.services.now()
        for row in self.sent:
            when = common.local_time(row.sent_at or row.created_at, self.services)
            stuck = messaging.is_interrupted(row, now)
            status = self.tr("interrupted: not known whether it went") if stuck else self.status_name(row.status)
            line = (f"{when}  {codes.format_number(row.number) if row.number else '-'}  {self.kind_name(row.kind)}  "
                    f"({self.channel_name(row.channel)}): {status}")
            why = transport.SendFailed.read(row.error) if row.error else None
            if why is not None and why.why is not transport.Why.CONSENT_WITHDRAWN:  # the status says that one
                line += " · " + refusal_text.send_failure(why)  # the reason as data, in the shop's language
            self.rows.addWidget(theme.label(line, "Hint" if row.status == "sent" else ""))
            if stuck:  # never resent on its own (it may have gone): the owner decides
                self.rows.addWidget(theme.button(self.tr("Send it again"), name=f"send_again_{row.id}",
                                                 on_click=functools.partial(self.send_again, row.id)))
        self.send.setEnabled(bool(self.planned) and not self.runner.busy)

    def send_again(self, row_id: int) -> None:
        """The owner's Send again for an interrupted message: it goes with the next sending."""
        from db import messaging
        from messages import run

        try:
            with self.services.session() as session:
                again = messaging.send_again(session, row_id, now=self.services.now(), max_attempts=run.MAX_ATTEMPTS)
        except Exception as exc:  # noqa: BLE001 - a database fault is shown, the page stays
            self.banner.show_error(exc)
            return
        if again:
            self.banner.show_message(self.tr("It goes with the next sending (Send now sends it at once)."))
        self.refresh()

    def on_send_clicked(self) -> None:
        """Send what is due now, off the GUI thread."""
        from db import messaging
        from messages import run

        store, now = messaging.Store(self.services.database), self.services.now()
        self.send.setEnabled(False)
        self.runner.run(lambda _progress: run.send_due(store, now=now), self.on_sent, self.on_send_failed)

    def on_announce_clicked(self) -> None:
        """Send the owner's text to every customer who agreed, once per text, off the GUI thread."""
        from db import messaging
        from messages import due, run

        text = self.offer.value().strip()
        if not text:
            self.banner.show_message(self.tr("Write the news or offer first."), "error")
            return
        store, now = messaging.Store(self.services.database), self.services.now()
        self.announce.setEnabled(False)
        self.runner.run(lambda _progress: run.send_due(store, now=now, announcement=due.Announcement(text)),
                        self.on_announced, self.on_send_failed)

    def on_announced(self, outcome: Any) -> None:
        self.announce.setEnabled(True)
        self.offer.set_value("")
        self.on_sent(outcome)

    def on_sent(self, outcome: Any) -> None:
        if outcome.quiet:
            self.banner.show_message(self.tr("Quiet hours: the messages wait for the morning."))
        else:
            self.banner.show_message(self.tr("Sent %1, skipped %2, failed %3.").replace("%1", str(outcome.sent))
                                     .replace("%2", str(outcome.skipped)).replace("%3", str(outcome.failed)))
        self.refresh()

    def on_send_failed(self, exc: BaseException) -> None:
        self.announce.setEnabled(True)
        self.banner.show_error(exc)
        self.refresh()
