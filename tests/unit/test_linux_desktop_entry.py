"""The Linux bundle's menu entry (issue 14): build_bundle.finish_linux lays out the
.desktop file, the hicolor icons and the mpro-server/mpro-sim links, and
install-desktop-entry.sh puts the entry, with the bundle's absolute path, into the
user's menu and takes it out again."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mpro_desktop.views.common.app_icon import render_icon

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux menus")


def load_build_bundle():
    spec = importlib.util.spec_from_file_location(
        "build_bundle", ROOT / "tools" / "build_bundle.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path, qapp) -> Path:
    """A bundle folder as PyInstaller leaves it (the executable is a shell script here:
    only its name and mode matter to the menu entry), finished by build_bundle."""
    build_bundle = load_build_bundle()
    icons = tmp_path / "icons"
    icons.mkdir()
    for size in build_bundle.HICOLOR_SIZES:
        assert render_icon(size).save(str(icons / f"mpro-desktop-{size}.png"))
    folder = tmp_path / "Program Files" / "mpro-desktop"  # a space in the path
    folder.mkdir(parents=True)
    exe = folder / "mpro-desktop"
    exe.write_text('#!/bin/sh\necho "$(basename "$0") $*"\n')
    exe.chmod(0o755)
    build_bundle.finish_linux(folder, icons)
    return folder


def test_the_bundle_is_laid_out_for_freedesktop_menus(bundle):
    assert (bundle / "share" / "applications" / "mpro-desktop.desktop").is_file()
    for size in (16, 48, 256, 512):
        assert (bundle / f"share/icons/hicolor/{size}x{size}/apps/mpro-desktop.png").is_file()
    for program in ("mpro-server", "mpro-sim"):
        link = bundle / program
        assert link.is_symlink() and os.readlink(link) == "mpro-desktop"
        run = subprocess.run([str(link), "--help"], capture_output=True, text=True, timeout=30)
        assert run.stdout.strip() == f"{program} --help"  # started under its own name


def test_install_and_remove_the_menu_entry(bundle, tmp_path):
    data = tmp_path / "xdg-data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    script = bundle / "install-desktop-entry.sh"
    run = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    entry = data / "applications" / "mpro-desktop.desktop"
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert f'Exec="{bundle}/mpro-desktop"' in lines
    assert "Icon=mpro-desktop" in lines and "Name=MPRO Desktop" in lines
    assert (data / "icons/hicolor/256x256/apps/mpro-desktop.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr
    run = subprocess.run(
        [str(script), "--remove"], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert not entry.exists()
    assert not (data / "icons/hicolor/256x256/apps/mpro-desktop.png").exists()


def test_install_refuses_to_run_outside_a_bundle(tmp_path):
    script = tmp_path / "install-desktop-entry.sh"
    shutil.copy2(ROOT / "packaging" / "linux" / "install-desktop-entry.sh", script)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run(["sh", str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1
    assert "run me from the bundle folder" in run.stderr
