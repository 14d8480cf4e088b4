"""The one time an rFMS client's secret is shown: copy it now, it is not kept."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.views.common.style import heading, set_tone


class SecretDialog(QDialog):
    """Shows a new client's id and secret with copy buttons and the warning."""

    def __init__(self, created: dict, portal_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("rFMS client created"))
        self.setModal(True)
        self.setMinimumWidth(560)
        warning = QLabel(
            self.tr(
                "Copy the client secret now: it is shown only this once. The portal keeps "
                "only a hash of it. If it is lost, revoke this client and create a new one."
            )
        )
        warning.setWordWrap(True)
        set_tone(warning, "warning")
        self.client_id = self._field(created.get("client_id", ""), self.tr("Client ID"))
        self.secret = self._field(created.get("client_secret", ""), self.tr("Client secret"))
        self.token_url = self._field(f"{portal_url}/oauth/token", self.tr("Token address"))
        self.api_url = self._field(f"{portal_url}/rfms", self.tr("rFMS address"))
        self.copy_id = self._copy_button(self.client_id, self.tr("Copy client ID"))
        self.copy_secret = self._copy_button(self.secret, self.tr("Copy secret"))
        form = QFormLayout()
        form.addRow(self.tr("Client ID"), self._row(self.client_id, self.copy_id))
        form.addRow(self.tr("Client secret"), self._row(self.secret, self.copy_secret))
        form.addRow(self.tr("Token address"), self.token_url)
        form.addRow(self.tr("rFMS address"), self.api_url)
        self.copied = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("I have copied it"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(created.get("name") or self.tr("rFMS client")))
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)

    @staticmethod
    def _field(text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setReadOnly(True)
        edit.setAccessibleName(name)
        edit.setCursorPosition(0)
        return edit

    @staticmethod
    def _row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        return row

    def _copy_button(self, edit: QLineEdit, label: str) -> QPushButton:
        button = QPushButton(self.tr("Copy"))
        button.setAccessibleName(label)
        button.clicked.connect(lambda: self._copy(edit))
        return button

    def _copy(self, edit: QLineEdit) -> None:
        QGuiApplication.clipboard().setText(edit.text())
        self.copied.setText(self.tr("Copied to the clipboard."))
        set_tone(self.copied, "ok")
