"""Pytest plugin: portal databases, an in-process client and a REAL portal subprocess.

Fixtures
--------
``portal_db_url``
    SQLAlchemy URL of a fresh database: a SQLite file in ``tmp_path``, and (when
    ``MPRO_TEST_PG_URL`` is set) PostgreSQL with the test in its own schema, dropped after.
``portal_client``
    ``fastapi.testclient.TestClient`` on ``create_app`` over ``portal_db_url``.
``live_portal``
    A started :class:`LivePortal` (``mpro-server`` child process on a free port, SQLite
    file in tmp_path). Parametrise indirectly with ``{"seeded": True}`` for the demo seed.
``seeded_portal``
    Same, started with ``--seed-demo``; ``.seed`` holds the seed file contents.
``live_portal_factory``
    ``factory(seeded=False, database_url=None, env=None, extra_args=None) -> LivePortal`` for several
    portals in one test; all are stopped at teardown.

LivePortal interface: ``.url`` (``http://127.0.0.1:PORT``), ``.port``, ``.database_url``,
``.seed_file`` (Path or None), ``.seed`` (dict, seeded only), ``.start()`` (restart on
the SAME port and database), ``.stop()`` (graceful: closes stdin, waits, then kills),
``.running``, ``.register(company_name) -> {"token", "refresh_token", "user", "company",
"email", "password"}``, ``.login(email, password) -> token dict``,
``.headers(token) -> {"Authorization": ...}``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mpro_common.readiness import SERVER_READY

READY_PREFIX = SERVER_READY
REPO_ROOT = Path(__file__).resolve().parents[1]
_counter = itertools.count(1)


def register_body(company_name: str, email: str, password: str) -> dict[str, Any]:
    """A valid registration body (API.md) for tests."""
    return {
        "company": {
            "name": company_name,
            "country": "SE",
            "address": {"street": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm"},
            "org_number": "556000-0000",
            "phone": "+46812345678",
        },
        "user": {
            "email": email,
            "password": password,
            "first_name": "Test",
            "last_name": "Admin",
            "birth_date": "1985-05-05",
            "mobile": "+46701234567",
            "language": "sv",
        },
    }


def register_company(client: Any, company_name: str) -> dict[str, Any]:
    """Register a company and log its admin in with ``client`` (TestClient or httpx.Client)."""
    email = f"admin{next(_counter)}-{uuid.uuid4().hex[:8]}@example.com"
    password = "correct horse battery"
    r = client.post("/api/v1/register", json=register_body(company_name, email, password))
    assert r.status_code == 201, r.text
    reg = r.json()
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    tokens = r.json()
    return {"token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
            "user": reg["user"], "company": reg["company"], "email": email, "password": password}


class LivePortal:
    """A real ``python -m embedded_server.cli`` process; see the module docstring."""

    def __init__(self, database_url: str, *, seeded: bool = False, seed_file: Path | None = None,
                 env: dict[str, str] | None = None, startup_timeout: float = 60.0,
                 extra_args: list[str] | None = None) -> None:
        self.database_url = database_url
        self.extra_args = list(extra_args or [])
        self.seeded = seeded
        self.seed_file = seed_file
        self.env = env or {}
        self.startup_timeout = startup_timeout
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self.output: list[str] = []

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def seed(self) -> dict[str, Any]:
        assert self.seed_file is not None, "start the portal with seeded=True"
        return json.loads(self.seed_file.read_text("utf-8"))  # type: ignore[no-any-return]

    def start(self) -> None:
        """Start (or restart) on the same port and database."""
        if self.running:
            return
        cmd = [sys.executable, "-m", "embedded_server.cli", "--port", str(self.port),
               "--database-url", self.database_url, "--exit-with-stdin", *self.extra_args]
        if self.seeded:
            cmd.append("--seed-demo")
            if self.seed_file is not None:
                cmd += ["--seed-file", str(self.seed_file)]
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        deadline = time.monotonic() + self.startup_timeout
        while True:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, cwd=str(REPO_ROOT), env=env)
            line = self._wait_ready(deadline)
            if line is not None:
                break
            err = self.proc.stderr.read() if self.proc.stderr else ""
            # a restart may race a lingering socket: retry briefly, then fail loudly
            if "cannot listen" in err and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            raise RuntimeError(f"mpro-server did not become ready:\n{err}")
        self.url = line[len(READY_PREFIX):].strip()
        self.port = int(self.url.rsplit(":", 1)[1])
        assert self.proc.stdout is not None and self.proc.stderr is not None
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._drain, args=(stream,), daemon=True).start()

    def _wait_ready(self, deadline: float) -> str | None:
        assert self.proc is not None and self.proc.stdout is not None
        result: list[str] = []

        def read() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                self.output.append(line)
                if line.startswith(READY_PREFIX):
                    result.append(line)
                    return

        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(max(0.1, deadline - time.monotonic()))
        if not result:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(10)
            return None
        return result[0]

    def _drain(self, stream: Any) -> None:
        try:
            for line in stream:
                self.output.append(line)
        except (OSError, ValueError):
            pass

    def stop(self, timeout: float = 15.0) -> int | None:
        """Graceful stop (stdin EOF); kill if it hangs. Returns the exit code."""
        if self.proc is None:
            return None
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        return proc.returncode

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=kwargs.pop("timeout", 30.0), **kwargs)

    def headers(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def register(self, company_name: str) -> dict[str, Any]:
        with self.client() as c:
            return register_company(c, company_name)

    def login(self, email: str, password: str) -> dict[str, Any]:
        with self.client() as c:
            r = c.post("/api/v1/auth/login", json={"email": email, "password": password})
            r.raise_for_status()
            return r.json()  # type: ignore[no-any-return]


def _pg_url_for_schema(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(base).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    ).render_as_string(hide_password=False)


def _pg_admin(base: str, sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _db_params() -> list[Any]:
    params: list[Any] = ["sqlite"]
    params.append(pytest.param("postgresql", marks=[
        pytest.mark.pg,
        pytest.mark.skipif(not os.environ.get("MPRO_TEST_PG_URL"), reason="MPRO_TEST_PG_URL not set"),
    ]))
    return params


@contextlib.contextmanager
def portal_database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty portal database URL: a SQLite file in ``folder``, or a private
    schema of the real PostgreSQL at ``MPRO_TEST_PG_URL`` (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'portal.sqlite3'}"
        return
    base = os.environ["MPRO_TEST_PG_URL"]
    schema = f"t_{uuid.uuid4().hex[:16]}"
    _pg_admin(base, f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_url_for_schema(base, schema)
    finally:
        _pg_admin(base, f'DROP SCHEMA "{schema}" CASCADE')


#: ``params=`` for a fixture that runs its tests on SQLite and on PostgreSQL
DB_PARAMS = _db_params()


@pytest.fixture(params=DB_PARAMS)
def portal_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty portal database URL (SQLite file, or a private PostgreSQL schema)."""
    with portal_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def portal_app(portal_db_url: str, tmp_path: Path) -> Iterator[Any]:
    """The app over ``portal_db_url``; mail is delivered into ``tmp_path / "mail"``."""
    from embedded_server.app import create_app
    from embedded_server.config import Settings

    app = create_app(Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail")))
    try:
        yield app
    finally:
        app.state.engine.dispose()


@pytest.fixture
def portal_client(portal_app: Any) -> Iterator[Any]:
    """TestClient on a freshly migrated portal (lifespan running)."""
    from fastapi.testclient import TestClient

    with TestClient(portal_app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def live_portal_factory(tmp_path: Path) -> Iterator[Callable[..., LivePortal]]:
    portals: list[LivePortal] = []

    def factory(seeded: bool = False, database_url: str | None = None,
                env: dict[str, str] | None = None,
                extra_args: list[str] | None = None) -> LivePortal:
        n = len(portals)
        folder = tmp_path / f"portal{n}"
        folder.mkdir(exist_ok=True)
        url = database_url or f"sqlite:///{folder / 'portal.sqlite3'}"
        env = {"MPRO_MAIL_DIR": str(folder / "mail"), **(env or {})}
        portal = LivePortal(url, seeded=seeded,
                            seed_file=folder / "demo-credentials.json" if seeded else None, env=env,
                            extra_args=extra_args)
        portals.append(portal)
        portal.start()
        return portal

    yield factory
    for p in portals:
        p.stop()


@pytest.fixture
def live_portal(request: pytest.FixtureRequest, live_portal_factory: Callable[..., LivePortal]) -> LivePortal:
    """A running portal subprocess; indirect param ``{"seeded": True}`` seeds the demo."""
    opts = getattr(request, "param", None) or {}
    return live_portal_factory(**opts)


@pytest.fixture
def seeded_portal(live_portal_factory: Callable[..., LivePortal]) -> LivePortal:
    return live_portal_factory(seeded=True)
