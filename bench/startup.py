"""Start-up and memory of the real ``mpro-desktop --offline --screenshot`` subprocess on a
prepared MPRO_DATA_DIR (last-session.json + a cache), against an empty PySide6 window."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result, child_env, prepare_offline_data_dir, wait_rusage

EMPTY_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 800); w.show()
app.processEvents()
w.grab().save(sys.argv[1])
import os; os._exit(0)
"""

DESKTOP = "import sys; from mpro_desktop.app import main; sys.exit(main())"


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, int]:
    """Wall seconds and peak RSS (kB) of one child run; raises if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    code, _usage, hwm = wait_rusage(proc, timeout)
    wall = time.perf_counter() - t0
    if code != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{cmd[:3]} exited {code}: {err[-800:]}")
    return wall, hwm


def _desktop(data_dir: Path, shot: Path, min_vehicles: int) -> list[str]:
    return [sys.executable, "-c", DESKTOP, "--offline", "--screenshot", str(shot),
            "--min-vehicles", str(min_vehicles), "--min-points", "0", "--screenshot-timeout", "120"]


def _measure(n_vehicles: int, samples: int, repeats: int) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data_dir = Path(tmp) / "data"
        prepare_offline_data_dir(data_dir, n_vehicles, samples)
        env = child_env(MPRO_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
        base, ours = [], []
        # one untimed run each first (page cache, .pyc)
        _run([sys.executable, "-c", EMPTY_WINDOW, str(Path(tmp) / "e.png")], env, 120)
        _run(_desktop(data_dir, Path(tmp) / "d.png", n_vehicles), env, 180)
        for _ in range(repeats):
            base.append(_run([sys.executable, "-c", EMPTY_WINDOW, str(Path(tmp) / "e.png")], env, 120))
            ours.append(_run(_desktop(data_dir, Path(tmp) / "d.png", n_vehicles), env, 180))
    return ours, base


def run_startup(quick: bool) -> list[Result]:
    n, repeats = (1_000, 1) if quick else (10_000, 5)
    ours, base = _measure(n, 0, repeats)
    m = statistics.median(w for w, _ in ours)
    b = statistics.median(w for w, _ in base)
    return [Result("start-up", m, "s", b, "≤ 2 × baseline", m / b, m / b <= 2.0,
                   f"median of {repeats}: mpro-desktop --offline --screenshot (exits once "
                   f"{n:,} vehicle rows are shown and the PNG is saved) on a {n:,}-vehicle cache; "
                   "baseline: python + import PySide6.QtWidgets + empty window painted and saved")]


def run_memory(quick: bool) -> list[Result]:
    n, samples = (1_000, 20_000) if quick else (10_000, 1_000_000)
    ours, base = _measure(n, samples, 1)
    rss, base_rss = ours[0][1] / 1024, base[0][1] / 1024
    return [Result("memory (peak RSS)", rss, "MB", base_rss, "report", rss / base_rss, None,
                   f"mpro-desktop --offline with {n:,} vehicles and {samples:,} samples cached, "
                   "peak RSS until the screenshot; baseline: the empty window")]
