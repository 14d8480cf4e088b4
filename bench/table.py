"""Vehicles table: the real VehicleTableModel + RowFilterProxy (offscreen Qt) over rows
read by the real ``Cache.vehicles()``, as the Vehicles pane loads them."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Result, fill_cache

PHRASES = ("van 0123", "wbn", "sprinter", "zz no match")


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def run(quick: bool) -> list[Result]:
    n = 10_000 if quick else 100_000
    _app()
    from mpro_desktop.models.filter_proxy import RowFilterProxy
    from mpro_desktop.models.vehicles import VehicleTableModel, normalise_vehicle_rows
    from mpro_desktop.sync.cache import Cache

    with tempfile.TemporaryDirectory(prefix="bench-table-") as tmp:
        path = Path(tmp) / "cache.sqlite3"
        fill_cache(path, n)
        cache = Cache(path)
        t0 = time.perf_counter()
        rows = normalise_vehicle_rows(cache.vehicles())
        read_s = time.perf_counter() - t0
        cache.close()
    t0 = time.perf_counter()
    base_n = len(list(rows))
    base_s = time.perf_counter() - t0
    assert base_n == n

    model = VehicleTableModel()
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    t0 = time.perf_counter()
    model.set_rows(rows)
    proxy.rowCount()
    load_s = time.perf_counter() - t0

    keystrokes: list[float] = []
    for phrase in PHRASES:
        for k in list(range(1, len(phrase) + 1)) + list(range(len(phrase) - 1, -1, -1)):
            t0 = time.perf_counter()
            proxy.set_search(phrase[:k])
            proxy.rowCount()
            keystrokes.append(time.perf_counter() - t0)
    worst, median = max(keystrokes), statistics.median(keystrokes)

    sorts = []
    for key in ("name", "speed", "vin"):
        col = model.column_index(key)
        t0 = time.perf_counter()
        proxy.sort(col)
        proxy.index(0, 0).data()
        sorts.append(time.perf_counter() - t0)
    sort_s = max(sorts)

    return [
        Result("vehicles table: load", load_s * 1000, "ms", base_s * 1000, "report",
               load_s / base_s if base_s else None, None,
               f"{n:,} rows: VehicleTableModel.set_rows + proxy (Cache.vehicles() read "
               f"{read_s * 1000:.0f} ms, untimed); baseline: len() of the same rows as a list"),
        Result("vehicles table: filter per keystroke", worst * 1000, "ms", None, "≤ 50 ms", None,
               worst <= 0.050,
               f"worst of {len(keystrokes)} keystrokes (typing and erasing {len(PHRASES)} phrases) "
               f"with RowFilterProxy.set_search over {n:,} rows; median {median * 1000:.1f} ms"),
        Result("vehicles table: sort", sort_s * 1000, "ms", None, "report", None, None,
               f"worst of proxy.sort() on name / speed / VIN over {n:,} rows"),
    ]
