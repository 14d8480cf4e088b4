"""Draw the application icon's build files from ``resources/app-icon.svg``.

Usage::

    python tools/render_icons.py [OUT_DIR]     # default: build/icons

Writes ``mpro-desktop-<N>.png`` for every size the desktops use (Linux hicolor theme,
the .desktop file), ``mpro-desktop.ico`` (Windows: the .exe's and the installer's icon)
and ``mpro-desktop.icns`` (macOS: the .app's icon). Qt's QSvgRenderer draws each size
(the same function that draws the window icon, so they cannot differ); Pillow, from the
``build`` extra, packs the .ico and .icns. Nothing drawn is checked in: the SVG is the
only source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "icons"
NAME = "mpro-desktop"
#: ICO holds up to 256 px; an .icns wants 32…1024 (Retina doubles of 16…512).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)


def render_all(out: Path) -> dict[str, Path]:
    """Every file named in the module doc, in ``out``; returns them by kind."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no screen
    try:
        from PIL import Image
    except ImportError:
        sys.exit("render_icons: Pillow is missing: pip install -e '.[build]'")
    from PySide6.QtGui import QGuiApplication

    from mpro_desktop.views.common.app_icon import ICON_SIZES, render_icon

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, Path] = {}
    for size in sorted({*ICON_SIZES, *ICO_SIZES, *ICNS_SIZES}):
        path = out / f"{NAME}-{size}.png"
        if not render_icon(size).save(str(path), "PNG"):
            sys.exit(f"render_icons: could not write {path}")
        pngs[size] = path
    images = {size: Image.open(path).convert("RGBA") for size, path in pngs.items()}
    ico = out / f"{NAME}.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    icns = out / f"{NAME}.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    return {"png": pngs[256], "ico": ico, "icns": icns, "dir": out}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    files = render_all(out)
    print(f"icons in {files['dir']}: {files['ico'].name}, {files['icns'].name}, PNG sizes")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run from a checkout without an install
    sys.exit(main())
