"""Store-and-forward upload of telemetry samples to the portal (SPEC R22, DESIGN "ingest").

A van buffers every sample keyed by (vin, seq) and drops one only after the portal
acknowledged it with 200; the portal dedupes on (vin, seq), so resending after a lost
response is harmless. While the portal is down (connect error, timeout, 5xx) nothing is
lost: the backlog waits in the ``Buffer`` and a global back-off stops thousands of vans
from hammering a dead server. ``Buffer`` is a small protocol so a durable on-disk buffer
can replace ``MemoryBuffer`` without touching the upload logic.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

import httpx
import orjson

log = logging.getLogger(__name__)

SAMPLES_PATH = "/api/v1/telematics/samples"

#: one buffered sample: (seq, the sample already serialised as JSON)
Entry = tuple[int, bytes]


@runtime_checkable  # so tests (and callers) can check an implementation at run time
class Buffer(Protocol):
    """Backlog of not-yet-acknowledged samples, ordered by seq per VIN."""

    def append_many(self, items: Iterable[tuple[str, int, bytes]]) -> None:
        """Add (vin, seq, json) entries; a seq not above the VIN's last one is ignored."""

    def peek(self, vin: str, limit: int) -> list[Entry]:
        """The oldest ``limit`` entries of ``vin`` without removing them."""

    def ack(self, vin: str, upto_seq: int) -> int:
        """Remove entries of ``vin`` with seq <= ``upto_seq``; returns how many."""

    def discard(self, vin: str) -> int:
        """Forget everything of ``vin`` (its module lost its service)."""

    def pending(self, vin: str | None = None) -> int:
        """Entries waiting, for one VIN or in total."""

    def vins_pending(self) -> list[str]:
        """VINs with at least one entry waiting."""


class MemoryBuffer:
    """In-memory ``Buffer`` with a per-VIN cap (oldest samples dropped, and logged, first).

    Samples are stored pre-serialised: ~0.5 kB each instead of ~1.5 kB as dicts, and the
    upload just joins bytes.
    """

    def __init__(self, max_per_vin: int) -> None:
        if max_per_vin < 1:
            raise ValueError("max_per_vin must be >= 1")
        self.max_per_vin = max_per_vin
        self._q: dict[str, deque[Entry]] = {}
        self._lock = threading.Lock()
        self._dropping: set[str] = set()  # VINs currently in a logged drop episode
        self.dropped = 0

    def append_many(self, items: Iterable[tuple[str, int, bytes]]) -> None:
        with self._lock:
            for vin, seq, data in items:
                q = self._q.get(vin)
                if q is None:
                    q = self._q[vin] = deque()
                elif q and seq <= q[-1][0]:
                    continue
                if len(q) >= self.max_per_vin:
                    q.popleft()
                    self.dropped += 1
                    if vin not in self._dropping:
                        self._dropping.add(vin)
                        log.warning(
                            "backlog of %s is full (%d samples): dropping its oldest samples",
                            vin,
                            self.max_per_vin,
                        )
                q.append((seq, data))

    def peek(self, vin: str, limit: int) -> list[Entry]:
        with self._lock:
            q = self._q.get(vin)
            if not q:
                return []
            if limit >= len(q):
                return list(q)
            return [q[i] for i in range(limit)]

    def ack(self, vin: str, upto_seq: int) -> int:
        with self._lock:
            q = self._q.get(vin)
            n = 0
            while q and q[0][0] <= upto_seq:
                q.popleft()
                n += 1
            if n and vin in self._dropping and len(q or ()) < self.max_per_vin // 2:
                self._dropping.discard(vin)
            return n

    def discard(self, vin: str) -> int:
        with self._lock:
            q = self._q.pop(vin, None)
            return len(q) if q else 0

    def pending(self, vin: str | None = None) -> int:
        with self._lock:
            if vin is not None:
                return len(self._q.get(vin, ()))
            return sum(len(q) for q in self._q.values())

    def vins_pending(self) -> list[str]:
        with self._lock:
            return [v for v, q in self._q.items() if q]


def rows_body(vin: str, batch: list[Entry]) -> bytes:
    """The row ingest body ``{"vin", "samples": [...]}``: the buffered JSON joined."""
    return b"".join(
        (
            b'{"vin":',
            orjson.dumps(vin),
            b',"samples":[',
            b",".join(data for _, data in batch),
            b"]}",
        )
    )


def _epoch(ts: object) -> object:
    """ISO-8601 with offset -> epoch seconds; anything else unchanged (the portal rejects
    it with 422 naming the sample, as it would in the row form)."""
    if type(ts) is str:
        try:
            d = datetime.fromisoformat(ts)
        except ValueError:
            return ts
        if d.tzinfo is not None:
            return d.timestamp()
    return ts


def columns_body(vin: str, batch: list[Entry]) -> bytes:
    """The columnar ingest body (docs/contracts.md "Telemetry ingest, columnar"):
    ``{"vin", "columns": {"seq": [...], "ts": [epoch s...], <field>: [value|null...]}}``,
    built from the buffered JSON samples. About half the bytes of the row form and no
    per-sample dict or ISO-8601 parsing on the portal. A buffered entry that is not valid
    JSON falls back to the row body so the portal's 400 isolates it as before."""
    try:
        samples = orjson.loads(b"[" + b",".join(data for _, data in batch) + b"]")
    except orjson.JSONDecodeError:
        return rows_body(vin, batch)
    if not all(type(s) is dict for s in samples):
        return rows_body(vin, batch)
    keys: set[str] = set().union(*samples)
    get = dict.get
    columns: dict[str, list[object]] = {
        "seq": [get(s, "seq") for s in samples],
        "ts": [_epoch(get(s, "ts")) for s in samples],
    }
    for key in sorted(keys - {"seq", "ts"}):
        columns[key] = [get(s, key) for s in samples]
    return orjson.dumps({"vin": vin, "columns": columns})


@dataclass
class UploadStats:
    """Counters for logs and tests."""

    requests: int = 0
    accepted: int = 0
    duplicates: int = 0
    failures: int = 0
    rejected: int = 0  # samples the portal refused as invalid (dropped, logged)


_OK, _RETRY, _STOP, _AGAIN = range(4)


class Uploader:
    """Sends each VIN's backlog in batches with that VIN's module token.

    Threads, not asyncio: a few workers sharing one pooled ``httpx.Client`` keep
    ~400 requests/s (2,000 vans every 5 s) within one core, and the sampling loop stays
    a plain timer loop. At most one request per VIN is in flight, so batches of a VIN
    arrive in seq order.
    """

    def __init__(
        self,
        server: str,
        tokens: Mapping[str, str],
        buffer: Buffer,
        *,
        workers: int = 8,
        batch_max: int = 500,
        batches_per_turn: int = 8,
        timeout: float = 10.0,
        backoff_min: float = 1.0,
        backoff_max: float = 30.0,
        client: httpx.Client | None = None,
        columnar: bool = True,
    ) -> None:
        self.url = server.rstrip("/") + SAMPLES_PATH
        # columnar: post the columnar body (``columns_body``), about half the bytes and
        # cheaper for the portal; the row body (``rows_body``) otherwise.
        self._body = columns_body if columnar else rows_body
        self.tokens = dict(tokens)
        self.buffer = buffer
        self.batch_max = batch_max
        self.batches_per_turn = batches_per_turn
        self.backoff_min = backoff_min
        self.backoff_max = backoff_max
        self.stats = UploadStats()
        self.first_ack = threading.Event()
        self.blocked: set[str] = set()
        self.offline: set[str] = set()  # in a dead zone: keep buffering, don't send
        self._n_workers = max(1, workers)
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            limits=httpx.Limits(
                max_connections=self._n_workers, max_keepalive_connections=self._n_workers
            ),
        )
        self._own_client = client is None
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._not_before: dict[str, float] = {}  # per-VIN retry time (monotonic)
        self._batch_limit: dict[str, int] = {}  # shrunk after 413/422 to isolate a bad sample
        self._down = False
        self._down_until = 0.0
        self._backoff = 0.0
        self._probe: str | None = None
        self._q: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._rng = random.Random()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        for i in range(self._n_workers):
            t = threading.Thread(target=self._worker, name=f"mpro-sim-upload-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the workers (waiting at most ``timeout``) and close the connection pool."""
        for _ in self._threads:
            self._q.put(None)
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()
        if self._own_client:
            self._client.close()

    @property
    def portal_down(self) -> bool:
        return self._down

    def idle(self) -> bool:
        with self._lock:
            return not self._in_flight

    # ------------------------------------------------------------------ scheduling

    def kick(self) -> int:
        """Queue one send turn for every VIN with a backlog; returns how many were queued."""
        now = time.monotonic()
        pending = self.buffer.vins_pending()
        with self._lock:
            ready = [
                v
                for v in pending
                if v not in self._in_flight
                and v not in self.blocked
                and v not in self.offline
                and self._not_before.get(v, 0.0) <= now
            ]
            if self._down:
                # one probe at a time until the portal answers again
                if now < self._down_until or self._probe is not None or not ready:
                    return 0
                ready = ready[:1]
                self._probe = ready[0]
            self._in_flight.update(ready)
        for v in ready:
            self._q.put(v)
        return len(ready)

    def drain(self, timeout: float) -> bool:
        """Keep sending until the backlog is empty or ``timeout`` passes (used at exit)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.buffer.pending() == 0 and self.idle():
                return True
            if time.monotonic() >= deadline:
                return False
            self.kick()
            time.sleep(0.02)

    # ------------------------------------------------------------------ workers

    def _worker(self) -> None:
        while True:
            vin = self._q.get()
            if vin is None:
                return
            try:
                self._turn(vin)
            except Exception:  # a bug must not kill the worker and strand the VIN
                log.exception("upload of %s failed unexpectedly", vin)
            finally:
                with self._lock:
                    self._in_flight.discard(vin)
                    was_probe = self._probe == vin
                    if was_probe:
                        self._probe = None
                    up_again = was_probe and not self._down
            if up_again:
                self.kick()  # the probe got through: send everybody's backlog now

    def _turn(self, vin: str) -> None:
        for _ in range(self.batches_per_turn):
            limit = self._batch_limit.get(vin, self.batch_max)
            batch = self.buffer.peek(vin, limit)
            if not batch:
                return
            outcome = self._post(vin, batch)
            if outcome == _AGAIN:
                continue
            if outcome != _OK or len(batch) < limit:
                return

    def _post(self, vin: str, batch: list[Entry]) -> int:
        body = self._body(vin, batch)
        headers = {
            "Authorization": f"Bearer {self.tokens[vin]}",
            "Content-Type": "application/json",
        }
        with self._lock:
            self.stats.requests += 1
        try:
            resp = self._client.post(self.url, content=body, headers=headers)
        except httpx.TransportError as exc:  # refused, reset, timeout, response lost
            self._failed(f"{type(exc).__name__}: {exc}")
            return _RETRY
        status = resp.status_code
        if 200 <= status < 300:
            self.buffer.ack(vin, batch[-1][0])
            try:
                info = resp.json()
                accepted, dups = int(info.get("accepted", 0)), int(info.get("duplicates", 0))
            except (ValueError, AttributeError, TypeError):
                accepted, dups = len(batch), 0
            with self._lock:
                self.stats.accepted += accepted
                self.stats.duplicates += dups
            self._recovered()
            self.first_ack.set()
            return _OK
        if status in (401, 403):
            with self._lock:
                self.blocked.add(vin)
            dropped = self.buffer.discard(vin)
            log.warning(
                "portal refused %s (%d): no active service; stop sending it (%d samples discarded)",
                vin,
                status,
                dropped,
            )
            self._recovered()
            return _STOP
        if status in (400, 413, 422):
            self._recovered()
            if len(batch) > 1:  # halve until the offending sample is isolated
                self._batch_limit[vin] = max(1, len(batch) // 2)
                return _AGAIN
            self.buffer.ack(vin, batch[0][0])
            with self._lock:
                self.stats.rejected += 1
            log.error(
                "portal rejected sample %s/%d (%d): %s", vin, batch[0][0], status, resp.text[:200]
            )
            self._batch_limit.pop(vin, None)
            return _AGAIN
        if status == 404:  # unknown VIN or wrong URL: keep the data, retry this VIN later
            with self._lock:
                self._not_before[vin] = time.monotonic() + self.backoff_max
            log.warning("portal answered 404 for %s; retrying in %.0f s", vin, self.backoff_max)
            return _RETRY
        retry_after = _retry_after(resp.headers.get("Retry-After"))
        self._failed(f"HTTP {status}", retry_after)
        return _RETRY

    def _failed(self, reason: str, retry_after: float | None = None) -> None:
        """Portal unusable: back off globally; the backlog stays."""
        now = time.monotonic()
        with self._lock:
            self.stats.failures += 1
            if self._down and now < self._down_until:
                return  # a failure already counted for this back-off window
            first = not self._down
            self._down = True
            self._backoff = (
                self.backoff_min if first else min(self.backoff_max, self._backoff * 2.0)
            )
            wait = self._backoff * self._rng.uniform(0.8, 1.2)
            if retry_after is not None:
                wait = max(wait, min(retry_after, self.backoff_max))
            self._down_until = now + wait
        if first:
            log.warning("portal unavailable (%s): buffering samples, retrying", reason)
        else:
            log.info("portal still unavailable (%s): next try in %.1f s", reason, wait)

    def _recovered(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
            self._backoff = 0.0
        log.warning("portal reachable again: sending %d buffered samples", self.buffer.pending())


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
