"""A cheap, deterministic van model that produces telemetry samples (SPEC R22).

A van lives real-looking working days on the roads of Stockholm or Göteborg
(``roads.py``): it leaves its depot, drives to four to nine customers and back, with
speed limits, traffic lights, ignition cycles, doors at stops and locking when parked;
at the depot it is loaded, refuelled or charged (fast to 80 %, then tapering) and sets
off again. Tyres warm up while driving and follow the outside temperature; now and then
one has a slow leak, repaired at the depot.

Pure Python and free of I/O so it can be unit-tested and so one core can drive
thousands of vans: a tour's geometry is planned once, and ``step`` is a handful of
arithmetic operations plus a few ``random`` calls. Field names come from
``mpro_desktop.domain.telemetry`` so the simulator can never drift from the portal; the
richer states (``lock_state``, ``rfid_identified``) go on the wire as the contract's
booleans; each door (which one the driver and the cargo use) and each side window's
state go as they are, beside "any door" / "any window".
"""

from __future__ import annotations

import math
import random
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from embedded_server.simulator.roads import AREAS, GOTEBORG, STOCKHOLM, Area, metres
from mpro_desktop.domain.commands import (
    EVAN_ONLY,
    LOCK,
    SET_DEPARTURE_TIME,
    START_CHARGING,
    START_PRECONDITIONING,
    STOP_CHARGING,
    STOP_PRECONDITIONING,
    UNLOCK,
)
from mpro_desktop.domain.preconditions import (
    PRECONDITION_LEAD_MIN,
    charging_unmet,
    preconditioning_unmet,
)
from mpro_desktop.domain.telemetry import (
    FUEL_DIESEL,
    FUEL_ELECTRIC,
    FUEL_TYPES,
    SAMPLE_FIELDS,
    WINDOW_CLOSED,
    WINDOW_OPEN,
    WINDOW_PARTLY_OPEN,
)

__all__ = ["AREAS", "GOTEBORG", "STOCKHOLM", "Area", "Van", "check_sample", "charge_power_kw"]

# --------------------------------------------------------------------------- states

LOCKED: Final = "locked"
UNLOCKED: Final = "unlocked"
#: the cab is locked, the cargo area is open to the driver unloading
SELECTIVELY_UNLOCKED: Final = "selectively_unlocked"
LOCK_STATES: Final = (UNLOCKED, LOCKED, SELECTIVELY_UNLOCKED)

CLOSED: Final = WINDOW_CLOSED
OPEN: Final = WINDOW_OPEN
PARTLY_OPEN: Final = WINDOW_PARTLY_OPEN

# --------------------------------------------------------------------------- constants

_ACCEL: Final = 1.4  # m/s², a loaded van
_BRAKE_PLAN: Final = 1.6  # m/s², what the driver plans with
_BRAKE_MAX: Final = 3.0  # m/s², what the brakes can do (> plan, so a stop is always met)
_SUBSTEP_S: Final = 1.0  # physics never integrates more than this at once
_SPUR_KMH: Final = 30.0  # the last bit of street to a customer's door

_TANK_L: Final = 80.0
_DIESEL_IDLE_L_PER_S: Final = 0.8 / 3600
_REFUEL_PCT_PER_S: Final = 0.8  # ≈ 40 l/min
_BATTERY_KWH: Final = 75.0
_CHARGE_EFFICIENCY: Final = 0.92
_DEPOT_DC_KW: Final = 50.0  # depot fast charger
_WALLBOX_KW: Final = 11.0  # a customer's wallbox (AC)
_DC_KNEE_PCT: Final = 80.0  # fast charging tapers above this
_AC_KNEE_PCT: Final = 95.0
_PRECONDITION_KW: Final = 3.0
_PRECONDITION_LEAD_S: Final = PRECONDITION_LEAD_MIN * 60.0
_DIESEL_LOW_PCT: Final = 15.0
_EV_LOW_PCT: Final = 25.0  # below this the van skips its remaining stops

_TYRE_REF_C: Final = 20.0  # the tyres' reference (cold) pressures are set at this temperature
_TYRE_WARM_MAX_C: Final = 12.0  # how much warmer than the air a tyre gets in city driving
_TYRE_TAU_S: Final = 900.0
_LEAK_CHANCE_PER_TOUR: Final = 0.015
_TYRE_REPAIR_BELOW_KPA: Final = 390.0  # the driver has seen the warning by then

# modes
_DRIVE: Final = 0
_HALT: Final = 1  # traffic light or queue, engine running
_PARK: Final = 2  # at a customer, ignition off
_DEPOT: Final = 3  # loading, refuelling or charging between tours
_ENERGY: Final = _DEPOT  # name kept for older tests and state files

# what happens at the end of a segment
_BEND: Final = 0  # the road bends: slow down a little
_JUNCTION: Final = 1  # turn: slow down; maybe a red light
_CUSTOMER: Final = 2  # stop and park at a customer's
_HOME: Final = 3  # back at the depot

_ALLOWED_KEYS: Final = frozenset(SAMPLE_FIELDS) | {"seq", "ts"}
_EV_COMMANDS: Final = EVAN_ONLY
_LOCAL: Final = timezone(timedelta(hours=1))  # Swedish (winter) time for the night rest

_ts_cache: list[Any] = [None, ""]


def iso_utc(epoch: float) -> str:
    """ISO-8601 UTC with offset; one-entry cache because a fleet shares each tick's time."""
    if _ts_cache[0] != epoch:
        _ts_cache[0] = epoch
        _ts_cache[1] = datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")
    return _ts_cache[1]  # type: ignore[no-any-return]


def charge_power_kw(soc_pct: float, max_kw: float, knee_pct: float) -> float:
    """The charge curve: full power up to the knee, then a linear taper to 8 % at 100 %."""
    if soc_pct < knee_pct:
        return max_kw
    return max_kw * max(0.08, (100.0 - soc_pct) / (100.0 - knee_pct))


class Van:
    """One van living working days; ``step(dt)`` advances it and returns a sample.

    Everything random comes from a ``random.Random`` seeded with (seed, vin), so the
    same seed replays the same days — needed for reproducible tests and benchmarks.
    ``night_rest`` parks the van at its depot from 18:00 to about 06:30; without it
    tours follow each other round the clock (a demo is lively at any hour).
    """

    def __init__(
        self,
        vin: str,
        fuel_type: str = FUEL_DIESEL,
        *,
        seed: int = 0,
        start_epoch: float | None = None,
        start_seq: int = 0,
        area: Area | None = None,
        night_rest: bool = False,
    ) -> None:
        if fuel_type not in FUEL_TYPES:
            raise ValueError(f"unknown fuel type {fuel_type!r}")
        self.vin = vin
        self.fuel_type = fuel_type
        self.electric = fuel_type == FUEL_ELECTRIC
        self.night_rest = night_rest
        rng = self._rng = random.Random(f"{seed}:{vin}")
        self.area = area if area is not None else rng.choice(AREAS)
        self.seq = start_seq
        self.clock = time.time() if start_epoch is None else float(start_epoch)

        # ---- slow-changing state
        self.odometer_km = rng.uniform(2_000.0, 120_000.0)
        self.level_pct = rng.uniform(20.0, 95.0)  # fuel or state of charge
        self._tyre_set = [rng.uniform(440.0, 460.0) for _ in range(4)]  # kPa at 20 °C
        self._tyre_ref = list(self._tyre_set)
        self._leak = [0.0, 0.0, 0.0, 0.0]  # kPa/s lost by each tyre
        self.leaks = 0  # how many tyres have started leaking so far
        self._temp_base = rng.uniform(-4.0, 20.0)
        self.outside_c = self._temp_base
        self._tyre_c = self._temp_base
        self.cabin_c = self._temp_base + rng.uniform(0.0, 4.0)
        self._eco = rng.uniform(0.92, 1.1)  # this driver's foot

        # ---- what the sample shows
        self.lock_state = LOCKED
        self.window_state = CLOSED  # the driver's side window
        self.passenger_window = CLOSED
        self._doors: tuple[float, ...] = ()  # (from, to, from, to, ...) seconds into the mode
        # which door the driver gets out by, and which one the cargo goes through
        # (taken from draws the stop makes anyway, so a seed's days stay the same)
        self._exit_door = "driver"
        self._cargo_door = "rear"
        self._hood: tuple[float, float] = (0.0, 0.0)
        self._plug = "disconnected"
        self._plug_t = math.inf  # seconds into the mode the plug goes in
        self._charger_kw = 0.0
        self._knee = _DC_KNEE_PCT
        self._rfid = False
        self._rfid_at_station = False
        self._interrupt: tuple[float, float] = (0.0, 0.0)  # charger trips: from, to
        self._energy_target = 0.0
        self._reverse_s = 0.0
        self._phase = -1
        self._forgetful = False

        # ---- remote commands (R23-R25)
        self.departure_time: str | None = None
        self._dep_cache: tuple[str | None, float | None] = (None, None)
        self.target_temp_c = 21.0
        self.preconditioning = False
        self.last_sample: dict[str, Any] = {}

        # ---- kinematics: start somewhere in a first tour, so a fleet is spread out
        self._v = 0.0
        self._cruise = 0.0
        self._mode = _DRIVE
        self._mode_t = 0.0  # seconds spent in the current mode
        self._timer = 0.0  # seconds left in a timed mode
        self._halt_next = False
        self._plan_tour(self.area.nodes[self.area.depot], self.area.depot)
        self._seg = rng.randrange(len(self._seg_len))
        self._pos = rng.uniform(0.0, self._seg_len[self._seg] * 0.8)
        self._begin_segment()

    # ------------------------------------------------------------------ persistence

    def snapshot(self) -> dict[str, Any]:
        """What must survive a restart so seq never repeats and the odometer never rewinds."""
        return {
            "seq": self.seq,
            "odometer_km": self.odometer_km,
            "level_pct": self.level_pct,
            "locked": self.lock_state == LOCKED,
            "lock_state": self.lock_state,
            "departure_time": self.departure_time,
            "target_temp_c": self.target_temp_c,
            "tyre_ref": list(self._tyre_ref),
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Resume from ``snapshot()``; tolerant of missing or odd keys (older state files).

        The route restarts with a new tour; the counters, levels and settings continue.
        """
        self.seq = max(self.seq, int(snap.get("seq", self.seq)))
        self.odometer_km = float(snap.get("odometer_km", self.odometer_km))
        self.level_pct = min(100.0, max(0.0, float(snap.get("level_pct", self.level_pct))))
        lock = snap.get("lock_state")
        if lock in LOCK_STATES:
            self.lock_state = lock
        elif "locked" in snap:
            self.lock_state = LOCKED if snap.get("locked") else UNLOCKED
        dep = snap.get("departure_time")
        self.departure_time = dep if isinstance(dep, str) else None
        self.target_temp_c = float(snap.get("target_temp_c", self.target_temp_c))
        ref = snap.get("tyre_ref")
        if isinstance(ref, list) and len(ref) == 4 and all(isinstance(p, int | float) for p in ref):
            self._tyre_ref = [min(600.0, max(50.0, float(p))) for p in ref]

    # ------------------------------------------------------------------ tours

    def _plan_tour(
        self, here: tuple[float, float], node: str, stops: list[str] | None = None
    ) -> None:
        """Lay out the segments from ``here`` (at or near ``node``) through ``stops``
        and back to the depot; a new day's tour picks four to nine customers."""
        rng = self._rng
        area = self.area
        if stops is None:
            todo = rng.sample(area.customers, rng.randint(4, 9))
            stops, at = [], area.nodes[node]
            while todo:  # nearest first: how a dispatcher would order them
                nxt = min(todo, key=lambda n: metres(at, area.nodes[n]))
                todo.remove(nxt)
                stops.append(nxt)
                at = area.nodes[nxt]
        stops = [s for s in stops if s != area.depot] + [area.depot]
        self._stops = stops
        pts = [here]
        limits: list[float] = []
        events: list[int] = []
        names: list[str | None] = []
        if metres(here, area.nodes[node]) > 1.0:  # from a customer's door back to the street
            pts.append(area.nodes[node])
            limits.append(_SPUR_KMH)
            events.append(_JUNCTION)
            names.append(node)
        cur = node
        for stop in stops:
            for nb, limit, road in area.path(cur, stop):
                for j, p in enumerate(road):
                    pts.append(p)
                    limits.append(limit)
                    last = j == len(road) - 1
                    events.append(_JUNCTION if last else _BEND)
                    names.append(nb if last else None)
                cur = nb
            if stop == area.depot:
                if not events:  # already there: a short lap of the yard
                    la, lo = area.nodes[stop]
                    pts += [(la + 0.0008, lo), (la, lo)]
                    limits += [_SPUR_KMH, _SPUR_KMH]
                    events += [_BEND, _JUNCTION]
                    names += [None, stop]
                events[-1] = _HOME
                continue
            la, lo = area.nodes[stop]
            door = (la + rng.uniform(-0.002, 0.002), lo + rng.uniform(-0.004, 0.004))
            pts += [door, (la, lo)]
            limits += [_SPUR_KMH, _SPUR_KMH]
            events += [_CUSTOMER, _JUNCTION]
            names += [stop, stop]
        seg_len, seg_dlat, seg_dlon = [], [], []
        for a, b in zip(pts, pts[1:], strict=False):
            length = max(metres(a, b), 1.0)
            seg_len.append(length)
            seg_dlat.append((b[0] - a[0]) / length)
            seg_dlon.append((b[1] - a[1]) / length)
        self._pts = pts
        self._seg_len = seg_len
        self._seg_dlat = seg_dlat
        self._seg_dlon = seg_dlon
        self._seg_limit = [lim / 3.6 for lim in limits]
        self._seg_event = events
        self._seg_node = names
        self._seg = 0
        self._pos = 0.0
        if rng.random() < _LEAK_CHANCE_PER_TOUR:
            self.start_leak(rng.randrange(4), rng.uniform(10.0, 30.0))

    # ------------------------------------------------------------------ model

    @property
    def position(self) -> tuple[float, float]:
        seg, pos = self._seg, self._pos
        la, lo = self._pts[seg]
        return la + self._seg_dlat[seg] * pos, lo + self._seg_dlon[seg] * pos

    @property
    def leaking(self) -> bool:
        return any(self._leak)

    def start_leak(self, tyre: int, kpa_per_h: float) -> None:
        """Puncture one tyre (0 fl, 1 fr, 2 rl, 3 rr): it loses ``kpa_per_h`` until repaired."""
        self._leak[tyre] = kpa_per_h / 3600.0
        self.leaks += 1

    def _begin_segment(self) -> None:
        """Decide now what happens at the next waypoint, so the driver can brake for it."""
        rng = self._rng
        seg = self._seg
        limit = self._seg_limit[seg]
        self._cruise = limit * rng.uniform(0.85, 1.03) * (1.0 if self._eco < 1.05 else 1.04)
        # red lights in town, rarely on the bigger roads
        self._halt_next = self._seg_event[seg] == _JUNCTION and rng.random() < (
            0.3 if limit <= 14.0 else 0.08
        )
        if self.outside_c > 17.0 and rng.random() < 0.05:
            self.window_state = OPEN if rng.random() < 0.3 else PARTLY_OPEN
            # both down on a hot day; a window only cracked is the driver's alone
            self.passenger_window = self.window_state if self.window_state == OPEN else CLOSED

    def _arrive(self) -> None:
        """Reached the end of a stopping segment: traffic light, customer or depot."""
        rng = self._rng
        self._v = 0.0
        self._mode_t = 0.0
        self._phase = -1
        event = self._seg_event[self._seg]
        if event not in (_CUSTOMER, _HOME):
            self._mode = _HALT
            self._timer = rng.uniform(8.0, 45.0)
            return
        self._reverse_s = rng.uniform(4.0, 9.0) if rng.random() < 0.35 else 0.0
        r = self._reverse_s
        if event == _CUSTOMER:
            self._mode = _PARK
            stay = self._timer = rng.uniform(180.0, 900.0)
            unload = rng.uniform(40.0, min(180.0, stay - 100.0))
            self._doors = (r + 2.0, r + 8.0, r + 25.0, r + 25.0 + unload, stay - 40.0, stay - 33.0)
            if rng.random() < 0.01:  # a cargo door left open for the whole stop
                self._doors = (r + 2.0, stay - 33.0)
            # out on the kerb side now and then; parcels through the sliding door mostly
            self._exit_door = "passenger" if int(stay) % 7 == 0 else "driver"
            self._cargo_door = "rear" if int(unload) % 4 == 0 else "sliding"
            self._forgetful = rng.random() < 0.04
            self.window_state = PARTLY_OPEN if rng.random() < 0.04 else CLOSED
            self.passenger_window = CLOSED
            node = self._seg_node[self._seg]
            self._hood = (0.0, 0.0)
            if self.electric and node in self.area.wallbox and self.level_pct < 70.0:
                self._start_plug(r + 60.0, _WALLBOX_KW, _AC_KNEE_PCT, rng.random() < 0.7)
            else:
                self._plug_t = math.inf
                if rng.random() < 0.005:
                    self._hood = (r + 30.0, r + 200.0)
            return
        # back at the depot: unload, load, refuel or charge, maybe a night's rest
        self._mode = _DEPOT
        stay = rng.uniform(20 * 60.0, 45 * 60.0)
        if self.night_rest:
            stay = max(stay, self._until_morning())
        self._timer = stay
        load = rng.uniform(300.0, 540.0)
        self._doors = (r + 2.0, r + 8.0, r + 30.0, r + 30.0 + load, stay - 40.0, stay - 33.0)
        self._exit_door = "driver"
        self._cargo_door = "rear"  # the depot's loading dock is at the back
        self._forgetful = False
        self.window_state = CLOSED
        self.passenger_window = CLOSED
        hood = rng.random() < 0.04  # a look at the oil or the washer fluid
        self._hood = (r + 60.0, r + 60.0 + rng.uniform(120.0, 400.0)) if hood else (0.0, 0.0)
        for i in range(4):
            if self._tyre_ref[i] < _TYRE_REPAIR_BELOW_KPA:
                self._leak[i] = 0.0  # the tyre shop next door mends and inflates it
                self._tyre_ref[i] = self._tyre_set[i]
        if self.electric:
            plug_in = max(r + 90.0, self._hood[1] + 20.0)
            self._start_plug(plug_in, _DEPOT_DC_KW, _DC_KNEE_PCT, True)
            self._energy_target = rng.uniform(85.0, 100.0)
            self._interrupt = (0.0, 0.0)
            if rng.random() < 0.02:  # the charger trips for a while
                at = plug_in + rng.uniform(300.0, 900.0)
                self._interrupt = (at, at + rng.uniform(300.0, 900.0))
        else:
            self._energy_target = 100.0 if self.level_pct < 60.0 else self.level_pct

    def park_at_depot(self, minutes: float) -> None:
        """Stand at the depot, loaded and (an eVan) plugged in, leaving in ``minutes``.

        How a working morning starts; ``mpro-sim --parked-at-depot`` uses it so a
        pre-conditioning can be tried on a van that meets R25.
        """
        area = self.area
        self._plan_tour(area.nodes[area.depot], area.depot, [])
        self._seg = len(self._seg_len) - 1
        self._pos = self._seg_len[self._seg]
        self._v = 0.0
        self._arrive()
        self._reverse_s = 0.0
        self._hood = (0.0, 0.0)
        self._interrupt = (0.0, 0.0)
        self.window_state = CLOSED
        self.passenger_window = CLOSED
        loaded = self._doors[3] + 30.0
        if self._plug_t != math.inf:
            self._plug_t = loaded - 60.0
        self._mode_t = loaded
        self._timer = minutes * 60.0
        leave = loaded + self._timer
        self._doors = (*self._doors[:4], leave - 40.0, leave - 33.0)

    def _start_plug(self, at: float, kw: float, knee: float, rfid: bool) -> None:
        self._plug_t = at
        self._charger_kw = kw
        self._knee = knee
        self._rfid_at_station = rfid
        self._energy_target = max(self._energy_target, 90.0)

    def _until_morning(self) -> float:
        """Seconds from now until about 06:30 the next working morning, if it is evening."""
        local = datetime.fromtimestamp(self.clock, _LOCAL)
        if 6 <= local.hour < 18:
            return 0.0
        morning = local.replace(hour=6, minute=0, second=0, microsecond=0)
        if local.hour >= 18:
            morning += timedelta(days=1)
        return morning.timestamp() - self.clock + self._rng.uniform(0.0, 3600.0)

    def _depart(self) -> None:
        """Ignition on and away: unplugged in the same moment (not an interruption)."""
        here = self.position
        node = self._seg_node[self._seg] or self.area.depot
        self._mode = _DRIVE
        self._mode_t = 0.0
        self._doors = ()
        self._hood = (0.0, 0.0)
        self._plug = "disconnected"
        self._plug_t = math.inf
        self._rfid = False
        self.lock_state = UNLOCKED  # the driver is in; locks itself once moving
        if self._seg_event[self._seg] == _HOME:
            self._plan_tour(here, node)
        else:
            low = _EV_LOW_PCT if self.electric else _DIESEL_LOW_PCT
            if self.level_pct < low:  # skip the remaining customers: home to charge or refuel
                self._plan_tour(here, node, [])
            else:
                self._seg += 1
                self._pos = 0.0
        self._begin_segment()

    def _drive(self, dt: float) -> float:
        """Advance along the tour; returns metres travelled."""
        seg = self._seg
        length = self._seg_len[seg]
        remaining = length - self._pos
        event = self._seg_event[seg]
        stopping = event >= _CUSTOMER or self._halt_next
        if stopping:
            v_end = 0.0
        elif event == _BEND:
            v_end = self._seg_limit[seg] * 0.85
        else:
            nxt = self._seg_limit[seg + 1] if seg + 1 < len(self._seg_limit) else 0.0
            v_end = min(self._seg_limit[seg], nxt) * 0.5  # slow for the turn
        v_allow = math.sqrt(v_end * v_end + 2.0 * _BRAKE_PLAN * remaining)
        rng = self._rng
        if rng.random() < 0.02:  # traffic: new preferred speed now and then
            self._cruise = self._seg_limit[seg] * rng.uniform(0.55, 1.03)
        target = min(self._cruise, v_allow)
        v0 = self._v
        v1 = min(target, v0 + _ACCEL * dt) if v0 < target else max(target, v0 - _BRAKE_MAX * dt)
        self._v = v1
        dist = (v0 + v1) * 0.5 * dt
        if stopping and (dist >= remaining or (remaining < 1.0 and v1 < 1.0)):
            self._pos = length
            self._arrive()
            return remaining
        pos = self._pos + dist
        while pos >= length:  # passing through waypoints
            if seg + 1 >= len(self._seg_len):  # never past the end of the tour
                pos = length
                break
            pos -= length
            self._seg = seg = seg + 1
            length = self._seg_len[seg]
            self._begin_segment()
            if self._seg_event[seg] >= _CUSTOMER or self._halt_next:
                pos = min(pos, length)
                break
        self._pos = pos
        if v1 > 4.2 >= v0:  # auto-lock on passing 15 km/h (a remote unlock still holds)
            self.lock_state = LOCKED
        return dist

    def _stand(self, dt: float) -> None:
        """At a customer or the depot: doors, locks, hood, plug and energy by the clock."""
        t = self._mode_t
        r = self._reverse_s
        doors = self._doors
        # phases: 0 reversing/engine off, 1 driver out, 2 away (cargo open), 3 away, 4 back
        if t < r + 2.0:
            phase = 0
        elif len(doors) < 2:
            phase = 3
        elif t < doors[1]:
            phase = 1
        elif len(doors) > 3 and t < doors[3] + 10.0:
            phase = 2
        elif len(doors) < 5 or t < doors[4]:
            phase = 3
        else:
            phase = 4
        if phase != self._phase:
            self._phase = phase
            if phase in (0, 1, 4) or self._forgetful:
                self.lock_state = UNLOCKED
            elif phase == 2:
                self.lock_state = SELECTIVELY_UNLOCKED
            else:
                self.lock_state = LOCKED
        if self._plug_t <= t:
            self._charge(t - self._plug_t, dt)
        elif not self.electric and self._mode == _DEPOT and t > r + 120.0:
            if self.level_pct < self._energy_target:  # the depot's diesel pump
                self.level_pct = min(100.0, self.level_pct + _REFUEL_PCT_PER_S * dt)
        self._timer -= dt
        if self._timer <= 0.0:
            self._depart()

    def _charge(self, since: float, dt: float) -> None:
        """R24's sequence: plug inserted -> locked -> identified -> connected, then charge."""
        if since < 3.0:
            self._plug = "inserted"
            return
        self._rfid = self._rfid_at_station
        a, b = self._interrupt
        if since < 6.0 or not self._rfid or a <= self._mode_t < b:
            self._plug = "locked"  # no RFID: no energy from the station
            return
        if self.level_pct < self._energy_target:
            self._plug = "connected"
            kw = charge_power_kw(self.level_pct, self._charger_kw, self._knee)
            self.level_pct = min(
                100.0, self.level_pct + kw * _CHARGE_EFFICIENCY * dt / 36.0 / _BATTERY_KWH
            )
        else:
            self._plug = "connected"  # done: still connected to the supply, no current flows

    def _advance(self, dt: float) -> None:
        self._mode_t += dt
        mode = self._mode
        moved_m = 0.0
        if mode == _DRIVE:
            moved_m = self._drive(dt)
        elif mode == _HALT:
            self._timer -= dt
            if self._timer <= 0.0:
                self._mode = _DRIVE
                self._mode_t = 0.0
                self._halt_next = False
                self._seg += 1 if self._seg + 1 < len(self._seg_len) else 0
                self._pos = 0.0
                self._begin_segment()
        else:
            self._stand(dt)

        # energy use: speed-dependent, plus heating/cooling while the engine runs
        ignition = self._mode <= _HALT
        km = moved_m / 1000.0
        v_kmh = self._v * 3.6
        self.odometer_km += km
        if self.electric:
            kwh = km * (0.17 + 0.000012 * v_kmh * v_kmh) * self._eco
            if ignition:
                kwh += (0.4 + 0.12 * abs(21.0 - self.outside_c)) * dt / 3600.0
            if self.preconditioning and self._plug != "connected":
                kwh += _PRECONDITION_KW * dt / 3600.0
            self.level_pct = max(0.0, self.level_pct - kwh / _BATTERY_KWH * 100.0)
        else:
            litres = km * (0.075 + 0.0000045 * v_kmh * v_kmh) * self._eco
            if ignition:
                litres += _DIESEL_IDLE_L_PER_S * dt
            self.level_pct = max(0.0, self.level_pct - litres / _TANK_L * 100.0)

        # temperatures: first-order lags toward a target
        conditioning = self.preconditioning and self._conditioning_now()
        if conditioning:
            target, tau = self.target_temp_c, 600.0
        else:
            target = 21.0 if ignition else self.outside_c
            tau = 300.0 if ignition else 1800.0
        self.cabin_c += (target - self.cabin_c) * min(1.0, dt / tau)
        warm = min(_TYRE_WARM_MAX_C, v_kmh * 0.25)
        self._tyre_c += (self.outside_c + warm - self._tyre_c) * min(1.0, dt / _TYRE_TAU_S)
        leak = self._leak
        if leak[0] or leak[1] or leak[2] or leak[3]:
            ref = self._tyre_ref
            for i in range(4):
                ref[i] = max(0.0, ref[i] - leak[i] * dt)

    def _conditioning_now(self) -> bool:
        """A timed pre-conditioning runs from 30 minutes before departure until it."""
        minutes = self.minutes_available()
        if minutes is None:
            return True
        if minutes < -10.0 or self._mode <= _HALT:  # departed (or long past): done
            self.preconditioning = False
            return False
        return minutes * 60.0 <= _PRECONDITION_LEAD_S

    def step(self, dt: float, now: float | None = None) -> dict[str, Any]:
        """Advance ``dt`` seconds and return one sample (``seq`` strictly increasing).

        ``now`` (epoch seconds) stamps the sample; without it the van's own clock
        (start_epoch + simulated time) is used, which keeps tests deterministic.
        """
        remaining = dt
        while remaining > 1e-9:
            h = _SUBSTEP_S if remaining > _SUBSTEP_S else remaining
            self._advance(h)
            remaining -= h
        self.clock = self.clock + dt if now is None else now
        rnd = self._rng.random  # uniform noise: a third of gauss()'s cost, looks the same
        # outside temperature: daily swing peaking mid-afternoon plus a little noise
        self.outside_c = (
            self._temp_base
            + 4.0 * math.sin((self.clock % 86400.0 - 32400.0) * 7.27e-5)
            + (rnd() - 0.5) * 0.2
        )
        mode = self._mode
        t = self._mode_t
        standing = mode >= _PARK
        reversing = standing and t < self._reverse_s
        ignition = mode <= _HALT or reversing
        driver_door = passenger_door = sliding_door = rear_door = False
        if standing:
            d = self._doors
            n = len(d)
            for i in range(0, n, 2):
                if d[i] <= t < d[i + 1]:
                    # a single span is the cargo door left open; else in, cargo, out
                    door = self._cargo_door if n == 2 or i == 2 else self._exit_door
                    if door == "driver":
                        driver_door = True
                    elif door == "passenger":
                        passenger_door = True
                    elif door == "sliding":
                        sliding_door = True
                    else:
                        rear_door = True
        doors = driver_door or passenger_door or sliding_door or rear_door
        window, passenger_window = self.window_state, self.passenger_window
        hood = standing and self._hood[0] <= t < self._hood[1]
        speed_kmh = 4.0 if reversing else self._v * 3.6
        la, lo = self.position
        level = self.level_pct
        if self.electric:
            range_km = level / 100.0 * _BATTERY_KWH / (0.2 * self._eco)
        else:
            range_km = level / 100.0 * _TANK_L / (0.086 * self._eco)
        scale = (self._tyre_c + 273.15) / (_TYRE_REF_C + 273.15)
        ref = self._tyre_ref
        sample: dict[str, Any] = {
            "seq": self.seq,
            "ts": iso_utc(self.clock),
            "lat": round(la, 6),
            "lon": round(lo, 6),
            "speed_kmh": round(speed_kmh, 1),
            "odometer_km": round(self.odometer_km, 3),
            "range_km": round(range_km, 1),
            "tyre_fl_kpa": round(ref[0] * scale + rnd() - 0.5, 1),
            "tyre_fr_kpa": round(ref[1] * scale + rnd() - 0.5, 1),
            "tyre_rl_kpa": round(ref[2] * scale + rnd() - 0.5, 1),
            "tyre_rr_kpa": round(ref[3] * scale + rnd() - 0.5, 1),
            "doors_open": doors,
            "windows_open": window != CLOSED or passenger_window != CLOSED,
            "locked": self.lock_state == LOCKED,
            "hood_open": hood,
            "gear": "R" if reversing else ("D" if ignition else "P"),
            "ignition": ignition,
            "outside_temp_c": round(self.outside_c, 1),
            "cabin_temp_c": round(self.cabin_c, 1),
            "door_driver_open": driver_door,
            "door_passenger_open": passenger_door,
            "door_sliding_open": sliding_door,
            "door_rear_open": rear_door,
            "window_driver": window,
            "window_passenger": passenger_window,
        }
        if self.electric:
            sample["soc_pct"] = round(level, 2)
            sample["plug_state"] = self._plug
        else:
            sample["fuel_level_pct"] = round(level, 2)
        self.seq += 1
        self.last_sample = sample
        return sample

    # ------------------------------------------------------------------ remote commands

    @property
    def rfid_identified(self) -> bool:
        """Identified by the RFID card at the charging point (only while plugged in there)."""
        return self.electric and self._rfid and self._plug in ("locked", "connected")

    def minutes_available(self) -> float | None:
        """Minutes until the set departure time (None when none is set or unreadable)."""
        text = self.departure_time
        if not text:
            return None
        if self._dep_cache[0] != text:
            try:
                dep = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                self._dep_cache = (text, None)
            else:
                dep = dep if dep.tzinfo is not None else dep.replace(tzinfo=UTC)
                self._dep_cache = (text, dep.timestamp())
        epoch = self._dep_cache[1]
        return None if epoch is None else (epoch - self.clock) / 60.0

    def command_state(self) -> dict[str, Any]:
        """What the R24/R25 rules look at: the current sample plus the non-sample state."""
        state = dict(self.last_sample)
        state.update(
            rfid_identified=self.rfid_identified,
            minutes_available=self.minutes_available(),
            departure_time=self.departure_time,
            target_temp_c=self.target_temp_c,
        )
        return state

    def execute(self, ctype: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run one remote command; returns the result body ``{state, reason?, unmet?}``.

        The decision uses ``mpro_desktop.domain.preconditions`` so the van and the
        desktop's explanation can never disagree. Effects show in later samples.
        """
        params = params or {}
        if ctype == LOCK:
            self.lock_state = LOCKED
        elif ctype == UNLOCK:
            self.lock_state = UNLOCKED
        elif ctype == SET_DEPARTURE_TIME:
            dep = params.get("departure_time")
            if dep is not None and not isinstance(dep, str):
                return {"state": "failed", "reason": "invalid departure_time", "unmet": []}
            self.departure_time = dep or None
        elif ctype in _EV_COMMANDS and not self.electric:
            return {"state": "failed", "reason": "not_an_evan", "unmet": []}
        elif ctype == START_CHARGING:
            unmet = charging_unmet(self.command_state())
            if unmet:
                return {"state": "failed", "reason": "preconditions not met", "unmet": unmet}
            self._energy_target = 100.0
        elif ctype == STOP_CHARGING:
            self._energy_target = min(self._energy_target, self.level_pct)
        elif ctype == START_PRECONDITIONING:
            if params.get("departure_time"):
                self.departure_time = str(params["departure_time"])
            if params.get("target_temp_c") is not None:
                try:
                    self.target_temp_c = float(params["target_temp_c"])
                except (TypeError, ValueError):
                    return {"state": "failed", "reason": "invalid target_temp_c", "unmet": []}
            unmet = preconditioning_unmet(self.command_state())
            if unmet:
                return {"state": "failed", "reason": "preconditions not met", "unmet": unmet}
            self.preconditioning = True
        elif ctype == STOP_PRECONDITIONING:
            self.preconditioning = False
        else:
            return {"state": "failed", "reason": f"unknown command type {ctype!r}", "unmet": []}
        return {"state": "executed"}


def check_sample(sample: dict[str, Any]) -> None:
    """Assert a sample only uses the shared vocabulary (used by tests and --self-check)."""
    extra = set(sample) - _ALLOWED_KEYS
    if extra:
        raise ValueError(f"unknown sample fields: {sorted(extra)}")
