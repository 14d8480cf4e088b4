"""Deleting the company account in steps (R8): request → code from the mail → confirm.

Online only: each step needs the portal's answer. The contract end date (confirmation
date + 14 days) is spelled out before the user confirms, and taken from the portal's
answer afterwards.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import DELETION_NOTICE_DAYS, deletion_end_date
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import error_label, heading


def long_date(day: dt.date) -> str:
    """ "Monday 17 March 2025" in the UI language."""
    from PySide6.QtCore import QDate

    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


class DeleteCompanyDialog(QDialog):
    def __init__(
        self, api, company_name: str, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.today = today or dt.date.today()
        self.result_json: dict | None = None
        self.setWindowTitle(self.tr("Delete the company account"))
        self.pages = QStackedWidget()
        end = long_date(deletion_end_date(self.today))

        # step 1: what it means, then ask for the code
        self.intro = QLabel(
            self.tr(
                "Deleting %1 takes three steps. 1. Request the deletion: the portal mails a "
                "confirmation code to you. 2. Enter the code. 3. Confirm. On confirmation all "
                "connectivity services of every vehicle stop at once, nobody can sign in to "
                "the company account any more, and every contract ends after %2 days' "
                "notice: confirmed today, on %3."
            )
            .replace("%1", company_name or self.tr("the company"))
            .replace("%2", str(DELETION_NOTICE_DAYS))
            .replace("%3", end)
        )
        self.intro.setWordWrap(True)
        self.request_button = QPushButton(self.tr("Request deletion (mails a code)"))
        self.request_button.clicked.connect(self.request)
        page1 = QWidget()
        l1 = QVBoxLayout(page1)
        l1.addWidget(heading(self.tr("1. Request the deletion")))
        l1.addWidget(self.intro)
        l1.addWidget(self.request_button)
        l1.addStretch(1)

        # step 2 + 3: the code from the mail, the date again, confirm
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(self.tr("Confirmation code"))
        self.code_edit.setPlaceholderText(self.tr("code from the e-mail"))
        self.end_label = QLabel(
            self.tr(
                "If you confirm now, all connectivity services stop at once and every "
                "contract ends on %1 (%2 days from today). This cannot be undone."
            )
            .replace("%1", end)
            .replace("%2", str(DELETION_NOTICE_DAYS))
        )
        self.end_label.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Delete the company account"))
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self.confirm)
        self.code_edit.textChanged.connect(
            lambda t: self.confirm_button.setEnabled(bool(t.strip()))
        )
        page2 = QWidget()
        l2 = QVBoxLayout(page2)
        l2.addWidget(heading(self.tr("2. Enter the code from the e-mail")))
        l2.addWidget(self.code_edit)
        l2.addWidget(heading(self.tr("3. Confirm")))
        l2.addWidget(self.end_label)
        l2.addWidget(self.confirm_button)
        l2.addStretch(1)

        # done
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        page3 = QWidget()
        l3 = QVBoxLayout(page3)
        l3.addWidget(heading(self.tr("The company account is deleted")))
        l3.addWidget(self.done_label)
        l3.addStretch(1)

        for page in (page1, page2, page3):
            self.pages.addWidget(page)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def _fail(self, exc: BaseException) -> None:
        self.request_button.setEnabled(True)
        self.confirm_button.setEnabled(bool(self.code_edit.text().strip()))
        self.error.setText(online_error_text(exc))
        self.error.show()

    def request(self) -> None:
        self.request_button.setEnabled(False)
        self.error.hide()

        def done(answer: dict) -> None:
            self.pages.setCurrentIndex(1)
            self.code_edit.setFocus()

        run_in_background(self.api.request_company_deletion, done, self._fail, owner=self)

    def confirm(self) -> None:
        code = self.code_edit.text().strip()
        self.confirm_button.setEnabled(False)
        self.error.hide()

        def done(answer: dict) -> None:
            self.result_json = answer
            ends = answer.get("contracts_end_on")
            try:
                end_text = long_date(dt.date.fromisoformat(str(ends)[:10]))
            except ValueError:
                end_text = str(ends or "")
            self.done_label.setText(
                self.tr(
                    "All connectivity services were deactivated. Every contract ends on %1. "
                    "MPRO Desktop can no longer sync with this company account."
                ).replace("%1", end_text)
            )
            self.pages.setCurrentIndex(2)

        run_in_background(
            lambda: self.api.confirm_company_deletion(code), done, self._fail, owner=self
        )
