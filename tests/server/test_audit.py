"""The audit log (issue 10): sign-ins and failures recorded, read by admins only,
newest first, paginated with a cursor, filtered by user, action and time; tenant-scoped."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from embedded_server.accounts.service import create_user
from embedded_server.audit.service import record


def _login(client: Any, email: str, password: str) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_sign_ins_and_failures_are_audited(portal_client: Any, account: Any) -> None:
    acct = account("Audit AB")
    assert _login(portal_client, acct["email"], "wrong password").status_code == 401
    assert _login(portal_client, "nobody@example.com", "wrong password").status_code == 401
    r = portal_client.get("/api/v1/audit", headers=acct["headers"])
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    actions = [i["action"] for i in items]
    assert actions == ["auth.login_failed", "auth.login"]  # newest first
    assert all(i["actor_user_id"] == acct["user"]["id"] for i in items)
    assert isinstance(items[0]["id"], str) and items[0]["created_at"].endswith("Z")


def test_audit_is_admin_only_and_tenant_scoped(portal_app: Any, portal_client: Any,
                                               account: Any) -> None:
    a, b = account("A AB"), account("B AB")
    with portal_app.state.session_factory() as s:
        create_user(s, company_id=a["company"]["id"], email="fm-audit@example.com",
                    password="correct horse battery", first_name="F", last_name="M",
                    roles=["fleet_manager", "driver"])
        s.commit()
    fm = _login(portal_client, "fm-audit@example.com", "correct horse battery").json()
    r = portal_client.get("/api/v1/audit", headers={"Authorization": f"Bearer {fm['access_token']}"})
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    seen_a = portal_client.get("/api/v1/audit", headers=a["headers"]).json()["items"]
    seen_b = portal_client.get("/api/v1/audit", headers=b["headers"]).json()["items"]
    assert {i["actor_user_id"] for i in seen_b} == {b["user"]["id"]}
    assert b["user"]["id"] not in {i["actor_user_id"] for i in seen_a}
    # filtering by another company's user shows nothing of theirs
    r = portal_client.get("/api/v1/audit", params={"user": b["user"]["id"]}, headers=a["headers"])
    assert r.json()["items"] == []


def test_pagination_and_filters(portal_app: Any, portal_client: Any, account: Any) -> None:
    acct = account("Pager AB")
    cid, uid = acct["company"]["id"], acct["user"]["id"]
    other = str(uuid.uuid4())
    with portal_app.state.session_factory() as s:
        for i in range(7):
            record(s, company_id=cid, actor_user_id=uid if i % 2 else other,
                   action="user.roles_changed" if i < 4 else "user.deleted",
                   target_type="user", target_id=str(i), detail={"n": i})
        s.commit()
    h = acct["headers"]
    got, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = portal_client.get("/api/v1/audit", params=params, headers=h).json()
        got += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = [int(i["id"]) for i in got]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 8  # + the login
    r = portal_client.get("/api/v1/audit", params={"action": "user.deleted"}, headers=h)
    assert [i["detail"]["n"] for i in r.json()["items"]] == [6, 5, 4]
    r = portal_client.get("/api/v1/audit", params={"action": "user."}, headers=h)
    assert len(r.json()["items"]) == 7
    r = portal_client.get("/api/v1/audit", params={"user": other}, headers=h)
    assert [i["detail"]["n"] for i in r.json()["items"]] == [6, 4, 2, 0]
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    r = portal_client.get("/api/v1/audit", params={"from": future}, headers=h)
    assert r.json()["items"] == []
    r = portal_client.get("/api/v1/audit", params={"to": future}, headers=h)
    assert len(r.json()["items"]) == 8
    r = portal_client.get("/api/v1/audit", params={"cursor": "x1"}, headers=h)
    assert r.status_code == 400 and r.json()["code"] == "invalid_cursor"
    r = portal_client.get("/api/v1/audit", params={"from": "yesterday"}, headers=h)
    assert r.status_code == 422
