"""Vehicle rules shared by the portal, the desktop and the simulator (SPEC R16, R22).

The field limits are the portal's column sizes; the desktop checks the same numbers
before queueing a change, so a change that the portal would refuse never waits in
the outbox. Staleness decides whether live data may be shown as "now".
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any, Final

from .telemetry import FUEL_ELECTRIC

NAME_MAX: Final = 100
PLATE_MAX: Final = 20
MODEL_MAX: Final = 100
VIN_INPUT_MAX: Final = 64  # raw input before normalising to 17 characters (R16)

#: Fields a user may change on an existing vehicle (REST PATCH and ``vehicle.update``).
EDITABLE_FIELDS: Final = ("name", "license_plate", "model")

#: Live data older than this says nothing about what the van does now.
STALE_AFTER_S: Final = 600.0
#: A van moving slower than this is standing (GPS jitter at a stop).
DRIVING_MIN_KMH: Final = 1.0


def status_epoch(status: Mapping[str, Any] | None) -> float | None:
    """The time of a status summary as epoch seconds (``ts_epoch``, ISO or epoch ``ts``)."""
    if not status:
        return None
    ts = status.get("ts_epoch")
    if ts is None:
        ts = status.get("ts")
    if isinstance(ts, str):
        try:
            parsed = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.timestamp()
    if isinstance(ts, int | float) and not isinstance(ts, bool):
        return float(ts)
    return None


def is_recent(status: Mapping[str, Any] | None, now: float | None = None) -> bool:
    """Live data young enough to say what the van is doing now."""
    ts = status_epoch(status)
    if ts is None:
        return False
    return (time.time() if now is None else now) - ts <= STALE_AFTER_S


def is_driving(status: Mapping[str, Any] | None, now: float | None = None) -> bool:
    """Ignition on and moving, by recent data only."""
    return (
        status is not None
        and is_recent(status, now)
        and bool(status.get("ignition"))
        and (status.get("speed_kmh") or 0) > DRIVING_MIN_KMH
    )


def is_evan(fuel_type: str | None) -> bool:
    """An eVan (R23, R17): the only vans that charge, pre-condition and take eVan services."""
    return fuel_type == FUEL_ELECTRIC


def name_error(name: str | None) -> str | None:
    """Why a vehicle name is not acceptable (English, for logs and the portal), or None."""
    if name is not None and len(name) > NAME_MAX:
        return f"A name has at most {NAME_MAX} characters."
    return None


# -- what a van is doing, in one word (the fleet map's colours, SPEC R22) -------------
STALE: Final = "stale"
ALERT: Final = "alert"
CHARGING: Final = "charging"
DRIVING: Final = "driving"
PARKED: Final = "parked"
#: every activity, in the order the rule tries them (the first that holds wins)
ACTIVITIES: Final = (STALE, ALERT, CHARGING, DRIVING, PARKED)
#: the plug state of an eVan whose battery takes current (R24: inserted -> locked -> connected)
PLUG_CHARGING: Final = "connected"


def is_charging(status: Mapping[str, Any] | None) -> bool:
    return status is not None and status.get("plug_state") == PLUG_CHARGING


def activity(
    status: Mapping[str, Any] | None, now: float | None = None, *, alerted: bool = False
) -> str | None:
    """What the van does now: stale data says nothing else; then a live alert on the
    van, charging, driving, else parked. None: the van never sent data."""
    if not status or status_epoch(status) is None:
        return None
    if not is_recent(status, now):
        return STALE
    if alerted:
        return ALERT
    if is_charging(status):
        return CHARGING
    if is_driving(status, now):
        return DRIVING
    return PARKED


#: The communication module of a vehicle (R17): none built in, built in but not
#: activated (no active paid service), active (sends data).
MODULE_NONE: Final = "none"
MODULE_INACTIVE: Final = "inactive"
MODULE_ACTIVE: Final = "active"


def module_state(vehicle: Mapping[str, Any]) -> str:
    """:data:`MODULE_NONE`, :data:`MODULE_INACTIVE` or :data:`MODULE_ACTIVE` (R17)."""
    if not vehicle.get("has_comm_module", True):
        return MODULE_NONE
    return MODULE_ACTIVE if vehicle.get("module_active") else MODULE_INACTIVE
