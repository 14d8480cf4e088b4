"""The first paint of a repeat start shows the cached fleet before the heavy imports
(issue 7, start-up): the real program, as ``--offline --screenshot`` runs it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.common import prepare_offline_data_dir
from mpro_desktop.startup import HEAVY_MODULES
from tests.e2e.desktop_run import desktop_env, offline_screenshot

pytestmark = pytest.mark.slow

N = 300
FIRST_PAINT = re.compile(
    r"^first paint ([0-9.]+) s after process start \((\d+) cached vehicles; "
    r"heavy modules imported: ([^)]*)\)$",
    re.M,
)


def test_first_paint_shows_the_cache_before_sqlalchemy_numpy_pyqtgraph_httpx(
    tmp_path: Path,
) -> None:
    prepare_offline_data_dir(tmp_path / "data", N)
    shot = tmp_path / "shot.png"
    done = offline_screenshot(desktop_env(tmp_path), shot, N)
    assert done.returncode == 0, done.stderr[-2000:]
    match = FIRST_PAINT.search(done.stdout)
    assert match, done.stdout
    assert int(match.group(2)) == N  # the cached vehicles are in that paint
    assert match.group(3) == "none", f"imported before the first paint: {match.group(3)}"
    assert set(HEAVY_MODULES) == {"sqlalchemy", "numpy", "pyqtgraph", "httpx"}
    # ... and the rest still comes up behind it: the PNG waits for it, as before.
    ready = re.search(r"^ready ([0-9.]+) s after process start$", done.stdout, re.M)
    assert ready and float(ready.group(1)) >= float(match.group(1))
    assert done.stdout.index("ready") < done.stdout.index("saved ")
    assert shot.stat().st_size > 0
