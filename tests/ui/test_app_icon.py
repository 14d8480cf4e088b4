"""The application icon (issue 14): drawn from resources/app-icon.svg at every size, set
as the window icon by ``mpro-desktop`` itself, and shown in the About box."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from mpro_desktop.views.common.app_icon import ICON_SIZES, app_icon, render_icon
from mpro_desktop.views.help.about import ICON_PX, AboutDialog

ROOT = Path(__file__).resolve().parents[2]


def distinct_colours(image: QImage) -> int:
    step = max(1, image.width() // 32)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize("size", [16, 256])
def test_the_icon_is_a_real_picture_at_the_smallest_and_largest_size(qapp, size):
    image = render_icon(size)
    assert (image.width(), image.height()) == (size, size)
    assert image.pixelColor(0, 0).alpha() == 0, "rounded corners are transparent"
    assert image.pixelColor(size // 2, size // 2).alpha() == 255, "an opaque mark"
    # the van, the window, the wheels, the signal: more than a flat square
    assert distinct_colours(image) >= (6 if size == 16 else 20)


def test_the_icon_holds_every_size_a_desktop_asks_for(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)


def test_mpro_desktop_sets_its_window_icon(tmp_path):
    """The real ``main()`` in its own process: it gets as far as the window icon and
    stops at the missing offline cache (exit 1, no dialog with ``--screenshot``); every
    window then has the icon."""
    probe = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "from mpro_desktop.app import main\n"
        "code = main(['--offline', '--screenshot', sys.argv[1]])\n"
        "icon = QApplication.instance().windowIcon()\n"
        "sizes = sorted(s.width() for s in icon.availableSizes())\n"
        "print(code, icon.isNull(), QWidget().windowIcon().isNull(), sizes)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "MPRO_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "no cached data" in run.stderr  # the step after the icon was reached
    assert run.stdout.strip().split(maxsplit=3) == ["1", "False", "False", str(list(ICON_SIZES))]


def test_the_about_box_shows_the_icon(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    pixmap = dialog.icon_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() == ICON_PX * pixmap.devicePixelRatio()
    assert pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32) == render_icon(
        ICON_PX
    ).convertToFormat(QImage.Format.Format_ARGB32)
    assert dialog.icon_label.accessibleName()
