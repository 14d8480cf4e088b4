"""The telemetry sample vocabulary (SPEC R22), shared by simulator, portal and desktop.

One flat record per sample so it maps onto table columns and numpy arrays without
reshaping. ``NUMERIC_FIELDS`` can be charted; ``SUMMARY_FIELDS`` form the vehicle's
status summary that rides the change feed.
"""

from __future__ import annotations

from typing import Final

FUEL_DIESEL: Final = "diesel"
FUEL_ELECTRIC: Final = "electric"
FUEL_TYPES: Final = (FUEL_DIESEL, FUEL_ELECTRIC)

GEARS: Final = ("P", "R", "N", "D")
PLUG_STATES: Final = ("disconnected", "inserted", "locked", "connected")

#: the van's doors and side windows one by one (R22); ``doors_open`` / ``windows_open``
#: stay as "any of them" (the R25 rule and the alert rules read those)
DOORS: Final = ("driver", "passenger", "sliding", "rear")
WINDOWS: Final = ("driver", "passenger")
WINDOW_CLOSED: Final = "closed"
WINDOW_PARTLY_OPEN: Final = "partly_open"
WINDOW_OPEN: Final = "open"
WINDOW_STATES: Final = (WINDOW_CLOSED, WINDOW_PARTLY_OPEN, WINDOW_OPEN)


def door_field(door: str) -> str:
    """The sample field of one door: ``door_sliding_open`` (bool)."""
    return f"door_{door}_open"


def window_field(window: str) -> str:
    """The sample field of one side window: ``window_driver`` (a WINDOW_STATES word)."""
    return f"window_{window}"


#: name -> python type of every field a sample may carry besides ``seq`` and ``ts``.
SAMPLE_FIELDS: Final[dict[str, type]] = {
    "lat": float,
    "lon": float,
    "speed_kmh": float,
    "odometer_km": float,
    "fuel_level_pct": float,  # diesel only
    "soc_pct": float,  # eVan only (battery state of charge)
    "range_km": float,
    "tyre_fl_kpa": float,
    "tyre_fr_kpa": float,
    "tyre_rl_kpa": float,
    "tyre_rr_kpa": float,
    "doors_open": bool,
    "windows_open": bool,
    "locked": bool,
    "hood_open": bool,
    "gear": str,
    "plug_state": str,  # eVan only
    "ignition": bool,
    "outside_temp_c": float,
    "cabin_temp_c": float,
    **{door_field(d): bool for d in DOORS},
    **{window_field(w): str for w in WINDOWS},
}

NUMERIC_FIELDS: Final = tuple(k for k, t in SAMPLE_FIELDS.items() if t is float)

SUMMARY_FIELDS: Final = (
    "lat",
    "lon",
    "speed_kmh",
    "odometer_km",
    "fuel_level_pct",
    "soc_pct",
    "range_km",
    "locked",
    "ignition",
)


def summary_of(snapshot: dict | None) -> dict | None:
    """The status summary (``ts`` + :data:`SUMMARY_FIELDS`) of a latest-sample snapshot."""
    if not snapshot:
        return None
    return {"ts": snapshot.get("ts"), **{k: snapshot.get(k) for k in SUMMARY_FIELDS}}


#: How often (seconds) the portal may put a vehicle's status summary into the change feed.
STATUS_FEED_INTERVAL_S: Final = 60.0


def energy_field(fuel_type: str) -> str:
    """The chartable energy level of a vehicle: fuel for diesel, state of charge for eVans."""
    return "soc_pct" if fuel_type == FUEL_ELECTRIC else "fuel_level_pct"
