"""Build this platform's native bundle of MPRO Desktop (README "Building installers").

Usage::

    pip install -e '.[build]' && python tools/build_bundle.py [--dist DIR] [--installer]

Steps: draw the icons from ``resources/app-icon.svg`` (``tools/render_icons.py``),
write the Windows version resources from the project's version (pyproject.toml, read
from the installed metadata like ``mpro-desktop --version``), run PyInstaller on
``packaging/pyinstaller/mpro-desktop.spec``, then finish per platform:

- Linux: ``dist/mpro-desktop/`` plus ``share/applications/mpro-desktop.desktop``, the
  hicolor icons and ``install-desktop-entry.sh`` (packaging/linux/), and ``mpro-server``
  and ``mpro-sim`` as links to ``mpro-desktop``;
- Windows: ``dist/mpro-desktop/`` (``mpro-desktop.exe`` without a console window,
  ``mpro-server.exe`` and ``mpro-sim.exe`` with one); ``--installer`` also compiles
  ``packaging/windows/mpro-desktop.iss`` with Inno Setup's ``iscc``;
- macOS: ``dist/MPRO Desktop.app`` (signing and notarising: README).

Prints the bundle's size and how long the build took.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pyinstaller" / "mpro-desktop.spec"
LINUX = ROOT / "packaging" / "linux"
ISS = ROOT / "packaging" / "windows" / "mpro-desktop.iss"
BUNDLE = "mpro-desktop"
APP = "MPRO Desktop.app"
#: Executable -> its description in the Windows version resource.
PROGRAMS = {
    "mpro-desktop": "MPRO Desktop",
    "mpro-server": "MPRO reference portal (mpro-server)",
    "mpro-sim": "MPRO vehicle simulator (mpro-sim)",
}
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def project_version() -> str:
    try:
        return metadata.version("mpro-desktop")
    except metadata.PackageNotFoundError:
        sys.exit("build_bundle: install the project first: pip install -e '.[build]'")


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Windows wants four numbers: "0.1.0" -> (0, 1, 0, 0), "1.2rc1" -> (1, 2, 0, 0)."""
    match = re.match(r"\d+(\.\d+)*", version)
    if match is None:
        raise ValueError(f"version {version!r} does not start with a number")
    parts = [int(p) for p in match.group(0).split(".")][:4]
    return tuple(parts + [0] * (4 - len(parts)))  # type: ignore[return-value]


def version_resource(version: str, exe: str, description: str) -> str:
    """PyInstaller's version-file text (``pyi-grab_version`` format) for one .exe."""
    nums = numeric_version(version)
    strings = {
        "CompanyName": "MPRO",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe,
        "LegalCopyright": "MPRO",
        "OriginalFilename": f"{exe}.exe",
        "ProductName": "MPRO Desktop",
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={nums},
    prodvers={nums},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{table}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_files(build: Path, version: str) -> None:
    for exe, description in PROGRAMS.items():
        (build / f"version_info-{exe}.txt").write_text(
            version_resource(version, exe, description), encoding="utf-8"
        )


def tree_size(path: Path) -> tuple[int, int]:
    """Bytes and files under ``path`` (symlinks not followed, not counted twice)."""
    total = count = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(folder, name))
            total += st.st_size
            count += 1
    return total, count


def finish_linux(bundle: Path, icons: Path) -> None:
    """The .desktop file, the icon theme sizes, the script that installs both, and
    mpro-server / mpro-sim as links to mpro-desktop (see the spec)."""
    apps = bundle / "share" / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX / "mpro-desktop.desktop", apps / "mpro-desktop.desktop")
    for size in HICOLOR_SIZES:
        target = bundle / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icons / f"mpro-desktop-{size}.png", target / "mpro-desktop.png")
    for program in ("mpro-server", "mpro-sim"):  # the same program under its other names
        link = bundle / program
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to("mpro-desktop")
    script = bundle / "install-desktop-entry.sh"
    shutil.copy2(LINUX / "install-desktop-entry.sh", script)
    script.chmod(0o755)


def build_installer(dist: Path, build: Path, version: str) -> Path:
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if iscc is None:
        sys.exit("build_bundle: --installer needs Inno Setup 6 (iscc) on PATH")
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DAppNumericVersion={'.'.join(map(str, numeric_version(version)))}",
            f"/DSourceDir={dist / BUNDLE}",
            f"/DIconFile={build / 'icons' / 'mpro-desktop.ico'}",
            f"/O{dist}",
            str(ISS),
        ],
        check=True,
    )
    return dist / f"mpro-desktop-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="work folder")
    parser.add_argument(
        "--installer", action="store_true", help="Windows: also compile the Inno Setup installer"
    )
    args = parser.parse_args(argv)
    dist, build = args.dist.resolve(), args.build.resolve()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("build_bundle: PyInstaller is missing: pip install -e '.[build]'")
    started = time.monotonic()
    version = project_version()
    build.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "tools"))
    from render_icons import render_all

    icons = render_all(build / "icons")["dir"]
    write_version_files(build, version)
    env = {**os.environ, "MPRO_BUILD_DIR": str(build)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(build / "pyinstaller"),
            str(SPEC),
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    bundle = dist / BUNDLE
    if sys.platform.startswith("linux"):
        finish_linux(bundle, icons)
    outputs = [dist / APP] if sys.platform == "darwin" else [bundle]
    if args.installer:
        if sys.platform != "win32":
            sys.exit("build_bundle: --installer is for Windows (Inno Setup)")
        outputs.append(build_installer(dist, build, version))
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    for out in outputs:
        size, files = tree_size(out) if out.is_dir() else (out.stat().st_size, 1)
        print(f"bundle: {out} - {size / 1e6:.0f} MB in {files} files")
    print(f"mpro-desktop {version} built in {minutes} min {seconds:02d} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
