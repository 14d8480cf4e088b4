"""The guard of tests/ui/conftest.py: it catches a view writing SQLite on the UI thread,
and not the same write made off it (by ``run_write``) or by the test itself."""

from __future__ import annotations

from pathlib import Path

from mpro_desktop.sync import outbox
from mpro_desktop.views.common.operations import run_write, wait_for_background_jobs
from mpro_desktop.views.common.pane import PaneContext
from tests.ui.conftest import VIEWS_DIR, fill_vehicles

_VIEW_WRITING_ON_THE_UI_THREAD = """
def rename(cache, vehicle_id):
    outbox.update_vehicle(cache, vehicle_id, name="Blocked the UI")
"""


def test_a_view_writing_on_the_ui_thread_is_caught(qapp, cache, ui_thread_writes):
    (vid,) = fill_vehicles(cache, 1)  # the test's own write: allowed
    assert ui_thread_writes.offences == []
    code = compile(_VIEW_WRITING_ON_THE_UI_THREAD, str(Path(VIEWS_DIR) / "bad_view.py"), "exec")
    namespace = {"outbox": outbox}
    exec(code, namespace)  # a function that lives in a views module, as far as frames go
    namespace["rename"](cache, vid)
    caught = "\n".join(ui_thread_writes.offences)
    assert "bad_view.py:3" in caught
    assert "UPDATE vehicles" in caught and "INSERT INTO outbox" in caught
    ui_thread_writes.offences.clear()  # proven; don't fail this test's teardown
    ui_thread_writes.reads.clear()  # (the write read the rows it changes first)


def test_the_same_write_through_run_write_is_not(qtbot, cache, ui_thread_writes):
    (vid,) = fill_vehicles(cache, 1)
    context = PaneContext(cache)
    announced = []
    context.sig_changed.connect(announced.append)
    run_write(
        lambda: outbox.update_vehicle(cache, vid, name="Off the UI thread"),
        changes={"vehicle"},
        listener=context,
    )
    assert wait_for_background_jobs()
    qtbot.waitUntil(lambda: announced == [frozenset({"vehicle"})])
    assert cache.vehicle(vid)["name"] == "Off the UI thread"
    assert ui_thread_writes.offences == []
