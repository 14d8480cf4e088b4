"""Runs the real program as a user would, and checks its exit code.

This is the test that catches crashes at interpreter exit (PySide6 6.12.0 on Python
3.11 aborts with exit 134 after pyqtgraph frames): nothing in-process can see those.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.desktop_run import desktop_env, offscreen_platform

pytestmark = pytest.mark.slow


def _program() -> list[str]:
    exe = shutil.which("mpro-desktop", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "mpro_desktop.app"]


def _run(tmp_path: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    # A common laptop screen: the window fits the screen, and the default one is 800x800.
    env = desktop_env(tmp_path, platform=offscreen_platform(tmp_path, 1920, 1080))
    return subprocess.run(
        [*_program(), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_demo_screenshot_exits_zero_with_vehicles_and_chart(tmp_path):
    png = tmp_path / "shot.png"
    proc = _run(tmp_path, "--demo", "--screenshot", str(png))
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "25 vehicles" in proc.stdout
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() >= 1000 and image.height() >= 600
    # The seed file holds the admin password: only its owner may read it.
    seed = tmp_path / "data" / "demo" / "demo-credentials.json"
    assert seed.stat().st_mode & 0o077 == 0


def test_screenshot_timeout_says_what_was_missing(tmp_path):
    proc = _run(
        tmp_path,
        "--demo",
        "--screenshot",
        str(tmp_path / "never.png"),
        "--screenshot-timeout",
        "6",
        "--min-vehicles",
        "1000",
    )
    assert proc.returncode == 2, proc.stderr
    assert "need 1000" in proc.stderr
    assert not (tmp_path / "never.png").exists()
    assert "Traceback" not in proc.stderr


def test_bad_flag_is_a_clear_error(tmp_path):
    proc = _run(tmp_path, "--demo", "--offline", timeout=60)
    assert proc.returncode == 2
    assert "not allowed with argument" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_offline_without_cache_explains_itself(tmp_path):
    proc = _run(tmp_path, "--offline", "--screenshot", str(tmp_path / "x.png"), timeout=60)
    assert proc.returncode == 1
    assert "no cached data" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_sigterm_closes_the_window_and_stops_portal_and_simulator(tmp_path):
    """A logout's SIGTERM ends the event loop normally; no child outlives the desktop."""
    import signal
    import time

    env = {**os.environ, "MPRO_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [*_program(), "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    marker = str(tmp_path / "data")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # wait until both children run
        ps = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
        if len(ps) >= 2 and (tmp_path / "data" / "caches").exists():
            break
        time.sleep(0.5)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    time.sleep(1)
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert left == [], f"children still running: {left}"
