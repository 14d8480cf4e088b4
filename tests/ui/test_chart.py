"""The live chart's ring buffer and its timer-driven redraw."""

from __future__ import annotations

import time

import numpy as np

from mpro_desktop.views.telemetry_chart import RingBuffer, TelemetryChart


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
