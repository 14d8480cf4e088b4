"""Tray notifications and alert counts (issue 12): a new warning or critical alert is
told once (not on every sync, not for what was there at start-up), never when the
setting is off, and quietly without a system tray; the Alerts entry of the navigation
and the dashboard count the open alerts. Real cache, real widgets."""

from __future__ import annotations

from mpro_desktop import settings
from mpro_desktop.sync.entities.alert import alert_row, alerts_t
from mpro_desktop.views.alerts.pane import AlertsPane
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.tray import AlertNotifier
from tests.ui.conftest import fill_vehicles


def alert(
    aid: str,
    severity: str = "warning",
    state: str = "open",
    kind: str = "fuel_low",
    vehicle_id: str = "veh-00001",
) -> dict:
    return {
        "id": aid,
        "vehicle_id": vehicle_id,
        "type": kind,
        "severity": severity,
        "state": state,
        "opened_at": f"2026-12-07T08:00:{aid[-1]}0Z",
        "version": 1,
        "detail": {"fuel_level_pct": 9.0},
        "vehicle_name": "Van 01",
    }


def put(cache, *alerts: dict) -> None:
    with cache.write() as conn:
        for a in alerts:
            conn.execute(alerts_t.delete().where(alerts_t.c.id == a["id"]))
            conn.execute(alerts_t.insert().values(**alert_row(a)))


def test_each_new_alert_is_told_once_and_start_up_alerts_are_not(qtbot):
    notifier = AlertNotifier(tray_available=lambda: False)
    assert notifier.update([alert("a1"), alert("a2", "critical")]) == []  # already there
    fresh = notifier.update(
        [alert("a1"), alert("a2", "critical"), alert("a3", "critical", kind="tyre_pressure_low")]
    )
    assert [a["id"] for a in fresh] == ["a3"]
    assert notifier.shown[-1][0] == "Critical: Tyre pressure low"
    assert notifier.update([alert("a1"), alert("a3", "critical")]) == []  # the next sync
    # information, acknowledged and closed alerts are not news
    assert (
        notifier.update(
            [alert("b1", "info"), alert("b2", state="acknowledged"), alert("b3", state="closed")]
        )
        == []
    )
    assert notifier.tray() is None  # no system tray: nothing to draw, nothing breaks
    assert len(notifier.shown) == 1


def test_a_burst_is_one_notification(qtbot):
    notifier = AlertNotifier(tray_available=lambda: False)
    notifier.update([])
    fresh = notifier.update([alert(f"c{i}") for i in range(6)])
    assert len(fresh) == 6 and len(notifier.shown) == 1
    assert notifier.shown[0][0] == "New alerts" and "6 new alerts" in notifier.shown[0][1]


def test_the_setting_turns_it_off_and_is_kept(qtbot):
    settings.ALERT_NOTIFICATIONS.remove()
    notifier = AlertNotifier(tray_available=lambda: False)
    assert notifier.action.isChecked()  # on by default
    notifier.update([])
    notifier.action.setChecked(False)
    assert settings.ALERT_NOTIFICATIONS.get() is False
    assert notifier.update([alert("d1")]) == [] and notifier.shown == []
    assert not AlertNotifier(tray_available=lambda: False).action.isChecked()  # remembered
    notifier.action.setChecked(True)
    assert notifier.update([alert("d1")]) == []  # seen while off: still not news later
    settings.ALERT_NOTIFICATIONS.remove()


def test_with_a_tray_the_message_goes_to_the_tray_icon(qtbot):
    notifier = AlertNotifier(tray_available=lambda: True)
    notifier.update([])
    notifier.update([alert("e1", "critical", kind="door_open_parked")])
    tray = notifier.tray()
    assert tray is not None
    ((title, text),) = notifier.shown
    assert title == "Critical: Door open while parked" and text.startswith("Van 01")
    with qtbot.waitSignal(notifier.sig_clicked, timeout=1000):
        tray.messageClicked.emit()


def test_navigation_counts_open_alerts_and_new_ones_notify(qtbot, cache):
    fill_vehicles(cache, 3)
    put(cache, alert("f1"), alert("f2", state="acknowledged"))
    context = PaneContext(cache)
    pane = AlertsPane(context)
    pane.notifier._tray_available = lambda: False
    qtbot.addWidget(pane)
    counts: list[int] = []
    pane.sig_attention.connect(counts.append)
    pane.reload()
    qtbot.waitUntil(lambda: counts[-1:] == [1])  # open ones; the acknowledged one has an owner
    assert pane.notifier.shown == []
    assert pane.notifier.action in pane.menu_actions()

    put(cache, alert("f3", "critical", kind="tyre_pressure_low"))
    pane.on_entities_changed(frozenset({"alert"}))  # a sync brought it
    qtbot.waitUntil(lambda: counts[-1:] == [2])
    qtbot.waitUntil(lambda: len(pane.notifier.shown) == 1)
    pane.on_entities_changed(frozenset({"alert"}))  # the next sync: no second message
    qtbot.wait(200)
    assert len(pane.notifier.shown) == 1
