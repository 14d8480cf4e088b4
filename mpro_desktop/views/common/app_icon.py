"""The application icon, drawn from its one source, ``resources/app-icon.svg``.

The window icon, the About box and the build's .png/.ico/.icns files
(``tools/render_icons.py``) all come from :func:`render_icon`, so a change to the SVG
changes every size at once. Each size is drawn by QSvgRenderer into its own pixmap
rather than left to the SVG icon-engine plugin: a bundle that lacks the plugin still has
an icon, and 16 px is drawn at 16 px instead of scaled down from a large picture.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_FILE = "app-icon.svg"
#: The sizes desktops ask for (title bar 16–32, task bar and docks 32–64, launchers 128–256).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_svg() -> bytes:
    return files("mpro_resources").joinpath(ICON_FILE).read_bytes()


def render_icon(size: int) -> QImage:
    """The icon as a ``size`` × ``size`` picture with a transparent background."""
    renderer = QSvgRenderer(QByteArray(icon_svg()))
    if not renderer.isValid():
        raise ValueError(f"{ICON_FILE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


@cache
def app_icon() -> QIcon:
    """Every size of :data:`ICON_SIZES` in one icon (needs a QGuiApplication)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(render_icon(size)))
    return icon
