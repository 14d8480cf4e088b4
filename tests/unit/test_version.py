"""``mpro-desktop --version`` prints pyproject.toml's version and exits 0 (issue 14).

The number has one home, pyproject.toml; the program reads it from the installed
metadata, so the command, the About box and the bundles' version resources agree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def test_the_installed_command_prints_the_project_version(tmp_path: Path) -> None:
    exe = shutil.which("mpro-desktop", path=str(Path(sys.executable).parent))
    assert exe, "the mpro-desktop console script is installed with the package"
    run = subprocess.run(
        [exe, "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "MPRO_DATA_DIR": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"mpro-desktop {project_version()}\n"
    assert run.stderr == ""


def test_version_answers_without_loading_qt() -> None:
    """A packaging script or a support call asks for the version: no Qt start-up for it."""
    probe = (
        "import sys\n"
        "from mpro_desktop.app import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code, 'qt', 'PySide6' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"mpro-desktop {project_version()}", "exit 0 qt False"]
