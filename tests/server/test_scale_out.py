"""Several portal processes on one PostgreSQL database (issue 13): nothing lives in one
process's memory only.

Two single-worker portals on two ports share one schema, so each request goes to the
process the test chooses: a desktop's stream on A hears what is ingested through B, a
retry on the other process is a duplicate, a lockout counted on A holds on B, and the
background jobs run in exactly one of them. ``test_two_workers_on_one_port`` then runs
``mpro-server --workers 2`` itself (one address, the kernel picks the worker).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from embedded_server.db import cluster_scope
from embedded_server.fanout import channel_name
from embedded_server.feed.changelog import append_change
from embedded_server.jobs.leader import Leadership, lock_key
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.stream import StreamReader
from tests.portal_fixtures import LivePortal, portal_database

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not os.environ.get("MPRO_TEST_PG_URL"), reason="MPRO_TEST_PG_URL not set"),
]

#: the sweep (and with it the leadership check) every half second
FAST_JOBS = {"MPRO_SWEEP_INTERVAL_S": "0.5"}


def _start(url: str, folder: Path, *, seeded: bool = False, env: dict[str, str] | None = None,
           extra_args: list[str] | None = None) -> LivePortal:
    folder.mkdir(parents=True, exist_ok=True)
    portal = LivePortal(url, seeded=seeded,
                        seed_file=folder / "demo-credentials.json" if seeded else None,
                        env={"MPRO_MAIL_DIR": str(folder / "mail"), **FAST_JOBS, **(env or {})},
                        extra_args=extra_args, startup_timeout=120)
    portal.start()
    return portal


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LivePortal, LivePortal]]:
    """Portals A (seeded: the demo's vans and module tokens) and B on one schema."""
    folder = tmp_path_factory.mktemp("cluster")
    with portal_database("postgresql", folder) as url:
        a = _start(url, folder / "a", seeded=True)
        b = _start(url, folder / "b")
        try:
            yield a, b
        finally:
            b.stop()
            a.stop()


class StreamLog:
    """A desktop's SSE reader (``mpro_desktop.sync.stream``) in a thread, keeping events."""

    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.client = PortalClient(base_url)
        self.client.login(email, password)
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.opened = threading.Event()
        # the portal beats every second (tests/conftest.py); reading with 20 s of patience
        # keeps a busy CI box from ending the stream (an ended stream would miss events)
        self.reader = StreamReader(self.client, heartbeat_s=10.0, on_open=self.opened.set)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self.opened.wait(30), "the stream did not open"

    def _run(self) -> None:
        for name, _id, data in self.reader.events():
            self.events.append((name, data))

    def wait_for(self, what: Callable[[str, dict[str, Any]], bool], timeout: float = 30.0,
                 ) -> tuple[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if what(*event):
                    return event
            time.sleep(0.05)
        raise AssertionError(f"not heard within {timeout:.0f} s; heard {[n for n, _ in self.events]}")

    def close(self) -> None:
        self.reader.stop()
        self._thread.join(10)
        self.client.close()


def _samples(first_seq: int, n: int) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    return [{"seq": first_seq + i, "ts": (now - dt.timedelta(seconds=n - i)).isoformat(),
             "speed_kmh": 40.0 + i, "soc_pct": 80.0} for i in range(n)]


def _ingest(portal: LivePortal, vin: str, token: str, samples: list[dict[str, Any]]) -> dict:
    r = httpx.post(f"{portal.url}/api/v1/telematics/samples", json={"vin": vin, "samples": samples},
                   headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_a_desktop_on_a_hears_what_goes_in_through_b(cluster: tuple[LivePortal, LivePortal]) -> None:
    a, b = cluster
    seed = a.seed
    stream = StreamLog(a.url, seed["admin_email"], seed["admin_password"])
    try:
        vin, token = sorted(seed["modules"].items())[0]
        _ingest(b, vin, token, _samples(10_000, 3))
        _, data = stream.wait_for(lambda n, d: n == "telemetry" and d["vin"] == vin)
        assert [s["seq"] for s in data["samples"]] == [10_000, 10_001, 10_002]
        assert data["samples"][0]["speed_kmh"] == 40.0
        # a change made through B is a change hint on A's stream
        h = b.headers(stream.client.access_token or "")
        r = httpx.post(f"{b.url}/api/v1/vehicles", json={"vin": "W1V9076351P424242"}, headers=h)
        assert r.status_code == 201, r.text
        stream.wait_for(lambda n, d: n == "change" and d["seq"] > 0)
        # a remote command sent through B (the demo vans hold Remote services): its state
        # reaches A's stream as a command event
        items = httpx.get(f"{b.url}/api/v1/vehicles", headers=h, params={"limit": 100}).json()
        vid = next(v["id"] for v in items["items"] if v["vin"] == vin)
        r = httpx.post(f"{b.url}/api/v1/vehicles/{vid}/commands", json={"type": "lock"}, headers=h)
        assert r.status_code == 202, r.text
        _, data = stream.wait_for(lambda n, d: n == "command" and d.get("id") == r.json()["id"])
        assert data["vehicle_id"] == vid and data["state"] == "queued"
    finally:
        stream.close()


def test_a_long_telemetry_event_arrives_whole(cluster: tuple[LivePortal, LivePortal]) -> None:
    """100 samples with every field are far over PostgreSQL's 8000-byte NOTIFY payload: the
    event travels in parts and is put together on the other side."""
    a, b = cluster
    seed = a.seed
    stream = StreamLog(a.url, seed["admin_email"], seed["admin_password"])
    try:
        vin, token = sorted(seed["modules"].items())[1]
        samples = [{**s, "lat": 59.3 + s["seq"] * 1e-6, "lon": 18.0, "odometer_km": 1234.5,
                    "fuel_level_pct": 55.5, "range_km": 321.0,
                    "tyre_fl_kpa": 240.0, "tyre_fr_kpa": 241.0, "tyre_rl_kpa": 250.0,
                    "tyre_rr_kpa": 251.0, "locked": True, "gear": "D", "ignition": True,
                    "outside_temp_c": 4.5, "cabin_temp_c": 19.5} for s in _samples(20_000, 150)]
        assert _ingest(b, vin, token, samples) == {"accepted": 150, "duplicates": 0}
        _, data = stream.wait_for(lambda n, d: n == "telemetry" and d["vin"] == vin)
        assert [s["seq"] for s in data["samples"]] == list(range(20_050, 20_150))
        assert data["samples"][-1]["lat"] == pytest.approx(59.3 + 20_149e-6)
    finally:
        stream.close()


def test_a_retry_on_the_other_process_is_a_duplicate(cluster: tuple[LivePortal, LivePortal]) -> None:
    a, b = cluster
    acct = a.register("Retry AB")
    h = a.headers(acct["token"])
    # a pushed mutation retried on B
    mutation = {"mutation_id": str(uuid.uuid4()), "client_seq": 1, "type": "vehicle.add",
                "payload": {"id": str(uuid.uuid4()), "vin": "W1V9076351P131313"}}
    body = {"client_id": "desk-1", "schema_version": 1, "mutations": [mutation]}
    first = httpx.post(f"{a.url}/api/v1/mutations", json=body, headers=h).json()["results"]
    again = httpx.post(f"{b.url}/api/v1/mutations", json=body, headers=h).json()["results"]
    assert [r["result"] for r in first] == ["applied"]
    assert [r["result"] for r in again] == ["duplicate"]
    # a REST request with an Idempotency-Key retried on B: the first answer, nothing new
    hk = {**h, "Idempotency-Key": f"add-{uuid.uuid4().hex}"}
    r1 = httpx.post(f"{a.url}/api/v1/vehicles", json={"vin": "W1V9076351P141414"}, headers=hk)
    r2 = httpx.post(f"{b.url}/api/v1/vehicles", json={"vin": "W1V9076351P141414"}, headers=hk)
    assert r1.status_code == r2.status_code == 201
    assert r2.headers.get("idempotent-replayed") == "true" and r2.json() == r1.json()
    vins = [v["vin"] for v in httpx.get(f"{b.url}/api/v1/vehicles", headers=h).json()["items"]]
    assert sorted(vins) == ["W1V9076351P131313", "W1V9076351P141414"]
    # samples retried on the other process
    vin, token = sorted(a.seed["modules"].items())[2]
    samples = _samples(30_000, 5)
    assert _ingest(a, vin, token, samples) == {"accepted": 5, "duplicates": 0}
    assert _ingest(b, vin, token, samples) == {"accepted": 0, "duplicates": 5}


def test_a_lockout_counted_on_a_holds_on_b(cluster: tuple[LivePortal, LivePortal]) -> None:
    a, b = cluster
    acct = a.register("Lockout AB")
    wrong = {"email": acct["email"], "password": "not the password"}
    codes = [httpx.post(f"{a.url}/api/v1/auth/login", json=wrong).status_code for _ in range(9)]
    assert codes == [401] * 9
    r = httpx.post(f"{b.url}/api/v1/auth/login", json=wrong)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    right = {"email": acct["email"], "password": acct["password"]}
    assert httpx.post(f"{a.url}/api/v1/auth/login", json=right).status_code == 429


def test_after_the_listener_was_cut_off_open_streams_are_told_to_pull(
        cluster: tuple[LivePortal, LivePortal]) -> None:
    """A change whose event was lost (written here, where no portal hears it), then the
    portals' LISTEN connections are killed: once they listen again, A's stream gets a
    change hint at the current seq, so the desktop pulls what it missed."""
    a, _b = cluster
    seed = a.seed
    stream = StreamLog(a.url, seed["admin_email"], seed["admin_password"])
    engine = create_engine(a.database_url)
    try:
        h = a.headers(stream.client.access_token or "")
        company_id = httpx.get(f"{a.url}/api/v1/company", headers=h).json()["id"]
        vehicle = httpx.get(f"{a.url}/api/v1/vehicles", headers=h).json()["items"][0]
        with Session(engine) as session:
            seq = append_change(session, company_id=company_id, entity="vehicle",
                                entity_id=vehicle["id"], op="upsert", data=vehicle,
                                version=vehicle["version"])
            session.commit()
        assert not [d for n, d in stream.events if n == "change" and d["seq"] >= seq]
        channel = channel_name(cluster_scope(engine))
        with engine.connect() as conn:
            killed = conn.exec_driver_sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'mpro-fanout' AND query = %(q)s",
                {"q": f'LISTEN "{channel}"'}).scalar_one()
        assert killed >= 1
        stream.wait_for(lambda n, d: n == "change" and d["seq"] >= seq)
    finally:
        stream.close()
        engine.dispose()


def samples_survive_a_cut_off_listener(a: LivePortal, b: LivePortal, cut_off: Callable[[], int],
                                       first_seq: int) -> None:
    """One sample every 30 ms goes in through B while ``cut_off()`` cuts A's fan-out
    listener three times in a row (each reconnect cut again: an outage of a second or
    more); A's stream must still get every sample, each exactly once."""
    seed = a.seed
    vin, token = sorted(seed["modules"].items())[1]
    stream = StreamLog(a.url, seed["admin_email"], seed["admin_password"])
    sent: list[int] = []
    stop = threading.Event()

    def pump() -> None:
        while not stop.is_set():
            seq = first_seq + len(sent)
            _ingest(b, vin, token, _samples(seq, 1))
            sent.append(seq)
            time.sleep(0.03)

    def heard() -> list[int]:
        return [s["seq"] for n, d in list(stream.events) if n == "telemetry" and d["vin"] == vin
                for s in d["samples"] if s["seq"] >= first_seq]

    pumping = threading.Thread(target=pump, daemon=True)
    try:
        pumping.start()
        stream.wait_for(lambda n, d: n == "telemetry" and d["vin"] == vin
                        and d["samples"][-1]["seq"] >= first_seq)
        cuts = 0
        for _ in range(3):
            cuts += cut_off()
            time.sleep(0.3)
        assert cuts >= 1, "no listener connection was cut"
        time.sleep(0.5)
        stop.set()
        pumping.join(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not set(sent) <= set(heard()):
            time.sleep(0.1)
        got = heard()
        assert sorted(set(sent) - set(got)) == [], f"lost {len(set(sent) - set(got))} of {len(sent)}"
        assert len(got) == len(set(got)), "a sample reached the stream twice"
    finally:
        stop.set()
        stream.close()


def test_live_samples_sent_while_the_listener_was_down_still_arrive(
        cluster: tuple[LivePortal, LivePortal]) -> None:
    """The LISTEN connections are terminated (pg_terminate_backend) while B ingests: once A
    listens again it reads the samples received since it last heard the channel."""
    a, b = cluster
    engine = create_engine(a.database_url)
    channel = channel_name(cluster_scope(engine))

    def cut_off() -> int:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'mpro-fanout' AND query = %(q)s",
                {"q": f'LISTEN "{channel}"'}).scalar_one())

    try:
        samples_survive_a_cut_off_listener(a, b, cut_off, first_seq=300_000)
    finally:
        engine.dispose()


def test_the_jobs_run_in_one_process(cluster: tuple[LivePortal, LivePortal]) -> None:
    """Both processes ask for the cluster's job lock; exactly one holds it."""
    a, _b = cluster
    engine = create_engine(a.database_url)
    try:
        key = lock_key(cluster_scope(engine), "background-jobs")
        classid, objid = (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF
        deadline = time.monotonic() + 30
        while True:
            with engine.connect() as conn:
                asking, holding = conn.exec_driver_sql(
                    "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                    "'mpro-jobs' AND datname = current_database()), (SELECT count(*) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND granted AND classid = %(c)s AND objid = %(o)s)",
                    {"c": classid, "o": objid}).one()
            if asking >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert holding == 1
        assert asking >= 2, "both processes should have asked for the lock"
    finally:
        engine.dispose()


def test_leadership_passes_on_when_the_leader_goes(tmp_path: Path) -> None:
    with portal_database("postgresql", tmp_path) as url:
        engines = [create_engine(url), create_engine(url)]
        first, second = (Leadership(e) for e in engines)
        try:
            assert first.held() and not second.held()
            assert first.held() and not second.held(), "held while its connection lives"
            first.release()
            assert second.held() and not first.held()
        finally:
            first.release()
            second.release()
            for e in engines:
                e.dispose()


def _workers_of(portal: LivePortal) -> list[int]:
    """The worker processes under the portal's process (multiprocessing's spawned children,
    not its resource tracker)."""
    assert portal.proc is not None
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == portal.proc.pid and b"spawn_main" in cmdline \
                and b"resource_tracker" not in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_two_workers_on_one_port(tmp_path: Path) -> None:
    """``--workers 2``: one address, two processes; streams on either worker hear an ingest
    (whichever worker took it), and /metrics sums both workers' counts."""
    metrics_dir = tmp_path / "metrics"
    with portal_database("postgresql", tmp_path) as url:
        portal = _start(url, tmp_path / "w", seeded=True, extra_args=["--workers", "2"],
                        env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})
        streams: list[StreamLog] = []
        try:
            seed = portal.seed
            streams = [StreamLog(portal.url, seed["admin_email"], seed["admin_password"])
                       for _ in range(6)]
            assert len(_workers_of(portal)) == 2
            vin, token = sorted(seed["modules"].items())[0]
            for k in range(4):  # several requests: the kernel spreads them over the workers
                _ingest(portal, vin, token, _samples(40_000 + 10 * k, 2))
            for s in streams:
                s.wait_for(lambda n, d: n == "telemetry" and d["samples"][-1]["seq"] == 40_031)
            text = httpx.get(f"{portal.url}/metrics").text
            families = {f.name: f for f in text_string_to_metric_families(text)}
            ingested = [s.value for s in families["mpro_ingest_samples"].samples
                        if s.name == "mpro_ingest_samples_total"]
            assert sum(ingested) == 8
            assert [s.value for s in families["mpro_sse_clients"].samples] == [6]
            lag = {s.name: s.value for s in families["mpro_event_fanout_lag_seconds"].samples
                   if s.labels.get("event") == "telemetry" and not s.name.endswith("_bucket")}
            assert lag["mpro_event_fanout_lag_seconds_count"] == 4 * 2  # per event, per worker
            routes = {s.labels["route"] for s in families["mpro_http_request_duration_seconds"].samples}
            assert "/api/v1/telematics/samples" in routes
            assert httpx.get(f"{portal.url}/readyz").json() == {"status": "ready"}
        finally:
            for s in streams:
                s.close()
            assert portal.stop() == 0
