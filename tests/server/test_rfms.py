"""ACEA rFMS 4.0 read API (issue 13, SPEC N4, API.md "Integration") on SQLite and
PostgreSQL: rFMS clients, OAuth 2.0 client credentials, and the three reads, every
answer validated against the standard's own document (``tests/server/rfms_spec.py``)."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from typing import Any

import pytest
from jsonschema import ValidationError
from sqlalchemy import select, update

from embedded_server.rfms.models import RfmsAccessToken, RfmsClient
from tests.server import rfms_spec
from tests.server.conftest import VIN1, VIN2

VIN3 = "W1V9076351P777777"
VIN4 = "W1V9076351P888888"
VIN_B = "YV2A4C2A1LA999999"
T0 = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
ACCEPT = {
    "vehicles": "application/json; rfms=vehicles.v4.0",
    "vehiclepositions": "application/json; rfms=vehiclepositions.v4.0",
    "vehiclestatuses": "application/json; rfms=vehiclestatuses.v4.0",
}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
GRANT = "grant_type=client_credentials&scope=rfms"


def _basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {**FORM, "Authorization": f"Basic {raw}"}


class Fleet:
    """A company with vans and an rFMS client, on the in-process portal."""

    def __init__(self, client: Any, account: Any, activate: Any, name: str) -> None:
        self.client, self.activate = client, activate
        self.acct = account(name)
        self.h = self.acct["headers"]
        self.company_id = self.acct["company"]["id"]
        self.modules: dict[str, dict[str, str]] = {}

    def van(
        self,
        vin: str,
        product: str = "data_interface",
        fuel: str = "diesel",
        name: str | None = None,
    ) -> str:
        body: dict[str, Any] = {"vin": vin, "fuel_type": fuel}
        if name:
            body["name"] = name
        r = self.client.post("/api/v1/vehicles", headers=self.h, json=body)
        assert r.status_code == 201, r.text
        vid = r.json()["id"]
        token = self.activate(vid, product, company_id=self.company_id)
        self.modules[vin] = {"Authorization": f"Bearer {token}"}
        return vid

    def send(self, vin: str, samples: list[dict[str, Any]]) -> None:
        r = self.client.post(
            "/api/v1/telematics/samples",
            headers=self.modules[vin],
            json={"vin": vin, "samples": samples},
        )
        assert r.status_code == 200, r.text

    def new_client(self, name: str = "TMS") -> dict[str, Any]:
        r = self.client.post(
            "/api/v1/integrations/rfms-clients", headers=self.h, json={"name": name}
        )
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def token(self, created: dict[str, Any]) -> str:
        r = self.client.post(
            "/oauth/token",
            content=GRANT,
            headers=_basic(created["client_id"], created["client_secret"]),
        )
        assert r.status_code == 200, r.text
        return r.json()["access_token"]  # type: ignore[no-any-return]


def _read(client: Any, token: str, resource: str, accept: str | None = None, **params: Any) -> Any:
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": accept if accept is not None else ACCEPT[resource],
    }
    return client.get(f"/rfms/{resource}", headers=headers, params=params)


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return rfms_spec.validate_response(response)  # type: ignore[no-any-return]


def _refused(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = rfms_spec.validate_response(response)
    assert body["error"] and body["error_description"]
    return body  # type: ignore[no-any-return]


@pytest.fixture
def paged(portal_app: Any) -> Any:
    """rFMS pages of two items, so paging shows with a few vans."""
    portal_app.state.settings = dataclasses.replace(portal_app.state.settings, rfms_page_size=2)
    return portal_app


@pytest.fixture
def fleet(paged: Any, portal_client: Any, account: Any, activate: Any) -> Fleet:
    return Fleet(portal_client, account, activate, "Alfa Åkeri AB")


# ----------------------------------------------------------------------------- clients


def test_admin_creates_lists_and_revokes_clients_secret_shown_once(
    fleet: Fleet, portal_app: Any
) -> None:
    c = fleet.client
    created = fleet.new_client("Transportledning")
    assert {"id", "client_id", "client_secret", "name"} <= set(created)
    listed = c.get("/api/v1/integrations/rfms-clients", headers=fleet.h)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["client_id"] for i in items] == [created["client_id"]]
    assert "client_secret" not in items[0] and created["client_secret"] not in listed.text
    with portal_app.state.session_factory() as s:
        row = s.scalars(select(RfmsClient)).one()
        assert (
            row.secret_hash.startswith("$argon2id$")
            and created["client_secret"] not in row.secret_hash
        )
    assert (
        c.delete(f"/api/v1/integrations/rfms-clients/{created['id']}", headers=fleet.h).status_code
        == 204
    )
    again = c.get("/api/v1/integrations/rfms-clients", headers=fleet.h).json()["items"]
    assert again[0]["revoked_at"] is not None
    audit = c.get("/api/v1/audit", headers=fleet.h, params={"action": "rfms_client."}).json()
    assert {e["action"] for e in audit["items"]} == {"rfms_client.created", "rfms_client.revoked"}


def test_another_companys_client_is_not_found(fleet: Fleet, account: Any) -> None:
    created = fleet.new_client()
    other = account("Beta Bud AB")["headers"]
    c = fleet.client
    assert (
        c.delete(f"/api/v1/integrations/rfms-clients/{created['id']}", headers=other).status_code
        == 404
    )
    assert c.get("/api/v1/integrations/rfms-clients", headers=other).json()["items"] == []


def test_client_name_is_checked(fleet: Fleet) -> None:
    for body in ({"name": ""}, {"name": "x" * 101}, {}, {"name": "ok", "extra": 1}):
        r = fleet.client.post("/api/v1/integrations/rfms-clients", headers=fleet.h, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["code"] == "validation_error"


# ------------------------------------------------------------------------------- OAuth


def test_token_by_basic_or_form_fields(fleet: Fleet) -> None:
    c, created = fleet.client, fleet.new_client()
    r = c.post(
        "/oauth/token",
        content=GRANT,
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "rfms"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    assert r.headers["cache-control"] == "no-store"
    r = c.post(
        "/oauth/token",
        headers=FORM,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["access_token"] != body["access_token"]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ("grant_type=password&username=a&password=b", 400, "unsupported_grant_type"),
        ("scope=rfms", 400, "invalid_request"),
        ("grant_type=client_credentials&grant_type=client_credentials", 400, "invalid_request"),
        ("grant_type=client_credentials&scope=admin", 400, "invalid_scope"),
        ("grant_type=client_credentials", 401, "invalid_client"),
    ],
)
def test_token_request_errors_follow_rfc6749(
    fleet: Fleet, body: str, status: int, error: str
) -> None:
    r = fleet.client.post("/oauth/token", content=body, headers=FORM)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error and r.json()["error_description"]
    assert r.headers["content-type"].startswith("application/json")


def test_token_refuses_json_both_methods_and_wrong_secret(fleet: Fleet) -> None:
    c, created = fleet.client, fleet.new_client()
    r = c.post("/oauth/token", json={"grant_type": "client_credentials"})
    assert (r.status_code, r.json()["error"]) == (400, "invalid_request")
    both = c.post(
        "/oauth/token",
        content=f"{GRANT}&client_id={created['client_id']}",
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert (both.status_code, both.json()["error"]) == (400, "invalid_request")
    wrong = c.post("/oauth/token", content=GRANT, headers=_basic(created["client_id"], "guess"))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    assert wrong.headers["www-authenticate"].startswith("Basic")
    unknown = c.post("/oauth/token", content=GRANT, headers=_basic("rfms_nobody", "guess"))
    assert (unknown.status_code, unknown.json()) == (401, wrong.json())
    bad64 = c.post("/oauth/token", content=GRANT, headers={**FORM, "Authorization": "Basic !!"})
    assert (bad64.status_code, bad64.json()["error"]) == (401, "invalid_client")


def test_guessing_a_secret_is_throttled_like_the_sign_in(fleet: Fleet) -> None:
    c, created = fleet.client, fleet.new_client()
    limit = fleet.client.app.state.settings.login_max_failures
    codes = [
        c.post(
            "/oauth/token", content=GRANT, headers=_basic(created["client_id"], f"guess{i}")
        ).status_code
        for i in range(limit)
    ]
    assert codes == [401] * (limit - 1) + [429]
    r = c.post(
        "/oauth/token",
        content=GRANT,
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0  # even the right one


def test_revoked_client_and_its_tokens_stop_at_once(fleet: Fleet) -> None:
    created = fleet.new_client()
    token = fleet.token(created)
    _ok(_read(fleet.client, token, "vehicles"))
    fleet.client.delete(f"/api/v1/integrations/rfms-clients/{created['id']}", headers=fleet.h)
    assert _refused(_read(fleet.client, token, "vehicles"), 401)["error"] == "InvalidAccessToken"
    r = fleet.client.post(
        "/oauth/token",
        content=GRANT,
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert (r.status_code, r.json()["error"]) == (401, "invalid_client")


def test_expired_token_is_refused(fleet: Fleet, portal_app: Any) -> None:
    token = fleet.token(fleet.new_client())
    with portal_app.state.session_factory() as s:
        s.execute(
            update(RfmsAccessToken).values(
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            )
        )
        s.commit()
    assert _refused(_read(fleet.client, token, "vehicles"), 401)["error"] == "ExpiredAccessToken"


def test_portal_user_token_and_missing_token(fleet: Fleet) -> None:
    assert _refused(_read(fleet.client, fleet.acct["token"], "vehicles"), 401)
    r = fleet.client.get("/rfms/vehicles", headers={"Accept": ACCEPT["vehicles"]})
    assert _refused(r, 400)["error"] == "NoBearerToken"


# ------------------------------------------------------------------------------ reads


def _fleet_with_vans(fleet: Fleet, account: Any) -> tuple[str, Fleet]:
    """Alfa: VIN1, VIN2, VIN3 (diesel, eVan, diesel) with Data interface, VIN4 with only
    Fleet management; Beta: VIN_B with Data interface. Returns Alfa's token."""
    fleet.van(VIN1, name="Van 1")
    fleet.van(VIN2, fuel="electric")
    fleet.van(VIN3)
    fleet.van(VIN4, product="fleet_management")
    beta = Fleet(fleet.client, account, fleet.activate, "Beta Bud AB")
    beta.van(VIN_B)
    beta.send(VIN_B, [{"seq": 1, "ts": T0.isoformat(), "lat": 59.3, "lon": 18.0}])
    return fleet.token(fleet.new_client()), beta


def test_vehicles_pages_by_last_vin_and_shows_only_data_interface(
    fleet: Fleet, account: Any
) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    first = _ok(_read(fleet.client, token, "vehicles"))
    assert [v["vin"] for v in first["vehicleResponse"]["vehicles"]] == [VIN1, VIN2]
    assert first["moreDataAvailable"] is True
    assert first["moreDataAvailableLink"] == f"/rfms/vehicles?lastVin={VIN2}"
    assert first["vehicleResponse"]["vehicles"][0] == {
        "vin": VIN1,
        "customerVehicleName": "Van 1",
        "type": "VAN",
        "possibleFuelType": ["04"],
        "authorizedPaths": ["/vehicles", "/vehiclepositions", "/vehiclestatuses"],
    }
    second = _ok(_read(fleet.client, token, "vehicles", lastVin=VIN2))
    assert [v["vin"] for v in second["vehicleResponse"]["vehicles"]] == [VIN3]
    assert second["moreDataAvailable"] is False and "moreDataAvailableLink" not in second


def test_vin_of_another_company_is_unknown_and_own_without_product_no_access(
    fleet: Fleet, account: Any
) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    for resource in ("vehiclepositions", "vehiclestatuses"):
        r = _read(fleet.client, token, resource, vin=VIN_B, latestOnly="true")
        assert _refused(r, 404)["error"] == "UnknownVin"
        r = _read(fleet.client, token, resource, vin=VIN4, latestOnly="true")
        assert _refused(r, 403)["error"] == "NoAccess"


def _positions_samples(fleet: Fleet) -> None:
    for k, vin in enumerate((VIN1, VIN2, VIN3)):
        fleet.send(
            vin,
            [
                {
                    "seq": i,
                    "ts": (T0 + dt.timedelta(seconds=10 * i + k)).isoformat(),
                    "lat": (5770 + i) / 100,
                    "lon": 11.9,
                    "speed_kmh": 40.0 + i,
                }
                for i in range(3)
            ],
        )
    fleet.send(VIN4, [{"seq": 0, "ts": T0.isoformat(), "lat": 1.0, "lon": 1.0}])


def test_latest_positions_page_by_vin_and_match_the_standard(fleet: Fleet, account: Any) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    _positions_samples(fleet)
    first = _ok(_read(fleet.client, token, "vehiclepositions", latestOnly="true"))
    got = first["vehiclePositionResponse"]["vehiclePositions"]
    assert [p["vin"] for p in got] == [VIN1, VIN2] and first["moreDataAvailable"] is True
    assert got[0]["gnssPosition"] == {
        "latitude": 57.72,
        "longitude": 11.9,
        "positionDateTime": "2026-03-02T07:00:20Z",
    }
    assert got[0]["wheelBasedSpeed"] == 42.0
    assert got[0]["triggerType"] == {"triggerType": "TIMER", "context": "RFMS"}
    assert got[0]["createdDateTime"] == "2026-03-02T07:00:20Z"
    link = first["moreDataAvailableLink"]
    assert link == f"/rfms/vehiclepositions?latestOnly=true&lastVin={VIN2}"
    rest = _ok(
        fleet.client.get(
            link, headers={"Authorization": f"Bearer {token}", "Accept": ACCEPT["vehiclepositions"]}
        )
    )
    assert [p["vin"] for p in rest["vehiclePositionResponse"]["vehiclePositions"]] == [VIN3]
    assert rest["moreDataAvailable"] is False


def test_history_pages_follow_the_link_and_lose_nothing(fleet: Fleet, account: Any) -> None:
    """Created times 0..20 s apart over three vans plus two in one second: pages of 2,
    each ending at a whole second; following the links returns each report once."""
    token, _beta = _fleet_with_vans(fleet, account)
    _positions_samples(fleet)
    fleet.send(
        VIN1,
        [
            {
                "seq": 10,
                "ts": (T0 + dt.timedelta(seconds=30.2)).isoformat(),
                "lat": 1.0,
                "lon": 2.0,
            },
            {
                "seq": 11,
                "ts": (T0 + dt.timedelta(seconds=30.7)).isoformat(),
                "lat": 1.0,
                "lon": 2.0,
            },
        ],
    )
    headers = {"Authorization": f"Bearer {token}", "Accept": ACCEPT["vehiclepositions"]}
    seen: list[tuple[str, str]] = []
    r = _read(
        fleet.client,
        token,
        "vehiclepositions",
        datetype="created",
        starttime="2026-03-02T07:00:00Z",
        stoptime="2026-03-02T08:00:00Z",
    )
    pages = 0
    while True:
        body = _ok(r)
        pages += 1
        seen += [
            (p["vin"], p["createdDateTime"])
            for p in body["vehiclePositionResponse"]["vehiclePositions"]
        ]
        if not body["moreDataAvailable"]:
            break
        assert "stoptime=" in body["moreDataAvailableLink"]
        r = fleet.client.get(body["moreDataAvailableLink"], headers=headers)
    assert len(seen) == 11 and len(set(seen) | {("x", "y")}) == 11  # the 30.x pair shares a second
    assert pages >= 4 and VIN4 not in {v for v, _ in seen} and VIN_B not in {v for v, _ in seen}
    assert sorted(seen, key=lambda s: s[1]) == sorted(seen, key=lambda s: s[1])
    times = [t for _, t in seen]
    assert times == sorted(times)


def test_history_by_received_time_and_empty_window(fleet: Fleet, account: Any) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    _positions_samples(fleet)  # received now, created in March
    before = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {"Authorization": f"Bearer {token}", "Accept": ACCEPT["vehiclepositions"]}
    r = _read(fleet.client, token, "vehiclepositions", starttime=before)
    seen: list[tuple[str, str]] = []
    while True:  # pages of 2, but one ingest's samples share a received second
        body = _ok(r)
        assert body["requestServerDateTime"].endswith("Z")
        items = body["vehiclePositionResponse"]["vehiclePositions"]
        assert len(items) >= 2 and all(i["receivedDateTime"] >= before for i in items)
        seen += [(i["vin"], i["createdDateTime"]) for i in items]
        if not body["moreDataAvailable"]:
            break
        r = fleet.client.get(body["moreDataAvailableLink"], headers=headers)
    assert len(seen) == len(set(seen)) == 9  # 3 vans x 3 samples, each once; VIN4 never
    assert {v for v, _ in seen} == {VIN1, VIN2, VIN3}
    empty = _ok(
        _read(
            fleet.client,
            token,
            "vehiclepositions",
            starttime="2020-01-01T00:00:00Z",
            stoptime="2020-01-02T00:00:00Z",
        )
    )
    assert empty["vehiclePositionResponse"]["vehiclePositions"] == []
    assert empty["moreDataAvailable"] is False


def test_statuses_carry_the_standards_fields_and_units(fleet: Fleet, account: Any) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    fleet.send(
        VIN1,
        [
            {
                "seq": 1,
                "ts": T0.isoformat(),
                "lat": 57.7,
                "lon": 11.9,
                "speed_kmh": 0.0,
                "odometer_km": 12345.6,
                "fuel_level_pct": 9.5,
                "range_km": 88.0,
                "outside_temp_c": -3.5,
                "tyre_fl_kpa": 300.0,
                "tyre_fr_kpa": 450.0,
                "tyre_rl_kpa": 450.0,
                "tyre_rr_kpa": 450.0,
            }
        ],
    )
    fleet.send(
        VIN2,
        [
            {
                "seq": 1,
                "ts": T0.isoformat(),
                "soc_pct": 76.0,
                "odometer_km": 10.0,
                "plug_state": "connected",
                "range_km": 150.9,
            }
        ],
    )
    body = _ok(_read(fleet.client, token, "vehiclestatuses", latestOnly="true"))
    by_vin = {s["vin"]: s for s in body["vehicleStatusResponse"]["vehicleStatuses"]}
    diesel, evan = by_vin[VIN1], by_vin[VIN2]
    assert diesel["hrTotalVehicleDistance"] == 12345600
    snap = diesel["snapshotData"]
    assert snap["fuelLevel1"] == 9.5 and snap["ambientAirTemperature"] == -3.5
    assert snap["estimatedDistanceToEmpty"] == {"total": 88000, "fuel": 88000}
    assert snap["gnssPosition"]["latitude"] == 57.7 and snap["fuelType"] == "04"
    assert diesel["uptimeData"]["tellTaleInfo"] == [
        {"tellTale": "FUEL_LEVEL", "state": "YELLOW"},
        {"tellTale": "TIRE_MALFUNCTION", "state": "RED"},
    ]
    assert "accumulatedData" not in diesel  # the portal keeps no such counters
    e = evan["snapshotData"]
    assert e["hybridBatteryPackRemainingCharge"] == 76.0
    assert e["batteryPackChargingConnectionStatus"] == "CONNECTED"
    assert e["estimatedDistanceToEmpty"] == {"total": 150900, "batteryPack": 150900}
    assert "uptimeData" not in evan and "fuelLevel1" not in e


def test_status_content_and_trigger_filters(fleet: Fleet, account: Any) -> None:
    token, _beta = _fleet_with_vans(fleet, account)
    fleet.send(
        VIN1,
        [
            {
                "seq": 1,
                "ts": T0.isoformat(),
                "lat": 57.7,
                "lon": 11.9,
                "fuel_level_pct": 50.0,
                "odometer_km": 5.0,
            }
        ],
    )
    c = fleet.client

    def statuses(**params: Any) -> list[dict[str, Any]]:
        body = _ok(_read(c, token, "vehiclestatuses", latestOnly="true", **params))
        return body["vehicleStatusResponse"]["vehicleStatuses"]

    only_snapshot = statuses(contentFilter="SNAPSHOT")
    assert [s["vin"] for s in only_snapshot] == [VIN1]
    assert "snapshotData" in only_snapshot[0] and "uptimeData" not in only_snapshot[0]
    assert statuses(contentFilter="ACCUMULATED") == []
    assert [s["vin"] for s in statuses(contentFilter="UPTIME,SNAPSHOT")] == [VIN1]
    assert statuses(triggerFilter="IGNITION_ON,ENGINE_ON") == []
    assert [s["vin"] for s in statuses(triggerFilter="TIMER,IGNITION_ON")] == [VIN1]
    positions = _ok(
        _read(c, token, "vehiclepositions", latestOnly="true", triggerFilter="IGNITION_OFF")
    )
    assert positions["vehiclePositionResponse"]["vehiclePositions"] == []


BAD_QUERIES = [
    {},
    {"latestOnly": "false"},
    {"latestOnly": "true", "starttime": "2026-03-02T07:00:00Z"},
    {"latestOnly": "true", "stoptime": "2026-03-02T07:00:00Z"},
    {"stoptime": "2026-03-02T07:00:00Z"},
    {"starttime": "yesterday"},
    {"starttime": "2026-03-02"},
    {"starttime": "2026-03-02T07:00:00Z", "stoptime": "2026-03-02T06:00:00Z"},
    {"starttime": "2026-03-02T07:00:00Z", "datetype": "sent"},
    {"latestOnly": "maybe"},
    {"latestOnly": "true", "triggerFilter": "TIMER,NOT_A_TRIGGER"},
    {"latestOnly": "true", "vin": "X" * 18},
    {"latestOnly": "true", "vin": "A\x00B"},
    {"latestOnly": "true", "lastVin": ""},
]


def test_every_400_rule_answers_the_standards_error(fleet: Fleet) -> None:
    token = fleet.token(fleet.new_client())
    for resource in ("vehiclepositions", "vehiclestatuses"):
        for params in BAD_QUERIES:
            r = _read(fleet.client, token, resource, **params)
            assert r.status_code == 400, (resource, params, r.text)
            _refused(r, 400)


def test_more_400_rules(fleet: Fleet) -> None:
    token, c = fleet.token(fleet.new_client()), fleet.client
    _refused(_read(c, token, "vehiclestatuses", latestOnly="true", contentFilter="EVERYTHING"), 400)
    twice = c.get(
        "/rfms/vehiclestatuses?latestOnly=true&latestOnly=true",
        headers={"Authorization": f"Bearer {token}", "Accept": ACCEPT["vehiclestatuses"]},
    )
    _refused(twice, 400)
    long_id = {
        "Authorization": f"Bearer {token}",
        "Accept": ACCEPT["vehicles"],
        "X-Correlation-Id": "c" * 41,
    }
    _refused(c.get("/rfms/vehicles", headers=long_id), 400)
    _refused(_read(c, token, "vehicles", lastVin="Z\x00"), 400)


def test_any_other_accept_is_406(fleet: Fleet) -> None:
    token = fleet.token(fleet.new_client())
    for resource, accept in [
        ("vehicles", ""),
        ("vehicles", "application/json"),
        ("vehicles", "*/*"),
        ("vehicles", "application/json; rfms=vehicles.v3.0"),
        ("vehicles", "application/json; rfms=vehiclestatuses.v4.0"),
        ("vehicles", "application/json; rfms=vehicles.v4.0; q=0"),
        ("vehiclepositions", ACCEPT["vehicles"]),
        ("vehiclestatuses", "text/html"),
    ]:
        r = _read(fleet.client, token, resource, accept=accept, latestOnly="true")
        assert r.status_code == 406, (resource, accept, r.text)
        assert _refused(r, 406)["error"] == "UnsupportedAcceptParameter"


def test_accept_list_with_the_media_type_is_served(fleet: Fleet) -> None:
    token = fleet.token(fleet.new_client())
    r = _read(
        fleet.client,
        token,
        "vehicles",
        accept="text/html, application/json;rfms=vehicles.v4.0;q=0.5",
    )
    assert r.headers["content-type"] == ACCEPT["vehicles"]
    _ok(r)


def test_the_repository_copy_of_the_standard_is_the_shared_file() -> None:
    """The copy the tests fall back to in a clean clone is byte for byte the original."""
    if not rfms_spec.SHARED.exists():
        pytest.skip("no /work/shared here (a clean clone): the copy is the reference")
    assert rfms_spec.REPO_COPY.read_bytes() == rfms_spec.SHARED.read_bytes()


def test_the_validator_rejects_what_the_standard_does_not_define() -> None:
    """The check has teeth: a misspelt field, a missing required one, a wrong type."""
    good = {"vehicleResponse": {"vehicles": [{"vin": VIN1}]}, "moreDataAvailable": False}
    rfms_spec.validate("/vehicles", 200, ACCEPT["vehicles"], good)
    for bad in (
        {
            "vehicleResponse": {"vehicles": [{"vin": VIN1, "customerName": "x"}]},
            "moreDataAvailable": False,
        },
        {"vehicleResponse": {"vehicles": [{"vin": VIN1}]}},
        {"vehicleResponse": {"vehicles": [{"vin": 1}]}, "moreDataAvailable": False},
    ):
        with pytest.raises(ValidationError):
            rfms_spec.validate("/vehicles", 200, ACCEPT["vehicles"], bad)
    status = {
        "vehicleStatusResponse": {
            "vehicleStatuses": [
                {
                    "vin": VIN1,
                    "triggerType": {"triggerType": "TIMER", "context": "RFMS"},
                    "createdDateTime": "not a time",
                    "receivedDateTime": "2026-03-02T07:00:00Z",
                }
            ]
        },
        "moreDataAvailable": False,
        "requestServerDateTime": "2026-03-02T07:00:00Z",
    }
    with pytest.raises(ValidationError):
        rfms_spec.validate("/vehiclestatuses", 200, ACCEPT["vehiclestatuses"], status)
