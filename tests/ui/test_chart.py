"""The live chart's ring buffer and its timer-driven redraw."""

from __future__ import annotations

import time

import numpy as np

from mpro_desktop.views.common.telemetry_chart import RingBuffer, TelemetryChart


def test_ring_buffer_keeps_the_newest_points_in_order():
    buf = RingBuffer(100, ("speed_kmh",))
    for start in range(0, 1000, 37):
        ts = np.arange(start, start + 37, dtype=float)
        buf.extend(ts, {"speed_kmh": ts * 2})
    assert len(buf) == 100
    ts = buf.view("ts")
    assert np.all(np.diff(ts) > 0)
    assert ts[-1] == 1035
    np.testing.assert_array_equal(buf.view("speed_kmh"), ts * 2)


def test_ring_buffer_ignores_points_it_already_has():
    buf = RingBuffer(10, ("speed_kmh",))
    assert buf.extend(np.array([1.0, 2.0, 3.0]), {"speed_kmh": np.array([1.0, 2, 3])}) == 3
    assert buf.extend(np.array([2.0, 3.0, 4.0]), {"speed_kmh": np.array([2.0, 3, 4])}) == 1
    assert list(buf.view("ts")) == [1.0, 2.0, 3.0, 4.0]


def test_chart_draws_samples_on_its_timer(qtbot):
    chart = TelemetryChart()
    qtbot.addWidget(chart)
    chart.reset("soc_pct")
    now = time.time()
    samples = [
        {"seq": i, "ts_epoch": now - 30 + i, "speed_kmh": float(i), "soc_pct": 80.0 - i}
        for i in range(30)
    ]
    assert chart.add_samples(samples) == 30
    qtbot.waitUntil(
        lambda: chart.speed_curve.xData is not None and len(chart.speed_curve.xData) == 30
    )
    np.testing.assert_array_equal(chart.energy_curve.yData, [80.0 - i for i in range(30)])


def test_history_arriving_after_live_points_is_merged_in_order(qtbot):
    chart = TelemetryChart()
    qtbot.addWidget(chart)
    now = time.time()
    live = [{"ts_epoch": now - 5 + i, "speed_kmh": 50.0} for i in range(5)]
    history = [{"ts_epoch": now - 60 + i, "speed_kmh": 10.0} for i in range(58)]
    chart.add_samples(live)
    chart.add_samples(history)  # overlaps the first live point's second
    ts = chart.buffer.view("ts")
    real = ts[~np.isnan(chart.buffer.view("speed_kmh"))]
    assert np.all(np.diff(ts) > 0)
    assert len(real) == len({*(s["ts_epoch"] for s in live), *(s["ts_epoch"] for s in history)})


def test_a_gap_breaks_the_line():
    buf_chart = TelemetryChart()
    now = time.time()
    buf_chart.add_samples([{"ts_epoch": now - 100 + i, "speed_kmh": 1.0} for i in range(3)])
    buf_chart.add_samples([{"ts_epoch": now - 10 + i, "speed_kmh": 2.0} for i in range(3)])
    speeds = buf_chart.buffer.view("speed_kmh")
    assert np.isnan(speeds).sum() == 1  # one break between the two runs
    assert buf_chart.point_count() == 6


def test_samples_with_epoch_or_iso_timestamps_both_draw():
    chart = TelemetryChart()
    now = time.time()
    from datetime import UTC, datetime

    iso = datetime.fromtimestamp(now - 1, UTC).isoformat()
    assert (
        chart.add_samples([{"ts": now - 2, "speed_kmh": 1.0}, {"ts": iso, "speed_kmh": 2.0}]) == 2
    )
