"""Conflicts pane: mine vs theirs, keep-mine re-queues on the portal's version."""

from __future__ import annotations

import time

from mpro_desktop.sync.cache import conflicts_t
from mpro_desktop.views.main_window import MainWindow
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def _record(cache, vid, *, result="conflict", mine="Mine", theirs="Theirs", version=2):
    with cache.write() as conn:
        conn.execute(
            conflicts_t.insert().values(
                mutation_id="m-1",
                type="vehicle.update",
                entity_id=vid,
                payload={"vehicle_id": vid, "name": mine},
                result=result,
                code=None if result == "conflict" else "vin_taken",
                detail="stale base_version",
                entity={"id": vid, "vin": "X", "name": theirs, "version": version},
                created_at=time.time(),
                resolved=False,
            )
        )


def test_conflict_shows_both_versions_and_keep_mine_requeues(qtbot, qtmodeltester, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid)
    sync = FakeSync()
    w = MainWindow(cache, sync)
    qtbot.addWidget(w)
    w.reload_all()
    pane = w.conflicts
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    qtmodeltester.check(pane.model)
    assert w.nav.item(4).text() == "Conflicts (1)"
    assert [pane.diff.item(0, c).text() for c in range(3)] == ["Name", "Mine", "Theirs"]
    assert pane.keep_mine_button.isEnabled()
    pane.keep_mine_button.click()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0)
    assert w.nav.item(4).text() == "Conflicts"
    queued = cache.outbox()
    assert len(queued) == 1 and queued[0]["payload"]["name"] == "Mine"
    assert sync.syncs == 1


def test_take_theirs_closes_without_queueing(qtbot, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    qtbot.waitUntil(lambda: w.conflicts.model.rowCount() == 1)
    w.conflicts.take_theirs_button.click()
    qtbot.waitUntil(lambda: w.conflicts.model.rowCount() == 0)
    assert cache.outbox() == []
    assert cache.conflicts() == []


def test_refused_change_can_only_be_dismissed(qtbot, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid, result="rejected")
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    qtbot.waitUntil(lambda: w.conflicts.model.rowCount() == 1)
    assert not w.conflicts.keep_mine_button.isEnabled()
    assert w.conflicts.take_theirs_button.text() == "Dismiss"
    assert "another company" in w.conflicts.reason.text()
