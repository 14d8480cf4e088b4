"""R24/R25: every unmet condition is reported, by its stable word."""

from __future__ import annotations

from mpro_desktop.domain.preconditions import (
    CHARGING_CONDITIONS,
    PRECONDITIONING_CONDITIONS,
    charging_unmet,
    preconditioning_unmet,
)

READY_TO_CHARGE = {
    "plug_state": "connected",
    "hood_open": False,
    "gear": "P",
    "rfid_identified": True,
    "minutes_available": 120,
}
READY_TO_PRECONDITION = {
    "departure_time": "2026-11-26T07:00:00+00:00",
    "doors_open": False,
    "windows_open": False,
    "hood_open": False,
    "gear": "P",
    "plug_state": "connected",
    "target_temp_c": 21.0,
    "outside_temp_c": -3.0,
    "soc_pct": 60.0,
}


def test_charging_ready_and_each_condition():
    assert charging_unmet(READY_TO_CHARGE) == []
    assert charging_unmet({**READY_TO_CHARGE, "plug_state": "inserted"}) == ["plug_not_connected"]
    assert charging_unmet({**READY_TO_CHARGE, "hood_open": True}) == ["hood_open"]
    assert charging_unmet({**READY_TO_CHARGE, "gear": "D"}) == ["gear_not_park"]
    assert charging_unmet({**READY_TO_CHARGE, "rfid_identified": False}) == ["not_identified_rfid"]
    assert charging_unmet({**READY_TO_CHARGE, "minutes_available": 3}) == ["not_enough_time"]
    everything = {
        "plug_state": "disconnected",
        "hood_open": True,
        "gear": "D",
        "rfid_identified": False,
        "minutes_available": 0,
    }
    assert charging_unmet(everything) == list(CHARGING_CONDITIONS)


def test_preconditioning_ready_and_each_condition():
    assert preconditioning_unmet(READY_TO_PRECONDITION) == []
    assert preconditioning_unmet({**READY_TO_PRECONDITION, "windows_open": True}) == [
        "doors_or_windows_open"
    ]
    assert preconditioning_unmet({**READY_TO_PRECONDITION, "soc_pct": 15.0}) == ["battery_below_15"]
    assert preconditioning_unmet({**READY_TO_PRECONDITION, "target_temp_c": -3.0}) == [
        "temperature_already_reached"
    ]
    assert preconditioning_unmet({}) == [
        "no_departure_time",
        "gear_not_park",
        "plug_not_connected",
        "battery_below_15",
    ]
    worst = {
        "doors_open": True,
        "hood_open": True,
        "gear": "R",
        "plug_state": "disconnected",
        "target_temp_c": 5,
        "outside_temp_c": 5,
        "soc_pct": 3,
    }
    assert preconditioning_unmet(worst) == list(PRECONDITIONING_CONDITIONS)
