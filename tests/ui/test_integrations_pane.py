"""Integrations pane (issue 13, N4): a company admin creates an rFMS client against the
REAL portal (a LivePortal process, SQLite and PostgreSQL), sees its secret once with a
copy button, the secret works at /oauth/token, and revoking it ends that; offline the
pane says why and offers nothing (online only, nothing queued)."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.integrations.pane import IntegrationsPane
from mpro_desktop.views.registry import names


def _token(url: str, client_id: str, secret: str) -> httpx.Response:
    return httpx.post(
        f"{url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=30,
    )


@pytest.fixture
def admin_pane(qtbot, live_portal_factory, portal_db_url, tmp_path):
    portal = live_portal_factory(database_url=portal_db_url)
    acct = portal.register("Integration Åkeri AB")
    client = PortalClient(
        portal.url, access_token=acct["token"], refresh_token=acct["refresh_token"]
    )
    cache = Cache(tmp_path / "cache.sqlite3")
    context = PaneContext(cache, online=AccountApi(client))
    pane = IntegrationsPane(context)
    qtbot.addWidget(pane)
    pane.reload()
    yield portal, pane, context
    cache.close()
    client.close()


def test_the_pane_is_registered_for_admins() -> None:
    assert "integrations" in names()
    assert IntegrationsPane.PERMISSION.value == "manage_company"


def test_admin_creates_copies_and_revokes_a_client(qtbot, admin_pane, monkeypatch) -> None:
    portal, pane, _context = admin_pane
    qtbot.waitUntil(lambda: "No clients yet" in pane.status.text(), timeout=15_000)
    assert not pane.create_button.isEnabled()  # no name yet, and it says so
    assert pane.create_button.toolTip()
    assert f"{portal.url}/oauth/token" in pane.addresses.text()
    qtbot.keyClicks(pane.name_edit, "Transportplanering")
    assert pane.create_button.isEnabled()
    pane.create_button.click()
    qtbot.waitUntil(
        lambda: pane.secret_dialog is not None and pane.secret_dialog.isVisible(), timeout=15_000
    )
    dialog = pane.secret_dialog
    secret, client_id = dialog.secret.text(), dialog.client_id.text()
    assert secret and client_id and dialog.secret.isReadOnly()
    dialog.copy_secret.click()
    assert QGuiApplication.clipboard().text() == secret
    assert any("only this once" in label.text() for label in dialog.findChildren(type(pane.status)))
    dialog.accept()
    qtbot.waitUntil(lambda: pane.table.rowCount() == 1, timeout=15_000)
    assert pane.table.item(0, 0).text() == "Transportplanering"
    assert pane.table.item(0, 1).text() == client_id
    assert secret not in "".join(pane.table.item(0, c).text() for c in range(5))
    assert pane.name_edit.text() == ""
    assert _token(portal.url, client_id, secret).status_code == 200

    pane.table.selectRow(0)
    assert pane.revoke_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pane.revoke_button.click()
    qtbot.waitUntil(
        lambda: bool(pane.clients and pane.clients[0].get("revoked_at")), timeout=15_000
    )
    assert pane.table.item(0, 4).text().startswith("Revoked")
    pane.table.selectRow(0)
    assert not pane.revoke_button.isEnabled()
    r = _token(portal.url, client_id, secret)
    assert (r.status_code, r.json()["error"]) == (401, "invalid_client")


def test_offline_the_pane_says_so_and_offers_nothing(qtbot, admin_pane) -> None:
    _portal, pane, context = admin_pane
    qtbot.waitUntil(lambda: "No clients yet" in pane.status.text(), timeout=15_000)
    context.set_online(None)
    pane.name_edit.setText("Something")
    assert not pane.create_button.isEnabled() and pane.create_button.toolTip()
    assert not pane.refresh_button.isEnabled() and not pane.revoke_button.isEnabled()
    assert pane.status.text()
