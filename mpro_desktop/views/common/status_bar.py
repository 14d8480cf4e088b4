"""Status bar: who is signed in, the live indicator, last sync, pending changes, progress.

The indicator follows the live stream's real connection (``set_stream_state``, from
``SyncWorker.sig_stream_state``): "Live" only while the SSE stream is open, however
the last sync round went; "Reconnecting…" while a dropped stream is re-made and
"Offline" when the portal cannot be reached. Before the stream has said anything the
sync state stands in (connecting, syncing, online).

Every text is short enough that the whole bar fits a 1024 px window in English and
Swedish without cutting a word (``tests/ui/test_status_bar.py``); what does not fit
in a few words is in the label's tooltip.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from mpro_desktop.models import format as fmt
from mpro_desktop.views.common.style import set_tone

# ``SyncWorker`` stream states (kept as plain strings: the first paint imports no sync).
STREAM_CONNECTED = "connected"
STREAM_RECONNECTING = "reconnecting"
STREAM_OFFLINE = "offline"


class FittingLabel(QLabel):
    """A label with several texts, longest first: it shows the longest that fits its
    width, so it gives up room word by word instead of being cut mid-word; the full
    text is its tooltip. Its minimum is the shortest text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: list[str] = []

    def set_texts(self, *texts: str) -> None:
        self._texts = [t for i, t in enumerate(texts) if t and t not in texts[:i]]
        self.updateGeometry()
        self._fit()

    def texts(self) -> list[str]:
        return list(self._texts)

    def _extra(self) -> int:
        m = self.contentsMargins()
        return m.left() + m.right() + 2 * self.margin()

    def _advance(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if self._texts:
            hint.setWidth(self._advance(self._texts[0]) + self._extra())
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        if self._texts:
            hint.setWidth(min(self._advance(t) for t in self._texts) + self._extra())
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        fits = [t for t in self._texts if self._advance(t) <= room]
        text = fits[0] if fits else (self._texts[-1] if self._texts else "")
        if text != self.text():
            self.setText(text)


class SyncStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # who is signed in, at which portal (``set_user``), left-aligned
        self.user = FittingLabel()
        self.user.setContentsMargins(6, 0, 6, 0)
        set_tone(self.user, "muted")
        self.connection = QLabel()
        self.connection.setContentsMargins(6, 0, 6, 0)
        self.last_sync = QLabel()
        self.pending = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.addWidget(self.user, 1)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.pending)
        self.addPermanentWidget(self.last_sync)
        self.addPermanentWidget(self.connection)
        self._last_sync_at: float | None = None
        self._state = "offline"
        self._stream: str | None = None
        self._pending = 0
        self.set_state("connecting", 0)
        self._refresh_last_sync()
        ticker = QTimer(self)
        ticker.timeout.connect(self._refresh_last_sync)
        ticker.start(1000)

    @property
    def state(self) -> str:
        return self._state

    @property
    def pending_count(self) -> int:
        """The outbox count last shown (the window reads it off the UI thread)."""
        return self._pending

    @property
    def stream_state(self) -> str | None:
        return self._stream

    def labels(self) -> list[QLabel]:
        """The bar's own labels (what a test checks for cut text)."""
        return [self.user, self.pending, self.last_sync, self.connection]

    def set_user(self, user: str, portal: str = "") -> None:
        """``user`` as ``app.user_label`` makes it ("First Last (email)"); with less
        room the portal, then the e-mail, are left to the tooltip."""
        name = user.split(" (", 1)[0] if user.endswith(")") else user
        self.user.set_texts(f"{user} · {portal}" if portal and user else user or portal, user, name)
        self.user.setToolTip(
            self.tr("Signed in as %1 at %2").replace("%1", user).replace("%2", portal)
            if portal and user
            else user
        )

    def show_cache_state(self, cache) -> None:
        """The last sync the cache remembers (``last_sync_at``), so an offline start says
        how old its data is instead of "Not synced yet"."""
        try:
            when = fmt.iso_to_epoch(cache.get_state("last_sync_at"))
        except Exception:  # a snapshot before the cache opens: no sync state yet
            return
        self.show_last_sync_at(when)

    def show_last_sync_at(self, when: float | None) -> None:
        """The cache's ``last_sync_at`` (read off the UI thread by the window)."""
        if when is not None and (self._last_sync_at is None or when > self._last_sync_at):
            self._last_sync_at = when
            self.set_state(self._state, self._pending)
            self._refresh_last_sync()

    def set_stream_state(self, stream: str | None) -> None:
        """The live stream's connection (``SyncWorker.sig_stream_state``)."""
        self._stream = stream
        self.set_state(self._state, self._pending)

    def set_pending(self, pending: int) -> None:
        self.set_state(self._state, pending)

    def set_state(self, state: str, pending: int) -> None:
        self._state, self._pending = state, pending
        text, tone, tip = self._indicator(state)
        self.connection.setText(text)
        self.connection.setToolTip(tip)
        set_tone(self.connection, tone)
        if pending <= 0:
            self.pending.setText("")
            self.pending.setToolTip("")
        else:
            self.pending.setText(self.tr("%n to upload", "", pending))
            self.pending.setToolTip(
                self.tr("1 change waiting to upload")
                if pending == 1
                else self.tr("%n changes waiting to upload", "", pending)
            )
        # --offline with a known last sync: the indicator names it ("last synced 14:02")
        self.last_sync.setVisible(not (state == "offline_mode" and self._last_sync_at))
        if state == "online":
            self.progress.hide()

    def _indicator(self, state: str) -> tuple[str, str, str]:
        """Text, tone and tooltip of the indicator for the sync ``state`` and the stream."""
        kept = self.tr("Changes are kept and sent when the portal can be reached again.")
        if state == "offline_mode":
            synced = self._last_sync_at
            if synced is None:
                return (
                    self.tr("● Offline mode"),
                    "warning",
                    self.tr("Started offline: showing the cached data only."),
                )
            return (
                self.tr("● Offline — last synced %1").replace("%1", _clock(synced)),
                "warning",
                self.tr("Started offline: showing the cached data only."),
            )
        if state == "error":
            return self.tr("● Sync error"), "error", ""
        if state == "offline" or self._stream == STREAM_OFFLINE:
            # a sync round that cannot reach the portal outweighs a stream that has
            # not noticed yet (a half-open connection is only seen at its read timeout)
            return self.tr("● Offline"), "warning", kept
        if self._stream == STREAM_CONNECTED:
            return (
                self.tr("● Live"),
                "ok",
                self.tr("Connected to the portal: vehicle data arrives as it is sent."),
            )
        if self._stream == STREAM_RECONNECTING:
            return (
                self.tr("● Reconnecting…"),
                "warning",
                self.tr("The live connection to the portal dropped; it is being restored."),
            )
        return {
            "online": (self.tr("● Online"), "ok", ""),
            "syncing": (self.tr("● Syncing…"), "info", ""),
            "connecting": (self.tr("● Connecting…"), "muted", ""),
        }.get(state, (state, "muted", ""))

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
            self.last_sync.setToolTip("")
        else:
            self.last_sync.setText(
                self.tr("Synced %1").replace("%1", fmt.ago(self._last_sync_at, time.time()))
            )
            self.last_sync.setToolTip(
                self.tr("Last synchronised with the portal: %1").replace(
                    "%1", fmt.when(self._last_sync_at)
                )
            )


def _clock(epoch: float) -> str:
    """14:02 today, else the date and time (the offline sentence names the moment)."""
    stamp = datetime.fromtimestamp(epoch)
    if stamp.date() == datetime.now().date():
        return stamp.strftime("%H:%M")
    return stamp.strftime("%Y-%m-%d %H:%M")
