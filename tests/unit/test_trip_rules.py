"""Trip derivation of ``mpro_desktop.domain.trips`` from simulated days (issue 12)."""

from __future__ import annotations

from typing import Any

from mpro_desktop.domain.trips import follow


def day(stops: int, *, drive_s: int = 600, stop_s: int = 300) -> list[tuple[float, dict[str, Any]]]:
    """A delivery day at 1 Hz: depot, ``stops`` stops, back; odometer advances 10 m/s."""
    out, t, odo = [], 0.0, 1000.0
    for leg in range(stops + 1):
        for i in range(drive_s):
            speed = 72.0 if 30 < i < drive_s - 30 else 20.0
            odo += speed / 3600
            out.append((t, {"ignition": True, "speed_kmh": speed, "odometer_km": odo,
                            "lat": 57.7 + leg * 0.01, "lon": 11.9 + i * 1e-5}))
            t += 1
        for _ in range(stop_s):
            out.append((t, {"ignition": False, "speed_kmh": 0.0, "odometer_km": odo}))
            t += 1
    return out


def test_a_day_with_four_stops_is_five_trips() -> None:
    open_trip, trips = follow(None, day(4))
    assert open_trip is None
    done = [t for t in trips if t.ended]
    assert len(done) == 5
    for t in done:
        assert t.max_speed_kmh == 72.0
        assert 10.0 < (t.distance_km or 0) < 12.0
        assert t.end.ts - t.start.ts == 600  # the first sample with ignition off ends it
        assert t.end.lat == t.start.lat  # positions are kept when a sample lacks them


def test_batches_give_the_same_trips_as_one_pass() -> None:
    samples = day(2)
    _, whole = follow(None, samples)
    open_trip, parts = None, []
    for i in range(0, len(samples), 97):  # arbitrary ingest batches
        open_trip, touched = follow(open_trip, samples[i:i + 97])
        for t in touched:
            if parts and parts[-1].start == t.start:
                parts[-1] = t
            else:
                parts.append(t)
    assert parts == whole


def test_samples_without_ignition_start_nothing() -> None:
    assert follow(None, [(0.0, {"speed_kmh": 50.0}), (1.0, {"lat": 57.0})]) == (None, [])


def test_a_trip_in_progress_stays_open() -> None:
    open_trip, trips = follow(None, day(0)[:100])
    assert open_trip is not None and not open_trip.ended and trips == [open_trip]
