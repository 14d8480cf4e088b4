"""Physical plausibility and determinism of the van model."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embedded_server.simulator.roads import metres
from embedded_server.simulator.vehicle import (
    AREAS,
    LOCK_STATES,
    Van,
    charge_power_kw,
    check_sample,
)
from mpro_desktop.domain import alerts
from mpro_desktop.domain.telemetry import (
    DOORS,
    FUEL_DIESEL,
    FUEL_ELECTRIC,
    PLUG_STATES,
    SAMPLE_FIELDS,
    WINDOW_STATES,
    WINDOWS,
    door_field,
    window_field,
)
from mpro_desktop.domain.trips import follow

EPOCH = 1_700_000_000.0
FLOATS = [k for k, t in SAMPLE_FIELDS.items() if t is float]


def drive(van: Van, n: int, dt: float = 1.0) -> list[dict]:  # type: ignore[type-arg]
    return [van.step(dt) for _ in range(n)]


def check_trace(van: Van, samples: list[dict]) -> None:  # type: ignore[type-arg]
    area = van.area
    prev = None
    for s in samples:
        check_sample(s)
        assert area.contains(s["lat"], s["lon"]), (area.name, s["lat"], s["lon"])
        assert 0.0 <= s["speed_kmh"] <= 130.0
        level = s["soc_pct"] if van.electric else s["fuel_level_pct"]
        assert 0.0 <= level <= 100.0
        assert s["range_km"] >= 0.0
        for k in ("tyre_fl_kpa", "tyre_fr_kpa", "tyre_rl_kpa", "tyre_rr_kpa"):
            if not van.leaks:  # 440-460 kPa at 20 °C, moving with the tyre's temperature
                assert 390.0 < s[k] < 500.0, (k, s[k])
        assert s["odometer_km"] >= 0.0 and s["range_km"] < 1_200.0
        if s["gear"] == "R":
            assert s["ignition"] and s["speed_kmh"] < 10.0
        assert s["gear"] in ("P", "R", "N", "D")
        if not s["ignition"]:
            assert s["gear"] == "P" and s["speed_kmh"] == 0.0
        for k, t in SAMPLE_FIELDS.items():
            if k in s:
                assert isinstance(s[k], t), k
        if prev is not None:
            assert s["seq"] == prev["seq"] + 1
            assert s["odometer_km"] >= prev["odometer_km"]
            assert s["ts"] > prev["ts"]
        prev = s


@given(seed=st.integers(0, 10_000), electric=st.booleans())
@settings(max_examples=25, deadline=None)
def test_an_hour_of_driving_is_plausible(seed: int, electric: bool) -> None:
    van = Van("YV1PROPTEST000001", FUEL_ELECTRIC if electric else FUEL_DIESEL, seed=seed)
    check_trace(van, drive(van, 3600))


@pytest.mark.parametrize("fuel", [FUEL_DIESEL, FUEL_ELECTRIC])
def test_long_run_refuels_or_charges_and_moves(fuel: str) -> None:
    van = Van("YV1LONGRUN0000001", fuel, seed=7, start_epoch=EPOCH)
    van.level_pct = 22.0  # low enough that it must top up within the run
    samples = drive(van, 5 * 3600)
    check_trace(van, samples)
    key = "soc_pct" if fuel == FUEL_ELECTRIC else "fuel_level_pct"
    levels = [s[key] for s in samples]
    rises = [levels[i + 120] - levels[i] for i in range(len(levels) - 120)]
    assert max(rises) > 2.0, "never topped up"
    assert samples[-1]["odometer_km"] - samples[0]["odometer_km"] > 20.0
    speeds = [s["speed_kmh"] for s in samples]
    assert max(speeds) >= 30.0 and min(speeds) == 0.0
    assert any(not s["ignition"] for s in samples), "never parked"
    assert any(s["doors_open"] for s in samples)
    if fuel == FUEL_ELECTRIC:
        plugs = {s["plug_state"] for s in samples}
        assert plugs <= set(PLUG_STATES)
        assert {"inserted", "locked", "connected", "disconnected"} <= plugs
        charging = [s for s in samples if s["plug_state"] == "connected"]
        assert all(s["gear"] == "P" and not s["hood_open"] for s in charging)  # R24


def test_fields_differ_between_diesel_and_electric() -> None:
    d = Van("YV1DIESEL00000001", FUEL_DIESEL, seed=1).step(1.0)
    e = Van("YV1ELECTRIC000001", FUEL_ELECTRIC, seed=1).step(1.0)
    assert "fuel_level_pct" in d and "soc_pct" not in d and "plug_state" not in d
    assert "soc_pct" in e and "plug_state" in e and "fuel_level_pct" not in e
    common = set(SAMPLE_FIELDS) - {"fuel_level_pct", "soc_pct", "plug_state"}
    assert common <= set(d) and common <= set(e)
    assert set(d) | set(e) == set(SAMPLE_FIELDS) | {"seq", "ts"}


def test_same_seed_same_drive_other_seed_other_drive() -> None:
    def trace(seed: int) -> list[dict]:  # type: ignore[type-arg]
        return drive(Van("YV1DETERMINISM001", FUEL_DIESEL, seed=seed, start_epoch=EPOCH), 600)

    assert trace(3) == trace(3)
    assert trace(3) != trace(4)


def test_seq_starts_at_start_seq_and_ts_is_utc_with_offset() -> None:
    van = Van("YV1SEQ00000000001", seed=2, start_epoch=EPOCH, start_seq=41)
    a, b = van.step(1.0), van.step(0.5, now=EPOCH + 10)
    assert (a["seq"], b["seq"]) == (41, 42)
    ts = datetime.fromisoformat(a["ts"])
    assert ts.utcoffset() is not None and ts.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert ts.timestamp() == EPOCH + 1.0
    assert datetime.fromisoformat(b["ts"]).timestamp() == EPOCH + 10


def test_large_dt_is_integrated_in_substeps() -> None:
    fine = Van("YV1SUBSTEP0000001", seed=5, start_epoch=EPOCH)
    coarse = Van("YV1SUBSTEP0000001", seed=5, start_epoch=EPOCH)
    for _ in range(60):
        fine.step(1.0)
    s = coarse.step(60.0)
    assert s["odometer_km"] > 0 and coarse.area.contains(s["lat"], s["lon"])
    assert 0.0 <= s["speed_kmh"] <= 130.0


def test_snapshot_restore_continues_seq_and_odometer() -> None:
    van = Van("YV1RESTORE0000001", FUEL_ELECTRIC, seed=9, start_epoch=EPOCH)
    last = drive(van, 300)[-1]
    again = Van("YV1RESTORE0000001", FUEL_ELECTRIC, seed=9, start_epoch=EPOCH + 300)
    again.restore(van.snapshot())
    first = again.step(1.0)
    assert first["seq"] == last["seq"] + 1
    assert first["odometer_km"] >= last["odometer_km"]
    assert abs(first["soc_pct"] - last["soc_pct"]) < 1.0


def test_areas_cover_their_roads_and_every_place_is_reachable() -> None:
    for area in AREAS:
        assert area.depot in area.nodes and area.wallbox <= set(area.nodes)
        for node in area.nodes:
            assert area.contains(*area.nodes[node])
            for _, limit, road in area.links[node]:
                assert 30 <= limit <= 110 and all(area.contains(*p) for p in road)
            for other in area.nodes:
                if other != node:
                    assert area.path(node, other)[-1][0] == other


def test_unknown_fuel_type_is_refused() -> None:
    with pytest.raises(ValueError):
        Van("YV1BAD00000000001", "petrol")


def test_charge_curve_is_fast_to_80_then_tapers() -> None:
    assert charge_power_kw(20.0, 50.0, 80.0) == charge_power_kw(79.9, 50.0, 80.0) == 50.0
    assert charge_power_kw(90.0, 50.0, 80.0) == pytest.approx(25.0)
    assert 0 < charge_power_kw(100.0, 50.0, 80.0) < charge_power_kw(95.0, 50.0, 80.0)


def day_of_trips(van: Van, hours: float) -> tuple[list[dict], list]:  # type: ignore[type-arg]
    samples = drive(van, int(hours * 3600))
    trip, ended = None, []
    for s in samples:
        trip, touched = follow(trip, [(datetime.fromisoformat(s["ts"]).timestamp(), s)])
        ended += [t for t in touched if t.ended]
    return samples, ended


@pytest.mark.parametrize("fuel", [FUEL_DIESEL, FUEL_ELECTRIC])
def test_a_day_gives_depot_stops_depot_trips_of_plausible_length(fuel: str) -> None:
    van = Van("YV1DAY00000000001", fuel, seed=11, start_epoch=EPOCH)
    van.level_pct = 90.0
    samples, trips = day_of_trips(van, 10)
    check_trace(van, samples)
    depot = van.area.nodes[van.area.depot]

    def at_depot(lat: float | None, lon: float | None) -> bool:
        return lat is not None and lon is not None and metres((lat, lon), depot) < 150.0

    homecomings = [i for i, t in enumerate(trips) if at_depot(t.end.lat, t.end.lon)]
    assert len(homecomings) >= 2, "at least one whole tour from the depot and back"
    first, second = homecomings[0], homecomings[1]
    tour = trips[first + 1 : second + 1]
    assert at_depot(tour[0].start.lat, tour[0].start.lon)  # leaves from the depot ...
    assert len(tour) >= 5  # ... to four or more customers and home
    assert all(not at_depot(t.end.lat, t.end.lon) for t in tour[:-1])
    for t in tour:
        assert t.distance_km is not None and 0.1 <= t.distance_km <= 40.0, t
        minutes = (t.end.ts - t.start.ts) / 60.0
        assert 0.5 <= minutes <= 90.0
        assert 10.0 <= t.distance_km / (minutes / 60.0) <= 75.0  # city speeds on average
        assert t.max_speed_kmh <= 100.0
    total = sum(t.distance_km for t in tour)  # type: ignore[misc]
    assert 15.0 <= total <= 200.0
    assert sum(s["doors_open"] for s in samples) > 0
    assert {True, False} == {s["locked"] for s in samples}


def test_a_day_goes_through_every_lock_state_and_parks_locked() -> None:
    van = Van("YV1LOCKS000000001", FUEL_DIESEL, seed=4, start_epoch=EPOCH)
    seen, parked_locked = set(), 0
    for _ in range(6 * 3600):
        s = van.step(1.0)
        assert van.lock_state in LOCK_STATES and van.window_state in WINDOW_STATES
        assert s["locked"] == (van.lock_state == "locked")
        assert s["windows_open"] == (van.window_state != "closed")
        seen.add(van.lock_state)
        parked_locked += (not s["ignition"]) and s["locked"] and not s["doors_open"]
    assert seen == set(LOCK_STATES)
    assert parked_locked > 600


def test_each_door_and_window_is_reported_and_sums_up_to_the_any_flags() -> None:
    """R22 door by door: the driver gets out by the driver's (now and then the
    passenger's) door, parcels go through the sliding door at customers and the rear
    doors at the depot; each side window has its own state; ``doors_open`` /
    ``windows_open`` are exactly "any of them"."""
    van = Van("YV1DOORS000000001", FUEL_DIESEL, seed=5, start_epoch=EPOCH)
    opened: dict[str, int] = dict.fromkeys(DOORS, 0)
    windows: set[str] = set()
    for _ in range(14 * 3600):
        s = van.step(1.0)
        doors = [s[door_field(d)] for d in DOORS]
        assert all(isinstance(x, bool) for x in doors)
        assert s["doors_open"] == any(doors)
        if any(doors):
            assert not s["ignition"] or s["gear"] == "R" or s["speed_kmh"] <= 4.0
        states = [s[window_field(w)] for w in WINDOWS]
        assert set(states) <= set(WINDOW_STATES)
        assert s["windows_open"] == any(x != "closed" for x in states)
        windows.update(states)
        for d, is_open in zip(DOORS, doors, strict=True):
            opened[d] += is_open
    assert opened["driver"] > 0 and opened["sliding"] > 0 and opened["rear"] > 0, opened
    assert opened["passenger"] < opened["driver"]  # the kerb side is the exception
    assert set(SAMPLE_FIELDS) >= {door_field(d) for d in DOORS} | {window_field(w) for w in WINDOWS}


def test_electric_van_charges_at_the_depot_with_a_taper() -> None:
    van = Van("YV1CHARGE00000001", FUEL_ELECTRIC, seed=2, start_epoch=EPOCH)
    van.level_pct = 30.0
    samples = drive(van, 8 * 3600)
    check_trace(van, samples)
    charging = [
        (a, b)
        for a, b in zip(samples, samples[1:], strict=False)
        if a["plug_state"] == b["plug_state"] == "connected" and b["soc_pct"] > a["soc_pct"]
    ]
    assert charging, "never charged"
    low = [b["soc_pct"] - a["soc_pct"] for a, b in charging if a["soc_pct"] < 75.0]
    high = [b["soc_pct"] - a["soc_pct"] for a, b in charging if a["soc_pct"] > 90.0]
    per_s = 50.0 * 0.92 / 36.0 / 75.0  # 50 kW DC into 75 kWh, in % a second
    assert low and sum(low) / len(low) == pytest.approx(per_s, rel=0.05)
    if high:
        assert sum(high) / len(high) < per_s * 0.6
    assert all(b["gear"] == "P" and not b["hood_open"] for _, b in charging)  # R24
    assert van.rfid_identified or samples[-1]["plug_state"] != "connected"


def test_tyres_follow_temperature_and_warm_up_when_driving() -> None:
    van = Van("YV1TYRES000000001", FUEL_DIESEL, seed=8, start_epoch=EPOCH)
    samples = drive(van, 4 * 3600)
    mean = [(s["tyre_fl_kpa"] + s["tyre_rr_kpa"]) / 2 for s in samples]
    assert max(mean) - min(mean) > 5.0  # drift, not a flat line
    cold = Van("YV1TYRES000000001", FUEL_DIESEL, seed=8, start_epoch=EPOCH)
    cold._temp_base = cold.outside_c = cold._tyre_c = -10.0
    warm = Van("YV1TYRES000000001", FUEL_DIESEL, seed=8, start_epoch=EPOCH)
    warm._temp_base = warm.outside_c = warm._tyre_c = 25.0
    assert cold.step(1.0)["tyre_fl_kpa"] < warm.step(1.0)["tyre_fl_kpa"] - 40.0


def test_a_slow_leak_raises_the_tyre_alert_and_the_depot_repairs_it() -> None:
    van = Van("YV1LEAK0000000001", FUEL_DIESEL, seed=6, start_epoch=EPOCH)
    van.start_leak(2, kpa_per_h=40.0)
    th, memory = alerts.Thresholds(), alerts.Memory()
    raised_at = None
    for i in range(5 * 3600):
        s = van.step(1.0)
        now = EPOCH + i
        memory = alerts.remember(memory, s, now, th)
        found = alerts.conditions(s, memory, now, th)
        assert alerts.TYRE_PRESSURE_DROP not in found  # slow: never a sudden drop
        if alerts.TYRE_PRESSURE_LOW in found:
            raised_at = i
            assert found[alerts.TYRE_PRESSURE_LOW].detail["tyres"] == ["rl"]
            break
    assert raised_at is not None and raised_at > 3600, "a slow leak takes hours, then alerts"
    assert s["tyre_fl_kpa"] > th.tyre_low_kpa
    for _ in range(12 * 3600):  # until the van has been home
        s = van.step(1.0)
        if not van.leaking:
            break
    assert not van.leaking


def test_leaks_are_occasional_and_seeded() -> None:
    vans = [Van(f"YV1FLEET{i:09d}", FUEL_DIESEL, seed=3, start_epoch=EPOCH) for i in range(60)]
    for _ in range(3 * 3600 // 30):
        for v in vans:
            v.step(30.0)
    leaking = [v.vin for v in vans if v.leaking]
    assert len(leaking) <= 6
    again = [Van(f"YV1FLEET{i:09d}", FUEL_DIESEL, seed=3, start_epoch=EPOCH) for i in range(60)]
    for _ in range(3 * 3600 // 30):
        for v in again:
            v.step(30.0)
    assert [v.vin for v in again if v.leaking] == leaking


def test_night_rest_parks_at_the_depot_until_morning() -> None:
    evening = datetime.fromisoformat("2026-03-02T16:30:00+01:00").timestamp()
    van = Van("YV1NIGHT000000001", FUEL_DIESEL, seed=5, start_epoch=evening, night_rest=True)
    samples = drive(van, 16 * 3600, dt=10.0)
    at_night = [s for s in samples if s["ts"][11:13] in ("01", "02", "03")]  # UTC: 02-05 in Sweden
    assert at_night and all(not s["ignition"] and s["speed_kmh"] == 0.0 for s in at_night)
    assert any(s["ignition"] for s in samples[-3 * 360 :]), "on the road again in the morning"
