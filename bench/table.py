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

    # Live data while sorted by speed: batches of new samples for 10 % of the rows, each
    # followed by the coalesced re-sort the proxy's timer would run.
    import random

    from PySide6.QtCore import Qt

    rng = random.Random(7)
    proxy.sort(model.column_index("speed"), Qt.SortOrder.DescendingOrder)
    ids = [r["id"] for r in rows]
    resorts, batch_s = [], []
    for _ in range(5):
        batch = {
            vid: [{"ts_epoch": time.time(), "speed_kmh": rng.uniform(0, 120)}]
            for vid in rng.sample(ids, n // 10)
        }
        t0 = time.perf_counter()
        model.apply_samples(batch)
        batch_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        proxy._resort()
        proxy.index(0, 0).data()
        resorts.append(time.perf_counter() - t0)
    resort_s = max(resorts)

    return [
        Result("vehicles table: load", load_s * 1000, "ms", base_s * 1000, "report",
               load_s / base_s if base_s else None, None,
               f"{n:,} rows: VehicleTableModel.set_rows + proxy (Cache.vehicles() read "
               f"{read_s * 1000:.0f} ms, untimed); baseline: len() of the same rows as a list"),
        Result("vehicles table: filter per keystroke", worst * 1000, "ms", None, "≤ 16 ms", None,
               worst <= 0.016,
               f"worst of {len(keystrokes)} keystrokes (typing and erasing {len(PHRASES)} phrases) "
               f"with RowFilterProxy.set_search over {n:,} rows; median {median * 1000:.1f} ms"),
        Result("vehicles table: sort", sort_s * 1000, "ms", None, "≤ 50 ms", None,
               sort_s <= 0.050, f"worst of proxy.sort() on name / speed / VIN over {n:,} rows"),
        Result("vehicles table: re-sort on live data", resort_s * 1000, "ms", None, "≤ 50 ms",
               None, resort_s <= 0.050,
               f"worst of 5 re-sorts (sorted by speed, descending) after a live batch of "
               f"{n // 10:,} vehicles' samples over {n:,} rows; the batch itself (apply_samples) "
               f"worst {max(batch_s) * 1000:.0f} ms"),
    ]
