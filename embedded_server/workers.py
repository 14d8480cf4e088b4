"""``mpro-server --workers N``: N portal processes serving one listening socket.

The parent binds the socket, migrates the database, then spawns N workers (fresh
interpreters, as uvicorn's own ``--workers`` does) that each build the app from the
environment and accept on the inherited socket; the kernel hands each new connection to
one of them. The parent prints the READY line once every worker serves, restarts a
worker that dies, and on SIGTERM/SIGINT (or stdin EOF with ``--exit-with-stdin``) stops
them all gracefully. Nothing lives in one worker's memory only: stream events fan out
through the database (``fanout``), the background jobs run in the one worker holding the
cluster lock (``jobs.leader``), metrics are summed over the workers (``metrics``).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from embedded_server.app import create_app
from embedded_server.config import Settings

log = logging.getLogger("embedded_server")

#: how long the workers may take to start serving (migrations ran in the parent)
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0


def make_server(app: FastAPI, log_level: str, on_started: Callable[[], None]) -> uvicorn.Server:
    """uvicorn serving ``app``: ``on_started`` once it accepts; a SIGTERM/SIGINT first ends
    the open SSE streams (uvicorn would wait for them) and exits with code 0."""
    broker = app.state.broker

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            broker.close()  # let open SSE streams end before uvicorn waits for them
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """Exit with code 0 after a graceful SIGTERM/SIGINT (uvicorn would re-raise it)."""
            with super().capture_signals():
                yield
                self._captured_signals.clear()

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                on_started()

    config = uvicorn.Config(
        app, log_level=log_level, timeout_graceful_shutdown=2, lifespan="on", access_log=False
    )
    return Server(config)


def _worker_main(sock: socket.socket, index: int, log_level: str, ready: Any) -> None:
    """A worker process: the app from the environment, served on the shared socket."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    app = create_app(Settings.from_env())
    server = make_server(app, log_level, on_started=lambda: ready.put(index))
    try:
        server.run(sockets=[sock])
    finally:
        app.state.engine.dispose()


#: connections a worker holds besides its pool: fan-out sender and listener, job leadership
CONNECTIONS_OUTSIDE_POOL = 3


def connection_budget_warning(engine: Engine, workers: int, settings: Settings) -> str | None:
    """A warning when N workers at full pool could exceed PostgreSQL's ``max_connections``
    (less the superuser reserve and the connections already open elsewhere)."""
    per_worker = settings.db_pool_size + settings.db_max_overflow + CONNECTIONS_OUTSIDE_POOL
    with engine.connect() as conn:
        limit, reserved, used = conn.exec_driver_sql(
            "SELECT current_setting('max_connections')::int, "
            "current_setting('superuser_reserved_connections')::int, "
            "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        ).one()
    room = int(limit) - int(reserved) - int(used) + 1  # + this connection, closed before serving
    if workers * per_worker > room:
        return (
            f"{workers} workers × {per_worker} connections (pool {settings.db_pool_size} + "
            f"overflow {settings.db_max_overflow} + {CONNECTIONS_OUTSIDE_POOL}) can exceed the "
            f"{room} PostgreSQL connections left (max_connections {limit}); lower --pool-size "
            "/ --max-overflow or raise max_connections"
        )
    return None


class Supervisor:
    """Runs and watches the workers; :meth:`run` returns the exit code."""

    def __init__(
        self, sock: socket.socket, workers: int, log_level: str, on_ready: Callable[[], None]
    ) -> None:
        self._sock = sock
        self._n = workers
        self._log_level = log_level
        self._on_ready = on_ready
        self._ctx = multiprocessing.get_context("spawn")
        self._ready = self._ctx.Queue()
        self._procs: list[BaseProcess] = []
        self.should_exit = threading.Event()

    def _spawn(self, index: int) -> BaseProcess:
        proc = self._ctx.Process(
            target=_worker_main,
            name=f"mpro-worker-{index}",
            args=(self._sock, index, self._log_level, self._ready),
        )
        proc.start()
        return proc

    def _signals(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.should_exit.set())

    def run(self) -> int:
        self._signals()
        self._procs = [self._spawn(i) for i in range(self._n)]
        if not self._await_ready():
            self._stop_all()
            return 1
        self._on_ready()
        while not self.should_exit.wait(0.5):
            for i, proc in enumerate(self._procs):
                if not proc.is_alive() and not self.should_exit.is_set():
                    log.warning(
                        "worker %d (pid %s) exited with %s; starting a new one",
                        i,
                        proc.pid,
                        proc.exitcode,
                    )
                    self._procs[i] = self._spawn(i)
        self._stop_all()
        return 0

    def _await_ready(self) -> bool:
        started: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT_S
        while len(started) < self._n:
            if self.should_exit.is_set() or time.monotonic() > deadline:
                return False
            dead = [p for p in self._procs if not p.is_alive()]
            if dead:
                log.error("a worker exited during start-up (exit code %s)", dead[0].exitcode)
                return False
            try:
                started.add(self._ready.get(timeout=0.2))
            except Exception:  # noqa: BLE001 - queue.Empty: keep waiting
                continue
        return True

    def _stop_all(self) -> None:
        for proc in self._procs:
            if proc.is_alive() and proc.pid is not None:
                os.kill(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for proc in self._procs:
            proc.join(max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(5)
