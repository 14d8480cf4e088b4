"""Transport rules against a REAL portal process (issue 8, #4 and #6): body caps with 413
``payload_too_large`` (declared length and chunked), auth before the body, bounded server
memory, and a 500 that leaves the keep-alive connection usable."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import Request

from embedded_server.transport import INGEST_MAX_BYTES, JSON_MAX_BYTES, MUTATIONS_MAX_BYTES
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

MIB = 1024 * 1024


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _raw_request(port: int, head: str, timeout: float = 5.0) -> tuple[float, bytes]:
    """Send only the request head (no body) and read what the server answers."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1"))
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return time.monotonic() - started, data


def _chunks(total: int, counter: list[int], size: int = MIB) -> Iterator[bytes]:
    block = b"x" * size
    sent = 0
    while sent < total:
        counter[0] += size
        sent += size
        yield block


def test_declared_length_over_the_cap_is_413_before_any_byte_is_sent(seeded_portal) -> None:
    seed = seeded_portal.seed
    module_token = next(iter(seed["modules"].values()))
    head = (
        "POST /api/v1/telematics/samples HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {module_token}\r\nContent-Type: application/json\r\n"
        "Content-Length: 400000000\r\n\r\n"
    )
    elapsed, data = _raw_request(seeded_portal.port, head)
    assert data.startswith(b"HTTP/1.1 413"), data[:200]
    headers, _, body = data.partition(b"\r\n\r\n")
    assert b"connection: close" in headers.lower()
    assert b"application/problem+json" in headers
    problem = orjson.loads(body)
    assert problem["code"] == "payload_too_large" and problem["limit_bytes"] == INGEST_MAX_BYTES
    assert elapsed < 2.0

    # the same with httpx streaming 400 MB: the answer comes while it has sent very little
    counter = [0]
    started = time.monotonic()
    r = httpx.post(
        f"{seeded_portal.url}/api/v1/telematics/samples",
        content=_chunks(400 * MIB, counter),
        headers={"Authorization": f"Bearer {module_token}", "Content-Length": str(400 * MIB)},
        timeout=30,
    )
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert counter[0] < 64 * MIB, counter[0]  # what the socket buffers took, not 400 MB
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("path", ["/api/v1/register", "/api/v1/vehicles"])
def test_every_json_route_has_the_default_cap(live_portal, path: str) -> None:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {JSON_MAX_BYTES + 1}\r\n\r\n"
    )
    _elapsed, data = _raw_request(live_portal.port, head)
    assert data.startswith(b"HTTP/1.1 413"), data[:200]


def test_chunked_bodies_are_cut_at_the_cap_and_server_memory_stays_bounded(seeded_portal) -> None:
    """200 MB chunked (no Content-Length) to the ingest and to /mutations, with valid
    tokens so the body is really read: 413 each, and the server's RSS hardly moves."""
    seed = seeded_portal.seed
    module_token = next(iter(seed["modules"].values()))
    access = seeded_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    pid = seeded_portal.proc.pid
    with seeded_portal.client() as c:  # warm up both routes first
        assert c.post("/api/v1/mutations", json={"client_id": "warm", "schema_version": 1,
                      "mutations": []}, headers=seeded_portal.headers(access)).status_code == 200
    before = _rss_kib(pid)
    counters = {}
    for path, token, cap in (
        ("/api/v1/telematics/samples", module_token, INGEST_MAX_BYTES),
        ("/api/v1/mutations", access, MUTATIONS_MAX_BYTES),
    ):
        counter = [0]
        r = httpx.post(
            f"{seeded_portal.url}{path}",
            content=_chunks(200 * MIB, counter),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=60,
        )
        assert r.status_code == 413, (path, r.status_code, r.text[:200])
        assert r.json()["code"] == "payload_too_large" and r.json()["limit_bytes"] == cap
        assert r.headers.get("connection") == "close"
        counters[path] = counter[0]
        assert counter[0] < cap + 64 * MIB, (path, counter[0])
    after = _rss_kib(pid)
    print(f"server VmRSS {before} kB -> {after} kB (+{(after - before) / 1024:.1f} MB); "
          f"client sent {counters}")
    assert after - before < 50 * 1024, (before, after)
    # the portal is still fine
    with seeded_portal.client() as c:
        assert c.get("/api/v1/vehicles", headers=seeded_portal.headers(access)).status_code == 200


def test_a_bad_token_is_refused_before_the_body_is_read(seeded_portal) -> None:
    """Only the request head is sent: the 401 must come without waiting for the body."""
    for path, code in (
        ("/api/v1/telematics/samples", "invalid_module_token"),
        ("/api/v1/mutations", "invalid_token"),
        ("/api/v1/vehicles", "invalid_token"),
    ):
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not-a-token\r\n"
            "Content-Type: application/json\r\nContent-Length: 500000\r\n\r\n"
        )
        elapsed, data = _raw_request(seeded_portal.port, head, timeout=5)
        assert data.startswith(b"HTTP/1.1 401"), (path, data[:300])
        assert orjson.loads(data.partition(b"\r\n\r\n")[2])["code"] == code
        assert elapsed < 2.0


def _full_batch(vin: str, n: int) -> bytes:
    def sample(i: int) -> dict[str, Any]:
        s: dict[str, Any] = {"seq": i, "ts": f"2026-01-01T00:{i // 3600 % 60:02d}:{i % 60:02d}+00:00"}
        for f, t in SAMPLE_FIELDS.items():
            s[f] = -1234.567890123456 if t is float else (True if t is bool else "p" * 20)
        return s

    return orjson.dumps({"vin": vin, "samples": [sample(i) for i in range(n)]},
                        option=orjson.OPT_INDENT_2)


def test_the_largest_legitimate_bodies_fit_under_their_caps(seeded_portal) -> None:
    """A full 10,000-sample batch (all fields, pretty-printed) and 500 long mutations."""
    seed = seeded_portal.seed
    vin, module_token = next(iter(seed["modules"].items()))
    body = _full_batch(vin, 10_000)
    assert 6 * MIB < len(body) < INGEST_MAX_BYTES
    r = httpx.post(f"{seeded_portal.url}/api/v1/telematics/samples", content=body, timeout=60,
                   headers={"Authorization": f"Bearer {module_token}",
                            "Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["accepted"] + r.json()["duplicates"] == 10_000

    access = seeded_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    long = "\U0001f69a" * 100  # JSON-escaped as 12 bytes per character
    mutations = [{"mutation_id": str(uuid.uuid4()) + "x" * 64, "client_seq": i + 1,
                  "type": "vehicle.add",
                  "payload": {"id": str(uuid.uuid4()), "vin": "x" * 64, "name": long,
                              "model": long, "license_plate": "\u00c5" * 20}}
                 for i in range(500)]
    import json

    raw = json.dumps({"client_id": "c" * 100, "schema_version": 1, "mutations": mutations})
    assert MIB < len(raw) < MUTATIONS_MAX_BYTES
    r = httpx.post(f"{seeded_portal.url}/api/v1/mutations", content=raw, timeout=60,
                   headers={**seeded_portal.headers(access), "Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:300]
    assert len(r.json()["results"]) == 500


# -- a 500 on a real uvicorn server ---------------------------------------------------


class _ThreadedServer:
    """uvicorn in a thread on ``create_app()`` plus a route the test adds (no test hooks in
    production code)."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> _ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def crashing_server(portal_db_url: str) -> Iterator[_ThreadedServer]:
    from embedded_server.app import create_app
    from embedded_server.config import Settings

    app = create_app(Settings(database_url=portal_db_url))

    @app.get("/api/v1/_test/crash")
    def crash() -> None:
        raise RuntimeError("planted bug")

    @app.post("/api/v1/_test/crash-after-body")
    async def crash_after_body(request: Request) -> None:
        await request.body()
        raise KeyError("planted bug")

    try:
        with _ThreadedServer(app) as server:
            yield server
    finally:
        app.state.engine.dispose()


def test_a_500_is_a_complete_problem_response_on_a_usable_connection(crashing_server) -> None:
    connections: list[Any] = []

    def track(request: httpx.Request) -> None:
        connections.append(request.extensions.get("network_stream"))

    with httpx.Client(base_url=crashing_server.url, timeout=10) as c:
        for _ in range(2):
            r = c.get("/api/v1/_test/crash")
            assert r.status_code == 500
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["code"] == "internal_error"
            assert "planted" not in r.text and "Traceback" not in r.text
            assert r.headers.get("connection") != "close"
            peer = r.extensions["network_stream"].get_extra_info("client_addr")
            connections.append(peer)
            r = c.post("/api/v1/_test/crash-after-body", json={"a": 1})
            assert r.status_code == 500 and r.json()["code"] == "internal_error"
            connections.append(r.extensions["network_stream"].get_extra_info("client_addr"))
            r = c.get("/healthz")  # the next request on the same connection works
            assert r.status_code == 200 and r.json() == {"status": "ok"}
            connections.append(r.extensions["network_stream"].get_extra_info("client_addr"))
    assert len(set(connections)) == 1, connections  # one keep-alive connection throughout
