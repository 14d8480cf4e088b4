"""The fleet map figure of ``python -m bench --quick`` runs and measures both sides."""

from __future__ import annotations

from bench import fleet_map
from bench.__main__ import BENCHMARKS


def test_the_fleet_map_figure_runs_quick(qapp) -> None:
    assert BENCHMARKS["fleet_map"] == "bench.fleet_map:run"
    results = fleet_map.run(quick=True)
    assert [r.figure for r in results] == ["fleet map frame", "fleet map frame, all trails"]
    for r in results:
        assert r.measured and r.measured > 0 and r.baseline and r.baseline > 0
        assert r.ratio == r.measured / r.baseline
