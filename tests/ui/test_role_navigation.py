"""Issue 10, R2/R3 on the desktop: the navigation follows the signed-in user's roles while
the window is open. A role change arrives through sync as the user entity; the window
reads its own row again, panes appear and disappear in registry order, the pane shown
falls back to an allowed one, and the gone panes' menu entries and shortcuts go with
them (no stale action). The portal refuses on its own anyway (tests/server)."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence

from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER, FLEET_MANAGER, Permission
from mpro_desktop.sync.entities.user import user_row, users_t
from mpro_desktop.views import registry
from mpro_desktop.views.common.pane import Pane
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.main_window import MainWindow
from tests.ui.test_main_window import FakeSync

ME = {
    "id": "u-me",
    "email": "me@x.se",
    "first_name": "Mia",
    "last_name": "M",
    "roles": [COMPANY_ADMIN],
    "verified": True,
    "version": 1,
}


class FleetToolsPane(Pane):
    """A pane only vehicle managers get, with a File-menu entry and a shortcut."""

    NAME = "fleet_tools_test"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Fleet tools")
    PERMISSION = Permission.MANAGE_VEHICLES

    def __init__(self, context, parent=None) -> None:
        super().__init__(context, parent)
        self.tool = QAction("Fleet tool…", self)
        self.hotkey = QAction("Fleet hotkey", self)
        self.hotkey.setShortcut(QKeySequence("Ctrl+Shift+F12"))

    def menu_actions(self) -> list[QAction]:
        return [self.tool]

    def shortcuts(self) -> list[QAction]:
        return [self.hotkey]


@pytest.fixture
def fleet_tools():
    registry.register(FleetToolsPane)
    yield FleetToolsPane
    registry.unregister(FleetToolsPane.NAME)


def _set_roles(cache, roles: list[str]) -> None:
    """What the sync engine does with a user upsert of the feed."""
    with cache.write() as conn:
        conn.execute(users_t.delete().where(users_t.c.id == ME["id"]))
        conn.execute(users_t.insert().values(**user_row({**ME, "roles": roles})))


def _window(qtbot, cache, roles: list[str]) -> MainWindow:
    _set_roles(cache, roles)
    account = Account.from_user({**ME, "roles": roles})
    w = MainWindow(cache, FakeSync(), roles=account.roles, start_pane="dashboard")
    w.context.set_account(account)
    qtbot.addWidget(w)
    return w


def _menu(w: MainWindow, title: str) -> list[str]:
    for action in w.menuBar().actions():
        if action.menu() is not None and action.text() == title:
            return [a.text() for a in action.menu().actions() if not a.isSeparator()]
    raise AssertionError(title)


def test_losing_admin_removes_the_audit_pane_and_falls_back(qtbot, cache):
    w = _window(qtbot, cache, [COMPANY_ADMIN])
    w.show_pane("audit")
    assert w.stack.currentWidget() is w.pane("audit")
    assert "Audit log" in _menu(w, "&View")
    _set_roles(cache, [FLEET_MANAGER])
    w.on_synced({"user"})  # the sync worker's signal
    qtbot.waitUntil(lambda: "audit" not in w.panes, timeout=5000)
    assert w.context.account.roles == (FLEET_MANAGER,)
    # the pane shown went: the first allowed one is shown, navigation and stack agree
    assert w.nav.currentRow() == 0 and w.stack.currentWidget() is w.pane("dashboard")
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [
        p.title() for p in w.panes.values()
    ]
    assert [w.stack.widget(i) for i in range(w.stack.count())] == list(w.panes.values())
    assert "Audit log" not in _menu(w, "&View")
    assert "no longer yours" in w.status.currentMessage()
    # Ctrl+1.. follow the new order
    shortcuts = {a.text(): a.shortcut().toString() for a in w.pane_actions.values()}
    assert shortcuts[w.pane("dashboard").title()] == "Ctrl+1"
    # back to admin: the audit pane returns at its registry place; the pane shown stays
    w.show_pane("users")
    _set_roles(cache, [COMPANY_ADMIN])
    w.on_synced({"user"})
    qtbot.waitUntil(lambda: "audit" in w.panes, timeout=5000)
    assert list(w.panes) == [c.NAME for c in registry.panes()]
    assert w.stack.currentWidget() is w.pane("users")
    assert w.nav.currentRow() == list(w.panes).index("users")
    assert "Audit log" in _menu(w, "&View")


def test_a_gone_panes_actions_go_with_it(qtbot, cache, fleet_tools):
    w = _window(qtbot, cache, [FLEET_MANAGER])
    pane = w.pane(fleet_tools.NAME)
    assert "Fleet tool…" in _menu(w, "&File") and pane.hotkey in w.actions()
    w.show_pane(fleet_tools.NAME)
    destroyed = []
    pane.destroyed.connect(lambda: destroyed.append(True))
    _set_roles(cache, [DRIVER])
    w.on_synced({"user"})
    qtbot.waitUntil(lambda: fleet_tools.NAME not in w.panes, timeout=5000)
    assert "Fleet tool…" not in _menu(w, "&File")
    assert pane.hotkey not in w.actions()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5000)  # the widget is gone, not hidden
    # the vehicles pane's own actions follow the same account (disabled with the reason)
    vehicles = w.pane("vehicles")
    assert not vehicles.add_button.isEnabled() and vehicles.add_button.toolTip()
    # a change that keeps the roles rebuilds nothing
    before = dict(w.panes)
    w.context.set_account(w.context.account.updated({"verified": False}))
    assert w.panes == before


def test_unknown_roles_show_every_pane(qtbot, cache):
    w = _window(qtbot, cache, [DRIVER])
    assert "audit" not in w.panes
    w.context.set_account(Account(email="me@x.se", known=False))
    assert list(w.panes) == [c.NAME for c in registry.panes()]


def test_a_role_change_on_the_portal_reaches_the_navigation(qtbot, seeded_portal, tmp_path):
    """End to end: the demo admin makes the fleet manager an administrator too; the real
    sync engine brings the user entity; the fleet manager's window gains the audit log,
    and loses it again when the role is taken back."""
    from mpro_desktop.sync.cache import Cache
    from mpro_desktop.sync.client import PortalClient
    from mpro_desktop.sync.engine import SyncEngine

    seed = seeded_portal.seed
    frida = seeded_portal.login(seed["fleet_manager_email"], seed["fleet_manager_password"])
    admin = seeded_portal.login(seed["admin_email"], seed["admin_password"])
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(
        seeded_portal.url,
        access_token=frida["access_token"],
        refresh_token=frida["refresh_token"],
    )
    engine = SyncEngine(cache, client)
    engine.sync_once()
    account = Account.from_user(frida["user"])
    w = MainWindow(cache, FakeSync(), roles=account.roles, start_pane="vehicles")
    w.context.set_account(account)
    qtbot.addWidget(w)
    assert "audit" not in w.panes

    def set_roles(roles: list[str]) -> None:
        r = httpx.put(
            f"{seeded_portal.url}/api/v1/users/{frida['user']['id']}/roles",
            json={"roles": roles},
            headers=seeded_portal.headers(admin["access_token"]),
            timeout=30,
        )
        assert r.status_code == 200, r.text
        report = engine.sync_once()
        assert "user" in report.changed_entities
        w.on_synced(report.changed_entities)

    set_roles([FLEET_MANAGER, COMPANY_ADMIN])
    qtbot.waitUntil(lambda: "audit" in w.panes, timeout=10_000)
    assert w.stack.currentWidget() is w.pane("vehicles")
    set_roles([DRIVER])
    qtbot.waitUntil(lambda: "audit" not in w.panes, timeout=10_000)
    qtbot.waitUntil(lambda: not w.pane("vehicles").add_button.isEnabled(), timeout=10_000)
    cache.close()
    client.close()
