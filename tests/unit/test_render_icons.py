"""tools/render_icons.py: the build's .png/.ico/.icns drawn from resources/app-icon.svg
(issue 14). Pillow comes with the ``build`` extra (.ci/run installs it for the bundle
step); without it there is nothing to pack the .ico and .icns with."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_render_icons_writes_every_size_ico_and_icns(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image", reason="Pillow is in the build extra")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        png = image.open(tmp_path / f"mpro-desktop-{size}.png")
        assert png.size == (size, size)
        assert len(png.convert("RGBA").getcolors(maxcolors=1 << 20)) > 5, (
            f"{size} px is a flat square"
        )
    ico = image.open(tmp_path / "mpro-desktop.ico")
    assert ico.info["sizes"] == {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)}
    icns = image.open(tmp_path / "mpro-desktop.icns")
    assert {(w * scale) for w, _h, scale in icns.info["sizes"]} >= {32, 64, 128, 256, 512, 1024}
