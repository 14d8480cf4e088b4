"""A cheap, deterministic van model that produces telemetry samples (SPEC R22).

Pure Python and free of I/O so it can be unit-tested and so one core can drive
thousands of vans: route geometry is precomputed per van, and ``step`` is a handful
of arithmetic operations plus a few ``random`` calls. Field names come from
``mpro_desktop.domain.telemetry`` so the simulator can never drift from the portal.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

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
from mpro_desktop.domain.preconditions import charging_unmet, preconditioning_unmet
from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC, FUEL_TYPES, SAMPLE_FIELDS

# --------------------------------------------------------------------------- areas


@dataclass(frozen=True, slots=True)
class Area:
    """A city with looping delivery routes; the bounds are what tests assert against."""

    name: str
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float
    routes: tuple[tuple[tuple[float, float], ...], ...]

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


STOCKHOLM: Final = Area(
    "Stockholm",
    59.20,
    59.45,
    17.80,
    18.25,
    (
        (  # inner city loop
            (59.3310, 18.0590),  # T-Centralen
            (59.3320, 18.0290),  # Fridhemsplan
            (59.3395, 18.0370),  # S:t Eriksplan
            (59.3430, 18.0495),  # Odenplan
            (59.3350, 18.0770),  # Östermalmstorg
            (59.3195, 18.0720),  # Slussen
            (59.3145, 18.0735),  # Medborgarplatsen
            (59.3155, 18.0340),  # Hornstull
            (59.3100, 18.0230),  # Liljeholmen
            (59.3240, 18.0280),  # Rålambshovsleden
        ),
        (  # south and east
            (59.2990, 18.0500),  # Årsta
            (59.2935, 18.0830),  # Globen
            (59.3030, 18.1010),  # Hammarby sjöstad
            (59.3100, 18.1640),  # Nacka Forum
            (59.3120, 18.1080),  # Henriksdal
            (59.3195, 18.0720),  # Slussen
            (59.3100, 18.0230),  # Liljeholmen
            (59.2780, 18.0100),  # Älvsjö
        ),
        (  # north and west
            (59.3600, 17.9990),  # Solna centrum
            (59.3610, 17.9720),  # Sundbyberg
            (59.3390, 17.9400),  # Bromma
            (59.3335, 17.9800),  # Alvik
            (59.3400, 18.0300),  # Karlberg
            (59.3500, 18.0450),  # Norrtull
            (59.3650, 18.0550),  # Universitetet
            (59.3800, 18.0360),  # Bergshamra
        ),
    ),
)

GOTEBORG: Final = Area(
    "Göteborg",
    57.58,
    57.80,
    11.80,
    12.12,
    (
        (  # centre and Hisingen
            (57.7089, 11.9746),  # Centralstationen
            (57.7180, 11.9530),  # Backaplan
            (57.7070, 11.9380),  # Lindholmen
            (57.7010, 11.9100),  # Eriksberg
            (57.6995, 11.9530),  # Järntorget
            (57.6910, 11.9520),  # Linnéplatsen
            (57.6960, 11.9870),  # Korsvägen
            (57.7030, 11.9850),  # Heden
            (57.7290, 12.0050),  # Gamlestaden
        ),
        (  # east
            (57.6960, 11.9870),  # Korsvägen
            (57.6560, 12.0140),  # Mölndal centrum
            (57.6860, 12.0230),  # Kallebäck
            (57.7080, 12.0270),  # Munkebäck
            (57.7140, 12.0040),  # Olskroken
            (57.7089, 11.9746),  # Centralstationen
        ),
        (  # south-west
            (57.6530, 11.9110),  # Frölunda torg
            (57.6720, 11.9240),  # Järnbrott
            (57.6910, 11.9520),  # Linnéplatsen
            (57.6890, 11.9740),  # Chalmers
            (57.6560, 12.0140),  # Mölndal centrum
            (57.6320, 11.9400),  # Askim
        ),
    ),
)

AREAS: Final = (STOCKHOLM, GOTEBORG)

# --------------------------------------------------------------------------- constants

_M_PER_DEG_LAT: Final = 110_540.0
_M_PER_DEG_LON_EQ: Final = 111_320.0
_ACCEL: Final = 1.6  # m/s², a loaded van
_BRAKE_PLAN: Final = 1.8  # m/s², what the driver plans with
_BRAKE_MAX: Final = 3.0  # m/s², what the brakes can do (> plan, so a stop is always met)
_SPEED_LIMITS_KMH: Final = (30.0, 50.0, 50.0, 70.0, 90.0)
_SUBSTEP_S: Final = 1.0  # physics never integrates more than this at once

_TANK_L: Final = 80.0
_DIESEL_L_PER_KM: Final = 0.09
_DIESEL_IDLE_L_PER_S: Final = 0.8 / 3600
_REFUEL_PCT_PER_S: Final = 0.8  # ≈ 40 l/min
_BATTERY_KWH: Final = 75.0
_EV_KWH_PER_KM: Final = 0.22
_EV_AUX_KWH_PER_S: Final = 1.0 / 3600
_CHARGE_PCT_PER_S: Final = 0.05  # ≈ 135 kW DC
_DIESEL_LOW_PCT: Final = 15.0
_EV_LOW_PCT: Final = 20.0

# modes
_DRIVE: Final = 0
_HALT: Final = 1  # traffic light / short stop, engine running
_PARK: Final = 2  # delivery, ignition off
_ENERGY: Final = 3  # refuelling or charging

# what happens at the end of the current segment
_PASS: Final = 0
_STOP: Final = 1
_PARK_AT: Final = 2
_ENERGY_AT: Final = 3

_ALLOWED_KEYS: Final = frozenset(SAMPLE_FIELDS) | {"seq", "ts"}
_EV_COMMANDS: Final = EVAN_ONLY

_ts_cache: list[Any] = [None, ""]


def iso_utc(epoch: float) -> str:
    """ISO-8601 UTC with offset; one-entry cache because a fleet shares each tick's time."""
    if _ts_cache[0] != epoch:
        _ts_cache[0] = epoch
        _ts_cache[1] = datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")
    return _ts_cache[1]  # type: ignore[no-any-return]


class Van:
    """One van driving a looping route; ``step(dt)`` advances it and returns a sample.

    Everything random comes from a ``random.Random`` seeded with (seed, vin), so the
    same seed replays the same drive — needed for reproducible tests and benchmarks.
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
    ) -> None:
        if fuel_type not in FUEL_TYPES:
            raise ValueError(f"unknown fuel type {fuel_type!r}")
        self.vin = vin
        self.fuel_type = fuel_type
        self.electric = fuel_type == FUEL_ELECTRIC
        rng = self._rng = random.Random(f"{seed}:{vin}")
        self.area = area if area is not None else rng.choice(AREAS)
        self.seq = start_seq
        self.clock = time.time() if start_epoch is None else float(start_epoch)

        # ---- route geometry, precomputed once (per-van jitter so vans don't overlap)
        base = rng.choice(self.area.routes)
        pts = [
            (la + rng.uniform(-0.0015, 0.0015), lo + rng.uniform(-0.0015, 0.0015))
            for la, lo in base
        ]
        if rng.random() < 0.5:
            pts.reverse()
        self._pts = pts
        n = len(pts)
        self._seg_len: list[float] = []
        self._seg_dlat: list[float] = []  # degrees per metre along the segment
        self._seg_dlon: list[float] = []
        self._seg_limit: list[float] = []  # m/s
        for i in range(n):
            (la1, lo1), (la2, lo2) = pts[i], pts[(i + 1) % n]
            dy = (la2 - la1) * _M_PER_DEG_LAT
            dx = (lo2 - lo1) * _M_PER_DEG_LON_EQ * math.cos(math.radians((la1 + la2) / 2))
            length = max(math.hypot(dx, dy), 1.0)
            self._seg_len.append(length)
            self._seg_dlat.append((la2 - la1) / length)
            self._seg_dlon.append((lo2 - lo1) / length)
            lim = rng.choice(_SPEED_LIMITS_KMH[2:] if length > 2500 else _SPEED_LIMITS_KMH[:4])
            self._seg_limit.append(lim / 3.6)

        # ---- slow-changing state
        self.odometer_km = rng.uniform(2_000.0, 120_000.0)
        self.level_pct = rng.uniform(20.0, 95.0)  # fuel or state of charge
        self._tyre_base = [rng.uniform(440.0, 460.0) for _ in range(4)]
        self._temp_base = rng.uniform(-4.0, 20.0)
        self.outside_c = self._temp_base
        self.cabin_c = self._temp_base + rng.uniform(0.0, 4.0)

        # ---- kinematic state
        self._seg = rng.randrange(n)
        self._pos = rng.uniform(0.0, self._seg_len[self._seg] * 0.8)
        self._v = 0.0
        self._cruise = 0.0
        self._next = _PASS
        self._mode = _DRIVE  # pulling away from standstill mid-segment
        self._timer = 0.0
        self._mode_t = 0.0  # seconds spent in the current mode
        self._park_len = 0.0
        self._doors_s = 0.0  # how long doors stay open in the current stop
        self._hood = False
        self._windows = False
        self._plug = "disconnected"
        self._energy_target = 0.0
        # ---- what remote commands act on (R23-R25)
        self.locked = True
        self._doors_were_open = False
        self.departure_time: str | None = None
        self.target_temp_c = 21.0
        self.preconditioning = False
        self.last_sample: dict[str, Any] = {}
        self._begin_segment()

    # ------------------------------------------------------------------ persistence

    def snapshot(self) -> dict[str, Any]:
        """What must survive a restart so seq never repeats and the odometer never rewinds."""
        return {
            "seq": self.seq,
            "odometer_km": self.odometer_km,
            "level_pct": self.level_pct,
            "seg": self._seg,
            "pos": self._pos,
            "locked": self.locked,
            "departure_time": self.departure_time,
            "target_temp_c": self.target_temp_c,
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Resume from ``snapshot()``; tolerant of missing keys (older state files)."""
        self.seq = max(self.seq, int(snap.get("seq", self.seq)))
        self.odometer_km = float(snap.get("odometer_km", self.odometer_km))
        self.level_pct = min(100.0, max(0.0, float(snap.get("level_pct", self.level_pct))))
        self.locked = bool(snap.get("locked", self.locked))
        dep = snap.get("departure_time")
        self.departure_time = dep if isinstance(dep, str) else None
        self.target_temp_c = float(snap.get("target_temp_c", self.target_temp_c))
        seg = int(snap.get("seg", self._seg))
        if 0 <= seg < len(self._seg_len):
            self._seg = seg
            self._pos = min(max(float(snap.get("pos", 0.0)), 0.0), self._seg_len[seg])

    # ------------------------------------------------------------------ model

    @property
    def position(self) -> tuple[float, float]:
        seg, pos = self._seg, self._pos
        la, lo = self._pts[seg]
        return la + self._seg_dlat[seg] * pos, lo + self._seg_dlon[seg] * pos

    def _begin_segment(self) -> None:
        """Decide now what happens at the next waypoint, so the driver can brake for it."""
        rng = self._rng
        r = rng.random()
        low = _EV_LOW_PCT if self.electric else _DIESEL_LOW_PCT
        if self.level_pct < low:
            self._next = _ENERGY_AT
        elif r < 0.12:
            self._next = _PARK_AT
        elif r < 0.50:
            self._next = _STOP
        else:
            self._next = _PASS
        self._cruise = self._seg_limit[self._seg] * rng.uniform(0.85, 1.05)
        self._windows = self.outside_c > 18.0 and rng.random() < 0.4

    def _arrive(self) -> None:
        rng = self._rng
        self._v = 0.0
        self._mode_t = 0.0
        nxt = self._next
        if nxt == _STOP:
            self._mode = _HALT
            self._timer = rng.uniform(5.0, 40.0)
            self._doors_s = rng.uniform(3.0, 10.0) if rng.random() < 0.2 else 0.0
        elif nxt == _PARK_AT:
            self._mode = _PARK
            self._timer = self._park_len = rng.uniform(60.0, 300.0)
            self._doors_s = rng.uniform(5.0, 30.0)
            self._hood = rng.random() < 0.03
            self._windows = False
        else:  # _ENERGY_AT
            self._mode = _ENERGY
            self._timer = 1e12  # until full
            self._doors_s = rng.uniform(5.0, 15.0)
            self._energy_target = (
                rng.uniform(80.0, 95.0) if self.electric else rng.uniform(92.0, 100.0)
            )
            self._windows = False
            self._hood = False

    def _depart(self) -> None:
        self._mode = _DRIVE
        self._mode_t = 0.0
        self._doors_s = 0.0
        self._hood = False
        self._plug = "disconnected"
        self._seg = (self._seg + 1) % len(self._seg_len)
        self._pos = 0.0
        self._begin_segment()

    def _drive(self, dt: float) -> float:
        """Advance along the route; returns metres travelled."""
        seg = self._seg
        length = self._seg_len[seg]
        remaining = length - self._pos
        if self._next == _PASS:
            nxt = (seg + 1) % len(self._seg_len)
            v_end = min(self._seg_limit[seg], self._seg_limit[nxt]) * 0.6  # slow for the turn
        else:
            v_end = 0.0
        v_allow = math.sqrt(v_end * v_end + 2.0 * _BRAKE_PLAN * remaining)
        rng = self._rng
        if rng.random() < 0.02:  # traffic: new preferred speed now and then
            self._cruise = self._seg_limit[seg] * rng.uniform(0.6, 1.05)
        target = min(self._cruise, v_allow)
        v0 = self._v
        v1 = min(target, v0 + _ACCEL * dt) if v0 < target else max(target, v0 - _BRAKE_MAX * dt)
        self._v = v1
        dist = (v0 + v1) * 0.5 * dt
        if self._next != _PASS and (dist >= remaining or (remaining < 1.0 and v1 < 1.0)):
            self._pos = length
            self._arrive()
            return remaining
        pos = self._pos + dist
        while pos >= length:  # passing through waypoints
            pos -= length
            self._seg = seg = (seg + 1) % len(self._seg_len)
            length = self._seg_len[seg]
            self._begin_segment()
        self._pos = pos
        return dist

    def _advance(self, dt: float) -> None:
        self._mode_t += dt
        mode = self._mode
        moved_m = 0.0
        if mode == _DRIVE:
            moved_m = self._drive(dt)
        elif mode == _ENERGY:
            t = self._mode_t
            charging = self._timer > 1e9  # still filling up
            if self.electric:
                # R24 sequence: plug inserted -> locked -> connected, then unplugged when done
                if t < 3.0:
                    self._plug = "inserted"
                elif t < 6.0:
                    self._plug = "locked"
                elif charging:
                    if self.level_pct < self._energy_target:
                        self._plug = "connected"
                        self.level_pct = min(100.0, self.level_pct + _CHARGE_PCT_PER_S * dt)
                    else:
                        self._plug = "disconnected"
                        self._timer = 10.0
                        self._doors_s = t + 5.0
            elif t > 20.0 and charging:  # nozzle in after 20 s
                if self.level_pct < self._energy_target:
                    self.level_pct = min(100.0, self.level_pct + _REFUEL_PCT_PER_S * dt)
                else:
                    self._timer = 30.0  # pay and drive off
            self._timer -= dt
            if self._timer <= 0.0:
                self._depart()
        else:
            self._timer -= dt
            if self._timer <= 0.0:
                self._depart()

        # energy use
        ignition = self._mode in (_DRIVE, _HALT)
        km = moved_m / 1000.0
        self.odometer_km += km
        if self.electric:
            kwh = km * _EV_KWH_PER_KM + (_EV_AUX_KWH_PER_S * dt if ignition else 0.0)
            self.level_pct = max(0.0, self.level_pct - kwh / _BATTERY_KWH * 100.0)
        else:
            litres = km * _DIESEL_L_PER_KM + (_DIESEL_IDLE_L_PER_S * dt if ignition else 0.0)
            self.level_pct = max(0.0, self.level_pct - litres / _TANK_L * 100.0)

        # temperatures: first-order lag toward a target
        if self.preconditioning:
            target, tau = self.target_temp_c, 600.0
        else:
            target = 21.0 if ignition else self.outside_c
            tau = 300.0 if ignition else 1800.0
        self.cabin_c += (target - self.cabin_c) * min(1.0, dt / tau)

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
        rng = self._rng
        rnd = rng.random  # uniform noise: a third of gauss()'s cost, looks the same on a chart
        # outside temperature: daily swing peaking mid-afternoon plus a little noise
        self.outside_c = (
            self._temp_base
            + 4.0 * math.sin((self.clock % 86400.0 - 32400.0) * 7.27e-5)
            + (rnd() - 0.5) * 0.2
        )

        mode = self._mode
        driving = mode == _DRIVE
        ignition = driving or mode == _HALT
        doors = (not driving) and self._mode_t < self._doors_s
        if doors != self._doors_were_open:  # the driver unlocks to open; auto-lock on shut
            self._doors_were_open = doors
            self.locked = not doors
        speed_kmh = self._v * 3.6
        warm = speed_kmh * 0.02
        tb = self._tyre_base
        la, lo = self.position
        level = self.level_pct
        if self.electric:
            range_km = level / 100.0 * _BATTERY_KWH / _EV_KWH_PER_KM
        else:
            range_km = level / 100.0 * _TANK_L / _DIESEL_L_PER_KM
        sample: dict[str, Any] = {
            "seq": self.seq,
            "ts": iso_utc(self.clock),
            "lat": round(la, 6),
            "lon": round(lo, 6),
            "speed_kmh": round(speed_kmh, 1),
            "odometer_km": round(self.odometer_km, 3),
            "range_km": round(range_km, 1),
            "tyre_fl_kpa": round(tb[0] + warm + (rnd() - 0.5) * 2.8, 1),
            "tyre_fr_kpa": round(tb[1] + warm + (rnd() - 0.5) * 2.8, 1),
            "tyre_rl_kpa": round(tb[2] + warm + (rnd() - 0.5) * 2.8, 1),
            "tyre_rr_kpa": round(tb[3] + warm + (rnd() - 0.5) * 2.8, 1),
            "doors_open": doors,
            "windows_open": self._windows and ignition,
            "locked": self.locked,
            "hood_open": self._hood and mode == _PARK and self._mode_t > self._doors_s,
            "gear": "D" if ignition else "P",
            "ignition": ignition,
            "outside_temp_c": round(self.outside_c, 1),
            "cabin_temp_c": round(self.cabin_c, 1),
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
        """Identified by the RFID card at a charging station (only while at one)."""
        return self.electric and self._mode == _ENERGY and self._plug in ("locked", "connected")

    def minutes_available(self) -> float | None:
        """Minutes until the set departure time (None when none is set)."""
        if not self.departure_time:
            return None
        try:
            dep = datetime.fromisoformat(self.departure_time.replace("Z", "+00:00"))
        except ValueError:
            return None
        if dep.tzinfo is None:
            dep = dep.replace(tzinfo=UTC)
        return (dep.timestamp() - self.clock) / 60.0

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
            self.locked = True
        elif ctype == UNLOCK:
            self.locked = False
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
            self._energy_target = max(self._energy_target, 100.0)
        elif ctype == STOP_CHARGING:
            if self._mode == _ENERGY and self.electric:
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
