"""``/healthz``, ``/readyz`` and ``/metrics`` (issue 13), on SQLite and PostgreSQL: ready
only while the database answers at the migrations' head, metrics in Prometheus' own text
format (read back with prometheus-client's parser), an optional token for ``/metrics``."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.engine import make_url

from embedded_server.app import create_app
from embedded_server.config import Settings
from tests.portal_fixtures import portal_database
from tests.server.conftest import VIN1


def _families(client: Any) -> dict[str, Any]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(r.text)}


def _value(families: dict[str, Any], family: str, sample: str, **labels: str) -> float:
    return sum(s.value for s in families[family].samples
               if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()))


def test_metrics_count_requests_by_route_and_samples(portal_client, account, activate) -> None:
    acct = account()
    h = acct["headers"]
    before = _families(portal_client)
    vehicle = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()
    token = activate(vehicle["id"])
    now = dt.datetime.now(dt.UTC)
    samples = [{"seq": i, "ts": (now - dt.timedelta(seconds=5 - i)).isoformat(), "speed_kmh": 5.0}
               for i in range(5)]
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": samples},
                           headers={"Authorization": f"Bearer {token}"})
    assert r.json() == {"accepted": 5, "duplicates": 0}
    assert portal_client.get(f"/api/v1/vehicles/{vehicle['id']}", headers=h).status_code == 200
    assert portal_client.get("/api/v1/vehicles/nope", headers=h).status_code == 404
    assert portal_client.get("/no/such/path").status_code == 404
    after = _families(portal_client)
    ingested = "mpro_ingest_samples", "mpro_ingest_samples_total"
    assert _value(after, *ingested) - _value(before, *ingested) == 5
    latency = "mpro_http_request_duration_seconds", "mpro_http_request_duration_seconds_count"
    by_template = _value(after, *latency, method="GET", route="/api/v1/vehicles/{vehicle_id}")
    assert by_template - _value(before, *latency, method="GET",
                                route="/api/v1/vehicles/{vehicle_id}") == 2
    assert _value(after, *latency, route="unmatched", status="4xx") >= 1
    assert not any("nope" in s.labels.get("route", "") or "/no/such" in s.labels.get("route", "")
                   for s in after["mpro_http_request_duration_seconds"].samples)
    lag = "mpro_event_fanout_lag_seconds", "mpro_event_fanout_lag_seconds_count"
    assert _value(after, *lag, event="telemetry") > _value(before, *lag, event="telemetry")


def test_metrics_behind_a_token_when_one_is_set(portal_db_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail"),
                              metrics_token="metrics-secret-1"))
    try:
        with TestClient(app) as c:
            assert c.get("/metrics").status_code == 401
            wrong = c.get("/metrics", headers={"Authorization": "Bearer metrics-secret-2"})
            assert wrong.status_code == 401 and wrong.json()["code"] == "unauthorized"
            ok = c.get("/metrics", headers={"Authorization": "Bearer metrics-secret-1"})
            assert ok.status_code == 200 and "mpro_sse_clients" in ok.text
            assert c.get("/healthz").json() == {"status": "ok"}
    finally:
        app.state.engine.dispose()


def test_readyz_wants_the_schema_at_head(portal_client, portal_app) -> None:
    assert portal_client.get("/readyz").json() == {"status": "ready"}
    with portal_app.state.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0020'"))
    try:
        r = portal_client.get("/readyz")
        assert r.status_code == 503 and r.json()["code"] == "not_ready"
        assert "0020" in r.json()["detail"] and head in r.json()["detail"]
        assert portal_client.get("/healthz").status_code == 200, "the process itself is fine"
    finally:
        with portal_app.state.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert portal_client.get("/readyz").status_code == 200


class TcpRelay:
    """A plain TCP relay to PostgreSQL that the test can cut and restore (on one port)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def start(self) -> None:
        lst = socket.socket()
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind(("127.0.0.1", self.port))
        lst.listen(64)
        self.port = lst.getsockname()[1]
        self._listener = lst
        threading.Thread(target=self._accept, args=(lst,), daemon=True).start()

    def _accept(self, lst: socket.socket) -> None:
        while True:
            try:
                client, _ = lst.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        """The database goes away: no new connections, the open ones are reset."""
        assert self._listener is not None
        try:  # wakes the thread blocked in accept() (close alone would leave it listening)
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.fixture
def relayed_pg(tmp_path: Path) -> Iterator[tuple[str, TcpRelay]]:
    if not os.environ.get("MPRO_TEST_PG_URL"):
        pytest.skip("MPRO_TEST_PG_URL not set")
    with portal_database("postgresql", tmp_path) as url:
        parsed = make_url(url)
        relay = TcpRelay((parsed.host or "127.0.0.1", parsed.port or 5432))
        relay.start()
        try:
            yield parsed.set(port=relay.port).render_as_string(hide_password=False), relay
        finally:
            relay.cut()


@pytest.mark.pg
def test_readyz_is_503_while_the_database_is_unreachable(relayed_pg, tmp_path: Path) -> None:
    url, relay = relayed_pg
    app = create_app(Settings(database_url=url, mail_dir=str(tmp_path / "mail")))
    try:
        with TestClient(app, raise_server_exceptions=False) as c:
            assert c.get("/readyz").json() == {"status": "ready"}
            relay.cut()
            r = c.get("/readyz")
            assert r.status_code == 503 and r.json()["code"] == "not_ready"
            assert r.headers["content-type"] == "application/problem+json"
            assert "unreachable" in r.json()["detail"] and r.headers["retry-after"] == "5"
            assert c.get("/healthz").status_code == 200
            relay.start()  # back on the same port: ready again, no restart
            assert c.get("/readyz").json() == {"status": "ready"}
    finally:
        app.state.engine.dispose()
