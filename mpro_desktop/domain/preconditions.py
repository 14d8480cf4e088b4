"""eVan charging (R24) and pre-conditioning (R25) preconditions.

Each function returns the *unmet* conditions as stable words, in a fixed order, so
the simulator can report them and the desktop can explain them one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CHARGING_CONDITIONS = (
    "plug_not_connected",
    "hood_open",
    "gear_not_park",
    "not_identified_rfid",
    "not_enough_time",
)
PRECONDITIONING_CONDITIONS = (
    "no_departure_time",
    "doors_or_windows_open",
    "hood_open",
    "gear_not_park",
    "plug_not_connected",
    "temperature_already_reached",
    "battery_below_15",
)

MIN_SOC_FOR_PRECONDITIONING = 15.0


def charging_unmet(state: Mapping[str, Any]) -> list[str]:
    """R24: plug inserted, locked and connected; hood closed; gear P; RFID; enough time."""
    unmet = []
    if state.get("plug_state") != "connected":
        unmet.append("plug_not_connected")
    if state.get("hood_open"):
        unmet.append("hood_open")
    if state.get("gear") != "P":
        unmet.append("gear_not_park")
    if not state.get("rfid_identified", True):
        unmet.append("not_identified_rfid")
    minutes = state.get("minutes_available")
    if minutes is not None and minutes < 10:
        unmet.append("not_enough_time")
    return unmet


def preconditioning_unmet(state: Mapping[str, Any]) -> list[str]:
    """R25: departure time set; doors/windows/hood closed; gear P; plug; temps; SoC > 15 %."""
    unmet = []
    if not state.get("departure_time"):
        unmet.append("no_departure_time")
    if state.get("doors_open") or state.get("windows_open"):
        unmet.append("doors_or_windows_open")
    if state.get("hood_open"):
        unmet.append("hood_open")
    if state.get("gear") != "P":
        unmet.append("gear_not_park")
    if state.get("plug_state") not in ("connected", "locked", "inserted"):
        unmet.append("plug_not_connected")
    target, outside = state.get("target_temp_c"), state.get("outside_temp_c")
    if target is not None and outside is not None and abs(float(target) - float(outside)) < 0.5:
        unmet.append("temperature_already_reached")
    soc = state.get("soc_pct")
    if soc is None or float(soc) <= MIN_SOC_FOR_PRECONDITIONING:
        unmet.append("battery_below_15")
    return unmet
