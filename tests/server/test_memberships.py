"""R1: a login identity apart from its company memberships.

Registering with an address that has a login creates the company and a *pending*
membership, mailed to the address's owner, who confirms it with the mailed token; the
personal data is the registration's own (nothing copied); sign-in picks the membership
(``company_id`` or the newest active one)."""

from __future__ import annotations

import re
from typing import Any

from embedded_server.audit.models import AuditEntry
from embedded_server.models import AuthToken, Identity, MailOutbox, User
from tests.portal_fixtures import register_body


def _login(client: Any, email: str, password: str, **extra: Any) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password, **extra})


def _token_from_mail(portal_app: Any, to: str, subject: str) -> str:
    with portal_app.state.session_factory() as s:
        body = [m.body for m in s.query(MailOutbox).filter(MailOutbox.to_addr == to,
                                                           MailOutbox.subject == subject)][-1]
    m = re.search(r"token=(\S+)", body)
    assert m, body
    return m.group(1)


def _second_registration(portal_client: Any, acct: dict[str, Any]) -> dict[str, Any]:
    body = register_body("Andra AB", acct["email"], "another password")
    body["user"].update(first_name="Other", last_name="Person", birth_date="1970-01-01",
                        mobile="+46709999999")
    r = portal_client.post("/api/v1/register", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_second_membership_waits_for_the_identity_owner(portal_app: Any, portal_client: Any,
                                                           account: Any) -> None:
    acct = account("Första AB")
    second = _second_registration(portal_client, acct)
    # pending: a sign-in with the new company's id is refused with a clear code
    r = _login(portal_client, acct["email"], acct["password"], company_id=second["company"]["id"])
    assert r.status_code == 403 and r.json()["code"] == "membership_pending"
    # the registration's password is not the identity's: it changed nothing
    assert _login(portal_client, acct["email"], "another password").status_code == 401
    token = _token_from_mail(portal_app, acct["email"], "Your MPRO registration")
    with portal_app.state.session_factory() as s:
        stored = {t.token_hash for t in s.query(AuthToken).filter(AuthToken.kind == "membership")}
        assert token not in stored and len(stored) == 1  # only its hash
    r = portal_client.post("/api/v1/memberships/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    assert r.json()["company_id"] == second["company"]["id"]
    # single use
    r = portal_client.post("/api/v1/memberships/confirm", json={"token": token})
    assert r.status_code == 400 and r.json()["code"] == "invalid_membership_token"
    # both memberships now sign in with the identity's one password
    first = _login(portal_client, acct["email"], acct["password"],
                   company_id=acct["company"]["id"]).json()
    new = _login(portal_client, acct["email"], acct["password"],
                 company_id=second["company"]["id"]).json()
    assert first["user"]["company_id"] == acct["company"]["id"]
    assert new["user"]["company_id"] == second["company"]["id"]
    # without company_id: the newest active membership
    default = _login(portal_client, acct["email"], acct["password"]).json()
    assert default["user"]["company_id"] == second["company"]["id"]
    # no personal data copied: the new membership holds what was registered
    assert (new["user"]["first_name"], new["user"]["birth_date"], new["user"]["mobile"]) == (
        "Other", "1970-01-01", "+46709999999")
    assert (first["user"]["first_name"], first["user"]["birth_date"]) == ("Test", "1985-05-05")
    # each token sees only its own company
    h = {"Authorization": f"Bearer {new['access_token']}"}
    assert portal_client.get("/api/v1/company", headers=h).json()["id"] == second["company"]["id"]
    users = portal_client.get("/api/v1/users", headers=h).json()["items"]
    assert [u["id"] for u in users] == [new["user"]["id"]]
    with portal_app.state.session_factory() as s:
        assert s.query(Identity).filter(Identity.email == acct["email"]).count() == 1
        assert s.query(User).filter(User.email == acct["email"]).count() == 2
        actions = [a.action for a in s.query(AuditEntry).filter(
            AuditEntry.company_id == second["company"]["id"]).order_by(AuditEntry.id)]
    assert actions[:2] == ["membership.requested", "membership.confirmed"]


def test_a_foreign_company_id_at_sign_in_is_a_plain_401(portal_client: Any, account: Any) -> None:
    a, b = account("A AB"), account("B AB")
    r = _login(portal_client, a["email"], a["password"], company_id=b["company"]["id"])
    assert r.status_code == 401 and r.json()["code"] == "invalid_credentials"


def test_bad_membership_tokens(portal_client: Any) -> None:
    r = portal_client.post("/api/v1/memberships/confirm", json={"token": "mc_nope"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_membership_token"
    r = portal_client.post("/api/v1/memberships/confirm", json={})
    assert r.status_code == 422
