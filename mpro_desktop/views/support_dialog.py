"""Help → Support: the 24/7 support line and the wallbox supplier (SPEC R27)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mpro_desktop.support import Contact, contacts_for


class SupportDialog(QDialog):
    def __init__(self, country: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Support"))
        contacts = contacts_for(country)
        self.text = QLabel(
            self._block(self.tr("Customer support, 24 hours a day"), contacts["support"])
            + self._block(self.tr("Questions about your eVan wallbox"), contacts["wallbox"])
        )
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @staticmethod
    def _block(title: str, c: Contact) -> str:
        e = html.escape
        return (
            f"<h3>{e(title)}</h3><p>{e(c.name)}<br>"
            f"<a href='tel:{e(c.phone)}'>{e(c.phone)}</a><br>"
            f"<a href='mailto:{e(c.email)}'>{e(c.email)}</a></p>"
        )
