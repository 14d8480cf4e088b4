"""Issue 10, R10/R20 at the dealer counter, against the real portal: an unverified
company's order waits (``pending_dealer_confirmation``); in a support session the counter
lists it with its vehicles, products, term and cost, and "Confirm order…" (after the
question) makes it active - checked through the API - and the list is read again.
Errors come back as sentences; without a session nothing can be confirmed."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtWidgets import QMessageBox

from mpro_desktop.sync.account_api import DealerApi, dealer_login
from mpro_desktop.sync.client import PortalError
from mpro_desktop.views.dealer.pending_orders import confirm_error_text
from mpro_desktop.views.dealer.window import DealerCounter

SUPPORT_PASSWORD = "Kund-123"


def _api(portal, token: str, method: str, path: str, **kw) -> httpx.Response:
    return httpx.request(
        method, f"{portal.url}/api/v1/{path}", headers=portal.headers(token), timeout=30, **kw
    )


@pytest.fixture
def pending(seeded_portal) -> dict:
    """A newly registered (so unverified) company with one van, its terms accepted, a
    pending Fleet management order for 24 months and a support password."""
    acct = seeded_portal.register("Väntar AB")
    token = acct["token"]
    van = _api(
        seeded_portal,
        token,
        "POST",
        "vehicles",
        json={"vin": "W1V9076351TEST001", "name": "Skåpbil 1", "license_plate": "ABC 123"},
    )
    assert van.status_code == 201, van.text
    for term in _api(seeded_portal, token, "GET", "terms").json()["items"]:
        r = _api(seeded_portal, token, "POST", f"terms/{term['id']}/accept", json={})
        assert r.status_code == 200, r.text
    order = _api(
        seeded_portal,
        token,
        "POST",
        "orders",
        json={
            "items": [
                {
                    "product_id": "fleet_management",
                    "vehicle_ids": [van.json()["id"]],
                    "term_months": 24,
                }
            ]
        },
    )
    assert order.status_code == 201, order.text
    assert order.json()["state"] == "pending_dealer_confirmation"  # R10: not verified
    r = _api(
        seeded_portal,
        token,
        "PUT",
        "me/support-password",
        json={"password": SUPPORT_PASSWORD, "confirm": SUPPORT_PASSWORD},
    )
    assert r.status_code == 204, r.text
    return {**acct, "order": order.json(), "van": van.json()}


def counter_in_session(qtbot, portal, email: str) -> DealerCounter:
    seed = portal.seed
    tokens = dealer_login(portal.url, seed["dealer_email"], seed["dealer_password"])
    w = DealerCounter(DealerApi.signed_in(portal.url, tokens), tokens.get("dealer") or {})
    qtbot.addWidget(w)
    w.show()
    assert not w.orders.confirm_button.isEnabled()
    assert w.orders.confirm_button.toolTip() == "Open a support session first."
    w.email.setText(email)
    w.find()
    qtbot.waitUntil(lambda: w.customer is not None, timeout=10_000)
    w.support_password.setText(SUPPORT_PASSWORD)
    w.open_session()
    qtbot.waitUntil(lambda: w.support_session is not None, timeout=10_000)
    return w


def test_a_pending_order_is_listed_and_confirmed(qtbot, seeded_portal, pending, monkeypatch):
    w = counter_in_session(qtbot, seeded_portal, pending["email"])
    box = w.orders
    qtbot.waitUntil(lambda: box.tree.topLevelItemCount() == 1, timeout=15_000)
    assert box.note.text() == "1 order waits for your confirmation."
    top = box.tree.topLevelItem(0)
    assert "by Test Admin" in top.text(0)
    order = pending["order"]
    monthly, total = float(order["monthly"]["amount"]), float(order["total"]["amount"])
    assert total == pytest.approx(24 * monthly) and monthly > 0
    line = top.child(0)
    assert line.text(0) in ("Fleet management", "Flottstyrning")
    assert line.text(1) == "1 vehicle" and line.toolTip(1) == "Skåpbil 1 (ABC 123)"
    assert [line.child(i).text(1) for i in range(line.childCount())] == ["Skåpbil 1 (ABC 123)"]
    assert line.text(2) == "24 months"
    assert line.text(3).endswith("SEK") and line.text(4).endswith("SEK")
    assert top.text(1) == "1 vehicle" and top.text(4) == line.text(4)
    assert not box.confirm_button.isEnabled()
    assert box.confirm_button.toolTip() == "Select an order first."
    line.child(0).setSelected(True)  # a vehicle row selects its order
    assert box.selected_order()["id"] == order["id"] and box.confirm_button.isEnabled()

    asked: list[str] = []

    def answer(message_box):
        asked.append(message_box.text())
        assert message_box.defaultButton() is message_box.button(QMessageBox.StandardButton.No)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    with qtbot.waitSignal(box.sig_confirmed, timeout=15_000) as confirmed:
        box.confirm_selected()
    assert asked and "Its subscriptions start at once" in asked[0]
    assert confirmed.args[0]["state"] == "active"
    assert box.result.text().startswith("Order confirmed")
    qtbot.waitUntil(
        lambda: box.note.text() == "No orders wait for a dealer's confirmation.", timeout=15_000
    )
    assert box.tree.topLevelItemCount() == 0
    # the portal agrees: the order is active and its subscription started (R10, R20)
    orders = _api(seeded_portal, pending["token"], "GET", "orders").json()["items"]
    assert [(o["id"], o["state"]) for o in orders] == [(order["id"], "active")]
    subs = _api(seeded_portal, pending["token"], "GET", "subscriptions").json()["items"]
    assert [(s["vehicle_id"], s["state"]) for s in subs] == [(pending["van"]["id"], "active")]
    # ending the session empties the list and nothing can be confirmed any more
    w.end_session()
    qtbot.waitUntil(lambda: w.support_session is None, timeout=10_000)
    assert box.api is None and not box.confirm_button.isEnabled()
    assert box.note.text().startswith("Open a support session")


def test_an_order_confirmed_meanwhile_is_said_in_a_sentence(
    qtbot, seeded_portal, pending, monkeypatch
):
    w = counter_in_session(qtbot, seeded_portal, pending["email"])
    box = w.orders
    qtbot.waitUntil(lambda: box.tree.topLevelItemCount() == 1, timeout=15_000)
    box.tree.topLevelItem(0).setSelected(True)
    # another counter confirms it first (through the portal, in its own support session)
    r = httpx.post(
        f"{seeded_portal.url}/api/v1/dealer/support-sessions",
        headers=seeded_portal.headers(w.api.client.access_token),
        json={"user_email": pending["email"], "support_password": SUPPORT_PASSWORD},
        timeout=30,
    )
    other = r.json()["access_token"]
    r = _api(seeded_portal, other, "POST", f"dealer/orders/{pending['order']['id']}/confirm")
    assert r.status_code == 200, r.text
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    box.confirm_selected()
    qtbot.waitUntil(lambda: "no longer waits" in box.result.text(), timeout=15_000)
    assert box.result.text().startswith("This order no longer waits for a confirmation")
    qtbot.waitUntil(lambda: box.tree.topLevelItemCount() == 0, timeout=15_000)


def test_declining_the_question_confirms_nothing(qtbot, seeded_portal, pending, monkeypatch):
    w = counter_in_session(qtbot, seeded_portal, pending["email"])
    box = w.orders
    qtbot.waitUntil(lambda: box.tree.topLevelItemCount() == 1, timeout=15_000)
    box.tree.topLevelItem(0).setSelected(True)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.No)
    box.confirm_selected()
    orders = _api(seeded_portal, pending["token"], "GET", "orders").json()["items"]
    assert [o["state"] for o in orders] == ["pending_dealer_confirmation"]
    assert box.result.text() == ""


@pytest.mark.parametrize(
    ("code", "start"),
    [
        ("terms_missing", "The customer has not accepted every terms"),
        ("already_subscribed", "Some of the order's vehicles hold"),
        ("support_session_ended", "The support session has ended"),
        ("other_code", "The portal refused: why"),
    ],
)
def test_confirmation_refusals_are_sentences(code, start, qapp):
    assert confirm_error_text(PortalError(409, code, "why")).startswith(start)


def test_in_a_session_the_counter_offers_nothing_of_the_users_person(qtbot, seeded_portal, pending):
    """R12 on the desktop: in a support session the counter offers the session's work
    (orders, ending it) and nothing that changes the customer's personal data, support
    password or exports them (the portal refuses those with ``not_in_support_session``,
    tests/server/test_support_session_limits.py); the counter says so."""
    from PySide6.QtWidgets import QPushButton

    from mpro_desktop.views.profile.pane import ProfilePane, SupportPasswordBox

    w = counter_in_session(qtbot, seeded_portal, pending["email"])
    qtbot.waitUntil(lambda: w.orders.tree.topLevelItemCount() == 1, timeout=15_000)
    buttons = {b.text() for b in w.findChildren(QPushButton) if b.isVisibleTo(w)}
    assert buttons == {
        "Find",
        "Verify",
        "Open support session",
        "End session",
        "Refresh",
        "Confirm order…",
    }
    menu = [a.text() for m in w.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert menu == ["Sign out", "Quit"]
    assert not w.findChildren(SupportPasswordBox) and not w.findChildren(ProfilePane)
    assert "Their personal data and support password stay theirs to change." in " ".join(
        label.text() for label in w.findChildren(type(w.ended_label))
    )
    # and the portal, asked anyway with the session's token, refuses
    token = w.support_session["access_token"]
    r = _api(seeded_portal, token, "PATCH", "me", json={"first_name": "Dealer"})
    assert r.status_code == 403 and r.json()["code"] == "not_in_support_session"
