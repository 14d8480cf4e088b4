"""Item models: Qt's model tester, filtering on precomputed text, live updates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.products import ProductTableModel
from mpro_desktop.models.table import RowIdRole
from mpro_desktop.models.users import UserTableModel
from mpro_desktop.models.vehicles import VehicleTableModel, normalise_vehicle_rows
from mpro_desktop.sync.cache import vehicle_row, vehicle_status_t, vehicles_t
from tests.ui.conftest import fill_vehicles, make_vin


def test_vehicle_model_passes_qt_model_tester(qtmodeltester, cache):
    fill_vehicles(cache, 30)
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    qtmodeltester.check(model)
    assert model.rowCount() == 30
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("van 1")
    proxy.sort(model.column_index("speed"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 10  # Van 10..19
    rows = [model.row_dict(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(10)]
    speeds = [r["status"]["speed_kmh"] for r in rows]
    assert speeds == sorted(speeds, reverse=True)


def test_user_and_product_models_pass_model_tester(qtmodeltester):
    users = UserTableModel()
    users.set_rows(
        [
            {
                "id": "u1",
                "first_name": "Anna",
                "last_name": "Berg",
                "email": "a@x.se",
                "roles": ["company_admin"],
                "verified": True,
            },
            {
                "id": "u2",
                "first_name": "Bo",
                "last_name": "Ek",
                "email": "b@x.se",
                "roles": ["driver"],
                "verified": False,
            },
        ]
    )
    qtmodeltester.check(users)
    assert users.index(0, 2).data() == "Company admin"
    products = ProductTableModel()
    products.set_rows(
        [
            {
                "id": "p1",
                "name": "Fleet management",
                "price": 9.9,
                "currency": "EUR",
                "term_months": 12,
                "free": False,
            },
            {
                "id": "p2",
                "name": "Portal",
                "price": 0,
                "currency": "EUR",
                "term_months": None,
                "free": True,
            },
        ]
    )
    qtmodeltester.check(products)
    assert products.index(1, 1).data() == "Free"


def test_filter_matches_every_word_in_name_vin_or_plate(cache):
    fill_vehicles(cache, 50)
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("van 07")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Van 07"]
    proxy.set_search("P000012")  # part of a VIN, any case
    assert proxy.rowCount() == 1
    proxy.set_search("abc 04")  # a phrase: plates ABC 040..049
    assert proxy.rowCount() == 10
    proxy.set_search("  ABC   045 ")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Van 45"]
    proxy.set_search("electric")
    assert proxy.rowCount() == 17  # every third van
    proxy.set_search("")
    assert proxy.rowCount() == 50


#: name -> (fuel type, status or None). Values chosen so text order (10 < 100 < 1,000 < 9)
#: differs from numeric order, each column orders the vans differently, and no order is
#: the source order (by name).
_SORT_VANS = {
    "Delta": ("diesel", {"speed_kmh": 9.0, "odometer_km": 1e3, "fuel_level_pct": 100.0, "ts": 3e9}),
    "Bravo": ("electric", {"speed_kmh": 10.0, "odometer_km": 100.0, "soc_pct": 9.0, "ts": 1e9}),
    "Alpha": ("diesel", {"speed_kmh": 100.0, "odometer_km": 10.0, "fuel_level_pct": 99.5}),
    "Charlie": ("electric", {"speed_kmh": 1e3, "odometer_km": 9.0, "soc_pct": 10.0, "ts": 2e9}),
    "Foxtrot": ("diesel", {"odometer_km": 5.0, "ts": 1.5e9}),  # no speed, no fuel level
    "Echo": ("electric", None),  # no live data at all
}
_SORT_FIELDS = {"speed": "speed_kmh", "odometer": "odometer_km", "updated": "ts"}


@pytest.mark.parametrize("column", ["speed", "energy", "odometer", "updated"])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_numeric_columns_sort_by_value_with_blanks_last(cache, column, order):
    """The visible order follows the numbers, not their text; vans without a value last."""
    with cache.write() as conn:
        for i, (name, (fuel, status)) in enumerate(_SORT_VANS.items()):
            vid = f"veh-{name.lower()}"
            row = vehicle_row({"id": vid, "vin": make_vin(i), "name": name, "fuel_type": fuel})
            conn.execute(vehicles_t.insert().values(**row))
            if status is not None:
                conn.execute(vehicle_status_t.insert().values(vehicle_id=vid, ts=i, data=status))
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    col = model.column_index(column)
    proxy.sort(col, order)

    def value(name: str) -> float | None:
        fuel, status = _SORT_VANS[name]
        field = _SORT_FIELDS.get(column) or ("soc_pct" if fuel == "electric" else "fuel_level_pct")
        return (status or {}).get(field)

    descending = order == Qt.SortOrder.DescendingOrder
    present = sorted((n for n in _SORT_VANS if value(n) is not None), key=value, reverse=descending)
    blanks = [n for n in sorted(_SORT_VANS) if value(n) is None]  # source order
    visible = [proxy.index(r, model.column_index("name")).data() for r in range(proxy.rowCount())]
    assert visible == present + blanks
    if column != "updated":  # dates as text sort like the numbers; these must not
        text = {n: model.index(model.row_for_id(f"veh-{n.lower()}"), col).data() for n in present}
        assert sorted(present, key=text.__getitem__, reverse=descending) != present


def test_live_sample_updates_only_its_row(qtbot, cache):
    ids = fill_vehicles(cache, 5)
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    row = model.row_for_id(ids[2])
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.apply_samples(
            {ids[2]: [{"seq": 1, "ts": "2099-01-01T00:00:00+00:00", "speed_kmh": 77.0}]}
        )
    top, bottom = blocker.args[0], blocker.args[1]
    assert top.row() == bottom.row() == row
    assert model.index(row, model.column_index("speed")).data() == "77 km/h"
    assert model.index(row, 0).data(RowIdRole) == ids[2]


def test_pending_local_change_is_visible(cache):
    from mpro_desktop.sync import outbox

    vid = outbox.add_vehicle(cache, vin="w1v 9076351p999999", name="New van")
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    row = model.row_for_id(vid)
    assert model.index(row, model.column_index("vin")).data() == "W1V9076351P999999"
    assert "Waiting to upload" in model.index(row, model.column_index("sync")).data()


def test_reload_with_same_rows_repaints_only_what_changed(qtbot, cache):
    fill_vehicles(cache, 10)
    rows = normalise_vehicle_rows(cache.vehicles())
    model = VehicleTableModel()
    model.set_rows(rows)
    seen = []
    model.dataChanged.connect(lambda a, b, *_: seen.append((a.row(), b.row())))
    model.modelReset.connect(lambda: seen.append("reset"))
    model.set_rows([dict(r) for r in rows])
    assert seen == []
    changed = [dict(r) for r in rows]
    changed[4] = {**changed[4], "name": "Renamed"}
    model.set_rows(changed)
    assert seen == [(4, 4)]
    model.set_rows(changed[:-1])  # a vehicle went away: the row set changed
    assert seen[-1] == "reset" and model.rowCount() == 9


def test_many_live_samples_cause_one_repaint(cache):
    ids = fill_vehicles(cache, 50)
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    seen = []
    model.dataChanged.connect(lambda a, b, *_: seen.append((a.row(), b.row())))
    batch = {vid: [{"ts": "2099-01-01T00:00:00+00:00", "speed_kmh": 12.0}] for vid in ids[10:20]}
    assert model.apply_samples(batch) == 10
    assert len(seen) == 1


def test_search_sees_renames_but_live_data_keeps_the_match_cache(cache):
    fill_vehicles(cache, 30)
    model = VehicleTableModel()
    model.set_rows(normalise_vehicle_rows(cache.vehicles()))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("van 2")
    assert proxy.rowCount() == 10
    vid = model.row_dict(model.row_for_id(next(iter(model._row_of))))["id"]
    generation = model.search_generation
    model.apply_samples({vid: [{"ts": "2099-01-01T00:00:00+00:00", "speed_kmh": 5.0}]})
    assert model.search_generation == generation  # live data is not searchable
    model.update_row(vid, {"name": "Van 29b"})
    proxy.set_search("van 29")
    assert proxy.rowCount() == 2
