"""``pip install .`` ships the data the program reads (issue 9: top-level ``resources/``).

Builds the real wheel from this checkout and looks inside, so a resource that only works
from the source tree (an editable install finds it there) fails here.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_resources_as_mpro_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=240,
    )
    (wheel,) = tmp_path.glob("mpro_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("mpro_resources/__init__.py", "mpro_resources/support_contacts.json",
                 "mpro_resources/translations/mpro_sv.qm", "mpro_resources/app-icon.svg"):
        assert data in names, f"{data} is not in {wheel.name}"
    assert not any(n.startswith("mpro_desktop/resources/") for n in names)
    assert not any(n.startswith("resources/") for n in names), "a top-level 'resources' package"
    # the code finds it the way it will in the installed program
    assert "embedded_server/migrations/env.py" in names
    assert any(n.startswith("mpro_desktop/sync/cache_migrations/") for n in names)
