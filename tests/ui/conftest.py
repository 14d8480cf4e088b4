"""UI fixtures: a real SQLite cache file filled the way the sync engine fills it, and a
guard that fails any UI test in which a view writes SQLite on the UI thread."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QThread

import mpro_desktop.views
from mpro_desktop.sync.cache import Cache, vehicle_row, vehicle_status_t, vehicles_t

VIEWS_DIR = str(Path(mpro_desktop.views.__file__).parent)
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class UiThreadWrites:
    """Records every statement that runs on the QApplication's thread while a module of
    ``mpro_desktop/views`` is on the stack: writes (INSERT/UPDATE/DELETE) in
    ``offences`` and reads (SELECT, PRAGMA, ...) in ``reads``. Statements a test makes
    itself (``fill_vehicles``, ``engine.sync_once()``, ``cache.vehicles()``) are the
    test's, not a view's. A view reads through ``run_in_background`` and writes through
    ``run_write``; either on the UI thread freezes the window while SQLite waits."""

    def __init__(self) -> None:
        self.offences: list[str] = []
        self.reads: list[str] = []

    def __call__(self, _conn, _cursor, statement: str, *_args) -> None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename.startswith(VIEWS_DIR):
                where = f"{frame.f_code.co_filename}:{frame.f_lineno}"
                found = f"{where}: {statement.split()[0]} {statement[:60]!r}"
                if statement.lstrip().upper().startswith(WRITE_VERBS):
                    self.offences.append(found)
                else:
                    self.reads.append(found)
                return
            frame = frame.f_back


@pytest.fixture(autouse=True)
def ui_thread_writes():
    """Autouse: a view that writes or reads the cache on the UI thread fails the test
    (``run_write`` / ``run_in_background``)."""
    guard = UiThreadWrites()
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", guard)
    yield guard
    sa.event.remove(sa.engine.Engine, "before_cursor_execute", guard)
    assert not guard.offences, "a view wrote SQLite on the UI thread:\n" + "\n".join(guard.offences)
    assert not guard.reads, "a view read SQLite on the UI thread:\n" + "\n".join(guard.reads)


@pytest.fixture
def swedish(qapp):
    """The Swedish catalogue installed for one test (removed again afterwards)."""
    from PySide6.QtCore import QLocale

    from mpro_desktop import i18n

    before = len(i18n._installed)
    assert "mpro" in i18n.install_translators(qapp, QLocale("sv_SE"))
    yield
    while len(i18n._installed) > before:
        QCoreApplication.removeTranslator(i18n._installed.pop())


def make_vin(i: int) -> str:
    return f"WDB1234561P{i:06d}"


def fill_vehicles(cache: Cache, n: int, *, with_status: bool = True) -> list[str]:
    """``n`` vans (a third electric) with a status each, inserted in two statements
    (10,000 rows one by one took ten seconds)."""
    ids, vehicles, statuses = [], [], []
    now = time.time()
    for i in range(n):
        vid = f"veh-{i:05d}"
        electric = i % 3 == 0
        vehicles.append(
            vehicle_row(
                {
                    "id": vid,
                    "vin": make_vin(i),
                    "name": f"Van {i:02d}",
                    "license_plate": f"ABC {i:03d}",
                    "fuel_type": "electric" if electric else "diesel",
                    "has_comm_module": True,
                    "module_active": True,
                    "version": 1,
                }
            )
        )
        if with_status:
            status = {
                "ts": now - i,
                "speed_kmh": float(i % 90),
                "odometer_km": 1000.0 + i,
                "ignition": i % 2 == 0,
                "locked": i % 2 == 1,
                ("soc_pct" if electric else "fuel_level_pct"): float(10 + i % 90),
            }
            statuses.append({"vehicle_id": vid, "ts": now - i, "data": status})
        ids.append(vid)
    with cache.write() as conn:
        if vehicles:
            conn.execute(vehicles_t.insert(), vehicles)
        if statuses:
            conn.execute(vehicle_status_t.insert(), statuses)
    return ids


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache.sqlite3")
    yield c
    c.close()
