"""Status bar: connection state, last sync, pending changes, sync progress."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from mpro_desktop.models import format as fmt
from mpro_desktop.views.common.style import set_tone


class SyncStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection = QLabel()
        self.connection.setContentsMargins(6, 0, 6, 0)
        self.last_sync = QLabel()
        self.pending = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.pending)
        self.addPermanentWidget(self.last_sync)
        self.addPermanentWidget(self.connection)
        self._last_sync_at: float | None = None
        self._state = "offline"
        self.set_state("connecting", 0)
        ticker = QTimer(self)
        ticker.timeout.connect(self._refresh_last_sync)
        ticker.start(1000)

    @property
    def state(self) -> str:
        return self._state

    def set_state(self, state: str, pending: int) -> None:
        self._state = state
        text, tone = {
            "online": (self.tr("● Online"), "ok"),
            "syncing": (self.tr("● Syncing…"), "info"),
            "offline": (self.tr("● Offline — changes are kept and sent later"), "warning"),
            "error": (self.tr("● Sync error"), "error"),
            "connecting": (self.tr("● Connecting…"), "muted"),
            "offline_mode": (self.tr("● Offline mode (cache only)"), "warning"),
        }.get(state, (state, "muted"))
        self.connection.setText(text)
        set_tone(self.connection, tone)
        self.pending.setText(
            ""
            if not pending
            else self.tr("1 change waiting to upload")
            if pending == 1
            else self.tr("%n changes waiting to upload", "", pending)
        )
        if state == "online":
            self.progress.hide()

    def set_synced(self, when: float | None = None) -> None:
        self._last_sync_at = when or time.time()
        self._refresh_last_sync()

    def set_progress(self, done: int, total: int) -> None:
        if total is None or total < 0:
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("%v changes"))
        else:
            self.progress.setRange(0, max(total, 1))
            self.progress.setFormat(self.tr("%v of %m"))
        self.progress.setValue(done)
        self.progress.setVisible(total != 0 and done != total)

    def _refresh_last_sync(self) -> None:
        if self._last_sync_at is None:
            self.last_sync.setText(self.tr("Not synced yet"))
        else:
            self.last_sync.setText(
                self.tr("Last sync: %1").replace("%1", fmt.ago(self._last_sync_at, time.time()))
            )
