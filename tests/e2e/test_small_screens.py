"""Issue 7, "Qt conventions": the real program on a 1024×640 screen, and on a 1080p-class
laptop panel at 150 % (QT_SCALE_FACTOR=1.5, 1024×640 logical), and on a 1024×640 screen
at 150 % (683×427 logical): it opens, paints the cached fleet and its window is never
larger than the screen. The in-process layout checks are tests/ui/test_qt_conventions.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from bench.common import prepare_offline_data_dir

pytestmark = pytest.mark.slow

N = 40


@pytest.mark.parametrize(
    ("screen", "scale"),
    [((1024, 640), "1"), ((1536, 960), "1.5"), ((1024, 640), "1.5")],
    ids=["1024x640", "1536x960-at-1.5", "1024x640-at-1.5"],
)
def test_the_window_fits_small_and_scaled_screens(tmp_path: Path, screen, scale) -> None:
    width, height = screen
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s0",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    data = tmp_path / "data"
    prepare_offline_data_dir(data, N)
    shot = tmp_path / f"shot-{width}x{height}-{scale}.png"
    env = {
        **os.environ,
        "MPRO_DATA_DIR": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mpro_desktop.app",
            "--offline",
            "--screenshot",
            str(shot),
            "--min-vehicles",
            str(N),
            "--min-points",
            "0",
            "--screenshot-timeout",
            "90",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    image = QImage(str(shot))
    assert not image.isNull()
    # The PNG is the window in device pixels: never wider or taller than the screen.
    assert 0 < image.width() <= width and 0 < image.height() <= height, image.size()
    # ... and it uses the screen: not a small window in a corner.
    assert image.width() >= width * 0.9 and image.height() >= height * 0.85, image.size()
    keep = os.environ.get("MPRO_KEEP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shot.replace(Path(keep) / shot.name)
