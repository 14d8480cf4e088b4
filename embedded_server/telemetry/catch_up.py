"""Live samples a process missed while its fan-out listener was cut off, sent again.

The ``telemetry`` events published while a process's LISTEN connection (or Redis
subscription) was down never reach its SSE streams, and unlike changes they are not in
the change feed. The samples themselves are stored with the portal's clock
(``received_at``), so once the listener hears the channel again this process reads the
samples of its streams' companies received since it last heard the channel (less
:data:`MARGIN_S`: a sample is stamped before its ingest commits and its event is sent)
and hands them to its broker as ordinary ``telemetry`` events. :class:`Delivered`
remembers which samples this process's streams already got, so neither the overlap nor
the live events that follow the catch-up reach a stream twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.telemetry import repository as repo

log = logging.getLogger("embedded_server.telemetry")

#: how long before the last moment the listener was heard the catch-up starts reading
MARGIN_S = 30.0
#: at most this many samples are sent again after one outage (the newest): beyond that
#: the desktops' history backfill fills the gap, the live view shows the present
MAX_SAMPLES = 20_000
#: samples per ``telemetry`` event, as an ingest's event carries at most
PER_EVENT = 100

#: the fan-out's ``deliver(company_id, name, data, sent_at)``
Deliver = Callable[[str, str, Any, float], None]


class Delivered:
    """Which (company, vehicle, seq) this process's streams got lately, and a filter that
    takes those out of the ``telemetry`` events it is handed (listener thread only).

    Kept for ``window_s`` of *deliveries*: nothing is forgotten during an outage, when
    nothing is delivered, so the catch-up afterwards still knows what came before it."""

    def __init__(self, window_s: float = MARGIN_S + 30.0) -> None:
        self._window = window_s
        self._seen: dict[tuple[str, str], set[int]] = {}
        self._order: deque[tuple[float, tuple[str, str], tuple[int, ...]]] = deque()

    def fresh(self, company_id: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """``data`` with only the samples not delivered before (None: nothing new),
        which are remembered as delivered now."""
        samples = data.get("samples")
        vehicle = data.get("vehicle_id")
        if not isinstance(samples, list) or not isinstance(vehicle, str):
            return data
        now = time.monotonic()
        self._forget(now)
        key = (company_id, vehicle)
        seen = self._seen.setdefault(key, set())
        new = [s for s in samples if isinstance(s, dict) and s.get("seq") not in seen]
        if not new:
            return None
        seqs = tuple(s.get("seq") for s in new)
        seen.update(seqs)
        self._order.append((now, key, seqs))
        return data if len(new) == len(samples) else {**data, "samples": new}

    def _forget(self, now: float) -> None:
        while self._order and self._order[0][0] < now - self._window:
            _t, key, seqs = self._order.popleft()
            seen = self._seen.get(key)
            if seen is not None:
                seen.difference_update(seqs)
                if not seen:
                    del self._seen[key]

    def __len__(self) -> int:
        return sum(map(len, self._seen.values()))


def filtered(deliver: Deliver, delivered: Delivered) -> Deliver:
    """The fan-out's ``deliver``: ``telemetry`` events through :meth:`Delivered.fresh`."""

    def deliver_fresh(company_id: str, name: str, data: Any, sent_at: float) -> None:
        if name == "telemetry" and isinstance(data, dict):
            data = delivered.fresh(company_id, data)
            if data is None:
                return
        deliver(company_id, name, data, sent_at)

    return deliver_fresh


def resend_since(factory: Callable[..., Session], companies: Iterable[str], since: float,
                 deliver: Deliver) -> int:
    """Hand ``deliver`` (the filtered one) every sample of ``companies`` received from
    ``since`` − :data:`MARGIN_S` on, per vehicle in seq order, :data:`PER_EVENT` per
    event; returns how many samples were read."""
    wanted = sorted(set(companies))
    if not wanted:
        return 0
    start = dt.datetime.fromtimestamp(since - MARGIN_S, dt.UTC)
    with factory(readonly=True) as session:
        rows = repo.received_since(session, wanted, start, MAX_SAMPLES)
    now = time.time()
    by_vehicle: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for company_id, public_id, vin, sample in rows:
        by_vehicle.setdefault((company_id, public_id, vin), []).append(sample)
    for (company_id, public_id, vin), samples in by_vehicle.items():
        samples.sort(key=lambda s: s["seq"])
        for i in range(0, len(samples), PER_EVENT):
            deliver(company_id, "telemetry",
                    {"vehicle_id": public_id, "vin": vin, "samples": samples[i:i + PER_EVENT]}, now)
    if len(rows) >= MAX_SAMPLES:
        log.warning("catch-up after a fan-out outage: only the newest %d samples were sent again",
                    MAX_SAMPLES)
    return len(rows)
