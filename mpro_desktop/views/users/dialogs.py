"""The invite dialog and the role editor of the Users pane (R3, R13)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import is_e164, is_email
from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER, FLEET_MANAGER, ROLES
from mpro_desktop.models.users import role_label
from mpro_desktop.views.common.style import error_label, note_label


class RoleBoxes(QWidget):
    """One check box per role; ``roles()`` the ticked ones, in ``ROLES`` order."""

    def __init__(self, roles: Collection[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        hints = {
            COMPANY_ADMIN: self.tr("users, roles, the company account and the audit log"),
            FLEET_MANAGER: self.tr("vehicles, orders and alerts"),
            DRIVER: self.tr("sees the fleet and sends remote commands"),
        }
        for role in ROLES:
            box = QCheckBox(f"{role_label(role)} — {hints[role]}")
            box.setChecked(role in roles)
            box.setAccessibleName(role_label(role))
            layout.addWidget(box)
            self.boxes[role] = box

    def roles(self) -> list[str]:
        return [r for r, box in self.boxes.items() if box.isChecked()]


class InviteDialog(QDialog):
    """E-mail or mobile number with live validation, and the roles to grant."""

    def __init__(self, parent: QWidget | None = None, *, online: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invite a user"))
        self.by_email = QRadioButton(self.tr("E-mail"))
        self.by_mobile = QRadioButton(self.tr("Mobile number"))
        self.by_email.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_email)
        group.addButton(self.by_mobile)
        how = QHBoxLayout()
        how.addWidget(self.by_email)
        how.addWidget(self.by_mobile)
        how.addStretch(1)
        self.address = QLineEdit()
        self.address.setAccessibleName(self.tr("E-mail address or mobile number"))
        self.roles_box = RoleBoxes([DRIVER])
        self.problem = error_label()
        self.mobile_note = note_label(
            self.tr(
                "Someone invited by mobile number must add a valid e-mail address before "
                "the account can be used."
            )
        )
        self.mobile_note.setWordWrap(True)
        when = (
            self.tr("The invitation is sent by the portal; it says how to accept it.")
            if online
            else self.tr(
                "You are offline: the invitation waits on this computer and is sent when "
                "MPRO Desktop is connected again."
            )
        )
        self.when_note = note_label(when)
        self.when_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Invite"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Send to"), how)
        self.address_label = QLabel()
        form.addRow(self.address_label, self.address)
        form.addRow(self.tr("Roles"), self.roles_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.mobile_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.when_note)
        layout.addWidget(self.buttons)
        for box in self.roles_box.boxes.values():
            box.toggled.connect(self.validate)
        self.address.textChanged.connect(self.validate)
        self.by_email.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.resize(520, self.sizeHint().height())

    def _kind_changed(self) -> None:
        email = self.by_email.isChecked()
        self.address_label.setText(self.tr("E-mail") if email else self.tr("Mobile number"))
        self.address.setPlaceholderText("name@company.com" if email else "+46701234567")
        self.mobile_note.setVisible(not email)
        self.validate()

    def problem_text(self) -> str | None:
        """What keeps the invitation from being sent (None: ready)."""
        text = self.address.text().strip()
        if not text:
            return (
                self.tr("Enter the e-mail address to invite.")
                if self.by_email.isChecked()
                else self.tr("Enter the mobile number to invite.")
            )
        if self.by_email.isChecked() and not is_email(text):
            return self.tr("This is not a valid e-mail address (name@company.com).")
        if self.by_mobile.isChecked() and not is_e164(text):
            return self.tr("Enter the mobile number with its country code, e.g. +46701234567.")
        if not self.roles_box.roles():
            return self.tr("Choose at least one role.")
        return None

    def validate(self) -> None:
        problem = self.problem_text()
        typed = bool(self.address.text().strip())
        self.problem.setText(problem or "")
        # Say nothing until something was typed (an empty form is not an error yet).
        self.problem.setVisible(problem is not None and (typed or not self.roles_box.roles()))
        self.ok.setEnabled(problem is None)

    def values(self) -> dict:
        text = self.address.text().strip()
        key = "email" if self.by_email.isChecked() else "mobile"
        return {key: text, "roles": self.roles_box.roles()}


class RolesDialog(QDialog):
    """Change another user's roles; the last admin keeps theirs (R3)."""

    def __init__(
        self,
        name: str,
        roles: Collection[str],
        *,
        last_admin: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.last_admin = last_admin
        self.setWindowTitle(self.tr("Roles of %1").replace("%1", name))
        self.roles_box = RoleBoxes(roles)
        self.problem = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save roles"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Roles of %1:").replace("%1", name)))
        layout.addWidget(self.roles_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for box in self.roles_box.boxes.values():
            box.toggled.connect(self.validate)
        self.validate()

    def problem_text(self) -> str | None:
        roles = self.roles_box.roles()
        if not roles:
            return self.tr("Choose at least one role.")
        if self.last_admin and COMPANY_ADMIN not in roles:
            from mpro_desktop.models.account_texts import refusal_text

            return refusal_text("last_admin")
        return None

    def validate(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.ok.setEnabled(problem is None)
