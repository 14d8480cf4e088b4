"""Conflicts pane: mine vs theirs, keep-mine re-queues on the portal's version."""

from __future__ import annotations

import time

import pytest

from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache, conflicts_t
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.conflicts.pane import ConflictsPane
from mpro_desktop.views.main_window import MainWindow
from tests.portal_fixtures import LivePortal
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


def _nav_text(w: MainWindow, name: str) -> str:
    return w.nav.item(list(w.panes).index(name)).text()


def test_conflict_shows_both_versions_and_keep_mine_requeues(qtbot, qtmodeltester, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid)
    sync = FakeSync()
    w = MainWindow(cache, sync)
    qtbot.addWidget(w)
    w.reload_all()
    pane = w.pane("conflicts")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    qtmodeltester.check(pane.model)
    assert _nav_text(w, "conflicts") == "Conflicts (1)"
    assert [pane.diff.item(0, c).text() for c in range(3)] == ["Name", "Mine", "Theirs"]
    assert pane.keep_mine_button.isEnabled()
    pane.keep_mine_button.click()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0)
    assert _nav_text(w, "conflicts") == "Conflicts"
    queued = cache.outbox()
    assert len(queued) == 1 and queued[0]["payload"]["name"] == "Mine"
    assert queued[0]["base_version"] == 2  # the portal's version shown as "theirs"
    assert sync.syncs == 1


def test_take_theirs_closes_without_queueing(qtbot, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid)
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    qtbot.waitUntil(lambda: w.pane("conflicts").model.rowCount() == 1)
    w.pane("conflicts").take_theirs_button.click()
    qtbot.waitUntil(lambda: w.pane("conflicts").model.rowCount() == 0)
    assert cache.outbox() == []
    assert cache.conflicts() == []


def test_refused_change_can_only_be_dismissed(qtbot, cache):
    (vid,) = fill_vehicles(cache, 1)
    _record(cache, vid, result="rejected")
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.reload_all()
    qtbot.waitUntil(lambda: w.pane("conflicts").model.rowCount() == 1)
    assert not w.pane("conflicts").keep_mine_button.isEnabled()
    assert w.pane("conflicts").take_theirs_button.text() == "Dismiss"
    assert "another company" in w.pane("conflicts").reason.text()


# -- "Keep my version" against the real portal (SQLite and PostgreSQL) ----------------


@pytest.fixture
def portal(portal_db_url, live_portal_factory) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


@pytest.fixture
def edited_on_both_sides(portal, tmp_path, qtbot):
    """Two desktops of one company; B's offline rename lost to A's: one open conflict.

    Yields ``(a, b, vid, pane)``: ``a``/``b`` are ``(cache, client, engine)`` and ``pane``
    is B's real Conflicts pane showing the conflict.
    """
    acc = portal.register("Keep mine AB")
    opened = []
    for name in ("a", "b"):
        cache = Cache(tmp_path / f"{name}.sqlite3")
        client = PortalClient(portal.url, access_token=acc["token"])
        opened.append((cache, client, SyncEngine(cache, client)))
    a, b = opened
    vid = outbox.add_vehicle(a[0], vin="W1V9076351P424242", name="Original")
    assert not a[2].sync_once().offline and not b[2].sync_once().offline
    outbox.update_vehicle(a[0], vid, name="From A")  # A and B rename at the same time
    outbox.update_vehicle(b[0], vid, name="From B")
    assert a[2].sync_once().conflicts == []
    assert [c["code"] for c in b[2].sync_once().conflicts] == ["version_conflict"]
    context = PaneContext(b[0])
    pane = ConflictsPane(context)
    context.sig_changed.connect(pane.on_entities_changed)  # the window's routing
    qtbot.addWidget(pane)
    pane.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert [pane.diff.item(0, c).text() for c in range(3)] == ["Name", "From B", "From A"]
    yield a, b, vid, pane
    for cache, client, _engine in opened:
        cache.close()
        client.close()


def _rename_on_portal(side, vid: str, name: str) -> int:
    cache, client, engine = side
    outbox.update_vehicle(cache, vid, name=name)
    report = engine.sync_once()
    assert report.pushed == 1 and report.conflicts == [], report
    return client.vehicle(vid)["version"]


def _keep_mine(qtbot, pane: ConflictsPane) -> None:
    assert pane.keep_mine_button.isEnabled()
    pane.keep_mine_button.click()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0)


def test_keep_mine_requeues_on_the_portals_version_and_is_applied_once(qtbot, edited_on_both_sides):
    a, (cache, client, engine), vid, pane = edited_on_both_sides
    (conflict,) = cache.conflicts()
    theirs = client.vehicle(vid)
    assert conflict["entity"]["version"] == theirs["version"]
    _keep_mine(qtbot, pane)
    (row,) = cache.outbox()
    assert row["type"] == "vehicle.update" and row["payload"]["name"] == "From B"
    # Not None (that would overwrite whatever the portal holds) and not B's old base.
    assert row["base_version"] == theirs["version"]

    report = engine.sync_once()
    assert (report.pushed, report.conflicts, report.rejected) == (1, [], [])
    after = client.vehicle(vid)
    assert after["name"] == "From B" and after["version"] == theirs["version"] + 1
    # Exactly once: the same mutation sent again (a lost answer) changes nothing.
    again = client.push(
        {
            "client_id": cache.client_id(),
            "schema_version": cache.schema_version,
            "mutations": [
                {
                    "mutation_id": row["mutation_id"],
                    "client_seq": row["client_seq"],
                    "type": row["type"],
                    "payload": row["payload"],
                    "base_version": row["base_version"],
                    "age_s": 0,
                }
            ],
        }
    )
    assert [r["result"] for r in again["results"]] == ["duplicate"]
    assert engine.sync_once().pushed == 0
    assert client.vehicle(vid)["version"] == after["version"]
    assert not a[2].sync_once().offline
    assert a[0].vehicle(vid)["name"] == "From B" and cache.conflicts() == []


@pytest.mark.parametrize("when", ["before_the_decision", "before_the_push"])
def test_keep_mine_over_a_newer_portal_change_is_a_conflict_again(
    qtbot, edited_on_both_sides, when
):
    """A change on the portal the user has not compared against is never overwritten.

    ``before_the_decision``: B has already pulled A's second rename when the user
    clicks (the pane still compares against the version in the conflict).
    """
    a, (cache, client, engine), vid, pane = edited_on_both_sides
    seen = cache.conflicts()[0]["entity"]["version"]
    if when == "before_the_decision":
        newer = _rename_on_portal(a, vid, "From A again")
        assert not engine.sync_once().offline
        assert cache.vehicle(vid)["version"] == newer
    _keep_mine(qtbot, pane)
    assert cache.outbox()[0]["base_version"] == seen
    if when == "before_the_push":
        newer = _rename_on_portal(a, vid, "From A again")
    report = engine.sync_once()
    assert [c["code"] for c in report.conflicts] == ["version_conflict"], report
    assert client.vehicle(vid)["name"] == "From A again"
    assert client.vehicle(vid)["version"] == newer
    (open_conflict,) = cache.conflicts()
    assert open_conflict["payload"]["name"] == "From B"
    assert open_conflict["entity"]["name"] == "From A again"


def test_later_queued_edits_of_a_conflicting_vehicle_do_not_overwrite(portal, tmp_path):
    """B renamed twice offline on top of version 1; A's rename got there first.

    The second edit was made on B's refused state, not on A's: it must come back as a
    conflict too, never be applied over A's change while the user sees a conflict.
    """
    acc = portal.register("Two edits AB")
    sides = []
    for name in ("a", "b"):
        cache = Cache(tmp_path / f"{name}.sqlite3")
        client = PortalClient(portal.url, access_token=acc["token"])
        sides.append((cache, client, SyncEngine(cache, client)))
    (ca, cla, ea), (cb, clb, eb) = sides
    try:
        vid = outbox.add_vehicle(ca, vin="W1V9076351P434343", name="Original")
        assert not ea.sync_once().offline and not eb.sync_once().offline
        outbox.update_vehicle(ca, vid, name="From A")
        assert ea.sync_once().conflicts == []
        outbox.update_vehicle(cb, vid, name="B first")
        outbox.update_vehicle(cb, vid, name="B second")
        for _ in range(3):
            assert not eb.sync_once().offline
        theirs = clb.vehicle(vid)
        assert theirs["name"] == "From A", theirs
        assert cb.outbox() == []
        assert sorted(c["payload"]["name"] for c in cb.conflicts()) == ["B first", "B second"]
        assert cb.vehicle(vid)["name"] == "From A"
    finally:
        for cache, client, _engine in sides:
            cache.close()
            client.close()
