"""Issue 7: no view reads SQLite on the UI thread either (the conftest guard records
reads as well as writes). The window's pending count, last sync and company, which it
used to read while it was built and when Help → Support opened, come from one
background read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from mpro_desktop.sync import outbox
from mpro_desktop.sync.entities.company import company_t
from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.support_dialog import SupportDialog
from tests.ui.conftest import VIEWS_DIR, fill_vehicles
from tests.ui.test_main_window import FakeSync

_VIEW_READING_ON_THE_UI_THREAD = """
def count(cache):
    return cache.pending_count()
"""


def test_a_view_reading_on_the_ui_thread_is_caught(qapp, cache, ui_thread_writes):
    fill_vehicles(cache, 1)
    cache.vehicles()  # the test's own read: allowed
    assert ui_thread_writes.reads == []
    code = compile(_VIEW_READING_ON_THE_UI_THREAD, str(Path(VIEWS_DIR) / "bad_view.py"), "exec")
    namespace: dict = {}
    exec(code, namespace)  # a function that lives in a views module, as far as frames go
    namespace["count"](cache)
    caught = "\n".join(ui_thread_writes.reads)
    assert "bad_view.py:3" in caught and "SELECT" in caught
    ui_thread_writes.reads.clear()  # proven; don't fail this test's teardown


def test_window_build_and_support_read_off_the_ui_thread(qtbot, cache, ui_thread_writes):
    fill_vehicles(cache, 2)
    with cache.write() as conn:
        conn.execute(
            company_t.insert().values(
                id="c1", data={"id": "c1", "name": "Spedition GmbH", "country": "DE"}, version=1
            )
        )
    outbox.add_vehicle(cache, vin="WDB9066331S000777", name="New", fuel_type="diesel")
    outbox.add_vehicle(cache, vin="WDB9066331S000778", name="Newer", fuel_type="diesel")
    w = MainWindow(cache, FakeSync(), offline=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.status.pending.text() == "2 to upload")
    qtbot.waitUntil(lambda: w.company is not None)
    w.show_support()
    dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, SupportDialog))
    qtbot.addWidget(dialog)
    assert "+49 800 1234567" in dialog.text.text()  # the company's country, DE
    assert ui_thread_writes.reads == []
