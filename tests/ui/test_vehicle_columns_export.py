"""Vehicles pane (issue 11, R17, R19, R20): the Module, Products and Last contact
columns over the real cache, following subscription changes; the vehicle list and the
subscriptions exported as CSV (UTF-8 with BOM, the locale's separator) off the UI thread."""

from __future__ import annotations

import csv
import io
import time

import pytest
from PySide6.QtCore import QLocale, Qt

from mpro_desktop.domain import vehicle_csv
from mpro_desktop.domain.vehicles import STALE_AFTER_S
from mpro_desktop.models.vehicles import VehicleTableModel, attach_products
from mpro_desktop.sync.entities.product import product_row, products_t
from mpro_desktop.sync.entities.subscription import subscription_row, subscriptions_t
from mpro_desktop.sync.entities.vehicle import vehicles_t
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.vehicles.import_dialog import list_separator
from mpro_desktop.views.vehicles.pane import VehiclesPane
from tests.ui.conftest import fill_vehicles, make_vin

PRODUCTS = [
    {"id": "fleet_management", "name": "Fleet management", "price": "149.00",
     "currency": "SEK", "term_months": 12, "term_prices": {"12": "149.00", "24": "139.00"}},
    {"id": "digital_logbook", "name": "Digital logbook", "price": "89.00", "currency": "SEK",
     "term_months": 12, "term_prices": {"12": "89.00"}},
]  # fmt: skip


def _subscription(sid, vid, pid, *, state="active", price="149.00", term=12, end_at=None):
    return {"id": sid, "vehicle_id": vid, "product_id": pid, "state": state, "price": price,
            "currency": "SEK", "term_months": term, "start_at": "2026-01-15T08:00:00+00:00",
            "end_at": end_at, "term_end_at": "2027-01-15T08:00:00+00:00", "version": 1}  # fmt: skip


def _fleet(cache):
    ids = fill_vehicles(cache, 5)
    with cache.write() as conn:
        conn.execute(vehicles_t.update().where(vehicles_t.c.id == ids[0]).values(
            has_comm_module=False, module_active=False))  # fmt: skip
        conn.execute(vehicles_t.update().where(vehicles_t.c.id == ids[1]).values(
            module_active=False))  # fmt: skip
        conn.execute(products_t.insert(), [product_row(p) for p in PRODUCTS])
        conn.execute(subscriptions_t.insert(), [
            subscription_row(_subscription("s1", ids[2], "fleet_management", term=24,
                                           price="139.00")),
            subscription_row(_subscription("s2", ids[2], "digital_logbook", price="89.00",
                                           end_at="2027-01-15T08:00:00+00:00")),
            subscription_row(_subscription("s3", ids[3], "fleet_management", state="ended",
                                           end_at="2026-06-01T00:00:00+00:00")),
        ])  # fmt: skip
    return ids


def _pane(qtbot, cache) -> VehiclesPane:
    pane = VehiclesPane(PaneContext(cache))
    qtbot.addWidget(pane)
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5)
    return pane


def _cell(pane, vid, key, role=Qt.ItemDataRole.DisplayRole):
    model = pane.model
    return model.index(model.row_for_id(vid), model.column_index(key)).data(role)


def test_module_and_products_columns_follow_the_cache(qtbot, cache, qtmodeltester):
    ids = _fleet(cache)
    pane = _pane(qtbot, cache)
    qtmodeltester.check(pane.model)
    assert [_cell(pane, v, "module") for v in ids[:3]] == ["None", "Inactive", "Active"]
    assert "sends no data" in _cell(pane, ids[0], "module", Qt.ItemDataRole.ToolTipRole)
    assert "paid service" in _cell(pane, ids[1], "module", Qt.ItemDataRole.ToolTipRole)
    assert _cell(pane, ids[2], "products") == "Digital logbook, Fleet management"
    assert _cell(pane, ids[3], "products") == "–"  # its only subscription has ended
    assert _cell(pane, ids[3], "products", Qt.ItemDataRole.ToolTipRole) is None

    # sorted by module: none, inactive, active; by products: vehicles with one first
    pane.proxy.sort(pane.model.column_index("module"), Qt.SortOrder.AscendingOrder)
    first = [pane.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(2)]
    assert first == [ids[0], ids[1]]
    pane.proxy.sort(pane.model.column_index("products"), Qt.SortOrder.AscendingOrder)
    assert pane.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2) == ids[2]

    # the logbook ends (the feed brings it): the column follows
    with cache.write() as conn:
        conn.execute(subscriptions_t.update().where(subscriptions_t.c.id == "s2").values(
            state="ended", data={**_subscription("s2", ids[2], "digital_logbook"),
                                 "state": "ended"}))  # fmt: skip
    pane.on_entities_changed(frozenset({"subscription"}))
    qtbot.waitUntil(lambda: _cell(pane, ids[2], "products") == "Fleet management")


def test_last_contact_turns_as_of_by_the_staleness_rule(qtbot):
    now = 1_800_000_000.0
    model = VehicleTableModel(clock=lambda: now)
    assert model.headerData(model.column_index("updated"), Qt.Orientation.Horizontal) == (
        "Last contact"
    )
    fresh = {"id": "a", "vin": make_vin(1), "status": {"ts_epoch": now - STALE_AFTER_S + 5}}
    old = {"id": "b", "vin": make_vin(2), "status": {"ts_epoch": now - STALE_AFTER_S - 5}}
    model.set_rows(attach_products([fresh, old], [], []))
    column = model.column_index("updated")
    assert not model.index(0, column).data().startswith("as of")
    assert model.index(1, column).data().startswith("as of")
    assert model.index(1, column).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_attach_products_names_only_active_subscriptions():
    rows = attach_products(
        [{"id": "v1"}, {"id": "v2"}],
        [
            {"vehicle_id": "v1", "product_id": "b", "state": "active"},
            {"vehicle_id": "v1", "product_id": "a", "state": "active"},
            {"vehicle_id": "v1", "product_id": "a", "state": "active"},
            {"vehicle_id": "v2", "product_id": "a", "state": "ended"},
            {"vehicle_id": "v1", "product_id": "gone", "state": "active"},
        ],
        [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}],
    )
    assert rows[0]["products"] == ("Alpha", "Beta", "gone") and rows[1]["products"] == ()


def _read_csv(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads å, ä, ö right
    text = data.decode("utf-8-sig")
    separator = ";" if text.split("\r\n", 1)[0].count(";") else ","
    return data, list(csv.DictReader(io.StringIO(text, newline=""), delimiter=separator))


def test_vehicles_export_reimports_and_says_module_products_last_contact(qtbot, cache, tmp_path):
    _fleet(cache)
    pane = _pane(qtbot, cache)
    path = tmp_path / "fleet.csv"
    with qtbot.waitSignal(pane.sig_exported, timeout=10_000) as done:
        pane.export_to(str(path), "vehicles")
    assert done.args == [str(path)]
    data, rows = _read_csv(path)
    by_vin = {r["vin"]: r for r in rows}
    assert len(rows) == 5
    van2 = by_vin[make_vin(2)]
    assert van2["products"] == "Digital logbook, Fleet management"
    assert van2["module"] == "active" and by_vin[make_vin(0)]["module"] == "none"
    assert by_vin[make_vin(1)]["module"] == "inactive"
    assert van2["name"] == "Van 02" and van2["license_plate"] == "ABC 002"
    assert by_vin[make_vin(0)]["fuel_type"] == "electric"
    assert time.strftime("%Y-%m-%d") in van2["last_contact"]
    plan = vehicle_csv.plan_file(data, [])  # the export is an importable list
    assert sorted(r.vin for r in plan.valid) == sorted(by_vin)
    assert plan.valid[0].name is not None
    assert set(plan.ignored_columns) == {"module", "products", "last_contact"}


def test_subscriptions_export_with_prices_terms_and_dates(qtbot, cache, tmp_path):
    _fleet(cache)
    pane = _pane(qtbot, cache)
    path = tmp_path / "subs.csv"
    with qtbot.waitSignal(pane.sig_exported, timeout=10_000):
        pane.export_to(str(path), "subscriptions")
    _data, rows = _read_csv(path)
    by_id = {(r["vehicle_vin"], r["product"]): r for r in rows}
    fm = by_id[(make_vin(2), "Fleet management")]
    assert (fm["state"], fm["price_per_month"], fm["currency"], fm["term_months"]) == (
        "active",
        "139.00",
        "SEK",
        "24",
    )
    assert fm["start"] == "2026-01-15" and fm["term_end"] == "2027-01-15"
    assert fm["vehicle_name"] == "Van 02"
    assert by_id[(make_vin(2), "Digital logbook")]["state"] == "ending"
    assert by_id[(make_vin(3), "Fleet management")]["state"] == "ended"


@pytest.fixture
def swedish_locale():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    yield
    QLocale.setDefault(before)


def test_swedish_locale_exports_with_semicolons_and_decimal_commas(
    qtbot, cache, tmp_path, swedish_locale
):
    assert list_separator() == ";"
    _fleet(cache)
    pane = _pane(qtbot, cache)
    path = tmp_path / "abonnemang.csv"
    with qtbot.waitSignal(pane.sig_exported, timeout=10_000):
        pane.export_to(str(path), "subscriptions")
    raw = path.read_bytes().decode("utf-8-sig")
    assert raw.split("\r\n", 1)[0].startswith("vehicle_vin;vehicle_name;product;")
    _data, rows = _read_csv(path)
    assert {r["price_per_month"] for r in rows} == {"139,00", "89,00", "149,00"}


def test_an_unwritable_export_path_says_why(qtbot, cache, tmp_path, monkeypatch):
    _fleet(cache)
    pane = _pane(qtbot, cache)
    shown: list[str] = []
    monkeypatch.setattr(
        "mpro_desktop.views.vehicles.pane.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    pane.export_to(str(tmp_path / "no" / "such" / "dir.csv"), "vehicles")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("The file could not be saved: ")
