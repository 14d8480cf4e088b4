"""Start-up and memory of the real ``mpro-desktop --offline --screenshot`` subprocess on a
prepared MPRO_DATA_DIR (last-session.json + a cache), against an empty PySide6 window.

Two start-up figures: "first paint" (the window with the cached vehicles on screen; the
program prints it, ``mpro_desktop.startup``) and "ready" (the whole run as before: cache,
charts and sync worker up, PNG saved, process exited). The baseline reports its first
paint the same way: a paint event of the window, then a zero timer, then the time since
the process started from /proc/self/stat, so interpreter start counts on both sides.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result, child_env, prepare_offline_data_dir, wait_rusage

EMPTY_WINDOW = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

def age():
    with open("/proc/self/stat") as f:
        ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")

def painted():
    print(f"first paint {age():.3f} s after process start", flush=True)
    w.grab().save(sys.argv[1])
    os._exit(0)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, painted)
        return False

app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 800)
probe = FirstPaint(); w.installEventFilter(probe)
w.show()
app.exec()
"""

DESKTOP = "import sys; from mpro_desktop.app import main; sys.exit(main())"
FIRST_PAINT = re.compile(rb"^first paint ([0-9.]+) s after process start", re.M)


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (kB) and the printed first paint (s) of one child run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    code, _usage, hwm = wait_rusage(proc, timeout)
    wall = time.perf_counter() - t0
    out = proc.stdout.read() if proc.stdout else b""
    if code != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{cmd[:3]} exited {code}: {err[-800:]}")
    match = FIRST_PAINT.search(out)
    if match is None:
        raise RuntimeError(f"{cmd[:3]} printed no first paint: {out[-400:]!r}")
    return wall, hwm, float(match.group(1))


def _desktop(data_dir: Path, shot: Path, min_vehicles: int) -> list[str]:
    return [
        sys.executable,
        "-c",
        DESKTOP,
        "--offline",
        "--screenshot",
        str(shot),
        "--min-vehicles",
        str(min_vehicles),
        "--min-points",
        "0",
        "--screenshot-timeout",
        "120",
    ]


Run = tuple[float, int, float]


def _installed_env(tmp: str, **extra: str) -> dict[str, str]:
    """Both sides start as installed programs do: from compiled bytecode. An inherited
    ``PYTHONDONTWRITEBYTECODE=1`` (the sessions' shell sets it) would make every run
    compile every pure-Python module again (≈ 0.2-0.4 s for the desktop's own modules
    here, next to nothing for the baseline, whose PySide6 is mostly C++). The bytecode
    goes to a private prefix in the temporary folder (written by the untimed first run
    of each side), never into the source tree."""
    env = child_env(**extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
    return env


def _measure(n_vehicles: int, samples: int, repeats: int) -> tuple[list[Run], list[Run]]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data_dir = Path(tmp) / "data"
        prepare_offline_data_dir(data_dir, n_vehicles, samples)
        env = _installed_env(tmp, MPRO_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
        base, ours = [], []
        # one untimed run each first (page cache, .pyc)
        _run([sys.executable, "-c", EMPTY_WINDOW, str(Path(tmp) / "e.png")], env, 120)
        _run(_desktop(data_dir, Path(tmp) / "d.png", n_vehicles), env, 180)
        for _ in range(repeats):
            base.append(
                _run([sys.executable, "-c", EMPTY_WINDOW, str(Path(tmp) / "e.png")], env, 120)
            )
            ours.append(_run(_desktop(data_dir, Path(tmp) / "d.png", n_vehicles), env, 180))
    return ours, base


def run_startup(quick: bool) -> list[Result]:
    n, repeats = (1_000, 1) if quick else (10_000, 5)
    ours, base = _measure(n, 0, repeats)
    paint = statistics.median(p for _, _, p in ours)
    base_paint = statistics.median(p for _, _, p in base)
    ready = statistics.median(w for w, _, _ in ours)
    base_ready = statistics.median(w for w, _, _ in base)
    return [
        Result(
            "start-up: first paint",
            paint,
            "s",
            base_paint,
            "≤ 2 × baseline",
            paint / base_paint,
            paint / base_paint <= 2.0,
            f"median of {repeats}: seconds from process start until the window with the "
            f"{n:,} cached vehicles is painted (printed by mpro-desktop --offline "
            "--screenshot); baseline: the same probe in python + PySide6.QtWidgets + an "
            "empty 1280×800 window",
        ),
        Result(
            "start-up: ready",
            ready,
            "s",
            base_ready,
            "report",
            ready / base_ready,
            None,
            f"median of {repeats}: wall time of the same run until the cache, charts and "
            "sync worker are up, the PNG is saved and the process exited; baseline: the "
            "empty window's run until its PNG is saved",
        ),
    ]


def run_memory(quick: bool) -> list[Result]:
    n, samples = (1_000, 20_000) if quick else (10_000, 1_000_000)
    ours, base = _measure(n, samples, 1)
    rss, base_rss = ours[0][1] / 1024, base[0][1] / 1024
    return [
        Result(
            "memory (peak RSS)",
            rss,
            "MB",
            base_rss,
            "report",
            rss / base_rss,
            None,
            f"mpro-desktop --offline with {n:,} vehicles and {samples:,} samples cached, "
            "peak RSS until the screenshot; baseline: the empty window",
        )
    ]
