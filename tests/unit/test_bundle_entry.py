"""The bundles' entry point and version resources (issue 14, packaging/ and tools/).

entry.py is what the bundled executable runs: ``-m MODULE`` as --demo starts its
children, or the program its name says. Each answer here comes from the real program
(a configuration error's exit 2 and sentence), not from a stand-in.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


entry = load(ROOT / "packaging" / "pyinstaller" / "entry.py")
build_bundle = load(ROOT / "tools" / "build_bundle.py")


def test_dash_m_runs_the_portal_as_demo_py_starts_it(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    code = entry.run(["/opt/mpro/mpro-desktop", "-m", "embedded_server.cli", "--port", "70000"])
    assert code == 2
    assert "mpro-server: error: --port must be between 0 and 65535" in capsys.readouterr().err
    assert sys.argv[0] == "embedded_server.cli"


def test_dash_m_refuses_any_other_module(capsys):
    assert entry.run(["C:/MPRO/mpro-desktop.exe", "-m", "os"]) == 2
    err = capsys.readouterr().err
    assert "-m os: this bundle runs only" in err and "embedded_server.cli" in err
    assert entry.run(["mpro-desktop", "-m"]) == 2


def test_the_executable_name_picks_the_program(capsys):
    with pytest.raises(SystemExit) as stop:
        entry.run(["/opt/mpro/mpro-server", "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: mpro-server")
    with pytest.raises(SystemExit) as stop:
        entry.run(["C:/MPRO/MPRO-SIM.exe", "--rate", "0"])
    assert stop.value.code == 2
    assert "--rate: must be > 0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        entry.run(["/opt/mpro/mpro-desktop", "--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("mpro-desktop ")


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2rc1", (1, 2, 0, 0)), ("2.0.3.4.5", (2, 0, 3, 4))],
)
def test_windows_version_numbers(version, numbers):
    assert build_bundle.numeric_version(version) == numbers


def test_the_version_resource_says_the_version_for_each_executable(tmp_path):
    """The text is the Python expression PyInstaller evaluates (its ``versioninfo``
    classes); read here with ``ast`` because PyInstaller's loader needs ``pefile``, which
    only Windows builds install. The Windows runner of bundles.yml compiles it for real."""
    build_bundle.write_version_files(tmp_path, "0.1.0")
    assert set(build_bundle.PROGRAMS) == {
        p.name.removeprefix("version_info-").removesuffix(".txt")
        for p in tmp_path.glob("version_info-*.txt")
    }
    tree = ast.parse((tmp_path / "version_info-mpro-desktop.txt").read_text(), mode="eval")
    assert tree.body.func.id == "VSVersionInfo"
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    strings = {
        c.args[0].value: c.args[1].value
        for c in calls
        if getattr(c.func, "id", "") == "StringStruct"
    }
    assert strings["ProductVersion"] == strings["FileVersion"] == "0.1.0"
    assert strings["OriginalFilename"] == "mpro-desktop.exe"
    assert strings["FileDescription"] == "MPRO Desktop"
    fixed = next(c for c in calls if getattr(c.func, "id", "") == "FixedFileInfo")
    versions = {k.arg: ast.literal_eval(k.value) for k in fixed.keywords if k.arg.endswith("vers")}
    assert versions == {"filevers": (0, 1, 0, 0), "prodvers": (0, 1, 0, 0)}
