"""Physical plausibility and determinism of the van model."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embedded_server.simulator.vehicle import AREAS, Van, check_sample
from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC, PLUG_STATES, SAMPLE_FIELDS

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
            assert 420.0 < s[k] < 480.0
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


def test_areas_cover_their_routes() -> None:
    for area in AREAS:
        for route in area.routes:
            for lat, lon in route:
                assert area.contains(lat, lon)


def test_unknown_fuel_type_is_refused() -> None:
    with pytest.raises(ValueError):
        Van("YV1BAD00000000001", "petrol")
