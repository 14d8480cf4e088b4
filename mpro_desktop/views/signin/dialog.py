"""Sign-in dialog. The HTTP call runs off the UI thread; "remember me" uses the keychain.

Where no keychain exists (a headless Linux box: ``keyring.backends.fail``) the box is
disabled and the dialog says so: nothing is written to disk instead (SPEC N3).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
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

from mpro_desktop import credentials
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import error_label, set_tone


class LoginDialog(QDialog):
    """``login_fn(url, email, password) -> dict`` returns the portal's login JSON;
    ``dealer_login_fn`` the same for "Sign in as dealer" (``actor: "dealer"``)."""

    def __init__(
        self,
        login_fn: Callable[[str, str, str], dict],
        server_url: str = "",
        parent: QWidget | None = None,
        *,
        dealer_login_fn: Callable[[str, str, str], dict] | None = None,
    ) -> None:
        super().__init__(parent)
        self.login_fn = login_fn
        if dealer_login_fn is None:
            from mpro_desktop.sync.account_api import dealer_login as dealer_login_fn
        self.dealer_login_fn = dealer_login_fn
        self.result_json: dict | None = None
        self.setWindowTitle(self.tr("Sign in to MPRO"))
        settings = QSettings()
        self.server_edit = QLineEdit(server_url or str(settings.value("login/server", "")))
        self.server_edit.setPlaceholderText("https://portal.example.com")
        self.server_edit.setAccessibleName(self.tr("Portal address"))
        self.email_edit = QLineEdit(str(settings.value("login/email", "")))
        self.email_edit.setPlaceholderText(self.tr("name@company.com"))
        self.email_edit.setAccessibleName(self.tr("E-mail"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.remember = QCheckBox(self.tr("Remember me on this computer"))
        self.keychain_note = QLabel()
        self.keychain_note.setWordWrap(True)
        set_tone(self.keychain_note, "warning")
        if credentials.keychain_available():
            self.keychain_note.hide()
        else:
            self.remember.setEnabled(False)
            self.keychain_note.setText(
                self.tr(
                    "No keychain is available on this system, so MPRO cannot remember "
                    "your sign-in. You will be asked for your password each time; nothing "
                    "is stored on disk."
                )
            )
        self.error_label = error_label()
        self.as_dealer = QCheckBox(self.tr("Sign in as dealer"))
        self.as_dealer.setToolTip(
            self.tr("For authorised dealers: verify customers and help them at the counter.")
        )
        self.register_button = QPushButton(self.tr("Create company account…"))
        self.register_button.clicked.connect(self.create_account)
        self.forgot_button = QPushButton(self.tr("Forgot password…"))
        self.forgot_button.clicked.connect(self.forgot_password)
        self.invitation_button = QPushButton(self.tr("I have an invitation…"))
        self.invitation_button.setToolTip(
            self.tr("Paste the code from the invitation e-mail or text message.")
        )
        self.invitation_button.clicked.connect(self.accept_invitation)
        links = QHBoxLayout()
        links.addWidget(self.register_button)
        links.addWidget(self.invitation_button)
        links.addWidget(self.forgot_button)
        links.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("Portal address"), self.server_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.remember)
        form.addRow("", self.as_dealer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keychain_note)
        layout.addWidget(self.error_label)
        layout.addLayout(links)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())

    def _submit(self) -> None:
        url = self.server_edit.text().strip().rstrip("/")
        email = self.email_edit.text().strip()
        password = self.password_edit.text()
        if not url.startswith(("http://", "https://")):
            return self._fail(self.tr("Enter the portal address, starting with https://."))
        if "@" not in email:
            return self._fail(self.tr("Enter the e-mail address you sign in with."))
        if not password:
            return self._fail(self.tr("Enter your password."))
        self.buttons.setEnabled(False)
        self.error_label.hide()
        dealer = self.as_dealer.isChecked()
        login_fn = self.dealer_login_fn if dealer else self.login_fn

        def ok(result: dict) -> None:
            self.buttons.setEnabled(True)
            self.result_json = {
                **result,
                "server_url": url,
                "email": email,
                "remembered": self.remember.isChecked() and not dealer,
            }
            if dealer:
                # A dealer's counter keeps no cache and no remembered sign-in.
                self.result_json["actor"] = "dealer"
                self.accept()
                return
            settings = QSettings()
            settings.setValue("login/server", url)
            settings.setValue("login/email", email)
            if self.remember.isChecked() and result.get("refresh_token"):
                credentials.save_refresh_token(url, email, result["refresh_token"])
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self._fail(describe_login_error(exc))

        run_in_background(lambda: login_fn(url, email, password), ok, failed, owner=self)

    def create_account(self) -> None:
        from mpro_desktop.views.signin.account_dialogs import RegisterDialog

        dialog = RegisterDialog(self.server_edit.text().strip(), self)
        dialog.exec()
        if dialog.result_json:
            self.server_edit.setText(dialog.result_json["server_url"])
            self.email_edit.setText(dialog.result_json["email"])
            self.password_edit.setFocus()

    def accept_invitation(self) -> None:
        """Accept an invitation, then go on signed in with the new account."""
        from mpro_desktop.views.signin.invitation_dialog import AcceptInvitationDialog

        dialog = AcceptInvitationDialog(
            self.server_edit.text().strip(), self, login_fn=self.login_fn
        )
        self.invitation_dialog = dialog
        if not dialog.exec() or dialog.result_json is None:
            return
        result = dialog.result_json
        settings = QSettings()
        settings.setValue("login/server", result["server_url"])
        settings.setValue("login/email", result["email"])
        self.server_edit.setText(result["server_url"])
        self.email_edit.setText(result["email"])
        self.result_json = {**result, "remembered": False}
        self.accept()

    def forgot_password(self) -> None:
        from mpro_desktop.views.signin.account_dialogs import ResetPasswordDialog

        url = self.server_edit.text().strip()
        if not url.startswith(("http://", "https://")):
            return self._fail(self.tr("Enter the portal address, starting with https://."))
        ResetPasswordDialog(url, self.email_edit.text().strip(), self).exec()

    def _fail(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def describe_login_error(exc: BaseException) -> str:
    """A sentence the user can act on, for any failure of the sign-in call."""
    from PySide6.QtCore import QCoreApplication

    from mpro_desktop.sync.client import NotAPortal, PortalError, PortalUnreachable

    if isinstance(exc, NotAPortal):  # an HTML page, garbage, a token that is no token ...
        return QCoreApplication.translate(
            "LoginDialog",
            "The server at %1 answered something that is not an MPRO portal response. "
            "Check the portal address.",
        ).replace("%1", exc.url)
    if isinstance(exc, PortalUnreachable):
        return QCoreApplication.translate(
            "LoginDialog", "The portal cannot be reached. Check the address and your network."
        )
    if isinstance(exc, PortalError):
        if exc.status == 401:
            return QCoreApplication.translate(
                "LoginDialog", "The e-mail address or password is wrong."
            )
        if exc.status == 429:
            return QCoreApplication.translate(
                "LoginDialog", "Too many failed attempts. Wait a few minutes and try again."
            )
        return QCoreApplication.translate(
            "LoginDialog", "The portal refused the sign-in: %1"
        ).replace("%1", exc.detail or "")
    return QCoreApplication.translate("LoginDialog", "Sign-in failed: %1").replace("%1", str(exc))
