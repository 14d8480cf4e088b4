"""The dealer counter (R4, R10–R12): a dealer's own window after "Sign in as dealer".

Find the customer by e-mail, verify their identity against the ID document (the portal
names each field that differs), and open a support session with the support password
the customer gives: a banner then says, all the time, whom the dealer acts as, for which
company and until when, with "End session"; at expiry the session ends by itself. All of
it is online by nature: nothing is cached or queued at the counter.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import is_email
from mpro_desktop.models.users import roles_text
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import error_label, heading, note_label, set_font, set_tone
from mpro_desktop.views.common.vertical_scroll import VerticalScrollArea
from mpro_desktop.views.dealer.pending_orders import PendingOrdersBox

log = logging.getLogger(__name__)

#: the ID-document fields the portal may name as mismatched (R11)
DOCUMENT_FIELDS = ("first_name", "last_name", "birth_date", "document_number")


def _parse_ts(value: Any) -> float | None:
    if value is None:
        return None
    try:
        stamp = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.timestamp()


class SupportBanner(QFrame):
    """Always on top of the counter while a support session is open."""

    sig_end_requested = Signal()
    """The dealer pressed "End session"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("supportBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        set_font(self.text, 11)
        self.remaining = QLabel()
        self.end_button = QPushButton(self.tr("End session"))
        self.end_button.clicked.connect(self.sig_end_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.remaining)
        layout.addWidget(self.end_button)
        set_tone(self.text, "warning")

    def show_session(self, session: dict, now: float | None = None) -> None:
        acting = session.get("acting_as") or {}
        company = (acting.get("company") or {}).get("name") or ""
        until = _parse_ts(session.get("expires_at"))
        until_text = time.strftime("%H:%M", time.localtime(until)) if until else "–"
        self.text.setText(
            self.tr("Support session: acting as %1 (%2) for %3 until %4.")
            .replace("%1", str(acting.get("name") or ""))
            .replace("%2", roles_text(acting.get("roles") or []))
            .replace("%3", company)
            .replace("%4", until_text)
        )
        self.tick(session, now)
        self.end_button.setEnabled(True)
        self.show()

    def tick(self, session: dict, now: float | None = None) -> None:
        until = _parse_ts(session.get("expires_at")) or 0.0
        left = max(0, int(until - (time.time() if now is None else now)))
        self.remaining.setText(self.tr("%1 min left").replace("%1", str((left + 59) // 60)))


class DealerCounter(QMainWindow):
    """``api``: a :class:`mpro_desktop.sync.account_api.DealerApi` signed in as the dealer."""

    sig_sign_out = Signal()

    def __init__(self, api, dealer: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.dealer = dict(dealer)
        self.customer: dict | None = None
        self.support_session: dict | None = None
        self.setWindowTitle(self.tr("MPRO Desktop — dealer counter"))
        self.banner = SupportBanner()
        self.banner.hide()
        self.banner.sig_end_requested.connect(self.end_session)
        self.ended_label = note_label()
        self.ended_label.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

        # 1. find the customer
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.email.setAccessibleName(self.tr("Customer's e-mail"))
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.find)
        self.email.returnPressed.connect(self.find)
        self.email.textChanged.connect(self._update)
        self.customer_label = QLabel()
        self.customer_label.setWordWrap(True)
        find_box = QGroupBox(self.tr("1. Find the customer"))
        fl = QVBoxLayout(find_box)
        row = QHBoxLayout()
        row.addWidget(self.email, 1)
        row.addWidget(self.find_button)
        fl.addLayout(row)
        fl.addWidget(self.customer_label)

        # 2. verify identity
        self.doc_first = QLineEdit()
        self.doc_last = QLineEdit()
        self.doc_birth = QDateEdit(QDate(1980, 1, 1))
        self.doc_birth.setDisplayFormat("yyyy-MM-dd")
        self.doc_birth.setCalendarPopup(True)
        self.doc_number = QLineEdit()
        self.doc_widgets = {
            "first_name": self.doc_first,
            "last_name": self.doc_last,
            "birth_date": self.doc_birth,
            "document_number": self.doc_number,
        }
        labels = {
            "first_name": self.tr("First name"),
            "last_name": self.tr("Last name"),
            "birth_date": self.tr("Birth date"),
            "document_number": self.tr("Document number"),
        }
        self.mismatch_labels: dict[str, QLabel] = {}
        verify_box = QGroupBox(self.tr("2. Verify identity (from the ID document)"))
        grid = QGridLayout(verify_box)
        for i, key in enumerate(DOCUMENT_FIELDS):
            self.doc_widgets[key].setAccessibleName(labels[key])
            if isinstance(self.doc_widgets[key], QDateEdit):
                self.doc_widgets[key].lineEdit().setAccessibleName(labels[key])
            mark = QLabel()
            set_tone(mark, "error")
            self.mismatch_labels[key] = mark
            grid.addWidget(QLabel(labels[key]), i, 0)
            grid.addWidget(self.doc_widgets[key], i, 1)
            grid.addWidget(mark, i, 2)
        for edit in (self.doc_first, self.doc_last, self.doc_number):
            edit.textChanged.connect(self._update)
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        n = len(DOCUMENT_FIELDS)
        grid.addWidget(
            note_label(
                self.tr(
                    "Names are compared without regard to case and spaces, the birth date "
                    "exactly; the document number is recorded with the verification."
                )
            ),
            n,
            0,
            1,
            3,
        )
        grid.addWidget(self.verify_result, n + 1, 0, 1, 2)
        grid.addWidget(self.verify_button, n + 1, 2)

        # 3. support session
        self.support_password = QLineEdit()
        self.support_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.support_password.setAccessibleName(self.tr("Customer's support password"))
        self.support_password.textChanged.connect(self._update)
        self.open_button = QPushButton(self.tr("Open support session"))
        self.open_button.clicked.connect(self.open_session)
        self.session_result = QLabel()
        self.session_result.setWordWrap(True)
        session_box = QGroupBox(self.tr("3. Support session"))
        sl = QFormLayout(session_box)
        sl.addRow(
            note_label(
                self.tr(
                    "The customer types their support password. You then act in their name, "
                    "with their roles, for up to 60 minutes; everything is in their "
                    "company's audit log. Their personal data and support password stay "
                    "theirs to change."
                )
            )
        )
        sl.addRow(self.tr("Support password"), self.support_password)
        sl.addRow("", self.open_button)
        sl.addRow(self.session_result)

        # pending orders of the customer's company (read in the session)
        self.orders = PendingOrdersBox()
        self.session_api = None

        left = QVBoxLayout()
        left.addWidget(find_box)
        left.addWidget(verify_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(session_box)
        right.addWidget(self.orders, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.ended_label)
        layout.addWidget(
            heading(
                self.tr("Dealer counter — %1").replace("%1", str(self.dealer.get("name") or ""))
            )
        )
        layout.addLayout(columns, 1)
        # scrolls on a short screen (1024x640 at 150 %) instead of being taller than it
        self.setCentralWidget(VerticalScrollArea(central))
        status = QStatusBar()
        status.addPermanentWidget(
            QLabel(
                self.tr("Signed in as dealer %1 (%2) · online only, nothing is stored")
                .replace("%1", str(self.dealer.get("name") or ""))
                .replace("%2", str(self.dealer.get("dealer_id") or self.dealer.get("email") or ""))
            )
        )
        self.setStatusBar(status)
        menu = self.menuBar().addMenu(self.tr("&File"))
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.triggered.connect(self._sign_out)
        menu.addAction(sign_out)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.error = error_label()
        layout.addWidget(self.error)
        self._update()
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """1200 x 760 where there is room, else the screen's available area (less the
        window frame): a 1024 x 640 laptop sees the whole counter."""
        from PySide6.QtCore import QSize
        from PySide6.QtWidgets import QApplication

        screen = self.screen() or QApplication.primaryScreen()
        size = QSize(1200, 760)
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() - QSize(16, 48))
        self.resize(size)

    # -- state ----------------------------------------------------------------------------
    def _update(self, *_args) -> None:
        self.find_button.setEnabled(is_email(self.email.text()))
        has_customer = self.customer is not None
        doc_ok = all(w.text().strip() for w in (self.doc_first, self.doc_last, self.doc_number))
        self.verify_button.setEnabled(has_customer and doc_ok)
        self.verify_button.setToolTip("" if has_customer else self.tr("Find the customer first."))
        self.open_button.setEnabled(
            has_customer and bool(self.support_password.text()) and self.support_session is None
        )
        self.open_button.setToolTip(
            self.tr("End the open support session first.")
            if self.support_session is not None
            else ""
            if has_customer
            else self.tr("Find the customer first.")
        )

    def _fail(self, where: QLabel, exc: BaseException) -> None:
        where.setText(online_error_text(exc))
        set_tone(where, "error")
        self._update()

    # -- 1. find --------------------------------------------------------------------------
    def find(self) -> None:
        email = self.email.text().strip()
        if not is_email(email):
            return
        self.find_button.setEnabled(False)
        self.customer = None
        for mark in self.mismatch_labels.values():
            mark.clear()

        def done(customer: dict) -> None:
            self.customer = customer
            self.show_customer()
            self._update()

        def failed(exc: BaseException) -> None:
            from mpro_desktop.sync.client import PortalError

            if isinstance(exc, PortalError) and exc.status == 404:
                self.customer_label.setText(
                    self.tr("No customer with this e-mail address. Check the spelling.")
                )
                set_tone(self.customer_label, "error")
                self._update()
            else:
                self._fail(self.customer_label, exc)

        run_in_background(lambda: self.api.find_customer(email), done, failed, owner=self)

    def show_customer(self) -> None:
        c = self.customer or {}
        verified = self.tr("verified ✔") if c.get("verified") else self.tr("not verified yet")
        self.customer_label.setText(
            self.tr("%1 %2 of %3 — %4")
            .replace("%1", str(c.get("first_name") or ""))
            .replace("%2", str(c.get("last_name") or ""))
            .replace("%3", str((c.get("company") or {}).get("name") or ""))
            .replace("%4", verified)
        )
        set_tone(self.customer_label, "ok" if c.get("verified") else None)

    # -- 2. verify ------------------------------------------------------------------------
    def document(self) -> dict:
        return {
            "first_name": self.doc_first.text().strip(),
            "last_name": self.doc_last.text().strip(),
            "birth_date": self.doc_birth.date().toString("yyyy-MM-dd"),
            "document_number": self.doc_number.text().strip(),
        }

    def verify(self) -> None:
        if self.customer is None:
            return
        user_id, document = str(self.customer["id"]), self.document()
        self.verify_button.setEnabled(False)
        for mark in self.mismatch_labels.values():
            mark.clear()

        def done(answer: dict) -> None:
            self.customer = {**(self.customer or {}), "verified": True}
            self.show_customer()
            self.verify_result.setText(
                self.tr(
                    "Verified: the ID matches. The customer can now invite users and "
                    "complete purchases."
                )
            )
            set_tone(self.verify_result, "ok")
            self._update()

        def failed(exc: BaseException) -> None:
            from mpro_desktop.sync.account_api import mismatched_fields
            from mpro_desktop.sync.client import PortalError

            if isinstance(exc, PortalError) and exc.code == "identity_mismatch":
                self.show_mismatches(mismatched_fields(exc))
                self._update()
            else:
                self._fail(self.verify_result, exc)

        run_in_background(lambda: self.api.verify(user_id, document), done, failed, owner=self)

    def show_mismatches(self, fields: list[str]) -> None:
        for key, mark in self.mismatch_labels.items():
            mark.setText(self.tr("✘ differs from the stored data") if key in fields else "")
        names = {
            "first_name": self.tr("first name"),
            "last_name": self.tr("last name"),
            "birth_date": self.tr("birth date"),
        }
        self.verify_result.setText(
            self.tr(
                "Not verified: %1 on the ID does not match the customer's data. Nothing "
                "was changed."
            ).replace("%1", ", ".join(names.get(f, f) for f in fields))
        )
        set_tone(self.verify_result, "error")

    # -- 3. support session ---------------------------------------------------------------
    def open_session(self) -> None:
        if self.customer is None or self.support_session is not None:
            return
        email, password = self.email.text().strip(), self.support_password.text()
        self.open_button.setEnabled(False)

        def done(session: dict) -> None:
            self.support_password.clear()
            self.start_session(session)

        def failed(exc: BaseException) -> None:
            from mpro_desktop.sync.client import PortalError

            self.support_password.clear()
            if isinstance(exc, PortalError) and exc.status == 403:
                self.session_result.setText(
                    self.tr(
                        "The support password is wrong, or the customer has not set one "
                        "(My profile in MPRO Desktop)."
                    )
                )
                set_tone(self.session_result, "error")
                self._update()
            else:
                self._fail(self.session_result, exc)

        run_in_background(
            lambda: self.api.open_support_session(email, password), done, failed, owner=self
        )

    def start_session(self, session: dict) -> None:
        self.support_session = dict(session)
        self._close_session_api()
        if session.get("access_token"):
            self.session_api = self.api.in_session(session)
        self.orders.set_api(self.session_api)
        self.ended_label.hide()
        self.banner.show_session(self.support_session)
        self.session_result.setText(self.tr("Support session open."))
        set_tone(self.session_result, "ok")
        self.timer.start()
        self._update()

    def _tick(self) -> None:
        if self.support_session is None:
            self.timer.stop()
            return
        until = _parse_ts(self.support_session.get("expires_at")) or 0.0
        if time.time() >= until:
            self.session_over(self.tr("The support session has expired and ended by itself."))
            return
        self.banner.tick(self.support_session)

    def session_over(self, text: str) -> None:
        """The session is gone (ended or expired): its token is dropped here at once."""
        self.support_session = None
        self.timer.stop()
        self._close_session_api()
        self.banner.hide()
        self.ended_label.setText(text)
        self.ended_label.show()
        self.session_result.setText("")
        self._update()

    def _close_session_api(self) -> None:
        """The session's token is dropped here at once (its HTTP client closed later,
        off the UI thread: a read may still be under way)."""
        api, self.session_api = self.session_api, None
        self.orders.set_api(None)
        if api is not None:
            run_in_background(api.close, lambda _none: None, lambda exc: None)

    def end_session(self) -> None:
        session = self.support_session
        if session is None:
            return
        self.banner.end_button.setEnabled(False)

        def done(_none) -> None:
            self.session_over(self.tr("The support session has ended."))

        def failed(exc: BaseException) -> None:
            # The token is dropped here either way; the portal ends it at expiry at the latest.
            log.warning("ending the support session failed: %s", exc)
            self.session_over(
                self.tr(
                    "The support session was closed here; the portal could not be told "
                    "(%1). It ends at its expiry time at the latest."
                ).replace("%1", online_error_text(exc))
            )

        run_in_background(lambda: self.api.end_support_session(session), done, failed, owner=self)

    def _sign_out(self) -> None:
        self.sig_sign_out.emit()
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        session, api = self.support_session, self.api
        if session is not None:  # leaving the counter ends it (main() joins the job)
            self.support_session = None
            self.timer.stop()
            self._close_session_api()
            run_in_background(
                lambda: api.end_support_session(session),
                lambda _none: None,
                lambda exc: log.warning("ending the support session at close failed: %s", exc),
            )
        super().closeEvent(event)


def run_dealer_window(app, args, session, platform=None) -> int:
    """Show the counter for a signed-in dealer until it closes (``--screenshot`` too)."""
    from mpro_desktop.sync.account_api import DealerApi

    api = DealerApi.signed_in(
        session.portal_url,
        {"access_token": session.access_token, "refresh_token": session.refresh_token},
    )
    window = DealerCounter(api, session.user or {"name": session.display_name})
    window.show()
    if args.screenshot is not None:
        from mpro_desktop.views.dealer.screenshot import DealerScreenshot

        shot = DealerScreenshot(
            window, args.screenshot, platform, timeout_s=args.screenshot_timeout
        )
        shot.start()
        code = app.exec()
        window.close()
        return shot.exit_code if code == 0 else code
    code = app.exec()
    window.close()
    return code
