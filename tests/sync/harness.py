"""Shared pieces of the sync fault tests: a fault-injecting transport, simulated desktop
clients against a REAL portal subprocess, and the invariants every run must satisfy.

Invariants (``check_invariants``), after a final fault-free sync of every client:
- nothing is left in any outbox, no vehicle row is still ``pending``;
- every mutation a client created is recorded on the portal EXACTLY once (the portal's
  ``applied_mutations`` table, primary key (company, mutation_id)), and its outcome
  agrees with the client: refused (conflict/rejected) ones are in that client's
  ``conflicts`` table, the others were applied; mutations dropped locally with their
  refused ``vehicle.add`` (``depends_on_rejected``) never reached the portal;
- effects happened once: a vehicle's version is 1 + the number of applied updates;
- per-client order: the portal recorded each client's mutations in ``client_seq`` order;
- all clients converge: their vehicles equal the portal's ``GET /vehicles``.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, inspect, text

from mpro_desktop.sync import client as client_mod
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine

FAULT_KINDS = (
    "drop_request",
    "drop_response",
    "duplicate",
    "reorder",
    "delay",
    "http_5xx",
)


def fast_retries() -> contextlib.AbstractContextManager[None]:
    """The client's built-in retry pauses (0.2 s, 0.6 s) shortened for the tests."""

    @contextlib.contextmanager
    def cm():  # type: ignore[no-untyped-def]
        saved = client_mod.RETRY_DELAYS_S
        client_mod.RETRY_DELAYS_S = (0.005, 0.01)
        try:
            yield
        finally:
            client_mod.RETRY_DELAYS_S = saved

    return cm()


class FaultTransport(httpx.BaseTransport):
    """Wraps ``httpx.HTTPTransport``; injects faults chosen by a seeded RNG.

    - ``drop_request``: connection refused, the portal never sees the request;
    - ``drop_response``: the portal processed (and committed) it, the answer is lost;
    - ``duplicate``: the request reaches the portal twice;
    - ``reorder``: the request is held back (the client sees a timeout) and delivered
      right AFTER the next request, i.e. a stale copy arrives late;
    - ``delay``: a short pause before sending;
    - ``http_5xx``: a 503 without reaching the portal, or a 502 after it processed it.
    ``down = True`` refuses every connection (an offline period for this client only).
    """

    def __init__(self, seed: int, rate: float = 0.2, kinds: tuple[str, ...] = FAULT_KINDS):
        self.inner = httpx.HTTPTransport()
        self.rng = random.Random(seed)
        self.rate = rate
        self.kinds = kinds
        self.down = False
        self.enabled = True
        self.counts: Counter[str] = Counter()
        self.requests = 0
        self._held: httpx.Request | None = None
        self._lock = threading.Lock()

    def _copy(self, request: httpx.Request) -> httpx.Request:
        return httpx.Request(
            request.method, request.url, headers=request.headers, content=request.content
        )

    def _send(self, request: httpx.Request) -> httpx.Response:
        resp = self.inner.handle_request(self._copy(request))
        resp.read()
        return resp

    def _deliver_held(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            with contextlib.suppress(httpx.TransportError):
                self._send(held)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            request.read()
            self.requests += 1
            if self.down:
                self.counts["offline_refused"] += 1
                raise httpx.ConnectError("offline (test)", request=request)
            fault = None
            if self.enabled and self.rng.random() < self.rate:
                fault = self.rng.choice(self.kinds)
            if fault is not None:
                self.counts[fault] += 1
            try:
                if fault == "drop_request":
                    raise httpx.ConnectError("dropped request (test)", request=request)
                if fault == "delay":
                    time.sleep(self.rng.uniform(0.0, 0.03))
                if fault == "http_5xx" and self.rng.random() < 0.5:
                    return httpx.Response(503, request=request, content=b"unavailable")
                if fault == "reorder":
                    self._deliver_held()
                    self._held = self._copy(request)
                    raise httpx.ReadTimeout("held back (test)", request=request)
                resp = self._send(request)
                if fault == "duplicate":
                    resp = self._send(request)
                if fault == "drop_response":
                    raise httpx.ReadError("connection reset after processing (test)",
                                          request=request)
                if fault == "http_5xx":
                    return httpx.Response(502, request=request, content=b"bad gateway")
                return httpx.Response(resp.status_code, headers=resp.headers,
                                      content=resp.content, request=request)
            finally:
                if fault != "reorder":
                    self._deliver_held()

    def flush(self) -> None:
        with self._lock:
            self._deliver_held()

    def close(self) -> None:
        # Called when a PortalClient closes (a client "restart"): deliver what is held,
        # keep the pool usable, since the same transport serves the reopened client.
        self.flush()


@dataclass
class SimClient:
    """One desktop installation: its own cache file, client id, transport and engine."""

    name: str
    path: Path
    url: str
    token: str
    refresh_token: str | None
    transport: FaultTransport
    cache: Cache | None = None
    client: PortalClient | None = None
    engine: SyncEngine | None = None
    restarts: int = 0
    created: list[str] = field(default_factory=list)  # mutation ids, in creation order

    def open(self) -> None:
        self.cache = Cache(self.path)
        self.client = PortalClient(self.url, access_token=self.token,
                                   refresh_token=self.refresh_token, timeout=10.0,
                                   transport=self.transport)
        self.engine = SyncEngine(self.cache, self.client)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cache is not None:
            self.cache.close()
        self.cache = self.client = self.engine = None

    def restart(self) -> None:
        self.close()
        self.open()
        self.restarts += 1

    def record_new_mutations(self) -> None:
        """Remember the outbox's mutation ids (called after every local change)."""
        assert self.cache is not None
        known = set(self.created)
        for row in self.cache.outbox():
            if row["mutation_id"] not in known:
                self.created.append(row["mutation_id"])
                known.add(row["mutation_id"])

    def sync(self) -> Any:
        assert self.engine is not None
        return self.engine.sync_once()


def portal_records(database_url: str) -> list[dict[str, Any]]:
    """The portal's ``applied_mutations`` rows (every recorded outcome), in insert order,
    from its database (SQLite file or PostgreSQL schema)."""
    engine = create_engine(database_url)
    try:
        cols = {c["name"] for c in inspect(engine).get_columns("applied_mutations")}
        seq = "client_seq" if "client_seq" in cols else "NULL AS client_seq"
        with engine.connect() as conn:
            rows = conn.execute(text(
                f"SELECT mutation_id, client_id, type, {seq}, result "
                "FROM applied_mutations ORDER BY created_at, client_seq"
            )).mappings().all()
    finally:
        engine.dispose()
    out = []
    for r in rows:
        d = dict(r)
        res = d["result"]
        d["result"] = json.loads(res) if isinstance(res, str) else (res or {})
        out.append(d)
    return out


def final_sync(clients: list[SimClient], rounds: int = 6) -> None:
    """Faults off, everyone online; sync until every outbox is empty and all have pulled."""
    for c in clients:
        c.transport.enabled = False
        c.transport.down = False
        c.transport.flush()
    for _ in range(rounds):
        for c in clients:
            rep = c.sync()
            assert not rep.offline, rep.error
        if all(c.cache is not None and c.cache.pending_count() == 0 for c in clients):
            break
    for c in clients:  # one more pull so everyone has everyone's last pushes
        c.sync()


def check_invariants(portal_db_url: str, clients: list[SimClient]) -> dict[str, int]:
    records = portal_records(portal_db_url)
    by_mid = {r["mutation_id"]: r for r in records}
    assert len(by_mid) == len(records), "a mutation id recorded twice"
    reference = clients[0].client
    assert reference is not None
    portal_vehicles = {v["id"]: v for v in reference.vehicles()}

    applied_updates: Counter[str] = Counter()
    stats = Counter[str]()
    for c in clients:
        assert c.cache is not None
        assert c.cache.pending_count() == 0, f"{c.name}: outbox not empty"
        refused = {r["mutation_id"]: r for r in c.cache.conflicts(include_resolved=True)}
        seqs: list[int] = []
        for mid in c.created:
            rec = by_mid.get(mid)
            local = refused.get(mid)
            if local is not None and local["code"] == "depends_on_rejected":
                assert rec is None, f"{mid} was dropped locally but reached the portal"
                stats["dropped_dependants"] += 1
                continue
            assert rec is not None, f"{c.name}: mutation {mid} never reached the portal"
            outcome = rec["result"].get("result", "applied")
            if local is not None:
                assert outcome in ("conflict", "rejected"), (mid, outcome, local)
                stats["refused"] += 1
            else:
                assert outcome == "applied", (c.name, mid, rec["result"])
                stats["applied"] += 1
                if rec["type"] == "vehicle.update":
                    entity = rec["result"].get("entity") or {}
                    applied_updates[str(entity.get("id"))] += 1
            if rec["client_seq"] is not None:
                seqs.append(int(rec["client_seq"]))
        # Order: the portal recorded this client's mutations in client_seq order.
        own = [r for r in records if r["mutation_id"] in set(c.created)]
        recorded_order = [int(r["client_seq"]) for r in own if r["client_seq"] is not None]
        assert recorded_order == sorted(recorded_order), f"{c.name}: order broken"
        stats["mutations"] += len(c.created)

    for vid, v in portal_vehicles.items():
        assert v["version"] == 1 + applied_updates[vid], (vid, v["version"], applied_updates[vid])

    keys = ("id", "vin", "name", "license_plate", "version")
    want = sorted(tuple(v[k] for k in keys) for v in portal_vehicles.values())
    for c in clients:
        assert c.cache is not None
        got = sorted(tuple(v[k] for k in keys) for v in c.cache.vehicles())
        assert got == want, f"{c.name} did not converge:\n local  {got}\n portal {want}"
        assert all(v["pending_op"] is None for v in c.cache.vehicles())
    stats["portal_vehicles"] = len(portal_vehicles)
    return dict(stats)
