"""The main window: navigation on the left, one pane per area, sync status below.

The panes come from :mod:`mpro_desktop.views.registry`; the window knows them only
through what each declares (name, title, entities, permission), so "these entities
changed" — from the sync worker or a local write — reaches only the panes showing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from mpro_desktop.domain.accounts import allowed
from mpro_desktop.models.colors import colors
from mpro_desktop.views import registry
from mpro_desktop.views.common.pane import Pane, PaneContext, SyncRequests
from mpro_desktop.views.common.status_bar import SyncStatusBar
from mpro_desktop.views.common.style import set_font, set_tone
from mpro_desktop.views.support_dialog import SupportDialog

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

#: the attention count a navigation item shows (0: none)
_BADGE_ROLE = Qt.ItemDataRole.UserRole + 1


class MainWindow(QMainWindow):
    def __init__(
        self,
        cache: Cache,
        sync: SyncRequests | None,
        *,
        user_label: str = "",
        portal_label: str = "",
        offline: bool = False,
        roles: Iterable[str] | None = None,
        start_pane: str = "vehicles",
    ) -> None:
        """``roles``: the signed-in user's; panes they lack the permission for are left
        out (None: not known, every pane is shown)."""
        super().__init__()
        self.cache = cache
        self.setWindowTitle(self.tr("MPRO Desktop"))
        self.resize(1400, 860)
        self.context = PaneContext(cache, None if offline else sync, self)
        self.context.sig_changed.connect(self._route)
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setFixedWidth(180)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setAccessibleName(self.tr("Sections"))
        set_font(self.nav, 11, bold=False)
        self.nav.setSpacing(4)
        #: name -> pane, in navigation order (the order of the registry).
        self.panes: dict[str, Pane] = {}
        granted = None if roles is None else tuple(roles)
        for pane_class in registry.panes():
            if granted is None or allowed(granted, pane_class.PERMISSION):
                self._add_pane(pane_class(self.context))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(self._on_pane_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status = SyncStatusBar()
        self.setStatusBar(self.status)
        who = QLabel(f"{user_label} · {portal_label}" if portal_label else user_label)
        who.setContentsMargins(6, 0, 6, 0)
        set_tone(who, "muted")
        who.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.status.addWidget(who)
        if offline:
            self.status.set_state("offline_mode", cache.pending_count())
        self._build_menus(offline)
        self.show_pane(start_pane if start_pane in self.panes else next(iter(self.panes)))

    sig_sign_out = Signal()
    """The user chose "Sign out": forget the keychain token and close."""

    def _add_pane(self, pane: Pane) -> None:
        self.panes[pane.NAME] = pane
        self.stack.addWidget(pane)
        item = QListWidgetItem(pane.title(), self.nav)
        pane.sig_attention.connect(lambda n, item=item, pane=pane: self._badge(item, pane, n))
        pane.sig_show_requested.connect(lambda name=pane.NAME: self.show_pane(name))

    def pane(self, name: str) -> Pane:
        """The pane registered as ``name`` (KeyError if the user may not see it)."""
        return self.panes[name]

    def _build_menus(self, offline: bool) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        sync_now = QAction(self.tr("Sync now"), self)
        sync_now.setShortcut(QKeySequence("Ctrl+R"))
        sync_now.setEnabled(not offline)
        sync_now.triggered.connect(
            lambda: self.context.sync is not None and self.context.sync.request_sync()
        )
        file_menu.addAction(sync_now)
        for pane in self.panes.values():
            for action in pane.menu_actions():
                file_menu.addAction(action)
            for action in pane.shortcuts():
                self.addAction(action)
        file_menu.addSeparator()
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.triggered.connect(self._sign_out)
        file_menu.addAction(sign_out)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        support = QAction(self.tr("Support and contacts…"), self)
        support.triggered.connect(self.show_support)
        help_menu.addAction(support)

    def show_support(self) -> None:
        company = self.cache.company() or {}
        dialog = SupportDialog(company.get("country"), self)
        dialog.open()

    def _sign_out(self) -> None:
        self.sig_sign_out.emit()
        self.close()

    def attach_cache(self, cache: Cache) -> None:
        """The cache opened after the first paint, which came from a read-only snapshot
        (``sync.quick_read``): every pane reads what it shows again, through it."""
        self.cache = cache
        self.context.cache = cache
        self._route(frozenset().union(*(pane.ENTITIES for pane in self.panes.values())))

    def attach_sync(self, sync: SyncRequests) -> None:
        """The sync worker came up (demo: after the portal started)."""
        self.context.sync = sync
        for pane in self.panes.values():
            pane.on_sync_attached()

    def show_pane(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.panes).index(name))

    def _on_pane_changed(self, index: int) -> None:
        pane = self.stack.widget(index)
        if isinstance(pane, Pane):
            pane.on_shown()

    def reload_all(self) -> None:
        for pane in self.panes.values():
            pane.reload()

    def _route(self, entities: Iterable[str]) -> None:
        """Tell each pane which of the entities it shows changed (and no other pane)."""
        changed = frozenset(entities)
        for pane in self.panes.values():
            mine = changed & pane.ENTITIES
            if mine:
                pane.on_entities_changed(mine)

    def _badge(self, item: QListWidgetItem, pane: Pane, n: int) -> None:
        item.setText(
            self.tr("%1 (%2)").replace("%1", pane.title()).replace("%2", str(n))
            if n
            else pane.title()
        )
        item.setData(_BADGE_ROLE, n)
        self._colour_badge(item)

    @staticmethod
    def _colour_badge(item: QListWidgetItem) -> None:
        # No colour of its own without a count: the palette's text, light or dark.
        n = item.data(_BADGE_ROLE)
        item.setData(Qt.ItemDataRole.ForegroundRole, colors().error if n else None)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Light ↔ dark at run time: the badge colours follow the new palette."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            for row in range(self.nav.count()):
                self._colour_badge(self.nav.item(row))

    def on_conflicts(self, records: list) -> None:
        """The worker recorded refused changes: show the count and tell the user once."""
        self._route({"conflict"})
        if records:
            n = len(records)
            text = (
                self.tr("1 change was not accepted by the portal: see Conflicts.")
                if n == 1
                else self.tr("%n changes were not accepted by the portal: see Conflicts.", "", n)
            )
            self.status.showMessage(text, 15000)

    # -- sync worker signals ------------------------------------------------
    def on_synced(self, entities: set[str]) -> None:
        self.status.set_synced()
        self._route(entities)

    def on_state_changed(self, state: str, pending: int) -> None:
        self.status.set_state(state, pending)

    def on_command(self, _command: dict) -> None:
        """A command changed state on the portal (SSE); the cache already has it."""
        self._route({"command"})

    def on_telemetry(self, samples_by_vehicle: dict) -> None:
        """Live samples (not in the cache's change feed): to the panes that show them."""
        for pane in self.panes.values():
            if "telemetry" in pane.ENTITIES:
                pane.on_telemetry(samples_by_vehicle)
