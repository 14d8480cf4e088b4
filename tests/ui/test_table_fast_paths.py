"""The 100k-row fast paths of the vehicles table (bench ``vehicles_table``) give the
same answers as the plain per-row definitions: column-wise search texts and sort keys,
the order kept up to date by live data, filtering while sorted, the lazy staleness
watch and the position index built on demand. Qt's model tester runs over each state."""

from __future__ import annotations

import random
import time

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from mpro_desktop.domain.vehicles import STALE_AFTER_S
from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.table import SortKeyRole
from mpro_desktop.models.vehicles import VehicleTableModel, normalise_vehicle_rows


def _rows(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    now = time.time()
    rows = []
    for i in range(n):
        fuel = rng.choice(["diesel", "electric", None])
        status = None
        if rng.random() < 0.8:
            status = {"ts": now - rng.uniform(0, 2 * STALE_AFTER_S), "ignition": True}
            if rng.random() < 0.9:
                status["speed_kmh"] = rng.choice([0.0, 0, 42.0, rng.uniform(0, 120)])
            status["fuel_level_pct" if fuel != "electric" else "soc_pct"] = rng.uniform(0, 100)
            if rng.random() < 0.5:
                status["odometer_km"] = rng.uniform(0, 1e5)
        name = rng.choice([f"Van {i:03d}", f" Van  {i}\t", f"Bil {i} Åkeri", None, ""])
        rows.append(
            {
                "id": f"v{i}",
                "vin": f"WBN{rng.randrange(10**13):013d}",
                "name": name,
                "license_plate": rng.choice([f"ABC {i:03d}", None]),
                "model": rng.choice(["Sprinter", None, "e-Vito  L"]),
                "fuel_type": fuel,
                "status": status,
            }
        )
    return normalise_vehicle_rows(rows)


def _shown(proxy: RowFilterProxy) -> list[int]:
    return [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]


def _expected(model: VehicleTableModel, column: int, order, needle: str = "") -> list[int]:
    keys = [model.index(i, column).data(SortKeyRole) for i in range(model.rowCount())]
    rows = [i for i in range(model.rowCount()) if needle in model.search_text_at(i)]
    present = [i for i in rows if keys[i] is not None]
    blanks = [i for i in rows if keys[i] is None]
    present.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
    return present + blanks


def test_column_wise_load_equals_the_per_row_definitions(qapp):
    rows = _rows(400)
    model = VehicleTableModel()
    model.set_rows(rows)
    assert model.search_texts() == [model.search_text(r) for r in rows]
    for c in range(model.columnCount()):
        col = model._columns[c]
        per_row = [col.sort_key(r) if col.sort_key else col.display(r).lower() for r in rows]
        assert model.sort_keys(c) == per_row, col.key
        if col.sort_keys is not None:
            assert col.sort_keys(rows) == per_row, col.key


@pytest.mark.parametrize("numpy_loaded", [True, False])
@pytest.mark.parametrize("key", ["name", "vin", "speed", "energy", "odometer", "updated"])
def test_sorted_filtered_and_live_rows_match_a_plain_sort(
    qapp, qtmodeltester, monkeypatch, key, numpy_loaded
):
    import sys

    import numpy  # noqa: F401 - loaded or hidden per case

    if not numpy_loaded:
        monkeypatch.delitem(sys.modules, "numpy")
    rng = random.Random(11)
    model = VehicleTableModel()
    model.set_rows(_rows(300))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    column = model.column_index(key)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.set_search("")
        proxy.sort(column, order)
        assert _shown(proxy) == _expected(model, column, order)
        qtmodeltester.check(proxy)
        for needle in ("v", "va", "van", "van 1", "van", "", "åkeri", "abc 0"):
            proxy.set_search(needle)
            assert _shown(proxy) == _expected(model, column, order, needle.lower()), needle
        proxy.set_search("van")
        ids = [model.row_dict(i)["id"] for i in range(model.rowCount())]
        for _ in range(4):  # live data, some of it blank, a few rows or many
            batch = {}
            for vid in rng.sample(ids, rng.choice([3, 30, 200])):
                value = rng.choice([None, 0.0, rng.uniform(0, 120)])
                batch[vid] = [
                    {
                        "ts_epoch": time.time() + rng.uniform(0, 10),
                        "speed_kmh": value,
                        "odometer_km": value,
                        "fuel_level_pct": value,
                        "soc_pct": value,
                    }
                ]
            model.apply_samples(batch)
            proxy._resort()
            shown = _shown(proxy)
            keys = model.sort_keys(column)
            present = [keys[i] for i in shown if keys[i] is not None]
            descending = order == Qt.SortOrder.DescendingOrder
            assert present == sorted(present, reverse=descending)
            assert all(keys[i] is None for i in shown[len(present) :])  # blanks last
            assert sorted(shown) == sorted(_expected(model, column, order, "van"))
        qtmodeltester.check(proxy)


def test_a_resort_moves_the_selection_with_its_vehicle(qapp):
    model = VehicleTableModel()
    model.set_rows(_rows(200))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    speed = model.column_index("speed")
    proxy.sort(speed, Qt.SortOrder.DescendingOrder)
    selection = QItemSelectionModel(proxy)
    target = proxy.mapToSource(proxy.index(0, 0)).row()
    selection.setCurrentIndex(
        proxy.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    vid = model.row_dict(target)["id"]
    model.apply_samples({vid: [{"ts_epoch": time.time() + 5, "speed_kmh": -1.0}]})
    proxy._resort()
    current = selection.currentIndex()
    assert proxy.mapToSource(current).row() == target
    assert [proxy.mapToSource(i).row() for i in selection.selectedRows()] == [target]
    keys = model.sort_keys(speed)
    assert current.row() == max(
        r for r in range(proxy.rowCount()) if keys[_shown(proxy)[r]] is not None
    )
    assert proxy.mapFromSource(model.index(target, 3)) == proxy.index(current.row(), 3)


def test_the_staleness_watch_built_lazily_still_sees_rows_live_at_the_load(qapp):
    now = [1_000_000.0]
    model = VehicleTableModel(clock=lambda: now[0])
    model.stale_timer.stop()
    rows = [
        {"id": "live", "vin": "A", "status": {"ts_epoch": now[0] - 10}},
        {"id": "old", "vin": "B", "status": {"ts_epoch": now[0] - 2 * STALE_AFTER_S}},
        {"id": "none", "vin": "C", "status": None},
        {"id": "iso", "vin": "D", "status": {"ts": "1970-01-12T13:46:30+00:00"}},  # 999990
    ]
    model.set_rows(rows)
    assert model._expiries == []  # nothing per row while loading
    now[0] += STALE_AFTER_S  # "live" and "iso" have turned old since the load
    assert sorted(model.refresh_staleness()) == ["iso", "live"]
    assert model.refresh_staleness() == []
