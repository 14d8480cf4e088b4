"""Bulk import of vehicles from CSV (issue 11, SPEC R16): the real dialog over the real
cache file. All valid rows go in one local transaction through the outbox (offline
too), the skipped ones are listed with their reason and can be saved as a report; if
the fleet changed since the preview, nothing is imported and the file is checked again."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from PySide6.QtCore import Qt

from mpro_desktop.domain import vehicle_csv as vc
from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER
from mpro_desktop.sync import outbox
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.vehicles.import_dialog import ImportVehiclesDialog
from mpro_desktop.views.vehicles.pane import VehiclesPane
from tests.ui.conftest import fill_vehicles, make_vin

GOOD_1 = "W1V9076351P123456"
GOOD_2 = "WDB9066351S765432"
BAD_CSV = (
    "VIN;Namn;Regnr;Drivmedel\r\n"
    f"{GOOD_1};Skåpbil 1;ABC 123;diesel\r\n"  # 2 added
    "W1V9O76351P123456;Bokstaven O;;\r\n"  # 3 forbidden letter
    f"{make_vin(1)};Redan i flottan;;\r\n"  # 4 in the fleet
    f"{GOOD_1.lower()};Dubblett;;\r\n"  # 5 same as line 2
    "W1V907635;Kort;;\r\n"  # 6 too short
    f"{GOOD_2};eVan 2;DEF 456;el\r\n"  # 7 added
    "WDB9066351S000009;Bensin;;bensin\r\n"  # 8 unknown fuel
)


def _dialog(qtbot, cache, tmp_path: Path, text: str | bytes, *, separator: str = ";"):
    path = tmp_path / "vans.csv"
    path.write_bytes(text.encode("cp1252") if isinstance(text, str) else text)
    context = PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=True))
    dialog = ImportVehiclesDialog(context, separator=separator)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(str(path))
    qtbot.waitUntil(lambda: not dialog._busy)
    return dialog, context


def _results(dialog) -> dict[int, str]:
    model = dialog.model
    col = model.column_index("result")
    return {model.row_dict(r)["line"]: model.index(r, col).data() for r in range(model.rowCount())}


def test_bad_rows_are_listed_with_reasons_and_the_valid_ones_imported_at_once(
    qtbot, cache, tmp_path
):
    fill_vehicles(cache, 3)
    dialog, context = _dialog(qtbot, cache, tmp_path, BAD_CSV)
    results = _results(dialog)
    assert results == {
        2: "Will be added",
        3: "VINs never contain I, O or Q (position 5): did you mean 1 or 0?",
        4: "This VIN is already in your vehicle list.",
        5: "Same VIN as line 2 of the file.",
        6: "The VIN has 9 of 17 characters.",
        7: "Will be added",
        8: 'Unknown fuel type "bensin": use diesel or electric.',
    }
    model = dialog.model
    bad = next(r for r in range(model.rowCount()) if model.row_dict(r)["line"] == 3)
    assert model.index(bad, model.column_index("result")).data(Qt.ItemDataRole.ForegroundRole)
    assert model.index(bad, model.column_index("name")).data() == "Bokstaven O"  # findable
    summary = dialog.summary.text()
    assert "2 vehicles will be added" in summary and "5 lines will be skipped" in summary
    assert "Windows-1252" in summary and "semicolon" in summary
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 2 vehicles"

    dialog.only_problems.setChecked(True)
    assert sorted(_results(dialog)) == [3, 4, 5, 6, 8]

    # the report of the skipped lines, saved off the UI thread
    report = tmp_path / "report.csv"
    dialog.save_report(str(report))
    qtbot.waitUntil(lambda: dialog.report_path == str(report))
    rows = list(csv.reader(io.StringIO(report.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["File", "Line", "VIN", "Reason"]
    assert [r[1] for r in rows[1:]] == ["3", "4", "5", "6", "8"]
    assert rows[3][3] == "Same VIN as line 2 of the file."

    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    announced: list[frozenset] = []
    context.sig_changed.connect(announced.append)
    with qtbot.waitSignal(dialog.sig_imported, timeout=10_000) as imported:
        dialog.import_button.click()
    ids = imported.args[0]
    assert len(ids) == 2 and seen and seen[-1] == 2
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: announced and "vehicle" in announced[-1])
    added = {v["vin"]: v for v in cache.vehicles() if v["id"] in ids}
    assert set(added) == {GOOD_1, GOOD_2}
    assert added[GOOD_2]["fuel_type"] == "electric" and added[GOOD_2]["name"] == "eVan 2"
    assert all(v["pending_op"] == "add" for v in added.values())
    queued = [m for m in cache.outbox() if m["type"] == "vehicle.add"]
    assert [m["payload"]["vin"] for m in queued] == [GOOD_1, GOOD_2]  # in file order
    assert queued[0]["payload"]["license_plate"] == "ABC 123"


def test_nothing_is_imported_when_the_fleet_changed_since_the_preview(qtbot, cache, tmp_path):
    fill_vehicles(cache, 3)
    dialog, _context = _dialog(qtbot, cache, tmp_path, BAD_CSV)
    assert dialog.import_button.text() == "Import 2 vehicles"
    outbox.add_vehicle(cache, vin=GOOD_2, name="added meanwhile")  # e.g. another window
    before = len(cache.vehicles())
    dialog.import_button.click()
    qtbot.waitUntil(
        lambda: dialog.error.isVisible() and "Nothing was imported" in dialog.error.text()
    )
    assert "line 7" in dialog.error.text()
    assert len(cache.vehicles()) == before  # not GOOD_1 either: all or nothing
    assert [m["payload"]["vin"] for m in cache.outbox()] == [GOOD_2]
    # checked again: line 7 is now in the fleet, line 2 still importable
    qtbot.waitUntil(lambda: not dialog._busy and _results(dialog).get(7) != "Will be added")
    assert _results(dialog)[7] == "This VIN is already in your vehicle list."
    assert dialog.import_button.text() == "Import 1 vehicle"


def test_bad_files_get_a_specific_message_and_import_nothing(qtbot, cache, tmp_path):
    cases = {
        b"PK\x03\x04" + os.urandom(100): "Excel workbook",
        b"%PDF-1.4\n" + os.urandom(100): "not a text file",
        b"Namn;Regnr\nVan;ABC\n": "a column VIN is required",
        b"VIN\n": "no vehicles",
        b"": "The file is empty.",
    }
    for data, words in cases.items():
        dialog, _ = _dialog(qtbot, cache, tmp_path, data)
        assert dialog.error.isVisible() and words in dialog.error.text(), dialog.error.text()
        assert not dialog.import_button.isEnabled()
        assert dialog.model.rowCount() == 0
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(vc.MAX_FILE_BYTES + 1)
    dialog.load_file(str(big))
    qtbot.waitUntil(lambda: not dialog._busy)
    assert "larger than 5 MB" in dialog.error.text()
    dialog.load_file(str(tmp_path / "gone.csv"))
    qtbot.waitUntil(lambda: not dialog._busy)
    assert "can't be read" in dialog.error.text()
    assert cache.outbox() == []


def test_a_file_where_no_row_can_be_added_says_so(qtbot, cache, tmp_path):
    dialog, _ = _dialog(qtbot, cache, tmp_path, "vin\nABC-123\n")
    assert not dialog.import_button.isEnabled()
    assert "No line of the file can be added" in dialog.error.text()
    assert _results(dialog) == {2: "Only letters and digits are allowed (position 4)."}


def test_the_pane_offers_import_only_to_who_may_manage_vehicles(qtbot, cache):
    pane = VehiclesPane(PaneContext(cache, account=Account(roles=(DRIVER,), verified=True)))
    qtbot.addWidget(pane)
    assert not pane.import_button.isEnabled()
    assert pane.import_vehicles() is None
    admin = VehiclesPane(PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=True)))
    qtbot.addWidget(admin)
    assert admin.import_button.isEnabled()
    dialog = admin.import_vehicles()
    assert isinstance(dialog, ImportVehiclesDialog) and dialog.isVisible()
    dialog.reject()


def test_ten_thousand_rows_import_through_the_dialog(qtbot, cache, tmp_path):
    lines = "\r\n".join(f"WDB1234561P{i:06d};Van {i}" for i in range(10_000))
    dialog, _ = _dialog(qtbot, cache, tmp_path, f"VIN;Namn\r\n{lines}\r\n")
    assert dialog.import_button.text() == "Import 10000 vehicles"
    with qtbot.waitSignal(dialog.sig_imported, timeout=60_000) as imported:
        dialog.import_button.click()
    assert len(imported.args[0]) == 10_000
    assert len(cache.vehicles()) == 10_000 and cache.pending_count() == 10_000
