"""Rules of the portal's house, checked on its source rather than remembered."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from sqlalchemy import update

from embedded_server.feed import events
from embedded_server.models import User
from embedded_server.sync.registry import REGISTRY
from tests.server.conftest import VIN1

PORTAL = Path(__file__).resolve().parents[2] / "embedded_server"
#: a hand-written tenant criterion (``Vehicle.company_id == ...``) in a query
HAND_TENANT_FILTER = re.compile(r"\b[A-Z]\w*\.company_id\s*(==|!=|\.in_\b|\.is_\b)")


PROJECT = ("embedded_server", "mpro_desktop", "mpro_common")
#: the portal's domain packages; the feed imports none of them
DOMAINS = ("accounts", "commands", "idempotency", "products", "sync", "telemetry", "vehicles")


def _sources() -> list[Path]:
    return sorted(p for p in PORTAL.rglob("*.py") if "migrations" not in p.parts)


def test_the_tenant_filter_is_applied_in_one_place() -> None:
    """Queries limit rows to the caller's company only through ``tenancy.owned`` (and its
    siblings), so a new query cannot forget it."""
    offenders = [
        f"{path.relative_to(PORTAL.parent)}:{n}: {line.strip()}"
        for path in _sources()
        if path.name != "tenancy.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if HAND_TENANT_FILTER.search(line)
    ]
    assert not offenders, "use embedded_server.tenancy.owned():\n" + "\n".join(offenders)


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    if isinstance(node, ast.ImportFrom):  # relative: always the project's own
        return ["embedded_server." + (node.module or "")]
    return []


def test_no_function_level_import_of_a_project_module() -> None:
    """An import inside a function hides a cycle; the import graph stays honest."""
    offenders = []
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                for name in _imported(node):
                    if name.split(".")[0] in PROJECT:
                        offenders.append(f"{path.relative_to(PORTAL.parent)}:{node.lineno} {name}")
    assert not offenders, "move these imports to the top (break the cycle):\n" + "\n".join(
        offenders
    )


def test_the_feed_imports_no_domain_code() -> None:
    offenders = []
    for path in sorted((PORTAL / "feed").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for name in _imported(node):
                parts = name.split(".")
                if parts[0] == "embedded_server" and len(parts) > 1 and parts[1] in DOMAINS:
                    offenders.append(f"{path.name}: {name}")
    assert not offenders


class _Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, Any]] = []

    def publish(self, company_id: str, name: str, data: Any) -> None:
        self.seen.append((company_id, name, data))


def test_events_go_through_the_one_publisher(portal_client: Any, account: Any) -> None:
    """Swap the publisher: a committed change reaches it; a refused request sends nothing."""
    acct = account()
    recorder = _Recorder()
    events.use_publisher(recorder)
    try:
        r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=acct["headers"])
        assert r.status_code == 201
        refused = portal_client.post(
            "/api/v1/vehicles", json={"vin": VIN1}, headers=acct["headers"]
        )
        assert refused.status_code == 409
    finally:
        events.use_publisher(events.IN_PROCESS)
    assert [(c, n) for c, n, _ in recorder.seen] == [(acct["company"]["id"], "change")]


def test_mutation_types_come_from_the_registry(portal_client: Any) -> None:
    """The OpenAPI lists exactly the registered types, and the sync service names none."""
    spec = portal_client.get("/openapi.json").json()
    mutation = spec["components"]["schemas"]["MutationIn"]
    assert set(mutation["properties"]["type"]["enum"]) == set(REGISTRY)
    assert {v["title"] for v in mutation["oneOf"]} == set(REGISTRY)
    service = (PORTAL / "sync" / "service.py").read_text("utf-8")
    assert not [name for name in REGISTRY if f'"{name}"' in service]


def test_no_hand_written_entity_json() -> None:
    """An entity's JSON comes from its ``ResponseModel`` (issue 9, "responses from
    schemas"): a ``*_json`` function beside the schema would be a second spelling."""
    allowed = {"_send_json"}  # the ASGI helper that writes bytes, not an entity
    offenders = [
        f"{path.relative_to(PORTAL.parent)}:{fn.lineno} {fn.name}"
        for path in _sources()
        for fn in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        and fn.name.endswith("_json") and fn.name not in allowed
    ]
    assert not offenders, "describe the entity with a ResponseModel:\n" + "\n".join(offenders)


def test_the_command_vocabulary_is_spelled_only_in_the_domain() -> None:
    """Command types are string literals in ``mpro_desktop/domain/commands.py`` only."""
    from mpro_desktop.domain.commands import COMMAND_TYPES

    root = PORTAL.parent
    offenders = []
    for package in PROJECT:
        for path in sorted((root / package).rglob("*.py")):
            if "domain" in path.parts or "migrations" in path.parts or "cache_migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and node.value in COMMAND_TYPES:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} {node.value!r}")
    assert not offenders, "use mpro_desktop.domain.commands:\n" + "\n".join(offenders)


def _feed(client: Any, headers: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    cursor = None
    while True:
        params = {"cursor": cursor} if cursor else {}
        body = client.get("/api/v1/changes", params=params, headers=headers).json()
        for change in body["changes"]:
            latest[(change["entity"], change["id"])] = change["data"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return latest


def test_the_feed_and_the_rest_answer_carry_one_shape(portal_client: Any, account: Any,
                                                      activate: Any) -> None:
    """Built from one schema each, the change feed's data is the REST answer (minus what
    the schema says the feed leaves out), field for field and value for value."""
    acct = account()
    h = {**acct["headers"], "Accept-Language": "sv"}  # the feed localises products too
    van = portal_client.post("/api/v1/vehicles", headers=h, json={
        "vin": VIN1, "name": "Van 1", "fuel_type": "electric"}).json()
    activate(van["id"], "remote_services")
    sent = portal_client.post(f"/api/v1/vehicles/{van['id']}/commands", headers=h,
                              json={"type": "lock"})
    assert sent.status_code == 202, sent.text
    feed = _feed(portal_client, h)

    rest_vehicle = portal_client.get(f"/api/v1/vehicles/{van['id']}", headers=h).json()
    assert feed[("vehicle", van["id"])] == {k: v for k, v in rest_vehicle.items() if k != "status"}
    command = sent.json()
    assert feed[("command", command["id"])] == portal_client.get(
        f"/api/v1/vehicles/{van['id']}/commands/{command['id']}", headers=h).json()
    company = portal_client.get("/api/v1/company", headers=h).json()
    assert feed[("company", company["id"])] == company
    me = portal_client.get("/api/v1/me", headers=h).json()
    feed_user = feed[("user", me["id"])]
    assert feed_user == {k: me[k] for k in feed_user}
    assert not {"birth_date", "company_id"} & set(feed_user), "personal data stays off the feed"
    products = portal_client.get("/api/v1/products", headers=h).json()
    assert products["items"][0]["name"] == "Portalen"
    for product in products["items"]:
        assert feed[("product", product["id"])] == product


def test_orders_and_subscriptions_feed_their_rest_answer(portal_client: Any, portal_app: Any,
                                                         account: Any) -> None:
    """Commerce entities (issue 11): ``order`` and ``subscription`` in the feed equal
    ``GET /orders`` and ``GET /subscriptions`` item for item."""
    acct = account()
    h = acct["headers"]
    with portal_app.state.session_factory() as s:
        s.execute(update(User).where(User.id == acct["user"]["id"]).values(verified=True))
        s.commit()
    for t in portal_client.get("/api/v1/terms", headers=h).json()["items"]:
        portal_client.post(f"/api/v1/terms/{t['id']}/accept", json={}, headers=h)
    van = portal_client.post("/api/v1/vehicles", headers=h, json={"vin": VIN1}).json()
    r = portal_client.post("/api/v1/orders", headers=h, json={
        "items": [{"product_id": "fleet_pro", "vehicle_ids": [van["id"]], "term_months": 24}]})
    assert r.status_code == 201, r.text
    feed = _feed(portal_client, h)
    for o in portal_client.get("/api/v1/orders", headers=h).json()["items"]:
        assert feed[("order", o["id"])] == o
    subs = portal_client.get("/api/v1/subscriptions", headers=h).json()["items"]
    assert subs
    for s in subs:
        assert feed[("subscription", s["id"])] == s


def test_vehicle_field_limits_come_from_the_domain() -> None:
    """The vehicle limits are ``domain.vehicles``'s numbers, spelled nowhere else."""
    from embedded_server.vehicles.mutations import VehicleAddPayload, VehicleUpdatePayload
    from embedded_server.vehicles.schemas import VehicleCreate, VehicleUpdate
    from mpro_desktop.domain import vehicles as rules

    limits = {"name": rules.NAME_MAX, "license_plate": rules.PLATE_MAX, "model": rules.MODEL_MAX,
              "vin": rules.VIN_INPUT_MAX}
    for model in (VehicleCreate, VehicleUpdate, VehicleAddPayload, VehicleUpdatePayload):
        schema = model.model_json_schema()["properties"]
        for field, limit in limits.items():
            if field in schema:
                found = [s.get("maxLength") for s in schema[field].get("anyOf", [schema[field]])
                         if s.get("type") == "string"]
                assert found == [limit], (model.__name__, field, found)
    source = "\n".join((PORTAL / "vehicles" / name).read_text("utf-8")
                       for name in ("schemas.py", "mutations.py"))
    assert not re.search(r"max_length=\d", source), "use the domain's constants"
