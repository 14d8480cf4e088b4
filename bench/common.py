"""Shared plumbing of the benchmarks: results, the table, machine facts, a real portal
subprocess, and fixture builders that use the product's own service functions."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mpro_common.readiness import SERVER_READY

REPO_ROOT = Path(__file__).resolve().parents[1]
READY_PREFIX = SERVER_READY
ADMIN_PASSWORD = "bench horse battery staple"


@dataclass
class Result:
    """One row of the table. ``ratio`` = measured / baseline (direction given by target)."""

    figure: str
    measured: float | None
    unit: str
    baseline: float | None = None
    target: str = ""
    ratio: float | None = None
    met: bool | None = None  # None = report only
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def fmt_num(value: float | None, unit: str = "") -> str:
    """Human number: thousands separators for big values, 3 significant digits for small."""
    if value is None:
        return "—"
    if value != value:  # NaN
        return "nan"
    a = abs(value)
    if a >= 1000:
        text = f"{value:,.0f}"
    elif a >= 100:
        text = f"{value:.0f}"
    elif a >= 10:
        text = f"{value:.1f}"
    elif a >= 1:
        text = f"{value:.2f}"
    elif a == 0:
        text = "0"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def table_rows(results: list[Result]) -> list[list[str]]:
    header = ["figure", "measured", "baseline", "ratio", "target", "met?"]
    rows = [header]
    for r in results:
        met = "report" if r.met is None else ("yes" if r.met else "NO")
        rows.append([
            r.figure,
            fmt_num(r.measured, r.unit),
            fmt_num(r.baseline, r.unit),
            "—" if r.ratio is None else f"{r.ratio:.2f}",
            r.target,
            met,
        ])
    return rows


def format_text_table(results: list[Result]) -> str:
    rows = table_rows(results)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown_table(results: list[Result]) -> str:
    rows = table_rows(results)
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    for row in rows[1:]:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    notes = [f"- **{r.figure}**: {r.notes}" for r in results if r.notes]
    if notes:
        out += ["", *notes]
    return "\n".join(out)


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:  # pragma: no cover
        pyside = "-"
    import sqlite3

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "pyside6": pyside,
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def wait_rusage(proc: subprocess.Popen[Any], timeout: float) -> tuple[int, resource.struct_rusage, int]:
    """Wait for ``proc``; return (exit code, its rusage (CPU time), peak RSS in kB).

    Peak RSS is the last ``VmHWM`` read from /proc while it ran: ``ru_maxrss`` would also
    count the parent's pages the child had between fork and exec.
    """
    deadline = time.monotonic() + timeout
    hwm = 0
    status_file = Path(f"/proc/{proc.pid}/status")
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage, hwm
        try:
            for line in status_file.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            raise TimeoutError(f"{proc.args!r} did not finish in {timeout:.0f} s")
        time.sleep(0.01)


class Portal:
    """A real ``python -m embedded_server.cli --port 0`` child; reads its READY line."""

    def __init__(self, database_url: str, args: tuple[str, ...] = ()) -> None:
        self.database_url = database_url
        self.args = args  # e.g. ("--workers", "2")
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.output: list[str] = []

    def __enter__(self) -> Portal:
        cmd = [sys.executable, "-m", "embedded_server.cli", "--port", "0",
               "--database-url", self.database_url, "--exit-with-stdin", *self.args]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, cwd=str(REPO_ROOT),
                                     env=child_env())
        assert self.proc.stdout is not None and self.proc.stderr is not None
        deadline = time.monotonic() + 120
        for line in self.proc.stdout:
            self.output.append(line)
            if line.startswith(READY_PREFIX):
                self.url = line[len(READY_PREFIX):].strip()
                break
            if time.monotonic() > deadline:
                break
        if not self.url:
            self.proc.kill()
            raise RuntimeError("portal did not start:\n" + self.proc.stderr.read())
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._drain, args=(stream,), daemon=True).start()
        return self

    def _drain(self, stream: Any) -> None:
        try:
            for line in stream:
                self.output.append(line)
        except (OSError, ValueError):
            pass

    def __exit__(self, *exc: object) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def login(self, email: str, password: str = ADMIN_PASSWORD) -> dict[str, Any]:
        import httpx

        r = httpx.post(self.url + "/api/v1/auth/login", json={"email": email, "password": password},
                       timeout=30)
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]


# -- PostgreSQL ---------------------------------------------------------------------------

PG_BASE = os.environ.get("MPRO_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(pg_dsn(), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def pg_dsn(schema: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_BASE)
    dsn = f"host={url.host or '127.0.0.1'} port={url.port or 5432} dbname={url.database} user={url.username}"
    if url.password:
        dsn += f" password={url.password}"
    if schema:
        dsn += f" options=-csearch_path={schema}"
    return dsn


def pg_url_for_schema(schema: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_BASE).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def pg_schema_create() -> str:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema


def pg_schema_drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(pg_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# -- portal fixtures built with the product's own service functions --------------------------

def bench_vin(i: int) -> str:
    """Valid, unique VIN per index (passes the shared VIN rule)."""
    from mpro_desktop.domain.vin import normalize_vin

    return normalize_vin(f"WBN{i:014d}")


def prepare_portal(database_url: str, n_vehicles: int, *, tokens: bool,
                   company_name: str = "Bench Fleet AB") -> dict[str, Any]:
    """Migrate the database and create a company, its admin and ``n_vehicles`` vans
    through the portal's own service layer (as the demo seed does). Returns
    ``{"email", "company_id", "vehicles": [(id, vin)], "keys": {id: portal key},
    "modules": {vin: token}}`` (``id`` as clients see it; raw rows use the portal key)."""
    import datetime as _dt

    from embedded_server.accounts import service as accounts
    from embedded_server.app import prepare_database
    from embedded_server.config import Settings
    from embedded_server.products.catalogue import FLEET_MANAGEMENT
    from embedded_server.products.service import assign_service
    from embedded_server.vehicles import service as vehicles

    engine, factory = prepare_database(Settings(database_url=database_url))
    email = f"admin-{uuid.uuid4().hex[:8]}@bench.example"
    out: dict[str, Any] = {"email": email, "vehicles": [], "keys": {}, "modules": {}}
    try:
        with factory() as session:  # type: ignore[operator]
            company = accounts.create_company(
                session, name=company_name, country="SE", street="Benchgatan 1",
                postal_code="111 22", city="Stockholm", org_number="556000-0000",
                phone="+46812345678")
            admin = accounts.create_user(
                session, company_id=company.id, email=email, password=ADMIN_PASSWORD,
                first_name="Bench", last_name="Admin", roles=["company_admin"],
                birth_date=_dt.date(1980, 1, 1), mobile="+46701234567", language="sv",
                verified=True)
            accounts.publish_account_state(session, company, [admin])
            out["company_id"] = company.id
            for i in range(n_vehicles):
                v = vehicles.add_vehicle(session, company_id=company.id, vin=bench_vin(i),
                                         name=f"Van {i:06d}", license_plate=f"BEN {i % 1000:03d}",
                                         fuel_type="electric" if i % 3 == 0 else "diesel",
                                         model="eSprinter" if i % 3 == 0 else "Sprinter")
                out["vehicles"].append((v.public_id, v.vin))
                out["keys"][v.public_id] = v.id
                if tokens:
                    token = assign_service(session, vehicle=v, product_id=FLEET_MANAGEMENT)
                    if token:
                        out["modules"][v.vin] = token
                if i % 1000 == 999:
                    session.commit()
            session.commit()
    finally:
        engine.dispose()  # type: ignore[attr-defined]
    return out


def sample_stream(n: int, *, start_epoch: float, seq0: int = 0, electric: bool = False) -> list[dict[str, Any]]:
    """``n`` plausible 1 Hz telemetry samples (JSON form, contracts.md)."""
    import math

    out = []
    for k in range(n):
        t = start_epoch + k
        s: dict[str, Any] = {
            "seq": seq0 + k,
            "ts": dt.datetime.fromtimestamp(t, dt.UTC).isoformat(),
            "lat": 59.33 + 0.01 * math.sin(k / 300), "lon": 18.06 + 0.01 * math.cos(k / 300),
            "speed_kmh": 50 + 30 * math.sin(k / 60), "odometer_km": 12000 + k * 0.01,
            "range_km": 300 - k * 0.001,
            "tyre_fl_kpa": 450.0, "tyre_fr_kpa": 451.0, "tyre_rl_kpa": 449.0, "tyre_rr_kpa": 452.0,
            "doors_open": False, "windows_open": False, "locked": False, "hood_open": False,
            "gear": "D", "ignition": True, "outside_temp_c": 12.5, "cabin_temp_c": 20.0,
            "door_driver_open": False, "door_passenger_open": False, "door_sliding_open": False,
            "door_rear_open": False, "window_driver": "closed", "window_passenger": "closed",
        }
        if electric:
            s["soc_pct"] = 80 - k * 0.0005
            s["plug_state"] = "disconnected"
        else:
            s["fuel_level_pct"] = 70 - k * 0.0005
        out.append(s)
    return out


#: a bulk-loaded sample "reached the portal" this long after it was taken (received_at)
RECEIVED_DELAY_S = 2.0


def portal_sample_row(vehicle_id: str, s: dict[str, Any], dialect: str) -> tuple[Any, ...]:
    """A ``telemetry_samples`` row exactly as the portal's ingest stores it: every column of
    ``telemetry.repository.COLUMNS`` (``received_at`` included), the same types and, on
    SQLite, the same timestamp text."""
    from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

    ts = dt.datetime.fromisoformat(s["ts"]).astimezone(dt.UTC)
    received = ts + dt.timedelta(seconds=RECEIVED_DELAY_S)
    if dialect == "sqlite":
        ts_v: Any = ts.isoformat(" ", "microseconds")[:26]
        received_v: Any = received.isoformat(" ", "microseconds")[:26]
    else:
        ts_v, received_v = ts, received
    vals = []
    for f, typ in SAMPLE_FIELDS.items():
        v = s.get(f)
        if v is not None and typ is bool and dialect == "sqlite":
            v = int(v)
        vals.append(v)
    return (vehicle_id, s["seq"], ts_v, *vals, received_v)


def portal_insert_sql(dialect: str) -> str:
    """The INSERT of :func:`portal_sample_row`'s rows (the portal's column list)."""
    from embedded_server.telemetry.repository import COLUMNS

    ph = "?" if dialect == "sqlite" else "%s"
    return (f"INSERT INTO telemetry_samples ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join([ph] * len(COLUMNS))})")


# -- desktop cache fixtures -----------------------------------------------------------------

def cache_vehicle_rows(n: int, prefix: str = "cv") -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC).isoformat()
    models = ("Sprinter", "Vito", "eSprinter", "eVito", "Crafter")
    return [{
        "id": f"{prefix}-{i:07d}", "vin": bench_vin(10_000_000 + i), "name": f"Van {i:06d}",
        "license_plate": f"{'ABCDEFGHJK'[i % 10]}{'LMNPRSTUWX'[(i // 10) % 10]}Z {i % 1000:03d}",
        "fuel_type": "electric" if i % 3 == 0 else "diesel", "model": models[i % 5],
        "has_comm_module": True, "module_active": True, "version": 1,
        "created_at": now, "updated_at": now, "pending_op": None,
    } for i in range(n)]


def fill_cache(cache_file: Path, n_vehicles: int, *, samples_total: int = 0,
               sample_vehicles: int = 100, prefix: str = "cv") -> list[dict[str, Any]]:
    """Create the cache with the product's migrations, then bulk-insert rows (setup only)."""
    import sqlite3

    from mpro_desktop.sync.cache import TELEMETRY_COLUMNS, Cache

    Cache(cache_file).close()
    rows = cache_vehicle_rows(n_vehicles, prefix)
    con = sqlite3.connect(cache_file)
    try:
        cols = list(rows[0]) if rows else []
        if rows:
            con.executemany(f"INSERT INTO vehicles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            [tuple(r[c] for c in cols) for r in rows])
            now = time.time()
            con.executemany("INSERT INTO vehicle_status (vehicle_id, ts, data) VALUES (?, ?, ?)",
                            [(r["id"], now, json.dumps({"ts": dt.datetime.now(dt.UTC).isoformat(),
                                                        "speed_kmh": 42.0, "ignition": True,
                                                        "fuel_level_pct": 55.0, "soc_pct": 66.0}))
                             for r in rows])
        if samples_total and rows:
            per = samples_total // min(sample_vehicles, len(rows))
            tcols = ["vehicle_id", "ts", *TELEMETRY_COLUMNS]
            sql = f"INSERT INTO telemetry ({', '.join(tcols)}) VALUES ({', '.join('?' * len(tcols))})"
            t0 = time.time() - per - 60
            for r in rows[:sample_vehicles]:
                con.executemany(sql, ((r["id"], t0 + k, *([float(k % 100)] * len(TELEMETRY_COLUMNS)))
                                      for k in range(per)))
        con.commit()
    finally:
        con.close()
    return rows


def prepare_offline_data_dir(data_dir: Path, n_vehicles: int, samples_total: int = 0) -> Path:
    """An MPRO_DATA_DIR that ``mpro-desktop --offline`` opens: last-session.json + cache."""
    data_dir.mkdir(parents=True, exist_ok=True)
    portal_url, email = "http://bench.invalid:8765", "bench@example.com"
    (data_dir / "last-session.json").write_text(json.dumps(
        {"portal_url": portal_url, "email": email, "cache_key": ""}), encoding="utf-8")
    from mpro_desktop import paths

    saved = os.environ.get("MPRO_DATA_DIR")
    os.environ["MPRO_DATA_DIR"] = str(data_dir)
    try:  # the product's own rule for the cache file name (Session.cache_file)
        cache_file = paths.cache_path(portal_url, email)
    finally:
        if saved is None:
            os.environ.pop("MPRO_DATA_DIR", None)
        else:
            os.environ["MPRO_DATA_DIR"] = saved
    fill_cache(cache_file, n_vehicles, samples_total=samples_total)
    return cache_file
