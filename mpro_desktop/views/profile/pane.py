"""My profile: one's own personal data (R7), support password (R12) and data export (R26).

All three are online only and say so: the portal checks personal data there and then
(PATCH /me), a support password is never stored on this computer (PUT
/me/support-password), and the export is the portal's complete copy (GET /me/export).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import (
    SUPPORT_PASSWORD_MAX,
    SUPPORT_PASSWORD_MIN,
    birth_date_problem,
    is_e164,
    is_email,
    normalize_phone,
    support_password_problems,
)
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.account_texts import refusal_text
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import first, gate
from mpro_desktop.views.common.style import error_label, heading, note_label, set_tone

log = logging.getLogger(__name__)


def birth_date_text(problem: str | None) -> str | None:
    from PySide6.QtCore import QCoreApplication

    return {
        "missing": QCoreApplication.translate("Profile", "Enter your birth date."),
        "future": QCoreApplication.translate("Profile", "The birth date must be in the past."),
        "under_age": QCoreApplication.translate("Profile", "Users must be at least 18 years old."),
    }.get(problem or "")


class _Progress(QObject):
    """Carries the export's progress from the worker thread to the UI (queued)."""

    sig_progress = Signal(int, int)


class SupportPasswordBox(QGroupBox):
    """Two entries and the rules of R12, each ticked off as it is met."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Support password"), parent)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("New support password"))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(self.tr("Support password again"))
        self.rules = {
            "length": QLabel(),
            "whitespace": QLabel(),
            "mismatch": QLabel(),
        }
        self.set_button = QPushButton(self.tr("Set support password"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New support password"), self.password)
        form.addRow(self.tr("Once more"), self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Give it to a dealer or support agent to let them act in your name, with "
                    "your roles, for 60 minutes; everything they do is in the audit log. It "
                    "is sent to the portal at once (needs a connection) and never stored on "
                    "this computer. A new one replaces the old one."
                )
            )
        )
        layout.addLayout(form)
        for label in self.rules.values():
            layout.addWidget(label)
        layout.addWidget(self.set_button)
        layout.addWidget(self.result)
        self.password.textChanged.connect(self.check)
        self.confirm.textChanged.connect(self.check)
        self.check()

    def problems(self) -> list[str]:
        return support_password_problems(self.password.text(), self.confirm.text())

    def check(self) -> None:
        problems = set(self.problems())
        typed = bool(self.password.text())
        texts = {
            "length": self.tr("6–20 characters"),
            "whitespace": self.tr("no spaces or other whitespace"),
            "mismatch": self.tr("both entries are the same"),
        }
        unmet = {
            "length": bool({"too_short", "too_long"} & problems),
            "whitespace": "whitespace" in problems,
            "mismatch": "mismatch" in problems or not self.confirm.text(),
        }
        for key, label in self.rules.items():
            ok = typed and not unmet[key]
            label.setText(("✔ " if ok else "✘ " if typed else "• ") + texts[key])
            set_tone(label, "ok" if ok else "error" if typed else None)
        self.ready = typed and not any(unmet.values())


class ProfilePane(Pane):
    NAME = "profile"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "My profile")
    ENTITIES = frozenset({"user"})
    PERMISSION = Permission.SELF

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.me: dict = {}
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.email = QLineEdit()
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText("+46701234567")
        self.birth_date = QDateEdit()
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setMaximumDate(QDate.currentDate())
        self.language = QComboBox()
        self.language.addItem("Svenska", "sv")
        self.language.addItem("English", "en")
        form = QFormLayout()
        for label, widget in (
            (self.tr("First name"), self.first_name),
            (self.tr("Last name"), self.last_name),
            (self.tr("E-mail"), self.email),
            (self.tr("Mobile"), self.mobile),
            (self.tr("Birth date"), self.birth_date),
            (self.tr("Language"), self.language),
        ):
            widget.setAccessibleName(label)
            if isinstance(widget, QDateEdit):
                widget.lineEdit().setAccessibleName(label)
            form.addRow(label, widget)
        self.problem = error_label()
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save personal data"))
        self.save_button.clicked.connect(self.save)
        self.load_button = QPushButton(self.tr("Read from the portal"))
        self.load_button.clicked.connect(self.load_me)
        data = QGroupBox(self.tr("Personal data"))
        dl = QVBoxLayout(data)
        dl.addWidget(
            note_label(
                self.tr(
                    "Saved on the portal at once (needs a connection); nothing is queued. "
                    "Your birth date is what a dealer compares with your ID."
                )
            )
        )
        dl.addLayout(form)
        dl.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(self.saved, 1)
        row.addWidget(self.load_button)
        row.addWidget(self.save_button)
        dl.addLayout(row)
        dl.addStretch(1)  # the form stays at the top, under its note, however tall the pane

        self.support = SupportPasswordBox()
        self.support.set_button.clicked.connect(self.set_support_password)
        self.support.password.textChanged.connect(self.update_actions)
        self.support.confirm.textChanged.connect(self.update_actions)

        export = QGroupBox(self.tr("Your data"))
        el = QVBoxLayout(export)
        el.addWidget(
            note_label(
                self.tr(
                    "Everything the portal stores about you, as a machine-readable JSON "
                    "file. The file is readable only by your user account on this computer."
                )
            )
        )
        self.export_button = QPushButton(self.tr("Export my data…"))
        self.export_button.clicked.connect(self.export)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        er = QHBoxLayout()
        er.addWidget(self.export_button)
        er.addWidget(self.progress, 1)
        el.addLayout(er)
        el.addWidget(self.export_status)

        right = QVBoxLayout()
        right.addWidget(self.support)
        right.addWidget(export)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(data, 1)
        columns.addLayout(right, 1)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(heading(self.title()))
        layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setAccessibleName(self.title())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        for edit in (self.first_name, self.last_name, self.email, self.mobile):
            edit.textChanged.connect(self.update_actions)
        self.birth_date.dateChanged.connect(self.update_actions)
        self.language.currentIndexChanged.connect(self.update_actions)
        context.sig_online_changed.connect(lambda _on: (self.update_actions(), self.load_me()))
        self._exporting = False
        self.update_actions()

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """The cached copy first (offline too), then the portal's (with the birth date)."""
        account = self.context.account
        cache = self.cache

        def cached() -> dict | None:
            if account is None:
                return None
            return cache.user_by_email(account.email) if account.email else None

        def show(user: dict | None) -> None:
            if user and not self.me:
                self.show_read(user)
            self.load_me()

        run_in_background(cached, show, lambda exc: log.warning("me: %s", exc), owner=self)

    def load_me(self) -> None:
        api = self.context.online
        if api is None:
            self.update_actions()
            return
        run_in_background(api.me, self.show_read, lambda exc: log.info("me: %s", exc), owner=self)

    def show_read(self, me: dict) -> None:
        """A read that arrives while the user edits (the portal's copy after the cached
        one, a reconnect) shows the stored data but keeps every field the user changed."""
        edited = self.changes() if self.me else {}
        self.show_me({**me, **edited} if edited else me)
        if edited:
            self.me = dict(me)
            self.update_actions()

    def show_me(self, me: dict) -> None:
        self.me = dict(me)
        for edit, key in (
            (self.first_name, "first_name"),
            (self.last_name, "last_name"),
            (self.email, "email"),
            (self.mobile, "mobile"),
        ):
            edit.blockSignals(True)
            edit.setText(str(me.get(key) or ""))
            edit.blockSignals(False)
        if me.get("birth_date"):
            self.birth_date.blockSignals(True)
            self.birth_date.setDate(QDate.fromString(str(me["birth_date"])[:10], "yyyy-MM-dd"))
            self.birth_date.blockSignals(False)
        index = self.language.findData(me.get("language") or "sv")
        self.language.setCurrentIndex(max(0, index))
        self.update_actions()

    # -- checks ---------------------------------------------------------------------------
    def changes(self) -> dict:
        me = self.me
        out: dict = {}
        for key, edit in (
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("email", self.email),
        ):
            if edit.text().strip() != (me.get(key) or ""):
                out[key] = edit.text().strip()
        mobile = normalize_phone(self.mobile.text())
        if mobile != (me.get("mobile") or ""):
            out["mobile"] = mobile
        if "birth_date" in me or me.get("birth_date"):
            day = self.birth_date.date().toString("yyyy-MM-dd")
            if day != str(me.get("birth_date") or "")[:10]:
                out["birth_date"] = day
        language = self.language.currentData()
        if me.get("language") and language != me.get("language"):
            out["language"] = language
        return out

    def problem_text(self) -> str | None:
        if not self.first_name.text().strip() or not self.last_name.text().strip():
            return self.tr("Enter your first and last name.")
        if not is_email(self.email.text()):
            return self.tr("This is not a valid e-mail address (name@company.com).")
        if self.mobile.text().strip() and not is_e164(self.mobile.text()):
            return self.tr("Enter the mobile number with its country code, e.g. +46701234567.")
        if self.me.get("birth_date"):
            day = self.birth_date.date().toPython()
            assert isinstance(day, dt.date)
            return birth_date_text(birth_date_problem(day))
        return None

    def update_actions(self, *_args) -> None:
        online = self.context.online is not None
        offline = None if online else refusal_text("offline")
        changes = self.changes() if self.me else {}
        problem = self.problem_text() if changes else None
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        gate(
            self.save_button,
            first(offline, None if changes else self.tr("Nothing has been changed."), problem),
            self.tr("Save your personal data on the portal"),
        )
        gate(self.load_button, offline, self.tr("Read your personal data from the portal"))
        self.support.check()
        gate(
            self.support.set_button,
            first(
                offline,
                None
                if self.support.ready
                else self.tr(
                    "The support password must be %1–%2 characters without "
                    "whitespace, entered twice the same."
                )
                .replace("%1", str(SUPPORT_PASSWORD_MIN))
                .replace("%2", str(SUPPORT_PASSWORD_MAX)),
            ),
            self.tr("Send the new support password to the portal"),
        )
        gate(
            self.export_button,
            first(offline, self.tr("An export is running.") if self._exporting else None),
            self.tr("Save everything the portal stores about you to a file"),
        )

    # -- actions --------------------------------------------------------------------------
    def save(self) -> None:
        api, changes = self.context.online, self.changes()
        if api is None or not changes or self.problem_text():
            return
        self.save_button.setEnabled(False)

        def done(me: dict) -> None:
            self.saved.setText(self.tr("Saved on the portal."))
            set_tone(self.saved, "ok")
            self.show_me(me or {**self.me, **changes})

        def failed(exc: BaseException) -> None:
            self.saved.setText(online_error_text(exc))
            set_tone(self.saved, "error")
            self.update_actions()

        run_in_background(lambda: api.update_me(changes), done, failed, owner=self)

    def set_support_password(self) -> None:
        api = self.context.online
        if api is None or not self.support.ready:
            return
        password, confirm = self.support.password.text(), self.support.confirm.text()
        self.support.set_button.setEnabled(False)

        def done(_none) -> None:
            self.support.password.clear()
            self.support.confirm.clear()
            self.support.result.setText(
                self.tr("The support password is set. It is valid until you set a new one.")
            )
            set_tone(self.support.result, "ok")
            self.update_actions()

        def failed(exc: BaseException) -> None:
            from mpro_desktop.sync.client import PortalError

            if isinstance(exc, PortalError) and exc.code == "invalid_support_password":
                text = self.tr(
                    "The portal did not accept this support password: 6–20 characters, "
                    "no whitespace, entered twice the same."
                )
            else:
                text = online_error_text(exc)
            self.support.result.setText(text)
            set_tone(self.support.result, "error")
            self.update_actions()

        run_in_background(
            lambda: api.set_support_password(password, confirm), done, failed, owner=self
        )

    def export(self) -> None:
        api = self.context.online
        if api is None or self._exporting:
            return
        name = f"mpro-my-data-{dt.date.today().isoformat()}.json"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export my data"),
            str(Path.home() / name),
            self.tr("JSON files (*.json)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        api = self.context.online
        if api is None:
            return
        self._exporting = True
        self.progress.setRange(0, 0)  # busy until the size is known
        self.progress.show()
        self.export_status.setText(self.tr("Exporting…"))
        set_tone(self.export_status, None)
        self.update_actions()
        bridge = _Progress(self)

        def progress(done: int, total: int) -> None:
            if total > 0:
                self.progress.setRange(0, total)
                self.progress.setValue(done)

        bridge.sig_progress.connect(progress)

        def finished(size: int) -> None:
            self._exporting = False
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.export_status.setText(
                self.tr("Saved %1 (%2 kB).")
                .replace("%1", str(path))
                .replace("%2", str(max(1, round(size / 1024))))
            )
            set_tone(self.export_status, "ok")
            bridge.deleteLater()
            self.update_actions()

        def failed(exc: BaseException) -> None:
            self._exporting = False
            self.progress.hide()
            self.export_status.setText(online_error_text(exc))
            set_tone(self.export_status, "error")
            bridge.deleteLater()
            self.update_actions()

        run_in_background(
            lambda: api.export_me(path, lambda d, t: bridge.sig_progress.emit(d, t or -1)),
            finished,
            failed,
            owner=self,
        )
