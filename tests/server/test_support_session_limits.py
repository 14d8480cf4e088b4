"""Issue 10, R12 (what a dealer may do in a support session) and R4/R12 auditing.

R12 gives a dealer in a support session the user's *roles* - acting on the company
account in the user's name - but not the user's *person*: changing their personal data
(R7), their support password (R12) or downloading their personal-data export (R26) is
refused with 403 ``not_in_support_session`` and changes nothing, while the user can.
A dealer's sign-ins (successful and failed) are in the platform's audit log, which no
company reads; support sessions opened, ended and expired are in the company's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, update

from embedded_server.audit import service as audit_service
from embedded_server.audit.models import AuditEntry
from embedded_server.dealer import service as dealer_service
from embedded_server.dealer.models import SupportSession
from embedded_server.models import User
from embedded_server.security import verify_password
from tests.server.test_dealer import (
    DEALER_PASSWORD,
    SUPPORT_PASSWORD,
    _bearer,
    audit,
    make_dealer,
    open_session,
    set_support_password,
)


@pytest.fixture
def dealer(portal_app: Any, portal_client: Any) -> dict[str, Any]:
    """A dealer signed in once (``headers``: its own token), as in test_dealer."""
    d = make_dealer(portal_app)
    r = portal_client.post(
        "/api/v1/dealer/login", json={"email": d["email"], "password": DEALER_PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {**d, "headers": _bearer(r.json()["access_token"])}


def _support(portal_app: Any, client: Any, account: Any, dealer: dict[str, Any]):
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    body = open_session(client, dealer, acct["email"]).json()
    return acct, body, _bearer(body["access_token"])


def test_a_dealer_may_not_change_the_users_person(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct, _body, support = _support(portal_app, portal_client, account, dealer)
    attempts = (
        ("PATCH", "/api/v1/me", {"first_name": "Dealer", "mobile": "+46709999999"}),
        ("PUT", "/api/v1/me/support-password", {"password": "Dealer-1", "confirm": "Dealer-1"}),
        ("GET", "/api/v1/me/export", None),
    )
    for method, path, payload in attempts:
        r = portal_client.request(method, path, json=payload, headers=support)
        assert r.status_code == 403, (path, r.text)
        assert r.json()["code"] == "not_in_support_session", path
        assert "only the user can do" in r.json()["detail"]
    # a bad body is refused the same way: the rule comes before the validation of values
    r = portal_client.put(
        "/api/v1/me/support-password", json={"password": "x", "confirm": "y"}, headers=support
    )
    assert r.status_code == 403 and r.json()["code"] == "not_in_support_session"
    # nothing changed: the name, and the support password (the old one still opens a session)
    me = portal_client.get("/api/v1/me", headers=support)
    assert me.status_code == 200 and me.json()["first_name"] == "Test"
    with portal_app.state.session_factory() as s:
        stored = s.get(User, acct["user"]["id"]).support_password_hash
    assert verify_password(stored, SUPPORT_PASSWORD)
    assert not verify_password(stored, "Dealer-1")
    # the user's roles still act: the dealer adds a vehicle in the user's name
    r = portal_client.post("/api/v1/vehicles", json={"vin": "W1V9076351TEST002"}, headers=support)
    assert r.status_code == 201, r.text
    # and the user can do all three themselves
    own = acct["headers"]
    assert (
        portal_client.patch("/api/v1/me", json={"first_name": "Tess"}, headers=own).status_code
        == 200
    )
    r = portal_client.put(
        "/api/v1/me/support-password",
        json={"password": "Ny-12345", "confirm": "Ny-12345"},
        headers=own,
    )
    assert r.status_code == 204
    assert portal_client.get("/api/v1/me/export", headers=own).status_code == 200
    # every refused attempt is in the company's audit log, acting as the user
    requests = [e for e in audit(portal_client, acct, action="support.request")]
    paths = {(e["detail"]["method"], e["detail"]["path"]) for e in requests}
    assert {
        ("PATCH", "/api/v1/me"),
        ("PUT", "/api/v1/me/support-password"),
        ("GET", "/api/v1/me/export"),
    } <= paths


def test_the_refusal_is_in_the_openapi(portal_client: Any) -> None:
    paths = portal_client.get("/openapi.json").json()["paths"]
    for path, method in (
        ("/api/v1/me", "patch"),
        ("/api/v1/me/support-password", "put"),
        ("/api/v1/me/export", "get"),
    ):
        assert "not_in_support_session" in paths[path][method]["responses"]["403"]["description"]


def _platform(portal_app: Any, dealer_id: str | None = None) -> list[AuditEntry]:
    with portal_app.state.session_factory() as s:
        if dealer_id is not None:
            rows = audit_service.dealer_entries(s, dealer_id)
        else:
            rows = list(s.scalars(select(AuditEntry).where(AuditEntry.company_id.is_(None))))
        s.expunge_all()
        return rows


def test_dealer_sign_ins_are_audited_and_no_company_sees_them(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    """The ``dealer`` fixture signed in once; then a wrong password, an unknown address
    and, after the lockout, a refused right password."""
    did = dealer["dealer_id"]
    (ok,) = _platform(portal_app, did)
    assert (ok.action, ok.target_id, ok.detail) == ("dealer.login", did, None)
    r = portal_client.post(
        "/api/v1/dealer/login", json={"email": dealer["email"], "password": "nope nope"}
    )
    assert r.status_code == 401
    r = portal_client.post(
        "/api/v1/dealer/login",
        json={"email": "kund@example.com", "password": "nope nope"},
    )
    assert r.status_code == 401
    newest = _platform(portal_app, did)[0]
    assert (newest.action, newest.detail) == ("dealer.login_failed", {"reason": "wrong_password"})
    unknown = [e for e in _platform(portal_app) if e.actor_dealer_id is None]
    assert [(e.action, e.detail) for e in unknown] == [
        ("dealer.login_failed", {"reason": "unknown_account"})
    ]
    assert "kund@example.com" not in repr([e.detail for e in _platform(portal_app)])
    for _ in range(12):
        portal_client.post(
            "/api/v1/dealer/login", json={"email": dealer["email"], "password": "nope nope"}
        )
    r = portal_client.post(
        "/api/v1/dealer/login", json={"email": dealer["email"], "password": DEALER_PASSWORD}
    )
    assert r.status_code == 429
    assert _platform(portal_app, did)[0].detail == {"reason": "throttled"}
    # a company's admin never reads the platform's entries
    acct = account("Granne AB")
    assert not [e for e in audit(portal_client, acct) if e["action"].startswith("dealer.login")]


def test_support_sessions_opened_ended_and_expired_are_audited(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct, first, _support_headers = _support(portal_app, portal_client, account, dealer)
    second = open_session(portal_client, dealer, acct["email"]).json()
    r = portal_client.delete(
        f"/api/v1/dealer/support-sessions/{first['id']}", headers=dealer["headers"]
    )
    assert r.status_code == 204
    with portal_app.state.session_factory() as s:  # the second one's time is up
        s.execute(
            update(SupportSession)
            .where(SupportSession.id == second["id"])
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5))
        )
        s.commit()
    factory = portal_app.state.session_factory
    assert dealer_service.close_expired_sessions(factory) == 1
    assert dealer_service.close_expired_sessions(factory) == 0  # once only
    entries = audit(portal_client, acct, action="support.")
    by_action: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_action.setdefault(e["action"], []).append(e)
    assert len(by_action["support.session_opened"]) == 2
    (ended,) = by_action["support.session_ended"]
    assert ended["detail"]["support_session_id"] == first["id"]
    (expired,) = by_action["support.session_expired"]
    assert expired["target_id"] == second["id"]
    for e in (ended, expired, *by_action["support.session_opened"]):
        assert e["actor_dealer_id"] == dealer["dealer_id"]
    assert expired["acting_as_user_id"] == acct["user"]["id"]
    with portal_app.state.session_factory() as s:
        row = s.get(SupportSession, second["id"])
        assert row.ended_at is not None and row.ended_at == row.expires_at
    # an ended session's token is refused; ending it later changes nothing more
    r = portal_client.get("/api/v1/me", headers=_bearer(second["access_token"]))
    assert r.status_code == 401 and r.json()["code"] == "support_session_ended"
    r = portal_client.delete(
        f"/api/v1/dealer/support-sessions/{second['id']}", headers=dealer["headers"]
    )
    assert r.status_code == 204
    assert (
        len([e for e in audit(portal_client, acct) if e["action"] == "support.session_ended"]) == 1
    )
