""" "I have an invitation": accept one (R13, API.md ``POST /invitations/{token}/accept``)
and sign in with the new account.

Online only by nature: the portal must check the token and create the user there and
then, so nothing is queued. The invitee pastes the code (or the whole link) from the mail
or text message; an invitee invited by mobile gives the e-mail address the account will
sign in with (the account works only with one, R13). An address that has an MPRO login
already comes with that login's password (R1: a further membership of the same
identity).
"""

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
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import (
    LOGIN_PASSWORD_MIN,
    birth_date_problem,
    invitation_token,
    is_email,
)
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import error_label, note_label, set_tone
from mpro_desktop.views.profile.pane import birth_date_text


def _password(accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    return edit


class AcceptInvitationDialog(QDialog):
    """``accept_fn(url, token, body) -> user`` and ``login_fn(url, email, password) ->
    login answer``; on success :attr:`result_json` is the login answer with
    ``server_url`` and ``email`` and the dialog is accepted (the user is signed in)."""

    def __init__(
        self,
        server_url: str,
        parent: QWidget | None = None,
        *,
        login_fn: Callable[[str, str, str], dict],
        accept_fn: Callable[[str, str, dict], dict] | None = None,
        token: str = "",
    ) -> None:
        super().__init__(parent)
        from mpro_desktop.sync import account_api

        self.accept_fn = accept_fn or account_api.accept_invitation
        self.login_fn = login_fn
        self.result_json: dict | None = None
        self.accepted_user: dict | None = None
        self.setWindowTitle(self.tr("Accept an invitation"))
        self.server = QLineEdit(server_url)
        self.server.setPlaceholderText("https://portal.example.com")
        self.code = QLineEdit(token)
        self.code.setPlaceholderText(self.tr("Paste the code or the whole link"))
        self.first = QLineEdit()
        self.last = QLineEdit()
        self.birth = QDateEdit(QDate(1985, 1, 1))
        self.birth.setDisplayFormat("yyyy-MM-dd")
        self.birth.setCalendarPopup(True)
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.language = QComboBox()
        self.language.addItem("Svenska", "sv")
        self.language.addItem("English", "en")
        self.password = _password(self.tr("Password"))
        self.password2 = _password(self.tr("Password again"))
        rows = (
            (self.tr("Portal address"), self.server),
            (self.tr("Invitation code"), self.code),
            (self.tr("First name"), self.first),
            (self.tr("Last name"), self.last),
            (self.tr("Birth date"), self.birth),
            (self.tr("E-mail"), self.email),
            (self.tr("Language"), self.language),
            (self.tr("Password"), self.password),
            (self.tr("Password again"), self.password2),
        )
        form = QFormLayout()
        for label, widget in rows:
            widget.setAccessibleName(label)
            if isinstance(widget, QDateEdit):
                widget.lineEdit().setAccessibleName(label)
            form.addRow(label, widget)
            if widget is self.email:
                form.addRow(
                    "",
                    note_label(
                        self.tr(
                            "Invited by text message? Enter the e-mail address you will sign "
                            "in with: the account works only with one. Invited by e-mail: "
                            "leave it empty or enter that address."
                        )
                    ),
                )
        #: the password rules, each ticked off as it is met (live feedback)
        self.rules = {"length": QLabel(), "mismatch": QLabel()}
        self.problem = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Accept and sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Needs a connection to the portal: the invitation is checked and your "
                    "account created there at once; nothing is saved on this computer "
                    "before that. The birth date is what a dealer compares with your ID."
                )
            )
        )
        layout.addLayout(form)
        for label in self.rules.values():
            layout.addWidget(label)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for _label, widget in rows:
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.validate)
        self.birth.dateChanged.connect(self.validate)
        self.validate()
        self.resize(520, self.sizeHint().height())

    # -- live checks ----------------------------------------------------------------------
    def password_unmet(self) -> set[str]:
        unmet = set()
        if len(self.password.text()) < LOGIN_PASSWORD_MIN:
            unmet.add("length")
        if not self.password2.text() or self.password2.text() != self.password.text():
            unmet.add("mismatch")
        return unmet

    def problem_text(self) -> str | None:
        """The first thing to fix, in form order (None: ready to send)."""
        if not self.server.text().strip().startswith(("http://", "https://")):
            return self.tr("Enter the portal address, starting with https://.")
        if invitation_token(self.code.text()) is None:
            return self.tr("Paste the invitation code from the e-mail or text message.")
        if not self.first.text().strip() or not self.last.text().strip():
            return self.tr("Enter your first and last name.")
        day = self.birth.date().toPython()
        assert isinstance(day, dt.date)
        problem = birth_date_text(birth_date_problem(day))
        if problem:
            return problem
        if self.email.text().strip() and not is_email(self.email.text()):
            return self.tr("This is not a valid e-mail address (name@company.com).")
        unmet = self.password_unmet()
        if "length" in unmet:
            return self.tr("The password needs at least %1 characters.").replace(
                "%1", str(LOGIN_PASSWORD_MIN)
            )
        if "mismatch" in unmet:
            return self.tr("The two passwords are not the same.")
        return None

    def validate(self, *_args) -> None:
        typed = bool(self.password.text())
        unmet = self.password_unmet()
        texts = {
            "length": self.tr("at least %1 characters").replace("%1", str(LOGIN_PASSWORD_MIN)),
            "mismatch": self.tr("both entries are the same"),
        }
        for key, label in self.rules.items():
            ok = typed and key not in unmet
            label.setText(("✔ " if ok else "✘ " if typed else "• ") + texts[key])
            set_tone(label, "ok" if ok else "error" if typed else None)
        problem = self.problem_text()
        # nothing typed yet: no red sentence, only the disabled button
        started = any(w.text() for w in (self.code, self.first, self.last, self.password))
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None and started)
        self.ok.setEnabled(problem is None)

    def body(self) -> dict:
        body = {
            "password": self.password.text(),
            "first_name": self.first.text().strip(),
            "last_name": self.last.text().strip(),
            "birth_date": self.birth.date().toString("yyyy-MM-dd"),
            "language": self.language.currentData(),
        }
        if self.email.text().strip():
            body["email"] = self.email.text().strip()
        return body

    # -- sending --------------------------------------------------------------------------
    def submit(self) -> None:
        if self.problem_text() is not None:
            return
        url = self.server.text().strip().rstrip("/")
        token = invitation_token(self.code.text()) or ""
        body, password = self.body(), self.password.text()
        accept_fn, login_fn = self.accept_fn, self.login_fn
        self.ok.setEnabled(False)
        self.problem.hide()

        def accept_and_sign_in() -> tuple[dict, dict | BaseException]:
            user = accept_fn(url, token, body)
            email = str((user or {}).get("email") or body.get("email") or "")
            try:
                return user, login_fn(url, email, password)
            except Exception as exc:  # the account exists: say so, sign in by hand
                return user, exc

        def done(answer: tuple[dict, dict | BaseException]) -> None:
            user, login = answer
            self.accepted_user = user
            email = str(user.get("email") or body.get("email") or "")
            if isinstance(login, BaseException):
                from mpro_desktop.views.signin.dialog import describe_login_error

                self._show(
                    self.tr(
                        "Your account is ready, but signing in failed: %1 Sign in with %2 "
                        "and your password."
                    )
                    .replace("%1", describe_login_error(login))
                    .replace("%2", email)
                )
                self.buttons.clear()
                self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
                self.buttons.rejected.connect(self.reject)
                return
            self.result_json = {**login, "server_url": url, "email": email}
            self.accept()

        def failed(exc: BaseException) -> None:
            self.validate()
            self._show(self.refusal_text(exc))

        run_in_background(accept_and_sign_in, done, failed, owner=self)

    def _show(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def refusal_text(self, exc: BaseException) -> str:
        """What the portal's refusal means for the invitee, as a sentence."""
        from mpro_desktop.sync.client import PortalError

        if not isinstance(exc, PortalError):
            return online_error_text(exc)
        body = exc.body if isinstance(exc.body, dict) else {}
        fields = [str(f) for f in body.get("fields") or []]
        if exc.code == "invalid_invitation_token":
            return self.tr(
                "This invitation code is not valid: it was revoked or used already, or it "
                "has expired. Ask the administrator who invited you for a new invitation."
            )
        if exc.code == "invalid_credentials":
            return self.tr(
                "This e-mail address has an MPRO login already: enter the password of that "
                "login to add this company to it."
            )
        if exc.code == "already_member":
            return self.tr("You are a member of this company already: sign in instead.")
        if exc.status == 422 and fields == ["email"]:
            if self.email.text().strip():
                return self.tr(
                    "The invitation was sent to another e-mail address: leave the e-mail "
                    "empty or enter the address the invitation went to."
                )
            return self.tr(
                "You were invited by text message: enter your e-mail address. The account "
                "works only with one."
            )
        return online_error_text(exc)
