"""What a pane is (Spyder's plugins are the model): a widget that declares, once, its
name, its navigation title, the sync entities it shows and the permission it needs.

The main window builds the navigation from :mod:`mpro_desktop.views.registry` and tells
each pane only about the entities it declared, so no other file names a pane.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.views.common.permissions import Account

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.account_api import AccountApi
    from mpro_desktop.sync.cache import Cache

#: lupdate context of the pane titles: each pane writes
#: ``TITLE = QT_TRANSLATE_NOOP("Navigation", "...")`` (lupdate needs the literal).
TITLE_CONTEXT = "Navigation"


class SyncRequests(Protocol):
    """What panes may ask of the sync worker (absent in offline mode)."""

    def request_sync(self) -> None: ...
    def request_backfill(self, vehicle_id: str, since_ts: float) -> None: ...


class PaneContext(QObject):
    """What every pane and its widgets share: the cache, the sync worker, and where a
    local write says which entities it changed (:meth:`announce`)."""

    sig_changed = Signal(object)
    """A local write changed these entities (frozenset of sync entity names)."""

    sig_account_changed = Signal(object)
    """The signed-in user's roles or verification changed (the new :class:`Account`)."""

    sig_online_changed = Signal(bool)
    """The online-only calls became possible (True) or impossible (False)."""

    sig_vehicle_requested = Signal(str, bool)
    """Another pane (the map) asks the Vehicles pane to target this vehicle id; True:
    show that pane too. The Vehicles pane stays the one writer of its selection."""

    sig_vehicle_targeted = Signal(object)
    """The Vehicles pane's selection moved to this vehicle id (None: no vehicle)."""

    sig_pane_requested = Signal(str)
    """A pane asks the window to show another pane by its ``NAME`` (the Dashboard's
    alerts tile opens the Alerts pane); a name the user may not see is ignored."""

    def __init__(
        self,
        cache: Cache,
        sync: SyncRequests | None = None,
        parent: QObject | None = None,
        *,
        account: Account | None = None,
        online: AccountApi | None = None,
    ) -> None:
        super().__init__(parent)
        self.cache = cache
        #: None offline, and until the sync worker is up (the demo starts it later).
        self.sync = sync
        #: the signed-in user (None: not known; every action is offered, the portal decides)
        self.account = account
        #: the online-only calls (``sync.account_api``); None offline and until signed in
        self.online = online
        #: the vehicle id the Vehicles pane targets (for a pane built after it moved)
        self.targeted_vehicle: str | None = None
        self.sig_vehicle_targeted.connect(self._remember_target)

    def _remember_target(self, vehicle_id: str | None) -> None:
        self.targeted_vehicle = vehicle_id

    def set_account(self, account: Account) -> None:
        if account != self.account:
            self.account = account
            self.sig_account_changed.emit(account)

    def set_online(self, online: AccountApi | None) -> None:
        self.online = online
        self.sig_online_changed.emit(online is not None)

    def request_vehicle(self, vehicle_id: str, *, show: bool = False) -> None:
        """Target ``vehicle_id`` in the Vehicles pane (and show it)."""
        self.sig_vehicle_requested.emit(vehicle_id, show)

    def request_pane(self, name: str) -> None:
        """Show the pane registered as ``name`` (if the signed-in roles allow it)."""
        self.sig_pane_requested.emit(name)

    def announce(self, entities: Iterable[str]) -> None:
        """A write op committed: refresh what shows these entities, then push the outbox."""
        self.sig_changed.emit(frozenset(entities))
        if self.sync is not None:
            self.sync.request_sync()


class Pane(QWidget):
    """Base of every pane; a subclass sets the class attributes and ``reload``."""

    NAME: ClassVar[str]
    """Stable id: ``show_pane(NAME)``, ``--pane NAME``, ``MainWindow.pane(NAME)``."""

    TITLE: ClassVar[str]
    """Navigation title, marked with ``QT_TRANSLATE_NOOP("Navigation", ...)``."""

    ENTITIES: ClassVar[frozenset[str]] = frozenset()
    """Sync entity names (``"vehicle"``, ``"command"``, ...) whose changes it shows;
    ``"telemetry"`` for live samples."""

    PERMISSION: ClassVar[Permission] = Permission.READ
    """Shown only to users whose roles have it (``domain.accounts``)."""

    BUILD_AT_START: ClassVar[bool] = False
    """Built with the window even when another pane is shown, because it works while
    hidden: a navigation count (``sig_attention``), notifications, File menu entries or
    window shortcuts. The others are built when first shown (start-up, issue 7)."""

    sig_show_requested = Signal()
    """One of the pane's own actions (a shortcut, a menu entry) needs it on screen."""

    sig_attention = Signal(int)
    """How many items wait for the user here (0: none); the navigation shows the count."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    @property
    def cache(self) -> Cache:
        return self.context.cache

    @property
    def sync(self) -> SyncRequests | None:
        return self.context.sync

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate(TITLE_CONTEXT, cls.TITLE)

    def reload(self) -> None:
        """Read what the pane shows from the cache again (off the UI thread)."""

    def on_entities_changed(self, entities: frozenset[str]) -> None:
        """Some of :attr:`ENTITIES` changed (sync or a local write); by default reload."""
        self.reload()

    def on_shown(self) -> None:
        """The user switched to this pane; by default reload."""
        self.reload()

    def on_telemetry(self, samples_by_vehicle: dict[str, list[dict]]) -> None:
        """Live samples (only for a pane whose :attr:`ENTITIES` has ``"telemetry"``)."""

    def on_sync_attached(self) -> None:
        """The sync worker came up (``context.sync`` is set now)."""

    def save_layout(self) -> None:
        """The window is closing: keep what the user arranged (column widths, splitter)
        in :mod:`mpro_desktop.settings`; the pane restores it when it is built."""

    def menu_actions(self) -> list[QAction]:
        """Actions for the window's File menu (their handlers emit ``sig_show_requested``)."""
        return []

    def shortcuts(self) -> list[QAction]:
        """Window-wide shortcuts that have no menu entry (same rule for the handlers)."""
        return []
