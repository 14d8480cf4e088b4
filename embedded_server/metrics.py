"""Prometheus metrics of the portal (``GET /metrics``, prometheus-client).

- ``mpro_http_request_duration_seconds{method,route,status}``: request latency by route
  template (``/api/v1/vehicles/{vehicle_id}``; ``unmatched`` for unknown paths, so a
  scanner can't grow the label set); SSE streams are left out (they last for hours).
- ``mpro_ingest_samples_total``: telemetry samples stored (the ingest rate is its rate).
- ``mpro_sse_clients``: open SSE streams.
- ``mpro_event_fanout_lag_seconds{event}``: from the publishing process handing an event
  over (after its commit) to this process's broker delivering it to its streams.

Several worker processes: ``PROMETHEUS_MULTIPROC_DIR`` names a folder the workers share
(``mpro-server --workers N`` makes and wipes one unless it is set); each worker writes its
values there and ``/metrics`` sums them (prometheus-client's multiprocess mode). The
variable must be set before this module is imported, as prometheus-client requires.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # prometheus-client writes there at import
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

from prometheus_client import (  # noqa: E402 - after the folder exists
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUEST_SECONDS = Histogram(
    "mpro_http_request_duration_seconds",
    "HTTP request latency by route template",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
INGESTED = Counter("mpro_ingest_samples", "Telemetry samples stored by the ingest")
SSE_CLIENTS = Gauge("mpro_sse_clients", "Open SSE streams", multiprocess_mode="livesum")
FANOUT_LAG = Histogram(
    "mpro_event_fanout_lag_seconds",
    "From an event's publication after its commit to its delivery to this process's streams",
    ["event"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric (summed over the workers in multiprocess mode)."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def process_exited() -> None:
    """A worker's last word: its live gauges stop counting (multiprocess mode only)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


class MetricsMiddleware:
    """Times every HTTP request by the route template the router matched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]
        streaming = [False]

        async def send_timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                streaming[0] = any(
                    k == b"content-type" and v.startswith(b"text/event-stream")
                    for k, v in message.get("headers", ())
                )
            await send(message)

        try:
            await self.app(scope, receive, send_timed)
        finally:
            if not streaming[0]:
                route = scope.get("route")
                template = getattr(route, "path", None) or "unmatched"
                REQUEST_SECONDS.labels(scope["method"], template, f"{status[0] // 100}xx").observe(
                    time.perf_counter() - start
                )
