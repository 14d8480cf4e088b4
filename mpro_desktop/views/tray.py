"""Tray notifications for new warning and critical alerts (issue 12).

The Alerts pane hands every fresh list of alerts to :meth:`AlertNotifier.update`; the
notifier tells the user once per alert (by id), never again on a later sync, and never
about the alerts that were already there when it first looked (a start-up is not news).
A setting turns it off (the checkable action the Alerts pane puts in the File menu).
Without a system tray (some desktops, the offscreen platform) nothing is shown and the
navigation count remains the only signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from mpro_desktop import settings
from mpro_desktop.domain import alerts as rules
from mpro_desktop.models.alerts import detail_text, severity_label, type_label

log = logging.getLogger(__name__)

#: the severities worth interrupting someone for
NOTIFY_SEVERITIES = frozenset((rules.WARNING, rules.CRITICAL))
#: more new alerts than this at once are told in one notification
MAX_SINGLE = 3


def is_news(alert: dict) -> bool:
    """An open warning or critical alert (acknowledged ones have someone on them)."""
    return alert.get("state") == rules.OPEN and alert.get("severity") in NOTIFY_SEVERITIES


def message_for(alert: dict) -> tuple[str, str]:
    """The notification's title and text: what, which van, the detail."""
    title = f"{severity_label(alert.get('severity'))}: {type_label(alert.get('type'))}"
    parts = [alert.get("vehicle_name") or "", detail_text(alert)]
    return title, " – ".join(p for p in parts if p)


class AlertNotifier(QObject):
    """Decides which alerts are new and shows them in the system tray."""

    sig_clicked = Signal()
    """The user clicked a notification (the window shows the Alerts pane)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        super().__init__(parent)
        self._tray_available = tray_available
        self._tray: QSystemTrayIcon | None = None
        self._seen: set[str] | None = None  # None: not looked yet
        #: what was shown (title, text), newest last: for the log and the tests
        self.shown: list[tuple[str, str]] = []
        self.action = QAction(self.tr("Notify me of new alerts"), self)
        self.action.setCheckable(True)
        self.action.setChecked(settings.ALERT_NOTIFICATIONS.get())
        self.action.toggled.connect(settings.ALERT_NOTIFICATIONS.set)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def tray(self) -> QSystemTrayIcon | None:
        """The tray icon, made on first use; None where the desktop has no tray."""
        if self._tray is None:
            if not self._tray_available():
                return None
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(QIcon(icon), self)
            self._tray.setToolTip("MPRO Desktop")
            self._tray.messageClicked.connect(self.sig_clicked)
            self._tray.activated.connect(lambda _reason: self.sig_clicked.emit())
            self._tray.show()
        return self._tray

    def update(self, alerts: Iterable[dict]) -> list[dict]:
        """Take the current alerts; returns (and shows) those that are news now."""
        news = [a for a in alerts if is_news(a) and a.get("id") is not None]
        ids = {str(a["id"]) for a in news}
        if self._seen is None:  # the first look: what is there already is not news
            self._seen = ids
            return []
        fresh = [a for a in news if str(a["id"]) not in self._seen]
        self._seen |= ids
        if not fresh or not self.enabled:
            return fresh if self.enabled else []
        tray = self.tray()
        shown = fresh
        if len(fresh) > MAX_SINGLE:  # a burst (back from a long time offline): one summary
            shown = [fresh[0]]
        for alert in shown:
            title, text = message_for(alert)
            if len(fresh) > MAX_SINGLE:
                text = self.tr("%n new alerts, the first: %1", "", len(fresh)).replace(
                    "%1", f"{title} – {text}"
                )
                title = self.tr("New alerts")
            self.shown.append((title, text))
            log.info("new alert: %s: %s", title, text)
            if tray is not None:
                critical = alert.get("severity") == rules.CRITICAL
                icon = (
                    QSystemTrayIcon.MessageIcon.Critical
                    if critical
                    else QSystemTrayIcon.MessageIcon.Warning
                )
                tray.showMessage(title, text, icon, 10_000)
        return fresh
