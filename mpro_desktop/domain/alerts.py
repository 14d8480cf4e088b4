"""Fleet alerts (API.md "Alerts and trips"): the types, their thresholds and the rules.

One home for "when is a van in trouble": the portal evaluates these rules on every
ingest (and the no-contact rule in its sweep), the desktop shows the same type names
and threshold bounds, and tests drive the table of rules with plain dictionaries.

The rules look at a van's *latest status* (the merged snapshot of its newest sample
fields) plus a small :class:`Memory` that remembers what a single status can't say:
since when the van has stood with a door open, recent tyre pressures (for a fast
drop), and whether a charge was running. :func:`conditions` returns the alerts whose
condition holds *now*; the portal opens an alert when its condition starts to hold and
closes it by itself when the condition clears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final

TYRE_PRESSURE_LOW: Final = "tyre_pressure_low"
TYRE_PRESSURE_DROP: Final = "tyre_pressure_drop"
FUEL_LOW: Final = "fuel_low"
SOC_LOW: Final = "soc_low"
DOOR_OPEN_PARKED: Final = "door_open_parked"
UNLOCKED_PARKED: Final = "unlocked_parked"
CHARGING_INTERRUPTED: Final = "charging_interrupted"
NO_CONTACT: Final = "no_contact"

ALERT_TYPES: Final = (
    TYRE_PRESSURE_LOW,
    TYRE_PRESSURE_DROP,
    FUEL_LOW,
    SOC_LOW,
    DOOR_OPEN_PARKED,
    UNLOCKED_PARKED,
    CHARGING_INTERRUPTED,
    NO_CONTACT,
)

INFO: Final = "info"
WARNING: Final = "warning"
CRITICAL: Final = "critical"
SEVERITIES: Final = (INFO, WARNING, CRITICAL)

OPEN: Final = "open"
ACKNOWLEDGED: Final = "acknowledged"
CLOSED: Final = "closed"
STATES: Final = (OPEN, ACKNOWLEDGED, CLOSED)
#: states in which an alert still holds (one per vehicle and type at a time)
LIVE_STATES: Final = frozenset((OPEN, ACKNOWLEDGED))

TYRES: Final = ("fl", "fr", "rl", "rr")
#: at or above this state of charge a charge that stops has simply finished
CHARGE_FULL_PCT: Final = 95.0
#: how often a tyre reading is kept for the drop rule (seconds)
_TYRE_SAMPLE_EVERY_S: Final = 60.0


@dataclass(frozen=True)
class Thresholds:
    """A company's alert thresholds (``GET/PUT /api/v1/alerts/settings``).

    Defaults suit a light commercial van on 440-460 kPa tyres (cold).
    """

    tyre_low_kpa: float = 380.0
    tyre_critical_kpa: float = 320.0
    tyre_drop_kpa: float = 30.0
    tyre_drop_window_min: float = 15.0
    fuel_low_pct: float = 15.0
    soc_low_pct: float = 20.0
    door_open_parked_min: float = 10.0
    unlocked_parked_min: float = 15.0
    no_contact_h: float = 2.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Thresholds:
        """Stored thresholds; unknown keys are ignored, missing ones take the default."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in (data or {}).items() if k in known})


#: (lowest, highest) accepted value of each threshold; the portal answers 422 outside
BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "tyre_low_kpa": (100.0, 900.0),
    "tyre_critical_kpa": (50.0, 900.0),
    "tyre_drop_kpa": (5.0, 300.0),
    "tyre_drop_window_min": (1.0, 240.0),
    "fuel_low_pct": (1.0, 90.0),
    "soc_low_pct": (1.0, 90.0),
    "door_open_parked_min": (1.0, 1440.0),
    "unlocked_parked_min": (1.0, 1440.0),
    "no_contact_h": (0.25, 168.0),
}


def threshold_errors(values: Mapping[str, float]) -> list[str]:
    """The names of the thresholds that are out of bounds or contradict each other."""
    bad = [k for k, v in values.items() if k in BOUNDS and not BOUNDS[k][0] <= v <= BOUNDS[k][1]]
    low, critical = values.get("tyre_low_kpa"), values.get("tyre_critical_kpa")
    if low is not None and critical is not None and critical >= low and "tyre_critical_kpa" not in bad:
        bad.append("tyre_critical_kpa")  # critical must be below the warning level
    return bad


@dataclass
class Memory:
    """What the rules remember between samples of one van (stored by the portal as JSON)."""

    parked_since: float | None = None
    door_open_since: float | None = None
    unlocked_since: float | None = None
    #: [(epoch, {tyre: kPa})], one reading a minute over the drop window
    tyre_history: list[tuple[float, dict[str, float]]] = field(default_factory=list)
    charging: bool = False
    charge_interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tyre_history"] = [[ts, kpa] for ts, kpa in self.tyre_history]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Memory:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["tyre_history"] = [(float(ts), dict(kpa)) for ts, kpa in values.get("tyre_history") or []]
        return cls(**values)


@dataclass(frozen=True)
class Condition:
    """An alert condition that holds now: its severity and what a person needs to know."""

    severity: str
    detail: dict[str, Any]


def is_parked(status: Mapping[str, Any]) -> bool:
    """Ignition off and not moving."""
    return not status.get("ignition") and (status.get("speed_kmh") or 0.0) < 1.0


def iso(epoch: float) -> str:
    """An epoch time as the ISO 8601 UTC text the API uses."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


def _since(flag: bool, since: float | None, now: float) -> float | None:
    if not flag:
        return None
    return now if since is None else since


def remember(memory: Memory, status: Mapping[str, Any], now: float, th: Thresholds) -> Memory:
    """``memory`` brought up to date with ``status`` observed at ``now`` (epoch seconds)."""
    parked = is_parked(status)
    mem = Memory(
        parked_since=_since(parked, memory.parked_since, now),
        door_open_since=_since(parked and bool(status.get("doors_open")), memory.door_open_since, now),
        unlocked_since=_since(parked and status.get("locked") is False, memory.unlocked_since, now),
        tyre_history=list(memory.tyre_history),
        charging=memory.charging,
        charge_interrupted=memory.charge_interrupted,
    )
    readings = {t: float(status[f"tyre_{t}_kpa"]) for t in TYRES
                if isinstance(status.get(f"tyre_{t}_kpa"), int | float)}
    if readings and (not mem.tyre_history or now - mem.tyre_history[-1][0] >= _TYRE_SAMPLE_EVERY_S):
        mem.tyre_history.append((now, readings))
    window_s = th.tyre_drop_window_min * 60.0
    mem.tyre_history = [(ts, kpa) for ts, kpa in mem.tyre_history if now - ts <= window_s]
    plug = status.get("plug_state")
    if plug is not None:
        connected = plug == "connected"
        soc = status.get("soc_pct")
        if memory.charging and not connected and isinstance(soc, int | float) and soc < CHARGE_FULL_PCT:
            mem.charge_interrupted = True
        if connected or status.get("ignition"):
            mem.charge_interrupted = False  # charging again, or driven away on purpose
        mem.charging = connected
    return mem


def conditions(status: Mapping[str, Any], memory: Memory, now: float,
               th: Thresholds) -> dict[str, Condition]:
    """The alert conditions that hold for a van with this (already remembered) status."""
    out: dict[str, Condition] = {}
    tyres = {t: float(status[f"tyre_{t}_kpa"]) for t in TYRES
             if isinstance(status.get(f"tyre_{t}_kpa"), int | float)}
    low = {t: kpa for t, kpa in tyres.items() if kpa < th.tyre_low_kpa}
    if low:
        critical = any(kpa < th.tyre_critical_kpa for kpa in low.values())
        out[TYRE_PRESSURE_LOW] = Condition(CRITICAL if critical else WARNING,
                                           {"tyres": sorted(low), "kpa": low,
                                            "threshold_kpa": th.tyre_low_kpa})
    drops = {}
    for t, kpa in tyres.items():
        seen = [r[t] for _, r in memory.tyre_history if t in r]
        if seen and max(seen) - kpa >= th.tyre_drop_kpa:
            drops[t] = round(max(seen) - kpa, 1)
    if drops:
        out[TYRE_PRESSURE_DROP] = Condition(CRITICAL, {"tyres": sorted(drops), "drop_kpa": drops,
                                                       "window_min": th.tyre_drop_window_min})
    fuel = status.get("fuel_level_pct")
    if isinstance(fuel, int | float) and fuel < th.fuel_low_pct:
        out[FUEL_LOW] = Condition(WARNING, {"fuel_level_pct": fuel, "threshold_pct": th.fuel_low_pct})
    soc = status.get("soc_pct")
    if isinstance(soc, int | float) and soc < th.soc_low_pct and status.get("plug_state") != "connected":
        out[SOC_LOW] = Condition(WARNING, {"soc_pct": soc, "threshold_pct": th.soc_low_pct})
    if memory.door_open_since is not None and now - memory.door_open_since >= th.door_open_parked_min * 60:
        out[DOOR_OPEN_PARKED] = Condition(WARNING, {"since": iso(memory.door_open_since),
                                                    "minutes": th.door_open_parked_min})
    if memory.unlocked_since is not None and now - memory.unlocked_since >= th.unlocked_parked_min * 60:
        out[UNLOCKED_PARKED] = Condition(WARNING, {"since": iso(memory.unlocked_since),
                                                   "minutes": th.unlocked_parked_min})
    if memory.charge_interrupted:
        out[CHARGING_INTERRUPTED] = Condition(WARNING, {"soc_pct": soc})
    return out


def no_contact(last_contact: float | None, now: float, th: Thresholds) -> Condition | None:
    """The no-contact condition of a van whose module should be reporting."""
    if last_contact is None or now - last_contact < th.no_contact_h * 3600:
        return None
    return Condition(WARNING, {"last_contact": iso(last_contact), "hours": th.no_contact_h})


def open_by_severity(alerts: list[Mapping[str, Any]]) -> dict[str, int]:
    """How many alerts are open (nobody has acknowledged them yet), per severity: the
    Dashboard's tile and the navigation's count both read this."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for a in alerts:
        if a.get("state") == OPEN and a.get("severity") in counts:
            counts[a["severity"]] += 1
    return counts
