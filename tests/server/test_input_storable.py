"""Values the database cannot store are 422 ``validation_error``, never a 500 (issue 8).

PostgreSQL refuses NUL in text (21 of 36 probe requests were 500s, login and registration
among them); no driver can encode a lone surrogate; BIGINT ends at 2**63 - 1; UTC ends at
9999-12-31. The tests walk the app's own OpenAPI, so an endpoint or field added later is
covered without touching them, and run on SQLite and PostgreSQL with valid tokens (auth
must not answer first).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from embedded_server.dealer.service import create_dealer
from embedded_server.validation import RequestModel
from tests.server.conftest import VIN1

NUL = "\x00"
SURROGATE = "\\ud800"  # as a JSON escape: json.loads makes a lone surrogate of it
INGEST = ("post", "/api/v1/telematics/samples")
MUTATIONS = ("post", "/api/v1/mutations")
#: skeletons the hand-parsed ingest needs before it looks at a sample (one per oneOf form)
INGEST_BASES = [
    {"vin": VIN1, "samples": [{"seq": 1, "ts": "2024-05-01T12:00:00+00:00"}]},
    {"vin": VIN1, "columns": {"seq": [1], "ts": [1714564800.0]}},
]


# -- walking the OpenAPI ------------------------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    t = schema.get("type")
    return set(t) if isinstance(t, list) else {t} if t else set()


def _leaves(
    spec: dict[str, Any],
    schema: dict[str, Any],
    kind: str,
    path: tuple = (),
    ctx: Any = None,
    depth: int = 0,
) -> Iterator[tuple[tuple, dict[str, Any], Any]]:
    """(path, schema, ctx) of every ``kind`` ("string"/"integer") leaf; ``ctx`` is the
    oneOf variant: its index, or the ``type`` const it pins (mutation payloads)."""
    if depth > 12:
        return
    schema = _resolve(spec, schema)
    for key in ("anyOf", "allOf"):
        for sub in schema.get(key, ()):
            yield from _leaves(spec, sub, kind, path, ctx, depth + 1)
    for i, sub in enumerate(schema.get("oneOf", ())):
        const = sub.get("properties", {}).get("type", {}).get("const")
        yield from _leaves(spec, sub, kind, path, const if const else i, depth + 1)
    if kind in _types(schema):
        yield path, schema, ctx
    for name, sub in schema.get("properties", {}).items():
        yield from _leaves(spec, sub, kind, (*path, name), ctx, depth + 1)
    if isinstance(schema.get("items"), dict):
        yield from _leaves(spec, schema["items"], kind, (*path, 0), ctx, depth + 1)


def _body_leaves(spec: dict[str, Any], op: dict[str, Any], kind: str) -> list[tuple]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    seen: dict[tuple, tuple] = {}
    for path, schema, ctx in _leaves(spec, content["schema"], kind):
        if path and path[-1] != "type" or "mutations" not in path:
            seen.setdefault((path, ctx), (path, schema, ctx))
    return list(seen.values())


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if isinstance(op, dict) and "responses" in op:
                yield method, path, op


def _set(body: Any, path: tuple, value: Any) -> Any:
    """``body`` with ``value`` at ``path`` (dicts and one-item lists made as needed)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(body) if isinstance(body, list) and body else [{}]
        items[0] = _set(items[0], rest, value)
        return items
    out = dict(body) if isinstance(body, dict) else {}
    out[head] = _set(out.get(head, {}), rest, value)
    return out


def _field(path: tuple) -> str:
    return ".".join(str(p) for p in path)


# -- the portal under test ----------------------------------------------------------------


@pytest.fixture
def portal(portal_app, portal_client, account, activate) -> dict[str, Any]:
    """A company admin, one vehicle with a module token, a dealer, and the OpenAPI."""
    acct = account()
    with portal_app.state.session_factory() as s:
        create_dealer(s, dealer_id="IS-1", name="Bil AB", email="dealer@storable.example.com",
                      password="dealer password")
        s.commit()
    dealer = portal_client.post("/api/v1/dealer/login", json={
        "email": "dealer@storable.example.com", "password": "dealer password"}).json()
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=acct["headers"])
    assert r.status_code == 201, r.text
    vehicle = r.json()
    module = activate(vehicle["id"])
    return {
        "client": portal_client,
        "headers": acct["headers"],
        "vehicle": vehicle,
        "module": {"Authorization": f"Bearer {module}"},
        "dealer": {"Authorization": f"Bearer {dealer['access_token']}"},
        "spec": portal_client.get("/openapi.json").json(),
    }


def _headers(portal: dict[str, Any], method: str, path: str) -> dict[str, str]:
    if path.startswith("/api/v1/dealer/"):
        return portal["dealer"]  # type: ignore[no-any-return]
    return portal["module"] if path.startswith("/api/v1/telematics/") else portal["headers"]


def _url(portal: dict[str, Any], path: str, target: str | None = None, raw: str = "") -> str:
    """``path`` with each ``{param}`` filled (the vehicle's id), ``target`` with ``raw``."""
    for name in re.findall(r"\{(\w+)\}", path):  # every path parameter, routes added later too
        value = raw if name == target else portal["vehicle"]["id"]
        path = path.replace("{" + name + "}", value)
    return path


def _post_body(
    portal: dict[str, Any],
    method: str,
    path: str,
    op: dict,
    leaf: tuple,
    value: Any,
    raw_json: bool = False,
):
    """Send ``value`` at ``leaf``'s path in an otherwise minimal body."""
    where, _schema, ctx = leaf
    base: Any = {}
    if (method, path) == INGEST:
        base = INGEST_BASES[ctx or 0]
    if (method, path) == MUTATIONS and isinstance(ctx, str):
        base = {
            "client_id": "c",
            "mutations": [{"mutation_id": str(uuid.uuid4()), "type": ctx, "payload": {}}],
        }
    body = _set(base, where, value)
    content = json.dumps(body)
    if raw_json:  # the marker becomes a \ud800 escape the JSON decoder turns into a surrogate
        content = content.replace("SURROGATE", SURROGATE)
    return portal["client"].request(
        method.upper(),
        _url(portal, path),
        content=content,
        headers={**_headers(portal, method, path), "Content-Type": "application/json"},
    )


def _assert_refused(r, leaf: tuple, control=None) -> None:
    """422 validation_error naming the field; a per-mutation ``rejected`` for payloads.

    ``control``: the same request without the NUL. Where it does not fault the field,
    the error must be the storable check's own (``string_unstorable``)."""
    where, schema, ctx = leaf
    assert r.status_code < 500, (where, r.text)
    if "payload" in where and isinstance(ctx, str):
        assert r.status_code == 200, (where, r.text)
        (res,) = r.json()["results"]
        assert res["result"] == "rejected" and res["code"] == "validation_error", (where, res)
        assert _field(where[where.index("payload") + 1 :]) in res["detail"], (where, res)
        return
    assert r.status_code == 422, (where, r.status_code, r.text)
    body = r.json()
    name = _field(where)
    # a list or dict field reports on itself: "unmet" for a NUL in unmet[0]
    named = {f for f in body.get("fields", ()) if name == f or name.startswith(f + ".")}
    assert body["code"] == "validation_error" and named, (where, body)
    # "diesel\0" is simply not a member, "...+00:00\0" simply not a date-time
    own_format = bool({"enum", "const", "format"} & set(schema))
    if (
        control is not None
        and not own_format
        and not named & set(control.json().get("fields") or ())
    ):
        types = {e["type"] for e in body["errors"] if e["field"] in named}
        assert types == {"string_unstorable"}, (where, body["errors"])


def _plausible(schema: dict[str, Any]) -> str:
    """A value of the field's own format with a NUL inside (so the NUL is the problem)."""
    if "enum" in schema or "const" in schema:
        return str(schema.get("const", (schema.get("enum") or ["x"])[0])) + NUL
    if schema.get("format") == "date-time":
        return "2024-05-01T12:00:00+00:00" + NUL
    return "a" + NUL + "@example.com"


# -- tests --------------------------------------------------------------------------------


def test_nul_in_any_string_of_any_operation_is_422(portal) -> None:
    """Every string body field, query and path parameter of every operation: a NUL in it
    is 422 ``validation_error`` naming it (before: 500 on PostgreSQL)."""
    spec, client = portal["spec"], portal["client"]
    covered: set[str] = set()
    for method, path, op in _operations(spec):
        if path.startswith(("/rfms/", "/oauth/")):
            continue  # their standards' error bodies: rFMS answers a NUL with 400 (test_rfms)
        for param in op.get("parameters", ()):
            schema = param.get("schema", {})
            if param["in"] not in ("path", "query") or not (
                "string" in _types(schema)
                or any("string" in _types(s) for s in schema.get("anyOf", ()))
            ):
                continue
            if param["in"] == "path":
                url, params = _url(portal, path, param["name"], "a%00b"), {}
            else:
                url, params = _url(portal, path), {param["name"]: "a" + NUL}
            r = client.request(
                method.upper(), url, params=params, headers=_headers(portal, method, path)
            )
            assert r.status_code == 422, (method, path, param["name"], r.status_code, r.text)
            body = r.json()
            assert body["code"] == "validation_error" and param["name"] in body["fields"], body
            assert {e["type"] for e in body["errors"]} == {"string_unstorable"}, body
            covered.add(f"{method} {path} {param['in']}:{param['name']}")
        for leaf in _body_leaves(spec, op, "string"):
            value = _plausible(leaf[1])
            r = _post_body(portal, method, path, op, leaf, value)
            control = _post_body(portal, method, path, op, leaf, value.replace(NUL, ""))
            _assert_refused(r, leaf, control)
            covered.add(f"{method} {path} body:{_field(leaf[0])}")
    # the probe's unauthenticated trio and the ingest are among them
    for must in (
        "post /api/v1/auth/login body:email",
        "post /api/v1/register body:company.name",
        "post /api/v1/auth/password-reset body:email",
        "post /api/v1/telematics/samples body:vin",
        "get /api/v1/changes query:cursor",
        "get /api/v1/vehicles/{vehicle_id} path:vehicle_id",
        "post /api/v1/mutations body:mutations.0.payload.name",
    ):
        assert must in covered, must
    assert len(covered) >= 60, len(covered)


def test_lone_surrogate_in_any_body_string_is_refused(portal) -> None:
    """``"\\ud800"`` in JSON is a lone surrogate once decoded: no UTF-8 encoding exists,
    so both databases fail on it. 400 (the ingest's decoder refuses it) or 422."""
    spec = portal["spec"]
    n = 0
    for method, path, op in _operations(spec):
        for leaf in _body_leaves(spec, op, "string"):
            r = _post_body(portal, method, path, op, leaf, "aSURROGATE", raw_json=True)
            if (method, path) == INGEST:
                assert r.status_code == 400 and r.json()["code"] == "malformed_json", r.text
            else:
                _assert_refused(r, leaf)
            n += 1
    assert n >= 40


def test_integers_beyond_bigint_are_422(portal) -> None:
    """2**63 and -(2**63) - 1 in every integer body field: 422 (``client_seq`` >= 2**63
    was a 500: BIGINT overflow on PostgreSQL, OverflowError in sqlite3)."""
    spec = portal["spec"]
    covered = set()
    for method, path, op in _operations(spec):
        for leaf in _body_leaves(spec, op, "integer"):
            for value in (2**63, -(2**63) - 1):
                r = _post_body(portal, method, path, op, leaf, value)
                _assert_refused(r, leaf)
            covered.add(f"{method} {path} {_field(leaf[0])}")
    assert "post /api/v1/mutations mutations.0.client_seq" in covered
    assert "patch /api/v1/vehicles/{vehicle_id} base_version" in covered
    assert "post /api/v1/telematics/samples samples.0.seq" in covered


def test_every_integer_input_is_documented_bounded(portal) -> None:
    """Each integer parameter and body field states its range (``format: int64`` or a
    minimum and maximum), so clients and fuzzers know the limit the server enforces."""
    spec = portal["spec"]
    for method, path, op in _operations(spec):
        for param in op.get("parameters", ()):
            schema = param.get("schema", {})
            for s in [schema, *schema.get("anyOf", ())]:
                if "integer" in _types(s):
                    assert {"minimum", "maximum"} <= set(s), (method, path, param["name"], s)
        for where, schema, _ctx in _body_leaves(spec, op, "integer"):
            assert schema.get("format") == "int64" or {"minimum", "maximum"} <= set(schema), (
                method,
                path,
                where,
                schema,
            )


def test_every_request_body_model_derives_from_request_model(portal_app) -> None:
    """The storable-value rule lives in RequestModel: a body model that bypasses it would
    reopen the 500s, so every route's body (and nested model) must derive from it."""
    from fastapi.routing import APIRoute
    from pydantic import BaseModel

    def models(tp: Any) -> Iterator[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            yield tp
            for f in tp.model_fields.values():
                yield from models(f.annotation)
        for arg in getattr(tp, "__args__", ()) or ():
            yield from models(arg)

    def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            inner = getattr(route, "original_router", None)  # FastAPI's included routers
            if inner is not None:
                yield from api_routes(inner.routes)

    checked = 0
    for route in api_routes(portal_app.routes):
        if route.body_field is not None:
            for model in models(route.body_field.field_info.annotation):
                assert issubclass(model, RequestModel), (route.path, model)
                checked += 1
    from embedded_server.commands.schemas import PARAMS
    from embedded_server.sync.schemas import PAYLOADS

    for model in [*PAYLOADS.values(), *PARAMS.values()]:
        assert issubclass(model, RequestModel), model
    assert checked >= 10


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_dates_outside_utc_are_422(portal, value) -> None:
    """An instant UTC cannot hold (year 10000 or year 0 in UTC) is 422 on every input that
    takes one (the telemetry query was a 500 on both databases)."""
    client, h, vid = portal["client"], portal["headers"], portal["vehicle"]["id"]
    for name in ("from", "to"):
        r = client.get(f"/api/v1/vehicles/{vid}/telemetry", params={name: value}, headers=h)
        assert r.status_code == 422 and r.json()["fields"] == [name], r.text
    r = client.post(
        "/api/v1/telematics/samples",
        headers=portal["module"],
        json={"vin": VIN1, "samples": [{"seq": 1, "ts": value}]},
    )
    assert r.status_code == 422 and r.json()["fields"] == ["samples.0.ts"], r.text
    r = client.post(
        f"/api/v1/vehicles/{vid}/commands",
        headers=h,
        json={"type": "set_departure_time", "params": {"departure_time": value}},
    )
    assert r.status_code == 422, r.text
    # the edges themselves are fine
    r = client.get(
        f"/api/v1/vehicles/{vid}/telemetry",
        headers=h,
        params={"from": "0001-01-01T00:00:00+00:00", "to": "9999-12-31T23:59:59+00:00"},
    )
    assert r.status_code == 200, r.text


def test_telemetry_cursor_is_parsed_strictly(portal) -> None:
    """A telemetry cursor with a non-ASCII or oversized seq is 422, not a BIGINT error."""
    import base64

    client, h, vid = portal["client"], portal["headers"], portal["vehicle"]["id"]
    for seq in ("\u0663", "9" * 30, "-1", "1_0"):
        raw = f"2024-05-01T12:00:00+00:00|{seq}".encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        r = client.get(f"/api/v1/vehicles/{vid}/telemetry", params={"cursor": cursor}, headers=h)
        assert r.status_code == 422 and r.json()["fields"] == ["cursor"], (seq, r.text)
