"""Schemathesis against a REAL portal process on SQLite and PostgreSQL (issue 8 "Also").

Every operation of the portal's own OpenAPI gets generated and coverage-driven requests
(valid admin token; the telematics routes a valid module token) and must give no 5xx,
only documented statuses and content types, and a 405 with a complete ``Allow`` for an
undocumented method. Bounded: ``MAX_EXAMPLES`` per operation and ``MAX_TIME_S`` per
database. Needs the ``schemathesis`` package (``test`` extras); skipped without it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from embedded_server.dealer.service import create_dealer
from tests.server.conftest import VIN1, VIN2

pytestmark = pytest.mark.slow
pytest.importorskip("schemathesis")

MAX_EXAMPLES = int(os.environ.get("MPRO_SCHEMATHESIS_EXAMPLES", "15"))
MAX_TIME_S = int(os.environ.get("MPRO_SCHEMATHESIS_MAX_TIME_S", "75"))
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "unsupported_method",
        "allow_header_conformance",
    )
)


def _config(
    tmp_path: Path, admin: str, module: str, vehicle_id: str, spare_id: str, dealer: str,
    leaver: str, rfms: str,
) -> Path:
    """Admin token for the desktop API, the module token for the telematics routes, a
    dealer's token for the dealer counter; DELETE and module provisioning act on
    ``spare_id``, not the vehicle whose module token the ingest uses; the company deletion
    runs as another company's admin (``leaver``): the fuzzer does reach its confirmation
    (the code is in the request's answer), and that ends every token of the company."""
    path = tmp_path / "schemathesis.toml"
    path.write_text(
        f'''
request-timeout = 20.0
# a real vehicle, so PATCH, commands and telemetry get past the 404
parameters = {{ "path.vehicle_id" = "{vehicle_id}" }}

[[operations]]
exclude-path-regex = "^(/api/v1/((telematics|dealer)/|company/deletion)|/rfms/)"
headers = {{ Authorization = "Bearer {admin}" }}

[[operations]]
include-path-regex = "^/api/v1/company/deletion"
headers = {{ Authorization = "Bearer {leaver}" }}

[[operations]]
include-path = "/api/v1/vehicles/{{vehicle_id}}/module"
parameters = {{ "path.vehicle_id" = "{spare_id}" }}

[[operations]]
include-path-regex = "^/api/v1/dealer/"
headers = {{ Authorization = "Bearer {dealer}" }}

[[operations]]
include-path-regex = "^/api/v1/telematics/"
headers = {{ Authorization = "Bearer {module}" }}

[[operations]]
include-method = "DELETE"
parameters = {{ "path.vehicle_id" = "{spare_id}" }}

[[operations]]
include-path = "/rfms/vehicles"
headers = {{ Authorization = "Bearer {rfms}", Accept = "application/json; rfms=vehicles.v4.0" }}

[[operations]]
include-path = "/rfms/vehiclepositions"
headers = {{ Authorization = "Bearer {rfms}", Accept = "application/json; rfms=vehiclepositions.v4.0" }}

[[operations]]
include-path = "/rfms/vehiclestatuses"
headers = {{ Authorization = "Bearer {rfms}", Accept = "application/json; rfms=vehiclestatuses.v4.0" }}

[[operations]]
include-path = "/api/v1/telematics/commands"
parameters = {{ "query.wait" = 0, "query.vin" = "{VIN1}" }}

[[operations]]
include-path = "/api/v1/telematics/samples"
parameters = {{ "body.vin" = "{VIN1}" }}
''',
        encoding="utf-8",
    )
    return path


def _only_401(stdout: str) -> set[str]:
    """Operations schemathesis saw answer nothing but 401/403 (its warning's list)."""
    lines = stdout.splitlines()
    out: set[str] = set()
    for i, line in enumerate(lines):
        if line.strip().startswith(("401 Unauthorized", "403 Forbidden")):
            for item in lines[i + 1 :]:
                if not item.strip().startswith("- "):
                    break
                out.add(item.strip()[2:])
    return out


def test_schemathesis_finds_no_5xx_and_no_undocumented_answer(
    live_portal_factory, portal_db_url, portal_app, activate, tmp_path
) -> None:
    """``activate`` books the module on the same database (its in-process app migrates it
    first; the portal process then serves it)."""
    portal = live_portal_factory(database_url=portal_db_url)
    acct = portal.register("Schemathesis AB")
    ids = []
    with portal.client() as c:
        for vin in (VIN1, VIN2):
            r = c.post("/api/v1/vehicles", json={"vin": vin}, headers=portal.headers(acct["token"]))
            assert r.status_code == 201, r.text
            ids.append(r.json()["id"])
    activate(ids[0], "remote_services")  # so commands get past 403 product_required
    with portal_app.state.session_factory() as s:
        create_dealer(s, dealer_id="ST-1", name="Schemathesis Bil AB",
                      email="dealer@schemathesis.example.com", password="dealer password")
        s.commit()
    with portal.client() as c:
        r = c.post("/api/v1/dealer/login", json={"email": "dealer@schemathesis.example.com",
                                                 "password": "dealer password"})
        assert r.status_code == 200, r.text
        dealer = r.json()["access_token"]
    leaver = portal.register("Avveckling AB")["token"]
    activate(ids[1], "data_interface")  # so the rFMS reads have a vehicle to show
    with portal.client() as c:
        r = c.post("/api/v1/integrations/rfms-clients", json={"name": "Fuzzer"},
                   headers=portal.headers(acct["token"]))
        assert r.status_code == 201, r.text
        created = r.json()
        r = c.post("/oauth/token", data={"grant_type": "client_credentials"},
                   auth=(created["client_id"], created["client_secret"]))
        assert r.status_code == 200, r.text
        rfms = r.json()["access_token"]
    config = _config(tmp_path, acct["token"], activate(ids[0]), *ids, dealer, leaver, rfms)
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{portal.url}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--max-time",
        str(MAX_TIME_S),
        "--phases",
        "examples,coverage,fuzzing",
        "--generation-database",
        "none",
        # the SSE stream never ends by itself; tests/server/test_stream_* cover it
        "--exclude-path",
        "/api/v1/stream",
    ]
    done = subprocess.run(
        cmd, capture_output=True, text=True, timeout=MAX_TIME_S + 240, cwd=tmp_path, check=False
    )
    report = done.stdout[-15000:] + done.stderr[-3000:]
    assert done.returncode == 0, report
    assert " passed" in done.stdout and "Tested:" in done.stdout, report
    # the tokens worked: only sign-in with generated credentials answered nothing but 401
    # (and a support session, which needs a user's support password no generator guesses,
    # and the order confirmation, which needs such a session: 403 support_session_required)
    assert _only_401(done.stdout) <= {
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/dealer/login",
        # client credentials no generator guesses (tests/server/test_rfms.py has real ones)
        "POST /oauth/token",
        "POST /api/v1/dealer/support-sessions", "POST /api/v1/dealer/orders/{order_id}/confirm",
        # the fuzzer picks up the admin's own id from answers: acting on oneself is 403 by
        # rule (self_role_change R3, self_delete R14), whatever the body
        "PUT /api/v1/users/{user_id}/roles", "DELETE /api/v1/users/{user_id}",
    }, report
