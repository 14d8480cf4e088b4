"""Users (R2, R3, R10, R13, R14): invitations, roles, deletion, over REST and mutations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from embedded_server.errors import ProblemError
from embedded_server.models import Identity, Invitation, User
from embedded_server.security import token_hash
from embedded_server.tenancy import AuthContext
from embedded_server.users import service
from tests.server.accounts_fixtures import (
    PASSWORD,
    changes,
    last_mail,
    member,
    token_in,
    verify,
)

ACCEPT = {"password": "invitee password", "first_name": "Ny", "last_name": "Användare",
          "birth_date": "1990-02-03"}


@pytest.fixture
def admin(portal_app: Any, account: Any) -> dict[str, Any]:
    acct = account("Users AB")
    verify(portal_app, acct["user"]["id"])
    return acct


def _push(client: Any, headers: dict[str, str], type_: str, payload: dict[str, Any]) -> dict:
    r = client.post("/api/v1/mutations", headers=headers, json={
        "client_id": str(uuid.uuid4()),
        "mutations": [{"mutation_id": str(uuid.uuid4()), "type": type_, "payload": payload}]})
    assert r.status_code == 200, r.text
    return r.json()["results"][0]  # type: ignore[no-any-return]


def test_only_a_verified_admin_invites(portal_app: Any, portal_client: Any, account: Any) -> None:
    acct = account("Unverified AB")
    body = {"email": "x@example.com", "roles": ["driver"]}
    r = portal_client.post("/api/v1/invitations", json=body, headers=acct["headers"])
    assert r.status_code == 403 and r.json()["code"] == "verification_required"
    res = _push(portal_client, acct["headers"], "user.invite", body)
    assert (res["result"], res["code"]) == ("rejected", "verification_required")
    fm = member(portal_app, portal_client, acct["company"]["id"], ["fleet_manager"], verified=True)
    r = portal_client.post("/api/v1/invitations", json=body, headers=fm["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    res = _push(portal_client, fm["headers"], "user.invite", body)
    assert (res["result"], res["code"]) == ("rejected", "insufficient_role")


def test_email_invitation_round_trip(portal_app: Any, portal_client: Any, admin: Any) -> None:
    r = portal_client.post("/api/v1/invitations", headers=admin["headers"],
                           json={"email": "Invitee@Example.com", "roles": ["fleet_manager", "driver"]})
    assert r.status_code == 201, r.text
    inv = r.json()
    assert inv["state"] == "pending" and inv["email"] == "invitee@example.com"
    token = inv["token"]
    expires = dt.datetime.fromisoformat(inv["expires_at"])
    assert dt.timedelta(days=6.9) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=7)
    with portal_app.state.session_factory() as s:
        row = s.query(Invitation).one()
        assert row.token_hash == token_hash(token) and token not in str(vars(row))
    assert token_in(last_mail(portal_app, "invitee@example.com").body) == token
    listed = portal_client.get("/api/v1/invitations", headers=admin["headers"]).json()["items"]
    assert [i["id"] for i in listed] == [inv["id"]] and "token" not in listed[0]
    fed = changes(portal_client, admin["headers"], "invitation")
    assert fed[0]["data"]["state"] == "pending" and "token" not in fed[0]["data"]
    r = portal_client.post(f"/api/v1/invitations/{token}/accept", json=ACCEPT)
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["roles"] == ["fleet_manager", "driver"] and user["email"] == "invitee@example.com"
    assert user["company_id"] == admin["company"]["id"] and user["verified"] is False
    r = portal_client.post("/api/v1/auth/login",
                           json={"email": "invitee@example.com", "password": ACCEPT["password"]})
    assert r.status_code == 200
    r = portal_client.post(f"/api/v1/invitations/{token}/accept", json=ACCEPT)
    assert r.status_code == 400 and r.json()["code"] == "invalid_invitation_token"
    listed = portal_client.get("/api/v1/invitations", headers=admin["headers"]).json()["items"]
    assert listed[0]["state"] == "accepted"
    users = portal_client.get("/api/v1/users", headers=admin["headers"]).json()["items"]
    assert {u["email"] for u in users} == {admin["email"], "invitee@example.com"}
    me = next(u for u in users if u["id"] == admin["user"]["id"])
    assert me["verified_by"] == "D-TEST" and me["verified_at"]


def test_a_mobile_invitee_must_give_a_valid_email(portal_client: Any, admin: Any) -> None:
    r = portal_client.post("/api/v1/invitations", headers=admin["headers"],
                           json={"mobile": "+46 70 111 22 33", "roles": ["driver"]})
    assert r.status_code == 201, r.text
    assert r.json()["mobile"] == "+46701112233" and r.json()["email"] is None
    token = r.json()["token"]
    r = portal_client.post(f"/api/v1/invitations/{token}/accept", json=ACCEPT)
    assert r.status_code == 422 and r.json()["fields"] == ["email"]
    r = portal_client.post(f"/api/v1/invitations/{token}/accept", json={**ACCEPT, "email": "nope"})
    assert r.status_code == 422 and r.json()["fields"] == ["email"]
    r = portal_client.post(f"/api/v1/invitations/{token}/accept",
                           json={**ACCEPT, "email": "driver@example.com"})
    assert r.status_code == 201 and r.json()["mobile"] == "+46701112233"


def test_invitation_input_is_checked(portal_client: Any, admin: Any) -> None:
    h = admin["headers"]
    for body in ({"roles": ["driver"]}, {"email": "a@example.com", "roles": []},
                 {"email": "a@example.com", "roles": ["owner"]}, {"mobile": "070", "roles": ["driver"]},
                 {"email": "a@example.com", "roles": ["driver", "driver"]}):
        r = portal_client.post("/api/v1/invitations", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
    r = portal_client.post("/api/v1/invitations", json={"email": admin["email"], "roles": ["driver"]},
                           headers=h)
    assert r.status_code == 409 and r.json()["code"] == "already_member"


def test_revoke_and_expiry(portal_app: Any, portal_client: Any, admin: Any, account: Any) -> None:
    h = admin["headers"]
    a = portal_client.post("/api/v1/invitations", json={"email": "a@example.com", "roles": ["driver"]},
                           headers=h).json()
    b = portal_client.post("/api/v1/invitations", json={"email": "b@example.com", "roles": ["driver"]},
                           headers=h).json()
    other = account("Other AB")
    r = portal_client.delete(f"/api/v1/invitations/{a['id']}", headers=other["headers"])
    assert r.status_code == 404
    assert portal_client.delete(f"/api/v1/invitations/{a['id']}", headers=h).status_code == 204
    r = portal_client.post(f"/api/v1/invitations/{a['token']}/accept", json=ACCEPT)
    assert r.status_code == 400 and r.json()["code"] == "invalid_invitation_token"
    with portal_app.state.session_factory() as s:
        row = s.query(Invitation).filter(Invitation.id == b["id"]).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.commit()
    states = {i["id"]: i["state"] for i in
              portal_client.get("/api/v1/invitations", headers=h).json()["items"]}
    assert states == {a["id"]: "revoked", b["id"]: "expired"}
    r = portal_client.post(f"/api/v1/invitations/{b['token']}/accept", json=ACCEPT)
    assert r.status_code == 400
    # the other company lists none of them
    assert portal_client.get("/api/v1/invitations", headers=other["headers"]).status_code == 200
    assert portal_client.get("/api/v1/invitations", headers=other["headers"]).json()["items"] == []


def test_role_changes(portal_app: Any, portal_client: Any, admin: Any, account: Any) -> None:
    cid = admin["company"]["id"]
    h = admin["headers"]
    d = member(portal_app, portal_client, cid, ["driver"])
    r = portal_client.put(f"/api/v1/users/{admin['user']['id']}/roles", json={"roles": ["driver"]},
                          headers=h)
    assert r.status_code == 403 and r.json()["code"] == "self_role_change"
    r = portal_client.put(f"/api/v1/users/{d['id']}/roles", json={"roles": ["company_admin"]},
                          headers=d["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"  # no self-grab
    r = portal_client.put(f"/api/v1/users/{d['id']}/roles",
                          json={"roles": ["fleet_manager", "driver"]}, headers=h)
    assert r.status_code == 200 and r.json()["roles"] == ["fleet_manager", "driver"]
    fed = {c["id"]: c for c in changes(portal_client, h, "user")}
    assert fed[d["id"]]["data"]["roles"] == ["fleet_manager", "driver"]
    assert "verified_at" in fed[d["id"]]["data"] and "verified_by" in fed[d["id"]]["data"]
    other = account("Other AB")
    r = portal_client.put(f"/api/v1/users/{d['id']}/roles", json={"roles": ["driver"]},
                          headers=other["headers"])
    assert r.status_code == 404
    r = portal_client.put(f"/api/v1/users/{d['id']}/roles", json={"roles": []}, headers=h)
    assert r.status_code == 422
    res = _push(portal_client, h, "user.set_roles", {"user_id": admin["user"]["id"], "roles": ["driver"]})
    assert (res["result"], res["code"]) == ("rejected", "self_role_change")
    res = _push(portal_client, h, "user.set_roles", {"user_id": d["id"], "roles": ["driver"]})
    assert res["result"] == "applied" and res["entity"]["roles"] == ["driver"]
    res = _push(portal_client, other["headers"], "user.set_roles",
                {"user_id": d["id"], "roles": ["company_admin"]})
    assert (res["result"], res["code"]) == ("rejected", "not_found")


def test_never_the_last_admin(portal_app: Any, portal_client: Any, admin: Any) -> None:
    """Two admins demoting (or deleting) each other at the same time: both requests were
    authenticated as admins, the company lock serialises them, the second is 409."""
    cid = admin["company"]["id"]
    b = member(portal_app, portal_client, cid, ["company_admin"], verified=True)
    ctx_a = AuthContext(user_id=admin["user"]["id"], company_id=cid, roles=("company_admin",))
    ctx_b = AuthContext(user_id=b["id"], company_id=cid, roles=("company_admin",))
    with portal_app.state.session_factory() as s:
        service.set_roles(s, auth=ctx_a, user_id=b["id"], roles=["driver"])
        s.commit()
    with portal_app.state.session_factory() as s, pytest.raises(ProblemError) as exc:
        service.set_roles(s, auth=ctx_b, user_id=admin["user"]["id"], roles=["driver"])
    assert (exc.value.status, exc.value.code) == (409, "last_admin")
    with portal_app.state.session_factory() as s, pytest.raises(ProblemError) as exc:
        service.remove_user(s, auth=ctx_b, user_id=admin["user"]["id"])
    assert (exc.value.status, exc.value.code) == (409, "last_admin")


def test_deleting_users(portal_app: Any, portal_client: Any, admin: Any, account: Any) -> None:
    cid = admin["company"]["id"]
    h = admin["headers"]
    d = member(portal_app, portal_client, cid, ["driver"])
    fm = member(portal_app, portal_client, cid, ["fleet_manager"])
    r = portal_client.delete(f"/api/v1/users/{admin['user']['id']}", headers=h)
    assert r.status_code == 403 and r.json()["code"] == "self_delete"
    r = portal_client.delete(f"/api/v1/users/{d['id']}", headers=fm["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    other = account("Other AB")
    assert portal_client.delete(f"/api/v1/users/{d['id']}", headers=other["headers"]).status_code == 404
    assert portal_client.delete(f"/api/v1/users/{d['id']}", headers=h).status_code == 204
    mail = last_mail(portal_app, d["email"])
    assert mail.subject == "Your MPRO account was deleted"
    assert portal_client.get("/api/v1/me", headers=d["headers"]).status_code == 401
    r = portal_client.post("/api/v1/auth/login", json={"email": d["email"], "password": PASSWORD})
    assert r.status_code == 401
    with portal_app.state.session_factory() as s:  # R26: the personal data is gone
        assert s.get(User, d["id"]) is None
        assert s.query(Identity).filter(Identity.email == d["email"]).count() == 0
    fed = {c["id"]: c for c in changes(portal_client, h, "user")}
    assert fed[d["id"]]["op"] == "delete" and fed[d["id"]]["data"] is None
    res = _push(portal_client, h, "user.remove", {"user_id": fm["id"]})
    assert res["result"] == "applied" and res["entity"] == {"id": fm["id"], "deleted": True}
    res = _push(portal_client, h, "user.remove", {"user_id": admin["user"]["id"]})
    assert (res["result"], res["code"]) == ("rejected", "self_delete")
    audit = portal_client.get("/api/v1/audit", params={"action": "user.deleted"}, headers=h).json()
    assert {i["target_id"] for i in audit["items"]} == {d["id"], fm["id"]}


def test_an_invitations_token_is_answered_once_and_never_stored(
        portal_app: Any, portal_client: Any, admin: Any) -> None:
    """R13 by mobile (no mail to carry the token): the outbox's ``user.invite`` answers
    the token once; the recorded outcome (what a retry's ``duplicate`` repeats) and the
    invitation row hold only its hash; the answered token accepts the invitation."""
    from sqlalchemy import select

    from embedded_server.models import AppliedMutation

    body = {"client_id": str(uuid.uuid4()), "mutations": [{
        "mutation_id": str(uuid.uuid4()), "type": "user.invite",
        "payload": {"mobile": "+46705550101", "roles": ["driver"]}}]}
    first = portal_client.post("/api/v1/mutations", headers=admin["headers"], json=body).json()
    token = first["results"][0]["entity"]["token"]
    again = portal_client.post("/api/v1/mutations", headers=admin["headers"], json=body).json()
    assert again["results"][0]["result"] == "duplicate"
    assert "token" not in again["results"][0]["entity"]
    with portal_app.state.session_factory() as session:
        stored = [row.result for row in session.scalars(select(AppliedMutation))]
        hashes = [i.token_hash for i in session.scalars(select(Invitation))]
    assert stored and token not in repr(stored)
    assert hashes == [token_hash(token)]
    r = portal_client.post(f"/api/v1/invitations/{token}/accept",
                           json={**ACCEPT, "email": "mobil@example.com"})
    assert r.status_code == 201, r.text
    assert (r.json()["email"], r.json()["mobile"]) == ("mobil@example.com", "+46705550101")


def test_invite_and_revoke_by_mutation(portal_app: Any, portal_client: Any, admin: Any) -> None:
    h = admin["headers"]
    iid = str(uuid.uuid4())
    res = _push(portal_client, h, "user.invite", {"id": iid, "email": "m@example.com", "roles": ["driver"]})
    assert res["result"] == "applied", res
    # the token is answered to the inviter once (to hand over, API.md) and is the mailed one
    assert res["entity"]["id"] == iid
    assert res["entity"]["token"] == token_in(last_mail(portal_app, "m@example.com").body)
    assert res["entity"]["token"].startswith("inv_")
    res = _push(portal_client, h, "user.invite", {"id": iid, "email": "n@example.com", "roles": ["driver"]})
    assert (res["result"], res["code"]) == ("rejected", "id_conflict")
    res = _push(portal_client, h, "invitation.revoke", {"invitation_id": iid})
    assert res["result"] == "applied" and res["entity"]["state"] == "revoked"
    res = _push(portal_client, h, "user.invite", {"email": "bad", "roles": ["driver"]})
    assert (res["result"], res["code"]) == ("rejected", "validation_error")
    audit = portal_client.get("/api/v1/audit", params={"action": "user.invited"}, headers=h).json()
    assert len(audit["items"]) == 1


def test_accept_checks_the_person_and_a_refusal_keeps_the_invitation(
        portal_client: Any, admin: Any) -> None:
    """R7 on the way in: an invitee under 18, a date in the future or a short password is
    422 naming the field, and the invitation stays pending (the token still works); an
    accepted invitation can no longer be revoked into 'revoked'."""
    h = admin["headers"]
    inv = portal_client.post("/api/v1/invitations", headers=h,
                             json={"email": "ung@example.com", "roles": ["driver"]}).json()
    today = dt.date.today()
    minor = today.replace(year=today.year - 17, day=min(today.day, 28)).isoformat()
    future = (today + dt.timedelta(days=3)).isoformat()
    for body, field in (({**ACCEPT, "birth_date": minor}, "birth_date"),
                        ({**ACCEPT, "birth_date": future}, "birth_date"),
                        ({**ACCEPT, "password": "kort"}, "password")):
        r = portal_client.post(f"/api/v1/invitations/{inv['token']}/accept", json=body)
        assert r.status_code == 422 and field in r.json()["fields"], r.text
    states = {i["id"]: i["state"] for i in
              portal_client.get("/api/v1/invitations", headers=h).json()["items"]}
    assert states[inv["id"]] == "pending"
    r = portal_client.post(f"/api/v1/invitations/{inv['token']}/accept", json=ACCEPT)
    assert r.status_code == 201, r.text
    r = portal_client.delete(f"/api/v1/invitations/{inv['id']}", headers=h)
    assert r.status_code == 409 and r.json()["code"] == "invitation_closed", r.text
    states = {i["id"]: i["state"] for i in
              portal_client.get("/api/v1/invitations", headers=h).json()["items"]}
    assert states[inv["id"]] == "accepted"


def test_fleet_managers_and_drivers_are_refused_on_every_user_admin_route(
        portal_app: Any, portal_client: Any, admin: Any) -> None:
    """The permission table's "invite users, change roles of others, delete users" row,
    spelled out per route (test_roles_matrix sweeps the OpenAPI with empty bodies; this
    one sends real bodies aimed at real objects) — and nothing changed."""
    cid = admin["company"]["id"]
    target = member(portal_app, portal_client, cid, ["driver"])
    inv = portal_client.post("/api/v1/invitations", headers=admin["headers"],
                             json={"email": "kvar@example.com", "roles": ["driver"]}).json()
    for roles in (["fleet_manager"], ["driver"], ["fleet_manager", "driver"]):
        caller = member(portal_app, portal_client, cid, roles, verified=True)
        h = caller["headers"]
        for method, url, body in (
                ("POST", "/api/v1/invitations", {"email": "x@example.com", "roles": ["driver"]}),
                ("DELETE", f"/api/v1/invitations/{inv['id']}", None),
                ("PUT", f"/api/v1/users/{target['id']}/roles", {"roles": ["company_admin"]}),
                ("PUT", f"/api/v1/users/{caller['id']}/roles", {"roles": ["company_admin"]}),
                ("DELETE", f"/api/v1/users/{target['id']}", None),
                ("PATCH", "/api/v1/company", {"name": "Kapad AB"}),
                ("POST", "/api/v1/company/deletion", None),
                ("GET", "/api/v1/audit", None)):
            r = portal_client.request(method, url, json=body, headers=h)
            assert r.status_code == 403 and r.json()["code"] == "insufficient_role", (
                roles, method, url, r.text)
    users = {u["id"]: u for u in portal_client.get("/api/v1/users", headers=admin["headers"]).json()["items"]}
    assert users[target["id"]]["roles"] == ["driver"]
    assert all("company_admin" not in u["roles"] for uid, u in users.items()
               if uid != admin["user"]["id"])
    states = [i["state"] for i in
              portal_client.get("/api/v1/invitations", headers=admin["headers"]).json()["items"]]
    assert states == ["pending"]
    assert portal_client.get("/api/v1/company", headers=admin["headers"]).json()["name"] == "Users AB"
