"""Online-only dialogs of the sign-in: create a company account (R5, R7) and reset a
forgotten password (R15). Nothing here is queued: each needs the portal's answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import (
    LOGIN_PASSWORD_MIN,
    birth_date_problem,
    is_e164,
    is_email,
    normalize_phone,
)
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import error_label, heading, note_label
from mpro_desktop.views.profile.pane import birth_date_text

#: countries offered at registration (ISO 3166-1 alpha-2); the country never changes (R6)
COUNTRIES = ("SE", "NO", "DK", "FI", "DE", "NL", "AT", "CH", "GB")


def _password(accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    return edit


class RegisterDialog(QDialog):
    """ "Create company account": the company and its first user, the administrator."""

    def __init__(
        self,
        server_url: str,
        parent: QWidget | None = None,
        *,
        register_fn: Callable[[str, dict], dict] | None = None,
    ) -> None:
        super().__init__(parent)
        from mpro_desktop.sync import account_api

        self.register_fn = register_fn or account_api.register
        self.result_json: dict | None = None
        self.setWindowTitle(self.tr("Create a company account"))
        self.server = QLineEdit(server_url)
        self.server.setPlaceholderText("https://portal.example.com")
        self.company = QLineEdit()
        self.country = QComboBox()
        for code in COUNTRIES:
            self.country.addItem(code, code)
        self.street = QLineEdit()
        self.postal = QLineEdit()
        self.city = QLineEdit()
        self.org = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+46812345678")
        self.first = QLineEdit()
        self.last = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText("+46701234567")
        self.birth = QDateEdit(QDate(1985, 1, 1))
        self.birth.setDisplayFormat("yyyy-MM-dd")
        self.birth.setCalendarPopup(True)
        self.language = QComboBox()
        self.language.addItem("Svenska", "sv")
        self.language.addItem("English", "en")
        self.password = _password(self.tr("Password"))
        self.password2 = _password(self.tr("Password again"))

        company = QGroupBox(self.tr("Company"))
        cf = QFormLayout(company)
        user = QGroupBox(self.tr("You (the company administrator)"))
        uf = QFormLayout(user)
        rows = (
            (cf, self.tr("Company name"), self.company),
            (cf, self.tr("Country"), self.country),
            (cf, self.tr("Street"), self.street),
            (cf, self.tr("Postal code"), self.postal),
            (cf, self.tr("City"), self.city),
            (cf, self.tr("Organisation number"), self.org),
            (cf, self.tr("Phone"), self.phone),
            (uf, self.tr("First name"), self.first),
            (uf, self.tr("Last name"), self.last),
            (uf, self.tr("E-mail"), self.email),
            (uf, self.tr("Mobile"), self.mobile),
            (uf, self.tr("Birth date"), self.birth),
            (uf, self.tr("Language"), self.language),
            (uf, self.tr("Password"), self.password),
            (uf, self.tr("Password again"), self.password2),
        )
        for form, label, widget in rows:
            widget.setAccessibleName(label)
            if isinstance(widget, QDateEdit):
                widget.lineEdit().setAccessibleName(label)
            form.addRow(label, widget)
        cf.addRow(
            "",
            note_label(self.tr("The country cannot be changed later; one address per company.")),
        )
        uf.addRow("", note_label(self.tr("The birth date is what a dealer compares with your ID.")))
        self.problem = error_label()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Create account"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(company)
        columns.addWidget(user)
        form = QFormLayout()
        form.addRow(self.tr("Portal address"), self.server)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label(self.tr("Needs a connection to the portal.")))
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(self.done_label)
        layout.addWidget(self.buttons)
        for _form, _label, widget in rows:
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.validate)
        self.birth.dateChanged.connect(self.validate)
        self.server.textChanged.connect(self.validate)
        self.touched = False
        self.validate()

    def problem_text(self) -> str | None:
        """The first thing to fix, in form order (None: ready to send)."""
        url = self.server.text().strip()
        if not url.startswith(("http://", "https://")):
            return self.tr("Enter the portal address, starting with https://.")
        for label, edit in (
            (self.tr("company name"), self.company),
            (self.tr("street"), self.street),
            (self.tr("postal code"), self.postal),
            (self.tr("city"), self.city),
            (self.tr("organisation number"), self.org),
        ):
            if not edit.text().strip():
                return self.tr("Enter the %1.").replace("%1", label)
        if not is_e164(self.phone.text()):
            return self.tr("Enter the company phone with its country code, e.g. +46812345678.")
        if not self.first.text().strip() or not self.last.text().strip():
            return self.tr("Enter your first and last name.")
        if not is_email(self.email.text()):
            return self.tr("This is not a valid e-mail address (name@company.com).")
        if not is_e164(self.mobile.text()):
            return self.tr("Enter the mobile number with its country code, e.g. +46701234567.")
        day = self.birth.date().toPython()
        assert isinstance(day, dt.date)
        problem = birth_date_text(birth_date_problem(day))
        if problem:
            return problem
        if len(self.password.text()) < LOGIN_PASSWORD_MIN:
            return self.tr("The password needs at least %1 characters.").replace(
                "%1", str(LOGIN_PASSWORD_MIN)
            )
        if self.password.text() != self.password2.text():
            return self.tr("The two passwords are not the same.")
        return None

    def validate(self, *_args) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.ok.setEnabled(problem is None)

    def body(self) -> dict:
        return {
            "company": {
                "name": self.company.text().strip(),
                "country": self.country.currentData(),
                "address": {
                    "street": self.street.text().strip(),
                    "postal_code": self.postal.text().strip(),
                    "city": self.city.text().strip(),
                },
                "org_number": self.org.text().strip(),
                "phone": normalize_phone(self.phone.text()),
            },
            "user": {
                "email": self.email.text().strip(),
                "password": self.password.text(),
                "first_name": self.first.text().strip(),
                "last_name": self.last.text().strip(),
                "birth_date": self.birth.date().toString("yyyy-MM-dd"),
                "mobile": normalize_phone(self.mobile.text()),
                "language": self.language.currentData(),
            },
        }

    def submit(self) -> None:
        if self.problem_text() is not None:
            return
        url, body = self.server.text().strip().rstrip("/"), self.body()
        self.ok.setEnabled(False)

        def done(answer: dict) -> None:
            self.result_json = {**(answer or {}), "server_url": url, "email": body["user"]["email"]}
            self.done_label.setText(
                self.tr(
                    "Done. Sign in with %1 and your password. If this e-mail address "
                    "already had an MPRO login, confirm the new company membership from the "
                    "e-mail sent to it first. Dealer verification comes next: show your ID "
                    "at a dealer to invite users and complete purchases."
                ).replace("%1", body["user"]["email"])
            )
            self.done_label.show()
            self.problem.hide()
            self.buttons.clear()
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.buttons.rejected.connect(self.accept)

        def failed(exc: BaseException) -> None:
            self.ok.setEnabled(True)
            self.problem.setText(online_error_text(exc))
            self.problem.show()

        run_in_background(lambda: self.register_fn(url, body), done, failed, owner=self)


class ResetPasswordDialog(QDialog):
    """ "Forgot password": request a code by mail, then paste it with a new password."""

    def __init__(
        self,
        server_url: str,
        email: str = "",
        parent: QWidget | None = None,
        *,
        request_fn: Callable[[str, str], None] | None = None,
        confirm_fn: Callable[[str, str, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        from mpro_desktop.sync import account_api

        self.request_fn = request_fn or account_api.request_password_reset
        self.confirm_fn = confirm_fn or account_api.confirm_password_reset
        self.server_url = server_url.strip().rstrip("/")
        self.setWindowTitle(self.tr("Reset your password"))
        self.email = QLineEdit(email)
        self.email.setAccessibleName(self.tr("E-mail"))
        self.email.setPlaceholderText("name@company.com")
        self.request_button = QPushButton(self.tr("Send me a reset code"))
        self.request_button.clicked.connect(self.request)
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Code from the e-mail"))
        self.password = _password(self.tr("New password"))
        self.password2 = _password(self.tr("New password again"))
        self.confirm_button = QPushButton(self.tr("Set the new password"))
        self.confirm_button.clicked.connect(self.confirm)
        self.problem = error_label()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.pages = QStackedWidget()
        p1 = QWidget()
        l1 = QVBoxLayout(p1)
        l1.addWidget(heading(self.tr("1. Your e-mail address")))
        l1.addWidget(self.email)
        l1.addWidget(self.request_button)
        l1.addStretch(1)
        p2 = QWidget()
        l2 = QFormLayout(p2)
        l2.addRow(heading(self.tr("2. The code from the e-mail and a new password")))
        l2.addRow(self.tr("Code"), self.code)
        l2.addRow(self.tr("New password"), self.password)
        l2.addRow(self.tr("Once more"), self.password2)
        l2.addRow("", self.confirm_button)
        self.pages.addWidget(p1)
        self.pages.addWidget(p2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(self.tr("Needs a connection to the portal.")))
        layout.addWidget(self.pages)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for edit in (self.email, self.code, self.password, self.password2):
            edit.textChanged.connect(self.validate)
        self.validate()
        self.resize(460, self.sizeHint().height())

    def problem_text(self) -> str | None:
        if self.pages.currentIndex() == 0:
            if not is_email(self.email.text()):
                return self.tr("Enter the e-mail address you sign in with.")
            return None
        if not self.code.text().strip():
            return self.tr("Paste the code from the e-mail.")
        if len(self.password.text()) < LOGIN_PASSWORD_MIN:
            return self.tr("The password needs at least %1 characters.").replace(
                "%1", str(LOGIN_PASSWORD_MIN)
            )
        if self.password.text() != self.password2.text():
            return self.tr("The two passwords are not the same.")
        return None

    def validate(self, *_args) -> None:
        problem = self.problem_text()
        typed = (
            bool(self.email.text())
            if self.pages.currentIndex() == 0
            else bool(self.code.text() or self.password.text())
        )
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None and typed)
        button = self.request_button if self.pages.currentIndex() == 0 else self.confirm_button
        button.setEnabled(problem is None)

    def _fail(self, exc: BaseException) -> None:
        from mpro_desktop.sync.client import PortalError

        if isinstance(exc, PortalError) and exc.status == 400:
            text = self.tr(
                "The code is wrong, used already or expired. Request a new one and use the "
                "newest e-mail."
            )
        else:
            text = online_error_text(exc)
        self.problem.setText(text)
        self.problem.show()
        self.validate()
        self.problem.show()

    def request(self) -> None:
        email, url = self.email.text().strip(), self.server_url
        self.request_button.setEnabled(False)

        def done(_none) -> None:
            self.note.setText(
                self.tr(
                    "If %1 has an MPRO login, an e-mail with a reset code is on its way. "
                    "The code works once and for one hour."
                ).replace("%1", email)
            )
            self.pages.setCurrentIndex(1)
            self.validate()

        run_in_background(lambda: self.request_fn(url, email), done, self._fail, owner=self)

    def confirm(self) -> None:
        code, password, url = self.code.text().strip(), self.password.text(), self.server_url
        self.confirm_button.setEnabled(False)

        def done(_none) -> None:
            self.note.setText(
                self.tr(
                    "Your password is changed and you were signed out everywhere. Sign in "
                    "with the new password."
                )
            )
            self.problem.hide()
            self.confirm_button.setEnabled(False)
            self.accepted_reset = True

        run_in_background(
            lambda: self.confirm_fn(url, code, password), done, self._fail, owner=self
        )
