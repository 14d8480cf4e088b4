"""Status bar: connection state, last sync, pending changes, sync progress."""

from __future__ import annotations

import time
from datetime import datetime

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
        self._pending = 0
        self.set_state("connecting", 0)
        self._refresh_last_sync()
        ticker = QTimer(self)
        ticker.timeout.connect(self._refresh_last_sync)
        ticker.start(1000)

    @property
    def state(self) -> str:
        return self._state

    def show_cache_state(self, cache) -> None:
        """The last sync the cache remembers (``last_sync_at``), so an offline start says
        how old its data is instead of "Not synced yet"."""
        try:
            when = fmt.iso_to_epoch(cache.get_state("last_sync_at"))
        except Exception:  # a snapshot before the cache opens: no sync state yet
            return
        if when is not None and (self._last_sync_at is None or when > self._last_sync_at):
            self._last_sync_at = when
            self.set_state(self._state, self._pending)
            self._refresh_last_sync()

    def set_state(self, state: str, pending: int) -> None:
        self._state, self._pending = state, pending
        synced = self._last_sync_at
        offline_mode = (
            self.tr("● Offline — last synced %1").replace("%1", _clock(synced))
            if synced is not None
            else self.tr("● Offline mode (cache only)")
        )
        text, tone = {
            "online": (self.tr("● Online"), "ok"),
            "syncing": (self.tr("● Syncing…"), "info"),
            "offline": (self.tr("● Offline — changes are kept and sent later"), "warning"),
            "error": (self.tr("● Sync error"), "error"),
            "connecting": (self.tr("● Connecting…"), "muted"),
            "offline_mode": (offline_mode, "warning"),
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
        self.set_state(self._state, self._pending)
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


def _clock(epoch: float) -> str:
    """14:02 today, else the date and time (the offline sentence names the moment)."""
    stamp = datetime.fromtimestamp(epoch)
    if stamp.date() == datetime.now().date():
        return stamp.strftime("%H:%M")
    return stamp.strftime("%Y-%m-%d %H:%M")
