"""Portal rows -> rFMS 4.0 objects (``spec/rfms-4.0.yaml``), in the standard's units.

Only what the portal knows is sent; a field it has no source for is left out (every such
field is optional in the standard), never made up:

- ``hrTotalVehicleDistance`` is the odometer in whole metres (``odometer_km`` x 1000);
- ``fuelLevel1`` and ``hybridBatteryPackRemainingCharge`` are the percentages the van
  reports (diesel fuel level, eVan state of charge); ``estimatedDistanceToEmpty`` is its
  range in metres; ``wheelBasedSpeed`` km/h; ``ambientAirTemperature`` °C;
- ``batteryPackChargingConnectionStatus`` comes from the plug state (inserted or locked
  but not connected to the supply: CONNECTING);
- ``triggerType`` is TIMER: the communication modules report on a timer, and the
  portal stores no other reason for a report;
- ``tellTaleInfo`` (the uptime block) carries the two warning lamps the portal can
  derive from a sample with the company's own alert thresholds (``domain.alerts``): the
  fuel level (diesel) and the tyre pressures, OFF while the condition does not hold;
- times are whole UTC seconds (``...Z``): the standard pages by "last receivedDateTime
  + 1 second", so a finer time would make a client skip the rest of that second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from embedded_server.models import Vehicle
from mpro_desktop.domain import alerts as rules
from mpro_desktop.domain.telemetry import FUEL_ELECTRIC, SAMPLE_FIELDS

CONTEXT: Final = "RFMS"
TIMER: Final = "TIMER"
#: the triggers the portal's reports can have (all of them timer reports)
TRIGGERS: Final = frozenset({TIMER})
VAN: Final = "VAN"
#: SPN 5837 fuel type ids (hex): 04 diesel, 08 battery/electric
FUEL_TYPE_ID: Final = {"diesel": "04", FUEL_ELECTRIC: "08"}
#: the paths an rFMS client may call (VehicleObject.authorizedPaths)
AUTHORIZED_PATHS: Final = ("/vehicles", "/vehiclepositions", "/vehiclestatuses")
ACCUMULATED: Final = "ACCUMULATED"
SNAPSHOT: Final = "SNAPSHOT"
UPTIME: Final = "UPTIME"
BLOCKS: Final = (ACCUMULATED, SNAPSHOT, UPTIME)
_CONNECTION: Final = {
    "connected": "CONNECTED",
    "disconnected": "DISCONNECTED",
    "inserted": "CONNECTING",
    "locked": "CONNECTING",
}
_SEVERITY_STATE: Final = {rules.CRITICAL: "RED", rules.WARNING: "YELLOW", rules.INFO: "INFO"}


def rfms_time(value: dt.datetime) -> str:
    """Whole-second UTC ISO 8601 (``2026-12-07T14:05:09Z``), rounded down."""
    return value.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def second_after(value: dt.datetime) -> dt.datetime:
    """The start of the second after the one ``value`` falls in."""
    return value.astimezone(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)


def vehicle_object(vehicle: Vehicle) -> dict[str, Any]:
    out: dict[str, Any] = {
        "vin": vehicle.vin,
        "type": VAN,
        "authorizedPaths": list(AUTHORIZED_PATHS),
    }
    if vehicle.name:
        out["customerVehicleName"] = vehicle.name
    if vehicle.model:
        out["model"] = vehicle.model
    fuel = FUEL_TYPE_ID.get(vehicle.fuel_type)
    if fuel is not None:
        out["possibleFuelType"] = [fuel]
    return out


def sample_values(row: Any) -> dict[str, Any]:
    """A sample row (``repository.SAMPLE_COLUMNS``) as {field: value} without NULLs."""
    values = dict(zip(SAMPLE_FIELDS, row[4:], strict=True))
    return {k: v for k, v in values.items() if v is not None}


def _head(vin: str, row: Any) -> dict[str, Any]:
    received = row.received_at if row.received_at is not None else row.ts
    return {
        "vin": vin,
        "triggerType": {"triggerType": TIMER, "context": CONTEXT},
        "createdDateTime": rfms_time(row.ts),
        "receivedDateTime": rfms_time(received),
    }


def gnss(values: Mapping[str, Any], created: dt.datetime) -> dict[str, Any] | None:
    if "lat" not in values or "lon" not in values:
        return None
    return {
        "latitude": float(values["lat"]),
        "longitude": float(values["lon"]),
        "positionDateTime": rfms_time(created),
    }


def position_object(vin: str, row: Any) -> dict[str, Any]:
    values = sample_values(row)
    out = _head(vin, row)
    position = gnss(values, row.ts)
    if position is not None:
        out["gnssPosition"] = position
    if "speed_kmh" in values:
        out["wheelBasedSpeed"] = float(values["speed_kmh"])
    return out


def _snapshot(values: Mapping[str, Any], created: dt.datetime, fuel_type: str) -> dict[str, Any]:
    snap: dict[str, Any] = {}
    position = gnss(values, created)
    if position is not None:
        snap["gnssPosition"] = position
    if "speed_kmh" in values:
        snap["wheelBasedSpeed"] = float(values["speed_kmh"])
    if "fuel_level_pct" in values:
        snap["fuelLevel1"] = float(values["fuel_level_pct"])
    if "soc_pct" in values:
        snap["hybridBatteryPackRemainingCharge"] = float(values["soc_pct"])
    if "outside_temp_c" in values:
        snap["ambientAirTemperature"] = float(values["outside_temp_c"])
    plug = _CONNECTION.get(values.get("plug_state", ""))
    if plug is not None:
        snap["batteryPackChargingConnectionStatus"] = plug
    if "range_km" in values:
        metres = round(float(values["range_km"]) * 1000)
        part = "batteryPack" if fuel_type == FUEL_ELECTRIC else "fuel"
        snap["estimatedDistanceToEmpty"] = {"total": metres, part: metres}
    if snap:
        fuel = FUEL_TYPE_ID.get(fuel_type)
        if fuel is not None:
            snap["fuelType"] = fuel
    return snap


def tell_tales(values: Mapping[str, Any], th: rules.Thresholds) -> list[dict[str, str]]:
    """The lamps the portal can derive from one sample with the company's thresholds."""
    held = rules.conditions(values, rules.Memory(), 0.0, th)
    out: list[dict[str, str]] = []
    if "fuel_level_pct" in values:
        cond = held.get(rules.FUEL_LOW)
        out.append(
            {"tellTale": "FUEL_LEVEL", "state": _SEVERITY_STATE[cond.severity] if cond else "OFF"}
        )
    if any(f"tyre_{t}_kpa" in values for t in rules.TYRES):
        cond = held.get(rules.TYRE_PRESSURE_LOW)
        out.append(
            {
                "tellTale": "TIRE_MALFUNCTION",
                "state": _SEVERITY_STATE[cond.severity] if cond else "OFF",
            }
        )
    return out


def status_object(
    vin: str, fuel_type: str, row: Any, th: rules.Thresholds, blocks: Iterable[str] = BLOCKS
) -> dict[str, Any] | None:
    """A VehicleStatusObject with the ``blocks`` asked for (contentFilter), or None when
    the report holds none of them (the standard then leaves the report out)."""
    values = sample_values(row)
    wanted = set(blocks)
    out = _head(vin, row)
    if "odometer_km" in values:
        out["hrTotalVehicleDistance"] = round(float(values["odometer_km"]) * 1000)
    found = False
    if SNAPSHOT in wanted:
        snap = _snapshot(values, row.ts, fuel_type)
        if snap:
            out["snapshotData"] = snap
            found = True
    if UPTIME in wanted:
        lamps = tell_tales(values, th)
        if lamps:
            out["uptimeData"] = {"tellTaleInfo": lamps}
            found = True
    # ACCUMULATED: the portal keeps no accumulated counters (no such block is sent)
    if wanted != set(BLOCKS) and not found:
        return None
    return out
