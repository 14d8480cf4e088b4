"""The main window: navigation on the left, one pane per area, sync status below.

The panes come from :mod:`mpro_desktop.views.registry`; the window knows them only
through what each declares (name, title, entities, permission), so "these entities
changed" — from the sync worker or a local write — reaches only the panes showing them.

A pane is built when it is first shown (or asked for: ``pane(name)``, ``panes[name]``),
so a start builds the pane it opens with, not all of them (issue 7, start-up); a pane
that works while hidden (``Pane.BUILD_AT_START``: a navigation count, notifications,
menu entries) is built with the window. Until then the stack holds an empty stand-in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.domain.accounts import allowed
from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.sync.quick_read import CacheNotOpen
from mpro_desktop.views import registry
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext, SyncRequests
from mpro_desktop.views.common.status_bar import SyncStatusBar
from mpro_desktop.views.common.style import set_font

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)

# First-start size where there is room: the vehicles table shows all its columns
# next to the detail. A smaller screen gets its whole available area instead.
PREFERRED_SIZE = QSize(1600, 1000)
# Room left for the window frame (title bar, borders) the window manager adds.
FRAME_ALLOWANCE = QSize(16, 48)


def first_start_geometry(available: QRect, minimum: QSize) -> QRect:
    """The window's first rectangle: :data:`PREFERRED_SIZE`, never more than the
    available screen area (less the frame), at least ``minimum`` when it fits,
    centred."""
    room = available.size() - FRAME_ALLOWANCE
    size = PREFERRED_SIZE.boundedTo(room).expandedTo(minimum.boundedTo(room))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def fit_into(rect: QRect, available: QRect) -> QRect:
    """``rect`` shrunk to ``available`` and moved inside it (a restored geometry from
    a bigger screen, or another scale factor)."""
    out = QRect(rect.topLeft(), rect.size().boundedTo(available.size()))
    out.moveLeft(max(available.left(), min(out.left(), available.right() - out.width() + 1)))
    out.moveTop(max(available.top(), min(out.top(), available.bottom() - out.height() + 1)))
    return out


# Navigation width bounds (its titles decide within them).
NAV_MIN_WIDTH = 120
NAV_MAX_WIDTH = 220

#: the attention count a navigation item shows (0: none)
_BADGE_ROLE = Qt.ItemDataRole.UserRole + 1


class OfferedPanes(Mapping[str, Pane]):
    """The panes the window offers, by name in navigation order (``MainWindow.panes``).
    Names and ``in`` never build a pane; reading one (``[name]``, ``get``, ``values``)
    builds it if it was not built yet."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, name: str) -> Pane:
        return self._window._built_pane(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window._offered)

    def __len__(self) -> int:
        return len(self._window._offered)

    def __contains__(self, name: object) -> bool:
        return name in self._window._offered


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
        start_pane: str | None = None,
        build_hidden: bool = True,
    ) -> None:
        """``roles``: the signed-in user's; panes they lack the permission for are left
        out (None: not known, every pane is shown). ``start_pane``: None for the one
        shown when the window last closed. ``build_hidden=False``: the panes that work
        while hidden wait for :meth:`build_hidden_panes` (the start-up calls it right
        after the first paint)."""
        super().__init__()
        self.cache = cache
        self.setWindowTitle(self.tr("MPRO Desktop"))
        self.context = PaneContext(cache, None if offline else sync, self)
        self.context.sig_changed.connect(self._route)
        self.context.sig_pane_requested.connect(
            lambda name: self.show_pane(name) if name in self.panes else None
        )
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setAccessibleName(self.tr("Sections"))
        set_font(self.nav, 11, bold=False)
        self.nav.setSpacing(4)
        #: name -> pane class offered, in navigation order (the order of the registry)
        self._offered: dict[str, type[Pane]] = {}
        #: name -> pane, for the panes built so far
        self._built: dict[str, Pane] = {}
        #: every pane offered, by name in navigation order (reading one builds it)
        self.panes = OfferedPanes(self)
        #: the roles the navigation was built for (None: not known, every pane)
        self.granted: tuple[str, ...] | None = None if roles is None else tuple(roles)
        for pane_class in self._allowed_panes():
            self._add_entry(pane_class)
        self.nav.setFixedWidth(self._nav_width())
        self.nav.currentRowChanged.connect(self._on_pane_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status = SyncStatusBar()
        self.setStatusBar(self.status)
        self.status.set_user(user_label, portal_label)
        if offline:
            self.status.set_state("offline_mode", 0)
        # the signed-in user's company (``company()`` of the cache), read off the UI
        # thread with the pending count and the last sync (``_read_cache_state``)
        self.company: dict | None = None
        self._read_cache_state()
        self._offline = offline
        #: window-wide shortcuts the panes gave (removed again when the panes change)
        self._pane_shortcuts: list[QAction] = []
        #: the File menu and the separator its pane entries go before (``_build_menus``)
        self._file_menu: QMenu | None = None
        self._pane_menu_end: QAction | None = None
        self._build_menus(offline)
        self.context.sig_account_changed.connect(self._on_account_changed)
        start_pane = start_pane or settings.LAST_PANE.get()
        self.show_pane(start_pane if start_pane in self.panes else next(iter(self.panes)))
        if build_hidden:
            self.build_hidden_panes()
        self._place_on_screen()

    def _nav_width(self) -> int:
        """As wide as the longest pane title with a two-digit badge ("Conflicts (12)"),
        not a fixed 180 px: the vehicles table needs the room at 1280 px."""
        metrics = self.nav.fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(
                    self.tr("%1 (%2)").replace("%1", p.title()).replace("%2", "99")
                )
                for p in self._offered.values()
            ),
            default=0,
        )
        padding = 2 * (self.nav.frameWidth() + self.nav.spacing()) + 24  # item margins
        return max(NAV_MIN_WIDTH, min(NAV_MAX_WIDTH, widest + padding))

    sig_sign_out = Signal()
    """The user chose "Sign out": forget the keychain token and close."""

    def _allowed_panes(self) -> list[type[Pane]]:
        """The registry's panes the signed-in roles may see, in navigation order."""
        return [
            pane_class
            for pane_class in registry.panes()
            if self.granted is None or allowed(self.granted, pane_class.PERMISSION)
        ]

    def _add_entry(self, pane_class: type[Pane], index: int | None = None) -> None:
        """Offer ``pane_class`` in the navigation at ``index`` (None: the end); the stack
        holds an empty stand-in until the pane is built (:meth:`_built_pane`)."""
        index = len(self._offered) if index is None else index
        names = list(self._offered)
        names.insert(index, pane_class.NAME)
        self._offered[pane_class.NAME] = pane_class
        self._offered = {name: self._offered[name] for name in names}
        self.stack.insertWidget(index, QWidget())
        self.nav.insertItem(index, QListWidgetItem(pane_class.title()))

    def build_hidden_panes(self) -> None:
        """Build the panes that work while hidden (``Pane.BUILD_AT_START``); they read
        with the next change routed to them, as the window's first panes do."""
        for name, pane_class in list(self._offered.items()):
            if pane_class.BUILD_AT_START:
                self._built_pane(name, reload=False)

    def built_panes(self) -> dict[str, Pane]:
        """The panes built so far, by name in navigation order (none is built here)."""
        return {name: self._built[name] for name in self._offered if name in self._built}

    def _built_pane(self, name: str, *, reload: bool = True) -> Pane:
        """The pane ``name``, built now if it was not (KeyError if it is not offered).
        A pane built after the window reads what it shows (``reload``), unless it is
        about to be shown, which reads anyway (``on_shown``)."""
        pane = self._built.get(name)
        if pane is not None:
            return pane
        pane_class = self._offered[name]  # KeyError: not offered to these roles
        pane = pane_class(self.context)
        self._built[name] = pane
        row = list(self._offered).index(name)
        stand_in = self.stack.widget(row)
        current = self.stack.currentIndex() == row
        self.stack.insertWidget(row, pane)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if current:
            self.stack.setCurrentIndex(row)
        item = self.nav.item(row)
        pane.sig_attention.connect(lambda n, item=item, pane=pane: self._badge(item, pane, n))
        pane.sig_show_requested.connect(lambda name=name: self.show_pane(name))
        if self._file_menu is not None:  # built after the menus: add its entries
            self._add_pane_actions(pane)
        if self.context.sync is not None:
            pane.on_sync_attached()
        if reload:
            pane.reload()
        log.debug("pane %s built", name)
        return pane

    # -- role-aware navigation: rebuilt when the signed-in user's roles change ---------
    def _on_account_changed(self, account) -> None:
        granted = tuple(account.roles) if account is not None and account.known else None
        if granted != self.granted:
            self.granted = granted
            self._rebuild_panes()

    def _rebuild_panes(self) -> None:
        """Panes the roles no longer allow go (with their menu entries and shortcuts),
        newly allowed ones appear in registry order; the pane shown stays if allowed,
        else the first one is shown (the portal refuses the rest on its own anyway)."""
        row = self.stack.currentIndex()
        shown = list(self._offered)[row] if 0 <= row < len(self._offered) else None
        wanted = self._allowed_panes()
        names = [c.NAME for c in wanted]
        self.nav.blockSignals(True)
        try:
            for name in [n for n in self._offered if n not in names]:
                row = list(self._offered).index(name)
                del self._offered[name]
                self.nav.takeItem(row)
                widget = self.stack.widget(row)
                self.stack.removeWidget(widget)
                pane = self._built.pop(name, None)
                if pane is not None:
                    pane.save_layout()
                    pane.hide()
                widget.deleteLater()
            for index, pane_class in enumerate(wanted):
                if pane_class.NAME not in self._offered:
                    self._add_entry(pane_class, index)
        finally:
            self.nav.blockSignals(False)
        self.nav.setFixedWidth(self._nav_width())
        self._rebuild_menus()
        for pane_class in wanted:
            if pane_class.BUILD_AT_START:
                self._built_pane(pane_class.NAME)  # reads at once, as a new pane did
        target = shown if shown in self._offered else next(iter(self._offered))
        row = list(self._offered).index(target)
        self.nav.setCurrentRow(row)
        if self.stack.currentIndex() != row or target != shown:
            self._on_pane_changed(row)
        if shown is not None and target != shown:
            self.status.showMessage(
                self.tr("Your roles have changed: the section you were in is no longer yours."),
                15000,
            )
        log.info("navigation rebuilt for roles %s: %s", self.granted, ", ".join(self.panes))

    def _rebuild_menus(self) -> None:
        for action in self._pane_shortcuts:
            self.removeAction(action)
        self._pane_shortcuts = []
        for action in self.menuBar().actions():
            menu = action.menu()
            if menu is not None:
                menu.deleteLater()
        self.menuBar().clear()
        self._build_menus(self._offline)

    # -- geometry: restored, or fitted to the screen on the first start -------------
    def _available(self) -> QRect:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry()

    def _place_on_screen(self) -> None:
        available = self._available()
        if self.restoreGeometry(settings.WINDOW_GEOMETRY.get()):
            self.restoreState(settings.WINDOW_STATE.get())
            self.setGeometry(fit_into(self.geometry(), available))
        else:
            self.setGeometry(first_start_geometry(available, self.minimumSizeHint()))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._keep_frame_on_screen)

    def _keep_frame_on_screen(self) -> None:
        """Once shown the real frame is known: the title bar must stay on screen."""
        if self.isMaximized() or self.isFullScreen():
            return
        available, frame = self._available(), self.frameGeometry()
        if available.contains(frame):
            return
        extra = frame.size() - self.size()
        inner = fit_into(frame, available)
        self.setGeometry(
            QRect(
                inner.left() + (self.geometry().left() - frame.left()),
                inner.top() + (self.geometry().top() - frame.top()),
                inner.width() - extra.width(),
                inner.height() - extra.height(),
            )
        )

    def closeEvent(self, event) -> None:
        """Keep the window, the pane shown and each pane's columns for the next start."""
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        settings.WINDOW_STATE.set(self.saveState())
        current = self.stack.currentWidget()
        if isinstance(current, Pane):
            settings.LAST_PANE.set(current.NAME)
        for pane in self._built.values():
            pane.save_layout()
        super().closeEvent(event)

    def pane(self, name: str) -> Pane:
        """The pane registered as ``name``, built now if it was not yet (KeyError if
        the user may not see it)."""
        return self._built_pane(name)

    def _build_menus(self, offline: bool) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        sync_now = QAction(self.tr("Sync now"), self)
        sync_now.setShortcut(QKeySequence("Ctrl+R"))
        sync_now.setEnabled(not offline)
        sync_now.triggered.connect(
            lambda: self.context.sync is not None and self.context.sync.request_sync()
        )
        file_menu.addAction(sync_now)
        self._file_menu = file_menu
        self._pane_menu_end = file_menu.addSeparator()  # the panes' entries go before it
        for pane in self.built_panes().values():
            self._add_pane_actions(pane)
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.triggered.connect(self._sign_out)
        file_menu.addAction(sign_out)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        # Ctrl+1…Ctrl+9 show the panes in navigation (registry) order.
        self.pane_actions: dict[str, QAction] = {}
        for i, (name, pane_class) in enumerate(self._offered.items(), start=1):
            action = QAction(pane_class.title(), self)
            if i <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            action.triggered.connect(lambda _=False, name=name: self.show_pane(name))
            view_menu.addAction(action)
            self.pane_actions[name] = action
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = QAction(self.tr("MPRO Desktop help"), self)
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)
        support = QAction(self.tr("Support and contacts…"), self)
        support.triggered.connect(self.show_support)
        help_menu.addAction(support)
        self.open_log_action = QAction(self.tr("Open log folder"), self)
        self.open_log_action.triggered.connect(self.open_log_folder)
        help_menu.addAction(self.open_log_action)
        help_menu.addSeparator()
        self.about_action = QAction(self.tr("About MPRO Desktop"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _add_pane_actions(self, pane: Pane) -> None:
        """``pane``'s File menu entries and window-wide shortcuts."""
        if self._file_menu is not None:
            self._file_menu.insertActions(self._pane_menu_end, pane.menu_actions())
        for action in pane.shortcuts():
            self.addAction(action)
            self._pane_shortcuts.append(action)

    def all_actions(self) -> list[QAction]:
        """Every action of the menus, the window and the panes (for the help; every
        pane is built for it)."""
        found: list[QAction] = []
        for menu_action in self.menuBar().actions():
            if menu_action.menu() is not None:
                found.extend(menu_action.menu().actions())
        found.extend(self.actions())
        for pane in self.panes.values():
            found.extend(pane.actions())
        return [a for i, a in enumerate(found) if not a.isSeparator() and a not in found[:i]]

    def show_help(self) -> None:
        from mpro_desktop.views.help.user_help import HelpDialog

        dialog = HelpDialog(self.all_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from mpro_desktop.views.help.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_log_folder(self) -> None:
        from mpro_desktop.views.help.about import log_file

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    def show_support(self) -> None:
        # The company came with the cache state, read off the UI thread; without it
        # (a snapshot start, nothing synced yet) the dialog shows the default contacts.
        from mpro_desktop.views.support_dialog import SupportDialog

        company = self.company or {}
        dialog = SupportDialog(company.get("country"), self)
        dialog.open()

    def _read_cache_state(self) -> None:
        """Pending count, last sync and company, read off the UI thread; read again
        when the cache opens and after every sync."""
        cache = self.cache

        def read() -> tuple[int, str | None, dict | None]:
            pending = cache.pending_count()
            try:
                return pending, cache.get_state("last_sync_at"), cache.company()
            except CacheNotOpen:  # the start-up snapshot knows only the pending count
                return pending, None, None

        def show(found: tuple[int, str | None, dict | None]) -> None:
            if cache is not self.cache:
                return  # an older cache's answer
            pending, last_sync_at, company = found
            self.status.set_pending(pending)
            self.status.show_last_sync_at(fmt.iso_to_epoch(last_sync_at))
            self.company = company or self.company

        run_in_background(
            read,
            show,
            lambda exc: log.warning("could not read the cache state: %s", exc),
            owner=self,
        )

    def _sign_out(self) -> None:
        self.sig_sign_out.emit()
        self.close()

    def attach_cache(self, cache: Cache) -> None:
        """The cache opened after the first paint, which came from a read-only snapshot
        (``sync.quick_read``): every pane reads what it shows again, through it."""
        self.cache = cache
        self.context.cache = cache
        self._read_cache_state()
        self._route(frozenset().union(*(pane.ENTITIES for pane in self._built.values())))

    def attach_sync(self, sync: SyncRequests) -> None:
        """The sync worker came up (demo: after the portal started)."""
        self.context.sync = sync
        for pane in self.built_panes().values():
            pane.on_sync_attached()

    def show_pane(self, name: str) -> None:
        self.nav.setCurrentRow(list(self._offered).index(name))

    def _on_pane_changed(self, row: int) -> None:
        """Navigation moved to ``row``: that pane (built now if need be) is shown and
        reads what it shows."""
        if not 0 <= row < len(self._offered):
            return
        pane = self._built_pane(list(self._offered)[row], reload=False)
        self.stack.setCurrentIndex(row)
        pane.on_shown()

    def reload_all(self) -> None:
        """Every pane offered reads again (those not built yet are built for it)."""
        for name in list(self._offered):
            self._built_pane(name, reload=False).reload()

    def _route(self, entities: Iterable[str]) -> None:
        """Tell each pane which of the entities it shows changed (and no other pane)."""
        changed = frozenset(entities)
        if "user" in changed:
            self._refresh_account()
        for pane in list(self._built.values()):
            mine = changed & pane.ENTITIES
            if mine:
                pane.on_entities_changed(mine)

    def _refresh_account(self) -> None:
        """The signed-in user's row may have changed (roles, verification arrive through
        sync as the user entity): read it off the UI thread and update the account,
        which rebuilds the navigation and re-gates every pane's actions."""
        account, cache = self.context.account, self.cache
        if account is None or not account.user_id:
            return
        uid = account.user_id

        def read() -> dict | None:
            try:
                return next((u for u in cache.users() if u.get("id") == uid), None)
            except CacheNotOpen:
                return None

        def done(mine: dict | None) -> None:
            current = self.context.account
            if mine is not None and current is not None and current.user_id == uid:
                self.context.set_account(current.updated(mine))

        run_in_background(
            read, done, lambda exc: log.warning("could not read the user: %s", exc), owner=self
        )

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
        if "company" in entities:
            self._read_cache_state()
        self._route(entities)

    def on_state_changed(self, state: str, pending: int) -> None:
        self.status.set_state(state, pending)

    def on_stream_state(self, state: str) -> None:
        """The live stream connected, dropped or could not connect (the indicator)."""
        self.status.set_stream_state(state)

    def on_command(self, _command: dict) -> None:
        """A command changed state on the portal (SSE); the cache already has it."""
        self._route({"command"})

    def on_telemetry(self, samples_by_vehicle: dict) -> None:
        """Live samples (not in the cache's change feed): to the panes that show them."""
        for pane in list(self._built.values()):
            if "telemetry" in pane.ENTITIES:
                pane.on_telemetry(samples_by_vehicle)
