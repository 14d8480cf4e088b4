"""The rules of the house are checked, not remembered (issue 9, DESIGN.md "The house")."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mpro_common.readiness import SERVER_READY

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold():
    """pyproject.toml's import-linter contracts: domain, desktop, portal, simulator."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert exe, "import-linter is part of the test extras"
    run = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


@pytest.mark.parametrize("package", ["models", "sync", "domain"])
def test_models_sync_and_domain_use_no_widgets(package):
    """import-linter can't forbid a submodule of an external package: read the imports."""
    offenders = []
    for path in sorted((ROOT / "mpro_desktop" / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if "QtWidgets" in n]
    assert offenders == []


BLOCK_QT = """
import importlib.abc, runpy, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"):
            raise ImportError(f"{name} is not installed here")
        return None

sys.meta_path.insert(0, NoQt())
sys.argv = ["mpro-server", *sys.argv[1:]]
runpy.run_module("embedded_server.cli", run_name="__main__")
"""


def test_the_portal_runs_where_qt_cannot_be_imported(tmp_path):
    """A server host has no Qt: the portal must start and answer without it."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BLOCK_QT,
            "--database-url",
            f"sqlite:///{tmp_path / 'portal.sqlite3'}",
            "--port",
            "0",
            "--exit-with-stdin",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith(SERVER_READY), line + proc.stderr.read()[-3000:]
        url = line[len(SERVER_READY) :].strip()
        assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
