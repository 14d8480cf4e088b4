"""How the e2e tests start the real desktop program: one private data and settings
folder per test, an offscreen screen of a chosen size, and the ``--offline
--screenshot`` run the start-up tests and the bench share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def offscreen_platform(tmp_path: Path, width: int, height: int) -> str:
    """``QT_QPA_PLATFORM`` for an offscreen screen of ``width`` × ``height`` (the plugin's
    own default is 800×800)."""
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "s0", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def desktop_env(tmp_path: Path, *, platform: str = "offscreen", **extra: str) -> dict[str, str]:
    """The environment of a desktop run that reads and writes only ``tmp_path``."""
    return {
        **os.environ,
        "MPRO_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # no window size from another run
        "QT_QPA_PLATFORM": platform,
        **extra,
    }


def offline_screenshot(
    env: dict[str, str], shot: Path, vehicles: int, *, timeout_s: float = 90
) -> subprocess.CompletedProcess:
    """``mpro-desktop --offline --screenshot SHOT`` once ``vehicles`` rows are shown."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mpro_desktop.app",
            "--offline",
            "--screenshot",
            str(shot),
            "--min-vehicles",
            str(vehicles),
            "--min-points",
            "0",
            "--screenshot-timeout",
            str(int(timeout_s)),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s + 30,
    )
