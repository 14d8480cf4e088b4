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
#: a timed pre-conditioning starts this long before the departure time; "now" on the
#: desktop means a departure this far ahead, so the van starts at once
PRECONDITION_LEAD_MIN = 30
#: the cabin temperatures a van accepts (the portal refuses others with 422)
TARGET_TEMP_MIN_C = 5.0
TARGET_TEMP_MAX_C = 35.0

#: the fields each condition is decided from; the RFID identification and the time
#: left to charge are known only to the van itself, so they are not listed
CONDITION_FIELDS = {
    "plug_not_connected": ("plug_state",),
    "hood_open": ("hood_open",),
    "gear_not_park": ("gear",),
    "doors_or_windows_open": ("doors_open", "windows_open"),
    "no_departure_time": ("departure_time",),
    "temperature_already_reached": ("target_temp_c", "outside_temp_c"),
    "battery_below_15": ("soc_pct",),
}


def unknown(state: Mapping[str, Any], conditions: tuple[str, ...]) -> list[str]:
    """Those of ``conditions`` that ``state`` cannot decide (a field it lacks), in order.

    A status from the change feed carries only the summary; the desktop says "not
    known" for these rather than guessing that they are not met.
    """
    return [c for c in conditions if any(state.get(f) is None for f in CONDITION_FIELDS.get(c, ()))]


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
