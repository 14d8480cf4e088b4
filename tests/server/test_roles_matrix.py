"""The API.md roles table, asserted for every operation of the OpenAPI and every role.

Generated from the running app's OpenAPI, so a route added later is covered the day it
appears: it must declare its permission (``x-permission``) or be explicitly public, and
then each role's token gets 403 ``insufficient_role`` exactly where
``mpro_desktop.domain.accounts.PERMISSIONS`` says, and never where it allows.
"""

from __future__ import annotations

import collections
import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from embedded_server.accounts.service import create_user
from embedded_server.authorization import PERMISSION_KEY, PUBLIC
from embedded_server.db import utcnow
from embedded_server.models import Invitation, Subscription, Vehicle
from embedded_server.sync.schemas import PERMISSIONS as MUTATION_PERMISSIONS
from mpro_desktop.domain.accounts import (
    COMPANY_ADMIN,
    DRIVER,
    FLEET_MANAGER,
    PERMISSIONS,
    Permission,
)
from tests.server.conftest import VIN1, VIN2

METHODS = ("get", "post", "put", "patch", "delete")
#: routes that need no access token; anything else must name a permission
EXPECTED_PUBLIC = {
    ("POST", "/api/v1/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    ("POST", "/api/v1/memberships/confirm"),
    ("POST", "/api/v1/invitations/{token}/accept"),
    ("POST", "/api/v1/dealer/login"),
    ("POST", "/api/v1/telematics/samples"),
    ("GET", "/api/v1/telematics/commands"),
    ("POST", "/api/v1/telematics/commands/{command_id}/result"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),  # MPRO_METRICS_TOKEN puts it behind a bearer token of its own
    # rFMS (issue 13): the client's own credentials / its rFMS token, not a user's
    ("POST", "/oauth/token"),
    ("GET", "/rfms/vehicles"),
    ("GET", "/rfms/vehiclepositions"),
    ("GET", "/rfms/vehiclestatuses"),
}
#: writes that are checked per item rather than by the route (mutations: per type)
WRITES_CHECKED_INSIDE = {("POST", "/api/v1/mutations")}
PASSWORD = "correct horse battery"


def _operations(client: Any) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").json()
    return [
        (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def _role_headers(portal_app: Any, client: Any, company_id: str, role: str) -> dict[str, str]:
    """A user with exactly ``role``, made through the service layer, signed in."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    with portal_app.state.session_factory() as session:
        create_user(
            session,
            company_id=company_id,
            email=email,
            password=PASSWORD,
            first_name="Test",
            last_name=role,
            roles=[role],
            verified=True,
        )
        session.commit()
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def company(portal_app: Any, portal_client: Any, account: Any) -> dict[str, Any]:
    acct = account("Roller AB")
    r = portal_client.post(
        "/api/v1/vehicles", json={"vin": VIN1, "fuel_type": "electric"}, headers=acct["headers"]
    )
    assert r.status_code == 201, r.text
    headers = {
        role: _role_headers(portal_app, portal_client, acct["company"]["id"], role)
        for role in (DRIVER, FLEET_MANAGER)
    }
    headers[COMPANY_ADMIN] = acct["headers"]
    # a user and an invitation of the company for the /users/{id} and /invitations/{id} paths
    with portal_app.state.session_factory() as session:
        target = create_user(session, company_id=acct["company"]["id"],
                             email=f"target-{uuid.uuid4().hex[:8]}@example.com",
                             password=PASSWORD, first_name="T", last_name="U", roles=[DRIVER])
        invitation = Invitation(company_id=acct["company"]["id"], id=str(uuid.uuid4()),
                                email="invitee@example.com", roles=[DRIVER],
                                token_hash=uuid.uuid4().hex, state="pending",
                                expires_at=utcnow() + dt.timedelta(days=1))
        session.add(invitation)
        van = session.scalars(select(Vehicle).where(
            Vehicle.company_id == acct["company"]["id"], Vehicle.public_id == r.json()["id"])).one()
        sub = Subscription(id=str(uuid.uuid4()), company_id=acct["company"]["id"],
                           vehicle_id=van.id, product_id="fleet_management", state="active")
        session.add(sub)
        ids = {"user_id": target.id, "invitation_id": invitation.id, "subscription_id": sub.id}
        session.commit()
    return {"acct": acct, "vehicle_id": r.json()["id"], "headers": headers, **ids}


def test_every_operation_declares_its_access(portal_client: Any) -> None:
    ops = _operations(portal_client)
    undeclared = [(m, p) for m, p, op in ops if PERMISSION_KEY not in op]
    assert not undeclared, f"routes without a declared permission or public marker: {undeclared}"
    public = {(m, p) for m, p, op in ops if op[PERMISSION_KEY] == PUBLIC}
    assert public == EXPECTED_PUBLIC
    known = {p.value for p in Permission} | {PUBLIC}
    assert {op[PERMISSION_KEY] for _m, _p, op in ops} <= known
    reading_writes = {
        (m, p) for m, p, op in ops if m != "GET" and op[PERMISSION_KEY] == Permission.READ
    }
    assert reading_writes == WRITES_CHECKED_INSIDE


def test_roles_matrix_over_the_openapi(
    portal_app: Any, portal_client: Any, company: dict[str, Any]
) -> None:
    """Every operation x role: 403 insufficient_role exactly where the table refuses."""
    ops = [op for op in _operations(portal_client) if op[2][PERMISSION_KEY] != PUBLIC]
    # a stream answers its status, then streams until closed: end them all at once
    # ... and the admin's DELETE /users/{id} really deletes the user: after every other use
    ops.sort(key=lambda op: (op[1] == "/api/v1/stream", op[:2] == ("DELETE", "/api/v1/users/{user_id}")))
    seen: list[tuple[str, str, str, int]] = []
    for method, path, op in ops:
        permission = Permission(op[PERMISSION_KEY])
        # named objects of the company; any other: an id that exists nowhere (the
        # permission is checked before the object is looked up)
        url = path.format_map(collections.defaultdict(
            lambda: str(uuid.uuid4()), vehicle_id=company["vehicle_id"],
            user_id=company["user_id"], invitation_id=company["invitation_id"],
            subscription_id=company["subscription_id"]))
        if path == "/api/v1/stream":
            portal_app.state.broker.close()
        for role in (DRIVER, FLEET_MANAGER, COMPANY_ADMIN):
            body = {} if method in ("POST", "PUT", "PATCH") else None
            r = portal_client.request(method, url, json=body, headers=company["headers"][role])
            code = (
                r.json().get("code") if r.headers.get("content-type", "").endswith("json") else None
            )
            refused = r.status_code == 403 and code == "insufficient_role"
            expected = role not in PERMISSIONS[permission]
            assert refused == expected, (method, path, role, r.status_code, r.text[:200])
            seen.append((method, path, role, r.status_code))
    refusals = {(m, p) for m, p, role, status in seen if role == DRIVER and status == 403}
    assert ("DELETE", "/api/v1/vehicles/{vehicle_id}") in refusals
    assert ("POST", "/api/v1/vehicles") in refusals
    # no company role reaches the dealer counter (R4; tests/server/test_dealer.py has the
    # dealer's own token refused on every company route)
    for role in (DRIVER, FLEET_MANAGER, COMPANY_ADMIN):
        assert ("POST", "/api/v1/dealer/verifications", role, 403) in seen


def test_driver_cannot_remove_a_vehicle_and_a_foreign_one_is_404(
    portal_client: Any, account: Any, company: dict[str, Any]
) -> None:
    driver = company["headers"][DRIVER]
    url = f"/api/v1/vehicles/{company['vehicle_id']}"
    r = portal_client.delete(url, headers=driver)
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    assert portal_client.get(url, headers=driver).json()["removed_at"] is None
    other = account("Annat AB")
    foreign = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=other["headers"])
    r = portal_client.delete(f"/api/v1/vehicles/{foreign.json()['id']}", headers=driver)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_mutations_obey_the_same_table(portal_client: Any, company: dict[str, Any]) -> None:
    """Each mutation type of the registry, pushed by each role: a refused one is
    ``rejected``/``insufficient_role`` and changes nothing."""
    vid = company["vehicle_id"]
    payloads = {
        "company.update": {"phone": "+46812345679"},
        "user.set_roles": {"user_id": str(uuid.uuid4()), "roles": ["driver"]},
        "user.remove": {"user_id": str(uuid.uuid4())},
        "user.invite": {"email": "new@example.com", "roles": ["driver"]},
        "invitation.revoke": {"invitation_id": str(uuid.uuid4())},
        "vehicle.add": {"vin": VIN2},
        "vehicle.update": {"vehicle_id": vid, "name": "Ny"},
        "vehicle.remove": {"vehicle_id": vid},
        "command.send": {
            "vehicle_id": vid,
            "command_id": str(uuid.uuid4()),
            "type": "lock",
            "ttl_s": 60,
        },
        "alert.acknowledge": {"alert_id": str(uuid.uuid4())},
        "alert.close": {"alert_id": str(uuid.uuid4())},
        "order.create": {"items": [{"product_id": "fleet_management", "vehicle_ids": [vid]}]},
        "subscription.end": {"subscription_id": str(uuid.uuid4())},
    }
    assert set(payloads) == set(MUTATION_PERMISSIONS)
    for role in (DRIVER, FLEET_MANAGER):
        mutations = [
            {"mutation_id": str(uuid.uuid4()), "type": t, "payload": p}
            for t, p in payloads.items()
            if t != "vehicle.remove"
        ]
        r = portal_client.post(
            "/api/v1/mutations",
            headers=company["headers"][role],
            json={"client_id": str(uuid.uuid4()), "mutations": mutations},
        )
        assert r.status_code == 200, r.text
        for m, result in zip(mutations, r.json()["results"], strict=True):
            refused = result["result"] == "rejected" and result.get("code") == "insufficient_role"
            assert refused == (role not in PERMISSIONS[MUTATION_PERMISSIONS[m["type"]]]), result
    listed = portal_client.get("/api/v1/vehicles", headers=company["headers"][DRIVER]).json()
    # only the manager's add and update landed
    assert {v["vin"]: v["name"] for v in listed["items"]} == {VIN1: "Ny", VIN2: None}
    r = portal_client.post(
        "/api/v1/mutations",
        headers=company["headers"][DRIVER],
        json={
            "client_id": str(uuid.uuid4()),
            "mutations": [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "type": "vehicle.remove",
                    "payload": {"vehicle_id": vid},
                }
            ],
        },
    )
    assert r.json()["results"][0]["code"] == "insufficient_role"
    assert (
        portal_client.get(f"/api/v1/vehicles/{vid}", headers=company["headers"][DRIVER]).json()[
            "removed_at"
        ]
        is None
    )
