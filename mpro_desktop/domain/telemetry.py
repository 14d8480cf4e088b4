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
