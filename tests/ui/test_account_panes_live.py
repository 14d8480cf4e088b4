"""Issue 10, the online-only account panes against a real embedded portal process: My
profile (PATCH /me refusals and saving, Export my data with its progress), the Company
pane (country read-only, every contract version listed, R6), the delete wizard (the
day-14 date spelled out, access ends, R8) and the audit pane's filters.

One seeded portal for the module; every test but the contract one registers its own
company, so no test sees another's changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from pathlib import Path

import httpx
import pytest

from mpro_desktop.domain.accounts import COMPANY_ADMIN
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.company.delete_wizard import DeleteCompanyDialog
from mpro_desktop.views.main_window import MainWindow
from tests.portal_fixtures import LivePortal
from tests.ui.test_main_window import FakeSync


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("portal")
    p = LivePortal(f"sqlite:///{folder / 'portal.sqlite3'}", seeded=True,
                   seed_file=folder / "seed.json",
                   env={"MPRO_MAIL_DIR": str(folder / "mail"), "MPRO_MAIL_INTERVAL_S": "0.2"})
    p.start()
    p.mail_dir = folder / "mail"  # type: ignore[attr-defined]
    yield p
    p.stop()


class Session:
    """A signed-in desktop: cache synced from the portal, the window, the online API."""

    def __init__(self, qtbot, portal: LivePortal, tokens: dict, tmp_path: Path) -> None:
        self.client = PortalClient(portal.url, access_token=tokens["access_token"],
                                   refresh_token=tokens["refresh_token"])
        self.cache = Cache(tmp_path / "cache.sqlite3")
        SyncEngine(self.cache, self.client).sync_once()
        self.account = Account.from_user(tokens["user"])
        self.window = MainWindow(self.cache, FakeSync(), roles=self.account.roles)
        qtbot.addWidget(self.window)
        self.window.context.set_account(self.account)
        self.api = AccountApi(self.client)
        self.window.context.set_online(self.api)
        self.window.reload_all()

    def close(self) -> None:
        self.cache.close()
        self.client.close()


@pytest.fixture
def signed_in(qtbot, portal, tmp_path):
    sessions: list[Session] = []

    def make(tokens: dict) -> Session:
        folder = tmp_path / str(len(sessions))
        folder.mkdir(exist_ok=True)
        s = Session(qtbot, portal, tokens, folder)
        sessions.append(s)
        return s

    yield make
    for s in sessions:
        s.close()


def _fresh_admin(portal: LivePortal, name: str) -> dict:
    acct = portal.register(name)
    return {**portal.login(acct["email"], acct["password"]), "email": acct["email"],
            "password": acct["password"]}


def test_profile_refusal_names_the_field_then_saves(qtbot, portal, signed_in) -> None:
    """R7: what the desktop can check it says before sending (a minor, a mobile without
    country code); what only the portal knows (an e-mail someone else uses) comes back
    as a sentence and loses nothing typed; a good change is saved on the portal."""
    tokens = _fresh_admin(portal, "Profil AB")
    other = portal.register("Annan Profil AB")
    s = signed_in(tokens)
    pane = s.window.pane("profile")
    s.window.show_pane("profile")
    # the cached copy comes first; the portal's (which holds the birth date) after it
    qtbot.waitUntil(lambda: pane.email.text() == tokens["email"] and bool(pane.me.get("birth_date")),
                    timeout=10_000)
    assert not pane.save_button.isEnabled() and "Nothing" in pane.save_button.toolTip()
    today = dt.date.today()
    from PySide6.QtCore import QDate

    pane.birth_date.setDate(QDate(today.year - 17, today.month, min(today.day, 28)))
    assert not pane.save_button.isEnabled()
    assert "18" in pane.problem.text() and pane.problem.isVisibleTo(pane)
    pane.birth_date.setDate(QDate(1985, 5, 5))
    pane.mobile.setText("0701234567")
    assert not pane.save_button.isEnabled() and "+46" in pane.problem.text()
    pane.mobile.setText("+46 70 765 43 21")
    pane.email.setText(other["email"])
    assert pane.save_button.isEnabled()
    pane.save()
    qtbot.waitUntil(lambda: bool(pane.saved.text()), timeout=10_000)
    assert "e-mail" in pane.saved.text().lower() and "500" not in pane.saved.text()
    assert pane.email.text() == other["email"]  # nothing typed is lost
    assert httpx.get(f"{portal.url}/api/v1/me", headers=portal.headers(
        tokens["access_token"])).json()["mobile"] == "+46701234567"  # nothing half-saved
    pane.email.setText(tokens["email"])
    pane.first_name.setText("Nyförnamn")
    pane.save()
    qtbot.waitUntil(lambda: pane.saved.text() == "Saved on the portal.", timeout=10_000)
    me = httpx.get(f"{portal.url}/api/v1/me", headers=portal.headers(tokens["access_token"])).json()
    assert (me["first_name"], me["mobile"]) == ("Nyförnamn", "+46707654321")
    qtbot.waitUntil(lambda: not pane.save_button.isEnabled())


def test_export_my_data_writes_the_portals_json_with_progress(
        qtbot, portal, signed_in, tmp_path) -> None:
    """R26: the export is the portal's JSON, private (0600), and the progress bar runs
    to its end; the button is disabled while it runs."""
    tokens = _fresh_admin(portal, "Export AB")
    s = signed_in(tokens)
    pane = s.window.pane("profile")
    s.window.show_pane("profile")
    out = tmp_path / "mina-uppgifter.json"
    pane.export_to(out)
    assert not pane.export_button.isEnabled() and pane.progress.isVisibleTo(pane)
    qtbot.waitUntil(lambda: pane.export_button.isEnabled(), timeout=15_000)
    assert pane.export_status.text().startswith("Saved "), pane.export_status.text()
    assert pane.progress.value() == pane.progress.maximum() > 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tables"]["users"][0]["email"] == tokens["email"]
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert not list(tmp_path.glob(".*.part"))


def test_company_pane_country_is_read_only_and_contract_versions_are_listed(
        qtbot, portal, signed_in) -> None:
    """R6 on the desktop: the country cannot be typed into and says why; the contract
    history lists every version of every contract by product and vehicle, read when the
    pane is shown; a change of organisation number adds a version to each."""
    seed = portal.seed
    tokens = portal.login(seed["admin_email"], seed["admin_password"])
    s = signed_in(tokens)
    pane = s.window.pane("company")
    s.window.show_pane("company")
    qtbot.waitUntil(lambda: pane.country_edit.text() == "SE", timeout=10_000)
    assert pane.country_edit.isReadOnly() and "country" in pane.country_edit.toolTip().lower()
    qtbot.waitUntil(lambda: pane.contracts.rowCount() > 0, timeout=15_000)
    first = pane.contracts.rowCount()
    contract = pane.contracts.item(0, 0).text()
    assert "·" in contract and "fleet_management" not in contract  # names, not ids
    assert pane.contracts.item(0, 1).text() == "1"
    assert pane.contracts.item(0, 3).text()[:2] == "20"  # a valid-from date
    r = httpx.patch(f"{portal.url}/api/v1/company", json={"org_number": "556677-0000"},
                    headers=portal.headers(tokens["access_token"]))
    assert r.status_code == 200, r.text
    pane.load_contracts()
    qtbot.waitUntil(lambda: pane.contracts.rowCount() == 2 * first, timeout=15_000)
    versions = {pane.contracts.item(r, 1).text() for r in range(pane.contracts.rowCount())}
    assert versions == {"1", "2"}
    texts = [pane.contracts.item(r, 2).text() for r in range(pane.contracts.rowCount())]
    assert any("556677-0000" in t for t in texts) and any("556677-8899" in t for t in texts)


def _mailed_code(portal: LivePortal, to: str) -> str:
    from embedded_server.mail import delivered

    end = time.monotonic() + 15
    while time.monotonic() < end:
        for msg in delivered(portal.mail_dir, to):  # type: ignore[attr-defined]
            if "deletion" in msg["Subject"]:
                return msg.get_content().split("enter this code: ", 1)[1].split()[0]
        time.sleep(0.1)
    raise AssertionError(f"no deletion mail to {to}")


def test_delete_wizard_spells_out_day_14_and_ends_access(qtbot, portal) -> None:
    """R8: the wizard says the date the contracts end before anything happens; a wrong
    code is a sentence and keeps the account; the mailed code deletes it, and the
    company's tokens stop working."""
    tokens = _fresh_admin(portal, "Bort Med AB")
    client = PortalClient(portal.url, access_token=tokens["access_token"],
                          refresh_token=tokens["refresh_token"])
    today = dt.date.today()
    dialog = DeleteCompanyDialog(AccountApi(client), "Bort Med AB", today=today)
    qtbot.addWidget(dialog)
    day14 = today + dt.timedelta(days=14)
    assert str(day14.day) in dialog.intro.text() and "14" in dialog.intro.text()
    assert str(day14.year) in dialog.end_label.text()
    dialog.request()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    code = _mailed_code(portal, tokens["email"])
    dialog.code_edit.setText("00000000" if code != "00000000" else "11111111")
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert dialog.error.text() and "Traceback" not in dialog.error.text()
    assert dialog.pages.currentIndex() == 1 and dialog.confirm_button.isEnabled()
    dialog.code_edit.setText(code)
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    assert dialog.result_json["contracts_end_on"] == day14.isoformat()
    assert str(day14.day) in dialog.done_label.text()
    r = httpx.get(f"{portal.url}/api/v1/me", headers=portal.headers(tokens["access_token"]))
    assert r.status_code == 401
    client.close()


def test_audit_pane_filters_by_action_and_user(qtbot, portal, signed_in) -> None:
    """The admin's audit pane reads the portal's log: every entry is this company's, the
    action filter keeps only that action, the user filter only that user's entries."""
    tokens = _fresh_admin(portal, "Logg AB")
    # a failed sign-in and a role-relevant action to find
    httpx.post(f"{portal.url}/api/v1/auth/login",
               json={"email": tokens["email"], "password": "wrong password!"})
    s = signed_in(tokens)
    assert COMPANY_ADMIN in s.account.roles
    pane = s.window.pane("audit")
    s.window.show_pane("audit")
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() >= 2, timeout=15_000)
    actions = {pane.model.row_dict(r).get("action") for r in range(pane.model.rowCount())}
    assert {"auth.login", "auth.login_failed"} <= actions, actions
    index = pane.action_filter.findData("auth.login_failed")
    assert index > 0
    pane.action_filter.setCurrentIndex(index)
    pane.reload_log()
    qtbot.waitUntil(lambda: pane.model.rowCount() >= 1 and {
        pane.model.row_dict(r).get("action") for r in range(pane.model.rowCount())}
        == {"auth.login_failed"}, timeout=15_000)
    pane.action_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: pane.user_filter.count() >= 2, timeout=10_000)
    pane.user_filter.setCurrentIndex(pane.user_filter.findData(tokens["user"]["id"]))
    pane.reload_log()
    qtbot.waitUntil(lambda: "…" not in pane.status.text() and pane.model.rowCount() >= 1,
                    timeout=15_000)
    users = {pane.model.row_dict(r).get("actor_user_id") for r in range(pane.model.rowCount())}
    assert users == {tokens["user"]["id"]}, users


def test_a_read_arriving_while_the_user_edits_keeps_what_was_typed(qtbot, portal, signed_in) -> None:
    """R7: the portal's copy can arrive after the cached one (or on a reconnect) while the
    user is typing; it must not put the stored values back over the typed ones."""
    tokens = _fresh_admin(portal, "Skriver AB")
    s = signed_in(tokens)
    pane = s.window.pane("profile")
    s.window.show_pane("profile")
    qtbot.waitUntil(lambda: bool(pane.me.get("birth_date")), timeout=10_000)
    pane.first_name.setText("Inskrivet")
    reads = []
    original = pane.show_read
    pane.show_read = lambda me: (reads.append(me), original(me))
    pane.load_me()
    qtbot.waitUntil(lambda: bool(reads), timeout=10_000)
    assert pane.first_name.text() == "Inskrivet"
    assert pane.changes() == {"first_name": "Inskrivet"} and pane.save_button.isEnabled()
