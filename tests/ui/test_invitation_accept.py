"""Issue 10, R13 (and R1, R10): accepting an invitation on the desktop, against the real
portal. The demo's verified administrator (embedded_server/seed.py) invites; the invitee
pastes the code into "I have an invitation" of the sign-in dialog, fills the accept form
(live password rules; a mobile invitee must give an e-mail address first) and is then
signed in with the roles of the invitation."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import QTimer

from mpro_desktop.domain.account_rules import INVITATION_LINK, invitation_token
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.views.signin.dialog import LoginDialog
from mpro_desktop.views.signin.invitation_dialog import AcceptInvitationDialog


def portal_login(url: str, email: str, password: str) -> dict:
    """What ``mpro-desktop`` signs in with (``app._interactive_login``)."""
    client = PortalClient(url)
    try:
        return client.login(email, password)
    finally:
        client.close()


def invite(portal, **body) -> dict:
    """The seeded, dealer-verified demo administrator invites (R10: verified admins only)."""
    seed = portal.seed
    tokens = portal.login(seed["admin_email"], seed["admin_password"])
    assert tokens["user"]["verified"] is True
    r = httpx.post(
        f"{portal.url}/api/v1/invitations",
        json=body,
        headers=portal.headers(tokens["access_token"]),
        timeout=30,
    )
    assert r.status_code == 201, r.text
    return r.json()


def fill(
    dialog: AcceptInvitationDialog,
    code: str,
    *,
    email: str = "",
    password: str = "ett bra lösenord",
) -> None:
    dialog.code.setText(code)
    dialog.first.setText("Nils")
    dialog.last.setText("Nyström")
    dialog.email.setText(email)
    dialog.password.setText(password)
    dialog.password2.setText(password)


def test_the_pasted_link_or_code_gives_the_token():
    assert invitation_token("inv_abc-DEF_12") == "inv_abc-DEF_12"
    assert invitation_token(f"  {INVITATION_LINK}inv_abc\n-DEF ") == "inv_abc-DEF"
    assert invitation_token(f"{INVITATION_LINK}inv_x&utm=1") == "inv_x"
    for bad in ("", "   ", "inv/../x", "inv x?y", "å" * 5, "x" * 201, INVITATION_LINK):
        assert invitation_token(bad) is None, bad


def test_the_accept_form_checks_as_one_types(qtbot):
    dialog = AcceptInvitationDialog("http://127.0.0.1:9", login_fn=portal_login)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    assert not dialog.problem.isVisibleTo(dialog)  # nothing typed: no red sentence yet
    assert [label.text() for label in dialog.rules.values()] == [
        "• at least 8 characters",
        "• both entries are the same",
    ]
    dialog.code.setText("inv_abc")
    assert dialog.problem.text() == "Enter your first and last name."
    fill(dialog, "inv_abc", password="kort")
    assert dialog.rules["length"].text() == "✘ at least 8 characters"
    assert dialog.problem.text() == "The password needs at least 8 characters."
    dialog.password.setText("ett bra lösenord")
    assert dialog.rules["length"].text() == "✔ at least 8 characters"
    assert dialog.rules["mismatch"].text() == "✘ both entries are the same"
    assert dialog.problem.text() == "The two passwords are not the same."
    dialog.password2.setText("ett bra lösenord")
    assert dialog.rules["mismatch"].text() == "✔ both entries are the same"
    assert dialog.problem_text() is None and dialog.ok.isEnabled()
    dialog.email.setText("not-an-address")
    assert dialog.problem.text() == "This is not a valid e-mail address (name@company.com)."
    assert not dialog.ok.isEnabled()
    dialog.email.setText("")
    dialog.birth.setDate(dialog.birth.date().currentDate())
    assert dialog.problem.text() == "The birth date must be in the past."
    dialog.birth.setDate(dialog.birth.date().currentDate().addYears(-17))
    assert dialog.problem.text() == "Users must be at least 18 years old."
    dialog.code.setText("?")
    assert dialog.problem.text() == "Paste the invitation code from the e-mail or text message."


def test_a_mobile_invitee_must_give_an_email_then_is_signed_in(qtbot, seeded_portal):
    """R13: invited by mobile, the account works only with an e-mail address: the portal
    refuses the accept without one (the dialog says so and loses nothing typed); with one
    the invitee is a user with the invited roles and signed in."""
    invitation = invite(seeded_portal, mobile="+46701112233", roles=["fleet_manager"])
    dialog = AcceptInvitationDialog(seeded_portal.url, login_fn=portal_login)
    qtbot.addWidget(dialog)
    fill(dialog, f"{INVITATION_LINK}{invitation['token']}")
    dialog.submit()
    qtbot.waitUntil(lambda: "invited by text message" in dialog.problem.text(), timeout=15_000)
    assert dialog.result_json is None and dialog.first.text() == "Nils"
    assert dialog.ok.isEnabled()
    dialog.email.setText("nils.nystrom@example.com")
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.submit()
    result = dialog.result_json
    assert result["email"] == "nils.nystrom@example.com"
    assert result["user"]["roles"] == ["fleet_manager"]
    assert result["user"]["verified"] is False  # verification is per user (R10, R11)
    me = httpx.get(
        f"{seeded_portal.url}/api/v1/me",
        timeout=30,
        headers=seeded_portal.headers(result["access_token"]),
    ).json()
    assert (me["email"], me["first_name"], me["mobile"]) == (
        "nils.nystrom@example.com",
        "Nils",
        "+46701112233",
    )
    # single use: the same code again is refused with a sentence
    again = AcceptInvitationDialog(seeded_portal.url, login_fn=portal_login)
    qtbot.addWidget(again)
    fill(again, invitation["token"], email="other@example.com")
    again.submit()
    qtbot.waitUntil(lambda: "not valid" in again.problem.text(), timeout=15_000)
    assert again.problem.text().startswith("This invitation code is not valid")


def test_sign_in_dialog_offers_the_invitation_and_signs_in(qtbot, seeded_portal):
    """The whole desktop path: sign-in dialog -> "I have an invitation" -> accept form ->
    the sign-in dialog is done with the new user's tokens (what ``mpro-desktop`` opens
    its window with), and a later plain sign-in works with the chosen password."""
    invitation = invite(seeded_portal, email="nora.ny@example.com", roles=["driver"])
    login = LoginDialog(portal_login, seeded_portal.url)
    qtbot.addWidget(login)
    assert login.invitation_button.text() == "I have an invitation…"
    seen: dict = {}

    def in_the_accept_dialog() -> None:
        dialog = login.invitation_dialog
        seen["server"] = dialog.server.text()
        fill(dialog, invitation["token"])
        dialog.submit()

    def give_up() -> None:  # never hang the suite if the dialog did not finish
        if login.invitation_dialog.isVisible():
            seen["gave_up"] = True
            login.invitation_dialog.reject()

    QTimer.singleShot(200, in_the_accept_dialog)
    QTimer.singleShot(30_000, login, give_up)  # dies with the dialog, not in a later test
    login.accept_invitation()
    assert "gave_up" not in seen and seen["server"] == seeded_portal.url
    assert login.result() == LoginDialog.DialogCode.Accepted
    result = login.result_json
    assert result["email"] == "nora.ny@example.com" and result["access_token"]
    assert result["server_url"] == seeded_portal.url and result["remembered"] is False
    assert result["user"]["roles"] == ["driver"]
    again = seeded_portal.login("nora.ny@example.com", "ett bra lösenord")
    assert again["user"]["email"] == "nora.ny@example.com"


@pytest.mark.parametrize("answer", ["wrong_password", "revoked"])
def test_refusals_are_sentences(qtbot, seeded_portal, answer):
    """R1: an address with a login already needs that login's password; a revoked
    invitation is refused with what to do."""
    seed = seeded_portal.seed
    if answer == "wrong_password":  # the newcomer has a login (of another company)
        invitation = invite(seeded_portal, email=seed["newcomer_email"], roles=["driver"])
    else:
        invitation = invite(seeded_portal, email="rev@example.com", roles=["driver"])
        tokens = seeded_portal.login(seed["admin_email"], seed["admin_password"])
        r = httpx.delete(
            f"{seeded_portal.url}/api/v1/invitations/{invitation['id']}",
            headers=seeded_portal.headers(tokens["access_token"]),
            timeout=30,
        )
        assert r.status_code == 204
    dialog = AcceptInvitationDialog(seeded_portal.url, login_fn=portal_login)
    qtbot.addWidget(dialog)
    fill(dialog, invitation["token"])
    dialog.submit()
    qtbot.waitUntil(
        lambda: dialog.problem.isVisibleTo(dialog) and dialog.ok.isEnabled(), timeout=15_000
    )
    expected = {
        "wrong_password": "This e-mail address has an MPRO login already",
        "revoked": "This invitation code is not valid",
    }[answer]
    assert dialog.problem.text().startswith(expected)
    assert dialog.result_json is None
