"""Smoke test of a built bundle (CI, README "Building installers"): does it start alone?

Usage::

    python tools/smoke_bundle.py [--dist DIR | --exe PATH] [--runs N]

1. ``mpro-desktop --version`` prints the project's version and exits 0;
2. ``mpro-desktop --demo --screenshot PNG`` with Qt's offscreen platform, a fresh private
   data and settings folder, no virtualenv on PATH and a folder of its own as the
   working directory, exits 0 within the time limit;
3. the PNG is a real picture of the window: a window's size and many colours, not a
   blank or one-colour image.

``--exe`` runs the same checks on any ``mpro-desktop`` (e.g. the pip install's, to
compare start-up times); ``--runs 2`` also times a second start over the warm demo
cache. Exit 0 when every check passed, 1 with the reason (and the logs' tails) if not.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 240
MIN_SIZE = (640, 480)
MIN_COLOURS = 32


class SmokeFailed(Exception):
    pass


def bundle_executable(dist: Path) -> Path:
    if sys.platform == "darwin":
        return dist / "MPRO Desktop.app" / "Contents" / "MacOS" / "mpro-desktop"
    name = "mpro-desktop.exe" if sys.platform == "win32" else "mpro-desktop"
    return dist / "mpro-desktop" / name


def clean_env(home: Path) -> dict[str, str]:
    """The OS's environment without this build's Python: no virtualenv, no PYTHONPATH,
    and the session's own data, settings and screen."""
    venv = Path(sys.prefix)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MPRO_DATA_DIR")
        and not k.startswith(("QT_", "XDG_"))
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p).is_relative_to(venv)
    )
    env.update(
        QT_QPA_PLATFORM="offscreen",
        MPRO_DATA_DIR=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "share"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


def check_version(exe: Path, env: dict[str, str], cwd: Path) -> str:
    expected = f"mpro-desktop {metadata.version('mpro-desktop')}"
    run = subprocess.run(
        [str(exe), "--version"], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )
    if run.returncode != 0 or run.stdout.strip() != expected:
        raise SmokeFailed(
            f"--version: exit {run.returncode}, printed {run.stdout.strip()!r} "
            f"(expected {expected!r}); stderr: {run.stderr.strip()[-500:]}"
        )
    return expected


def check_picture(png: Path) -> str:
    try:
        from PIL import Image
    except ImportError as exc:
        raise SmokeFailed("Pillow is missing: pip install -e '.[build]'") from exc
    if not png.exists() or png.stat().st_size == 0:
        raise SmokeFailed(f"no screenshot at {png}")
    with Image.open(png) as image:
        image.load()
        width, height = image.size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise SmokeFailed(f"the screenshot is {width}x{height}, smaller than a window")
    if len(colours) < MIN_COLOURS:
        raise SmokeFailed(f"the screenshot has {len(colours)} colours: blank, not a window")
    return f"{width}x{height}, {len(colours)} colours, {png.stat().st_size // 1024} KiB"


def logs_tail(data: Path) -> str:
    parts = []
    for log in sorted((data / "logs").glob("*.log")):
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        parts.append(f"--- {log.name}\n" + "\n".join(lines))
    return "\n".join(parts)


def run_demo(exe: Path, env: dict[str, str], cwd: Path, png: Path) -> dict[str, float]:
    started = time.monotonic()
    try:
        run = subprocess.run(
            [str(exe), "--demo", "--screenshot", str(png)],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailed(f"--demo --screenshot still running after {TIMEOUT_S} s") from exc
    total = time.monotonic() - started
    if run.returncode != 0:
        raise SmokeFailed(
            f"--demo --screenshot: exit {run.returncode}\nstdout: {run.stdout[-1500:]}\n"
            f"stderr: {run.stderr[-1500:]}"
        )
    # the program's own start-up echo (mpro_desktop/startup.py, screenshot.py)
    times = {"exit": total}
    for key, pattern in (
        ("first_paint", r"first paint ([\d.]+) s"),
        ("saved", r"\) ([\d.]+) s after start"),
    ):
        match = re.search(pattern, run.stdout + run.stderr)
        if match:
            times[key] = float(match.group(1))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smoke_bundle", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="tools/build_bundle.py's output"
    )
    where.add_argument("--exe", type=Path, help="an mpro-desktop executable to check instead")
    parser.add_argument("--runs", type=int, default=1, help="demo starts (2: also a warm one)")
    args = parser.parse_args(argv)
    exe = (args.exe or bundle_executable(args.dist)).resolve()
    if not exe.exists():
        print(f"smoke_bundle: {exe} does not exist: build it with tools/build_bundle.py")
        return 1
    with tempfile.TemporaryDirectory(prefix="mpro-smoke-") as tmp:
        home = Path(tmp)
        cwd = home / "cwd"
        cwd.mkdir()
        env = clean_env(home)
        try:
            print(f"smoke_bundle: {exe}")
            print(f"  --version: {check_version(exe, env, cwd)}")
            for run in range(1, args.runs + 1):
                png = home / f"shot-{run}.png"
                times = run_demo(exe, env, cwd, png)
                label = "cold (seeds the demo)" if run == 1 else "warm (cached demo)"
                shown = ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in times.items())
                print(f"  --demo --screenshot, {label}: {shown}")
                print(f"  picture: {check_picture(png)}")
        except SmokeFailed as exc:
            print(f"smoke_bundle: FAILED: {exc}\n{logs_tail(home / 'data')}")
            return 1
    print("smoke_bundle: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
