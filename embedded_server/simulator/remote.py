"""Connectivity (dead zones, R22) and remote commands (R23-R25) of the simulated vans.

``DeadZones`` decides, deterministically per (seed, vin), when a van has no network:
it keeps sampling into its buffer and the uploader skips it until it is back.

``CommandPoller`` long-polls ``GET /api/v1/telematics/commands?vin=&wait=`` for every
van from ONE asyncio thread: at most ``concurrency`` polls are open at a time, and when
there are more vans than that the wait of each poll shrinks so that every van is still
asked about every ``wait`` seconds (2,000 vans, 64 slots: 0.64 s polls, ~100 req/s).
Commands are handed to the sampling thread (which owns the van state) through a queue;
results are posted back from the poller thread, retried on transport errors.
"""

from __future__ import annotations

import asyncio
import logging
import math
import queue
import random
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

log = logging.getLogger(__name__)

COMMANDS_PATH = "/api/v1/telematics/commands"


class DeadZones:
    """Alternating connected / dead periods per van (exponential lengths, seeded).

    ``fraction`` is the long-run share of time a van spends without network,
    ``mean_dead_s`` the mean length of one dead period.
    """

    def __init__(
        self, vins: Iterable[str], fraction: float, mean_dead_s: float, *, seed: int, now: float
    ) -> None:
        if not 0.0 <= fraction < 1.0:
            raise ValueError("fraction must be in [0, 1)")
        self.fraction = fraction
        self.mean_dead_s = mean_dead_s
        self.mean_live_s = mean_dead_s * (1.0 - fraction) / fraction if fraction else math.inf
        self.offline: set[str] = set()
        self._rng = {v: random.Random(f"{seed}:{v}:deadzone") for v in vins}
        self._toggle = {v: now + self._length(v, dead=False) for v in self._rng}
        self.transitions = 0

    def _length(self, vin: str, *, dead: bool) -> float:
        mean = self.mean_dead_s if dead else self.mean_live_s
        if math.isinf(mean):
            return math.inf
        return max(1.0, self._rng[vin].expovariate(1.0 / mean))

    def update(self, now: float) -> set[str]:
        """Advance to ``now`` (monotonic seconds); returns the VINs currently offline."""
        if not self.fraction:
            return self.offline
        for vin, at in self._toggle.items():
            while at <= now:
                if vin in self.offline:
                    self.offline.discard(vin)
                    log.info("%s is connected again", vin)
                    at += self._length(vin, dead=False)
                else:
                    self.offline.add(vin)
                    log.info("%s entered a dead zone", vin)
                    at += self._length(vin, dead=True)
                self.transitions += 1
            self._toggle[vin] = at
        return self.offline


#: (vin, command JSON) handed from the poller to the sampling thread
Delivered = tuple[str, dict[str, Any]]


class CommandPoller:
    """Long-polls commands for every van (see the module docstring)."""

    def __init__(
        self,
        server: str,
        tokens: Mapping[str, str],
        *,
        wait: float = 20.0,
        concurrency: int = 64,
        offline: Callable[[str], bool] = lambda vin: False,
        client_factory: Callable[[], httpx.AsyncClient] | None = None,
    ) -> None:
        self.base = server.rstrip("/")
        self.tokens = dict(tokens)
        self.concurrency = max(1, concurrency)
        n = max(1, len(self.tokens))
        self.wait = wait if n <= self.concurrency else max(0.5, wait * self.concurrency / n)
        self.offline = offline
        self.inbox: queue.SimpleQueue[Delivered] = queue.SimpleQueue()
        self.polls = 0
        self.results_posted = 0
        self._client_factory = client_factory
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping: asyncio.Event | None = None
        self._missing_logged = False
        self._ready = threading.Event()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="mpro-sim-commands", daemon=True)
        self._thread.start()
        self._ready.wait(5.0)

    def close(self, timeout: float = 2.0) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and loop.is_running():
            loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.close()

    async def _main(self) -> None:
        self._stopping = asyncio.Event()
        self._sem = asyncio.Semaphore(self.concurrency)
        self._client = (
            self._client_factory()
            if self._client_factory
            else httpx.AsyncClient(
                timeout=httpx.Timeout(self.wait + 10.0, connect=3.0),
                limits=httpx.Limits(
                    max_connections=self.concurrency + 4,
                    max_keepalive_connections=self.concurrency + 4,
                ),
            )
        )
        self._ready.set()
        tasks = [asyncio.create_task(self._poll_van(v)) for v in self.tokens]
        try:
            await self._stopping.wait()
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if pending:  # results still being posted: give them a moment
                await asyncio.wait(pending, timeout=1.0)
            await self._client.aclose()

    # ------------------------------------------------------------------ polling

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopping; True when stopping."""
        assert self._stopping is not None
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
            return True
        except TimeoutError:
            return False

    async def _poll_van(self, vin: str) -> None:
        backoff = 1.0
        headers = {"Authorization": f"Bearer {self.tokens[vin]}"}
        url = self.base + COMMANDS_PATH
        while True:
            if self.offline(vin):
                if await self._sleep(1.0):
                    return
                continue
            async with self._sem:
                try:
                    resp = await self._client.get(
                        url, params={"vin": vin, "wait": f"{self.wait:g}"}, headers=headers
                    )
                except httpx.TransportError:
                    resp = None
                self.polls += 1
            delay = 0.0
            if resp is None or resp.status_code >= 500:
                delay, backoff = backoff * random.uniform(0.8, 1.2), min(30.0, backoff * 2)
            elif resp.status_code == 200:
                backoff = 1.0
                try:
                    items = resp.json().get("items", [])
                except (ValueError, AttributeError):
                    items = []
                for cmd in items:
                    if isinstance(cmd, dict) and cmd.get("id"):
                        self.inbox.put((vin, cmd))
            elif resp.status_code == 404 and not self._missing_logged:
                self._missing_logged = True
                log.warning("portal has no command endpoint (404): polling again in 30 s")
                delay = 30.0
            else:  # 401/403/404: no service or unknown van; ask again much later
                delay = 30.0
            if delay and await self._sleep(delay):
                return

    # ------------------------------------------------------------------ results

    def submit_result(self, cid: str, result: Mapping[str, Any]) -> None:
        """Thread-safe: POST ``result`` for command ``cid`` (retried in the background)."""
        loop = self._loop
        if loop is None or not loop.is_running():
            log.warning("cannot report command %s: poller not running", cid)
            return
        loop.call_soon_threadsafe(lambda: loop.create_task(self._post_result(cid, dict(result))))

    async def _post_result(self, cid: str, body: dict[str, Any]) -> None:
        vin = body.pop("_vin", None)
        headers = {"Authorization": f"Bearer {self.tokens[vin]}"} if vin in self.tokens else {}
        url = f"{self.base}{COMMANDS_PATH}/{cid}/result"
        delay = 0.5
        for _attempt in range(8):
            try:
                resp = await self._client.post(url, json=body, headers=headers)
            except httpx.TransportError:
                resp = None
            if resp is not None and resp.status_code < 500:
                if resp.status_code >= 300:
                    log.warning(
                        "portal refused result of %s (%d): %s",
                        cid,
                        resp.status_code,
                        resp.text[:200],
                    )
                else:
                    self.results_posted += 1
                return
            if await self._sleep(delay):
                return
            delay = min(10.0, delay * 2)
        log.warning("giving up reporting the result of command %s", cid)


def result_body(vin: str, result: Mapping[str, Any]) -> dict[str, Any]:
    """The POST body (plus the internal ``_vin`` used to pick the module token)."""
    body: dict[str, Any] = {"state": result["state"], "_vin": vin}
    if result["state"] == "failed":
        body["reason"] = result.get("reason") or "failed"
        body["unmet"] = list(result.get("unmet") or [])
    return body
