"""Live chart: median frame time with 8 series × N points streaming.

Ours: four real ``TelemetryChart`` widgets (2 curves each = 8 series), their ring buffer
sized for N points and their time window covering all N points, fed through
``add_arrays`` and drawn by their own ``_redraw`` (clip-to-view, peak downsampling,
connect="finite"). Baseline: the same 4×2 pyqtgraph plots with plain ``setData`` of the
same arrays and no layers of ours. A frame = new points in + setData + a full paint of
the widget (``grab()``), offscreen.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

from bench.common import Result

PER_FRAME = 20  # new points per series per frame (20 Hz redraw ≈ 400 samples/s arriving)


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _data(n_total: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    now = time.time()
    ts = now - n_total * 0.01 + np.arange(n_total) * 0.01 - 1.0
    k = np.arange(n_total)
    speed = 60 + 40 * np.sin(k / 500) + np.random.default_rng(1).normal(0, 3, n_total)
    fuel = 80 - k * (50 / n_total)
    return ts, speed, fuel


def _ours(n: int, frames: int) -> float:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from mpro_desktop.views.common.telemetry_chart import RingBuffer, TelemetryChart

    ts, speed, fuel = _data(n + frames * PER_FRAME)
    top = QWidget()
    top.resize(1200, 1600)
    lay = QVBoxLayout(top)
    charts = []
    for _ in range(4):
        c = TelemetryChart(window_s=(n + frames * PER_FRAME) * 0.01 + 10)
        c.timer.stop()  # frames are driven by the benchmark, one _redraw per frame
        c.buffer = RingBuffer(n, c.buffer.fields)
        c.add_arrays({"ts": ts[:n], "speed_kmh": speed[:n], "fuel_level_pct": fuel[:n]})
        lay.addWidget(c)
        charts.append(c)
    top.show()
    for c in charts:
        c._redraw()
    top.grab()
    times = []
    for f in range(frames):
        a, b = n + f * PER_FRAME, n + (f + 1) * PER_FRAME
        t0 = time.perf_counter()
        for c in charts:
            c.add_arrays({"ts": ts[a:b], "speed_kmh": speed[a:b], "fuel_level_pct": fuel[a:b]})
            c._redraw()
        top.grab()
        times.append(time.perf_counter() - t0)
    assert all(len(c.buffer) == n for c in charts)
    top.close()
    top.deleteLater()
    return statistics.median(times)


def _baseline(n: int, frames: int) -> float:
    import pyqtgraph as pg
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    ts, speed, fuel = _data(n + frames * PER_FRAME)
    # same global look as the product (TelemetryChart sets these), so only our layers differ
    pg.setConfigOptions(antialias=True, background="w", foreground="#333")
    top = QWidget()
    top.resize(1200, 1600)
    lay = QVBoxLayout(top)
    curves = []
    for _ in range(4):
        view = pg.GraphicsLayoutWidget()
        p1 = view.addPlot(row=0, col=0)
        p2 = view.addPlot(row=1, col=0)
        curves.append((p1.plot(pen=pg.mkPen("#1f77b4", width=2)), speed))
        curves.append((p2.plot(pen=pg.mkPen("#2ca02c", width=2)), fuel))
        lay.addWidget(view)
    for c, y in curves:
        c.setData(ts[:n], y[:n])
    top.show()
    top.grab()
    times = []
    for f in range(frames):
        a, b = (f + 1) * PER_FRAME, n + (f + 1) * PER_FRAME
        t0 = time.perf_counter()
        for c, y in curves:
            c.setData(ts[a:b], y[a:b])
        top.grab()
        times.append(time.perf_counter() - t0)
    top.close()
    top.deleteLater()
    return statistics.median(times)


def run(quick: bool) -> list[Result]:
    n, frames = (10_000, 10) if quick else (100_000, 40)
    _app()
    base = _baseline(n, frames)
    ours = _ours(n, frames)
    ratio = ours / base
    return [Result("live chart frame", ours * 1000, "ms", base * 1000, "≤ 1.2 × baseline", ratio,
                   ratio <= 1.2,
                   f"median of {frames} frames, 8 series × {n:,} points, {PER_FRAME} new points per "
                   "series per frame, 4 TelemetryChart widgets (add_arrays + _redraw + paint); "
                   "baseline: same plots, plain setData")]
