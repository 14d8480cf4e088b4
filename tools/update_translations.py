"""Refresh the Qt translation catalogues (SPEC N2).

Runs ``pyside6-lupdate`` over every Python module of ``mpro_desktop`` (except the
Alembic cache migrations, which hold no UI text) to update each
``resources/translations/mpro_<lang>.ts`` - existing translations are
kept, strings that no longer exist are dropped (``-no-obsolete``) - and then
``pyside6-lrelease`` to compile the matching ``.qm`` next to it.

Usage::

    python tools/update_translations.py            # all catalogues (default: sv)
    python tools/update_translations.py sv de      # these languages; new ones are created

New or changed strings show up as ``type="unfinished"`` in the .ts: translate them
(Qt Linguist or an editor) and run this script again to rebuild the .qm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mpro_desktop"
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
DEFAULT_LANGUAGES = ("sv",)
EXCLUDED_PARTS = {"cache_migrations", "__pycache__"}


def find_tool(name: str) -> str:
    """Absolute path of a Qt tool on PATH, or exit with a clear message."""
    path = shutil.which(name)
    if path is None:
        sys.exit(
            f"error: {name} not found on PATH. It ships with PySide6 "
            "(pip install PySide6-Essentials); activate the project's virtualenv."
        )
    return path


def source_files() -> list[Path]:
    """Every .py file under mpro_desktop/, excluding the cache migrations, sorted."""
    files = [
        path
        for path in PACKAGE.rglob("*.py")
        if not EXCLUDED_PARTS.intersection(path.relative_to(PACKAGE).parts)
    ]
    return sorted(files)


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"mpro_{lang}.ts"


def languages(argv: list[str]) -> list[str]:
    if argv:
        return argv
    existing = sorted(p.stem.removeprefix("mpro_") for p in TRANSLATIONS_DIR.glob("mpro_*.ts"))
    return existing or list(DEFAULT_LANGUAGES)


def run_lupdate(lupdate: str, sources: list[Path], ts: Path, lang: str | None = None) -> None:
    """Update (or create) ``ts`` from ``sources``; drops obsolete messages."""
    cmd = [lupdate, "-no-obsolete", "-locations", "none"]
    if lang is not None:
        cmd += ["-target-language", lang]
    cmd += [str(s) for s in sources] + ["-ts", str(ts)]
    subprocess.run(cmd, check=True, cwd=ROOT)


def run_lrelease(lrelease: str, ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, cwd=ROOT)
    return qm


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lupdate = find_tool("pyside6-lupdate")
    lrelease = find_tool("pyside6-lrelease")
    sources = source_files()
    TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
    for lang in languages(argv):
        ts = ts_path(lang)
        target = None if ts.exists() else lang
        try:
            run_lupdate(lupdate, sources, ts, target)
            qm = run_lrelease(lrelease, ts)
        except subprocess.CalledProcessError as exc:
            print(f"error: {exc.cmd[0]} failed with exit code {exc.returncode}", file=sys.stderr)
            return exc.returncode or 1
        print(f"{ts.relative_to(ROOT)} -> {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
