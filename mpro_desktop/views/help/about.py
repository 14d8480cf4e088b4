"""Help → About: what is running and where its files are, for a support call.

The version comes from the installed package's metadata (``mpro_desktop.version``).
"""

from __future__ import annotations

import html
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import paths
from mpro_desktop.version import app_version
from mpro_desktop.views.common.app_icon import app_icon

# The icon beside the text (the program's own, as in the title bar and the task bar).
ICON_PX = 64
LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"


def log_file() -> Path:
    """The file app.py's rotating handler writes."""
    return paths.log_dir() / paths.DESKTOP_LOG


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About MPRO Desktop"))
        e = html.escape
        rows = (
            (self.tr("Version"), app_version()),
            (self.tr("Qt"), qVersion()),
            (self.tr("PySide6"), PySide6.__version__),
            (self.tr("Data folder"), str(paths.data_dir())),
            (self.tr("Log file"), str(log_file())),
        )
        table = "".join(
            f"<tr><td><b>{e(k)}</b>&nbsp;&nbsp;</td><td>{e(v)}</td></tr>" for k, v in rows
        )
        licence = self.tr(
            "Qt and PySide6 are used under the GNU Lesser General Public License "
            "version 3 (LGPLv3): %1"
        ).replace("%1", f"<a href='{LGPL_URL}'>{LGPL_URL}</a>")
        name = self.tr("MPRO Desktop")
        what = self.tr("Fleet manager for light commercial vans.")
        self.text = QLabel(
            f"<h3>{e(name)}</h3><p>{e(what)}</p><table>{table}</table><p>{licence}</p>"
        )
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(self.tr("About MPRO Desktop"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.about_qt_button = buttons.addButton(
            self.tr("About Qt…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.about_qt_button.setAccessibleName(self.tr("About Qt"))
        self.about_qt_button.clicked.connect(lambda: QApplication.aboutQt())
        buttons.rejected.connect(self.reject)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(app_icon().pixmap(ICON_PX, ICON_PX))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.icon_label.setAccessibleName(self.tr("MPRO Desktop icon"))
        body = QHBoxLayout()
        body.addWidget(self.icon_label)
        body.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
