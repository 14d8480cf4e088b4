"""Remote services box: commands queue offline; failures name each unmet condition."""

from __future__ import annotations

from PySide6.QtCore import QDateTime

from mpro_desktop.models.commands import outcome_text
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.vehicles.remote_commands import RemoteCommandsBox
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def test_lock_queues_a_command_and_shows_it_waiting(qtbot, cache):
    ids = fill_vehicles(cache, 2)
    sync = FakeSync()
    context = PaneContext(cache, sync)
    box = RemoteCommandsBox(context)
    context.sig_changed.connect(lambda _entities: box.reload())  # the window's routing
    qtbot.addWidget(box)
    box.set_vehicle(cache.vehicle(ids[1]))  # diesel
    assert not box.buttons["start_charging"].isVisibleTo(box)
    box.buttons["lock"].click()
    qtbot.waitUntil(lambda: sync.syncs == 1)
    queued = [r for r in cache.outbox() if r["type"] == "command.send"]
    assert len(queued) == 1 and queued[0]["payload"]["type"] == "lock"
    qtbot.waitUntil(lambda: "Lock — Not sent yet" in box.history.text())


def test_evan_shows_charging_and_preconditioning(qtbot, cache):
    ids = fill_vehicles(cache, 1)  # van 0 is electric
    box = RemoteCommandsBox(PaneContext(cache))
    qtbot.addWidget(box)
    box.set_vehicle(cache.vehicle(ids[0]))
    for kind in ("start_charging", "stop_charging", "start_preconditioning"):
        assert box.buttons[kind].isVisibleTo(box)


def test_failure_lists_every_unmet_condition():
    text = outcome_text(
        {"state": "failed", "unmet": ["plug_not_connected", "gear_not_park"], "pending": False}
    )
    assert text.startswith("Failed: ")
    assert "charging plug" in text and "not in P" in text
    assert outcome_text({"state": "expired", "pending": False}).startswith("Expired")


def _evan_with_status(cache, **status):
    """Van 0 (electric) with a live status such as the telemetry stream brings."""
    vehicle = cache.vehicle("veh-00000") or cache.vehicle(
        fill_vehicles(cache, 1, with_status=False)[0]
    )
    base = {
        "ts": "2026-12-07T08:00:00+00:00",
        "ts_epoch": 1.0,
        "gear": "P",
        "hood_open": False,
        "doors_open": False,
        "windows_open": False,
        "plug_state": "connected",
        "soc_pct": 60.0,
        "outside_temp_c": 2.0,
    }
    vehicle["status"] = {**base, **status}
    return vehicle


def test_unmet_conditions_show_before_sending_with_the_vans_own_rule(qtbot, cache):
    """R24/R25: the box evaluates domain.preconditions on the live status and the form's
    choices, and names each unmet condition in a sentence before anything is sent."""
    from mpro_desktop.domain.preconditions import preconditioning_unmet

    box = RemoteCommandsBox(PaneContext(cache))
    qtbot.addWidget(box)
    box.set_vehicle(
        _evan_with_status(
            cache, hood_open=True, gear="D", plug_state="disconnected", outside_temp_c=6.0
        )
    )
    pre = box.readiness["start_preconditioning"].text()
    assert pre.startswith("Pre-conditioning: Not met now:")
    assert "The hood is open." in pre and "The gear selector is not in P." in pre
    assert "charging plug" in pre and "No start or departure time" not in pre
    assert preconditioning_unmet(box.command_state()) == [
        "hood_open",
        "gear_not_park",
        "plug_not_connected",
    ]
    assert "The hood is open." in box.readiness["start_charging"].text()

    box.preconditioning.cabin.setValue(6.0)  # the outside temperature: nothing to do
    assert "equals the outside temperature" in box.readiness["start_preconditioning"].text()

    box.set_vehicle(None)
    box.set_vehicle(_evan_with_status(cache))  # parked, plugged in, closed: all met
    assert box.readiness["start_preconditioning"].text() == (
        "Pre-conditioning: All conditions are met now."
    )


def test_missing_live_fields_are_not_known_rather_than_unmet(qtbot, cache):
    box = RemoteCommandsBox(PaneContext(cache))
    qtbot.addWidget(box)
    vehicle = _evan_with_status(cache)
    for field in (
        "gear",
        "hood_open",
        "doors_open",
        "windows_open",
        "plug_state",
        "outside_temp_c",
    ):
        del vehicle["status"][field]  # the change feed's summary lacks these
    box.set_vehicle(vehicle)
    text = box.readiness["start_preconditioning"].text()
    assert "Not met now" not in text and "Not known until live data arrives:" in text
    assert "The hood is open." in text
    box.set_vehicle(None)
    box.set_vehicle({**vehicle, "status": None})
    assert "No status from this van yet" in box.readiness["start_preconditioning"].text()


def test_preconditioning_at_a_departure_time_queues_its_parameters(qtbot, cache):
    sync = FakeSync()
    context = PaneContext(cache, sync)
    box = RemoteCommandsBox(context)
    qtbot.addWidget(box)
    box.set_vehicle(_evan_with_status(cache))
    form = box.preconditioning
    form.now = lambda: 1_800_000_000.0
    form.at_time.setChecked(True)
    assert form.departure.isEnabled()
    form.departure.setDateTime(QDateTime.fromSecsSinceEpoch(1_799_999_000))  # the past
    box.buttons["start_preconditioning"].click()
    assert "has passed" in box.history.text()
    assert not [r for r in cache.outbox() if r["type"] == "command.send"]

    form.departure.setDateTime(QDateTime.fromSecsSinceEpoch(1_800_007_200))
    form.cabin.setValue(23.5)
    box.buttons["start_preconditioning"].click()
    box.departure_button.click()
    qtbot.waitUntil(lambda: len([r for r in cache.outbox() if r["type"] == "command.send"]) == 2)
    sent = [r["payload"] for r in cache.outbox() if r["type"] == "command.send"]
    assert sent[0]["type"] == "start_preconditioning"
    assert sent[0]["params"] == {
        "departure_time": "2027-01-15T10:00:00+00:00",
        "target_temp_c": 23.5,
    }
    assert sent[1]["type"] == "set_departure_time"
    assert sent[1]["params"] == {"departure_time": "2027-01-15T10:00:00+00:00"}

    form.at_once.setChecked(True)  # now: a departure the lead time ahead
    assert form.params()["departure_time"] == "2027-01-15T08:30:00+00:00"


def test_diesel_shows_no_preconditioning_form(qtbot, cache):
    ids = fill_vehicles(cache, 2)
    box = RemoteCommandsBox(PaneContext(cache))
    qtbot.addWidget(box)
    box.set_vehicle(cache.vehicle(ids[1]))
    assert not box.preconditioning.isVisibleTo(box)
    assert not box.readiness["start_charging"].isVisibleTo(box)
