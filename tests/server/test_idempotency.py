"""Idempotency-Key on mutating REST requests."""

from __future__ import annotations

import re
from typing import Any

from tests.server.conftest import VIN1, VIN2

VIN3 = "W1V9076351P777777"


def test_same_key_same_body_replays_first_response(portal_client, account) -> None:
    acct = account()
    h = {**acct["headers"], "Idempotency-Key": "k-1"}
    first = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h)
    assert first.status_code == 201
    again = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h)
    assert again.status_code == 201 and again.json() == first.json()
    assert len(portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"]) == 1


def test_same_key_other_body_is_422(portal_client, account) -> None:
    acct = account()
    h = {**acct["headers"], "Idempotency-Key": "k-2"}
    assert portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).status_code == 201
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert len(portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"]) == 1


def test_keys_are_scoped_per_caller(portal_client, account) -> None:
    alpha, beta = account("Alpha AB"), account("Beta AB")
    assert (
        portal_client.post(
            "/api/v1/vehicles",
            json={"vin": VIN1},
            headers={**alpha["headers"], "Idempotency-Key": "same"},
        ).status_code
        == 201
    )
    r = portal_client.post(
        "/api/v1/vehicles",
        json={"vin": VIN2},
        headers={**beta["headers"], "Idempotency-Key": "same"},
    )
    assert r.status_code == 201


def test_stored_4xx_is_replayed_even_after_state_changed(portal_client, account) -> None:
    acct = account()
    h = acct["headers"]
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    hk = {**h, "Idempotency-Key": "k-409"}
    first = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=hk)
    assert first.status_code == 409
    portal_client.delete(f"/api/v1/vehicles/{vid}", headers=h)
    again = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=hk)
    assert again.status_code == 409 and again.headers["idempotent-replayed"] == "true"
    assert portal_client.get("/api/v1/vehicles", headers=h).json()["items"] == []


def _burst(
    base_url: str, method: str, path: str, headers: dict[str, str], body: Any, n: int
) -> list[tuple[int, dict[str, str], bytes]]:
    """Send the same request on ``n`` open connections within microseconds (one thread
    writes pre-built bytes), so the server really has them in flight together."""
    import json
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(base_url)
    payload = json.dumps(body).encode()
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: {url.netloc}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    raw = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
    socks = [socket.create_connection((url.hostname, url.port), timeout=30) for _ in range(n)]
    try:
        for sock in socks:
            sock.sendall(raw)
        out = []
        for sock in socks:
            buf = b""
            while b"\r\n\r\n" not in buf:
                buf += sock.recv(65536)
            head_raw, _, rest = buf.partition(b"\r\n\r\n")
            lines = head_raw.decode("latin-1").split("\r\n")
            hdrs = {
                k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
            }
            while len(rest) < int(hdrs.get("content-length", 0)):
                rest += sock.recv(65536)
            out.append((int(lines[0].split()[1]), hdrs, rest))
        return out
    finally:
        for sock in socks:
            sock.close()


def test_concurrent_same_key_has_exactly_one_effect(live_portal_factory, portal_db_url) -> None:
    """Six requests in flight together against a real portal (SQLite file or PostgreSQL).

    Sending a remote command has an effect each time it runs (a new command), so only a
    claim inside the effect's transaction keeps it at exactly one (three rounds, three
    commands); the POSTs of a vehicle and a mutation are idempotent by themselves (fixed
    id / VIN / mutation id) and check that every caller gets the first answer.
    """
    import uuid

    import httpx

    from embedded_server import db
    from embedded_server.products.service import assign_service
    from embedded_server.vehicles import repository

    portal = live_portal_factory(database_url=portal_db_url)
    acct = portal.register("Race AB")
    h = portal.headers(acct["token"])
    with httpx.Client(base_url=portal.url, timeout=30) as c:
        vid = c.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    engine = db.make_engine(portal_db_url)
    with db.make_sessionmaker(engine)() as session:
        vehicle = repository.get_for_company(session, acct["company"]["id"], vid)
        assign_service(session, vehicle=vehicle, product_id="remote_services")
        session.commit()
    engine.dispose()
    cases = [
        *[
            ("POST", f"/api/v1/vehicles/{vid}/commands", {"type": "lock", "ttl_s": 300 + n}, 202)
            for n in range(3)
        ],
        ("POST", "/api/v1/vehicles", {"id": str(uuid.uuid4()), "vin": VIN2}, 201),
        (
            "POST",
            "/api/v1/mutations",
            {
                "client_id": "d",
                "mutations": [
                    {
                        "mutation_id": str(uuid.uuid4()),
                        "client_seq": 1,
                        "type": "vehicle.add",
                        "payload": {"vin": VIN3},
                    }
                ],
            },
            200,
        ),
    ]
    for n, (method, path, body, status) in enumerate(cases):
        out = _burst(portal.url, method, path, {**h, "Idempotency-Key": f"race-{n}"}, body, 6)
        assert [s for s, _, _ in out] == [status] * 6, (method, path, [b for _, _, b in out])
        assert len({b for _, _, b in out}) == 1, "every caller sees the first response"
        assert sum(hd.get("idempotent-replayed") == "true" for _, hd, _ in out) == 5
        if path.endswith("mutations"):
            assert (
                httpx.Response(200, content=out[0][2]).json()["results"][0]["result"] == "applied"
            )
    with httpx.Client(base_url=portal.url, timeout=30) as c:
        items = c.get("/api/v1/vehicles", headers=h).json()["items"]
        assert sorted(v["vin"] for v in items) == sorted([VIN1, VIN2, VIN3])
        commands = c.get(f"/api/v1/vehicles/{vid}/commands", headers=h).json()["items"]
        assert sorted(x["ttl_s"] for x in commands) == [300, 301, 302], "a command ran twice"


def test_rotated_refresh_token_is_not_replayed_by_idempotency_key(portal_client, account) -> None:
    """Issue 8 #1: a replay of /auth/refresh handed out live tokens for a rotated one."""
    acct = account()
    h = {"Idempotency-Key": "refresh-1"}
    body = {"refresh_token": acct["refresh_token"]}
    first = portal_client.post("/api/v1/auth/refresh", json=body, headers=h)
    assert first.status_code == 200
    again = portal_client.post("/api/v1/auth/refresh", json=body, headers=h)
    assert again.status_code == 401 and again.json()["code"] == "invalid_refresh_token"
    assert "idempotent-replayed" not in again.headers
    assert first.json()["access_token"] not in again.text


def test_no_secret_is_stored_in_idempotency_keys(portal_client, portal_app, account) -> None:
    """Login, refresh and reset confirm with an Idempotency-Key leave no row behind."""
    from sqlalchemy import select

    from embedded_server.models import IdempotencyKey

    acct = account()
    creds = {"email": acct["email"], "password": acct["password"]}
    login = portal_client.post("/api/v1/auth/login", json=creds, headers={"Idempotency-Key": "l"})
    assert login.status_code == 200
    r = portal_client.post(
        "/api/v1/auth/refresh",
        headers={"Idempotency-Key": "r"},
        json={"refresh_token": login.json()["refresh_token"]},
    )
    assert r.status_code == 200
    r = portal_client.post(
        "/api/v1/auth/password-reset/confirm",
        headers={"Idempotency-Key": "c"},
        json={"token": "pr_not-a-token", "password": "another long pw"},
    )
    assert r.status_code == 400
    with portal_app.state.session_factory(readonly=True) as s:
        rows = s.scalars(select(IdempotencyKey)).all()
    assert rows == []


SECRET_FIELD = re.compile(r"(^|_)(token|secret|password)$|^confirmation_code$")
#: request fields that are single-use credentials: a replay would undo their rotation
CREDENTIAL_FIELD = re.compile(r"(^|_)token$")


def _field_names(schema: Any, spec: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """Every property name reachable from ``schema`` (refs, arrays, anyOf/oneOf/allOf)."""
    seen = set() if seen is None else seen
    names: set[str] = set()
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return names
            seen.add(ref)
            target: Any = spec
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            return _field_names(target, spec, seen)
        for name, sub in (schema.get("properties") or {}).items():
            names.add(name)
            names |= _field_names(sub, spec, seen)
        for key in ("items", "additionalProperties"):
            names |= _field_names(schema.get(key), spec, seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key) or []:
                names |= _field_names(sub, spec, seen)
    return names


def test_every_route_with_a_secret_is_declared_not_replayable(portal_client) -> None:
    """The rule lives on the route (``NOT_REPLAYABLE``); this walks the whole OpenAPI so
    the next endpoint that returns a token, or takes a single-use one, can't forget it."""
    from embedded_server.idempotency.middleware import OPENAPI_FLAG

    spec = portal_client.get("/openapi.json").json()
    offenders, marked = [], []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method.upper() not in ("POST", "PUT", "PATCH", "DELETE"):
                continue
            out: set[str] = set()
            for status, resp in op.get("responses", {}).items():
                if status.startswith("2"):
                    for media in (resp.get("content") or {}).values():
                        out |= _field_names(media.get("schema"), spec)
            body: set[str] = set()
            for media in ((op.get("requestBody") or {}).get("content") or {}).values():
                body |= _field_names(media.get("schema"), spec)
            needs = any(SECRET_FIELD.search(n) for n in out) or any(
                CREDENTIAL_FIELD.search(n) for n in body
            )
            if op.get(OPENAPI_FLAG):
                marked.append(f"{method.upper()} {path}")
            elif needs:
                offenders.append(f"{method.upper()} {path}")
    assert offenders == [], "routes returning or consuming a secret must be NOT_REPLAYABLE"
    assert {
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/password-reset/confirm",
    } <= set(marked)


def test_purge_job_deletes_expired_keys_in_the_server_process(
    live_portal_factory, portal_db_url
) -> None:
    """Records expire: a real portal process with a 1 s TTL purges the row by itself."""
    import time

    from sqlalchemy import create_engine, func, select

    from embedded_server.models import IdempotencyKey

    portal = live_portal_factory(
        database_url=portal_db_url,
        env={"MPRO_IDEMPOTENCY_TTL_S": "1", "MPRO_IDEMPOTENCY_PURGE_S": "0.2"},
    )
    acct = portal.register("Purge AB")
    h = {**portal.headers(acct["token"]), "Idempotency-Key": "old"}
    engine = create_engine(portal_db_url)
    try:
        with portal.client() as c:
            assert c.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).status_code == 201
            with engine.connect() as conn:
                count = conn.execute(select(func.count()).select_from(IdempotencyKey)).scalar_one()
            assert count == 1
            deadline = time.monotonic() + 10
            while count and time.monotonic() < deadline:
                time.sleep(0.2)
                with engine.connect() as conn:
                    count = conn.execute(
                        select(func.count()).select_from(IdempotencyKey)
                    ).scalar_one()
            assert count == 0, "the expired key was not purged"
            # the key is free again: a different body is a new request, not 422
            r = c.post("/api/v1/vehicles", json={"vin": VIN2}, headers=h)
            assert r.status_code == 201, r.text
    finally:
        engine.dispose()
