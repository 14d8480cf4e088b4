"""``--demo --as dealer --screenshot``: the counter walked through with the demo seed.

Demo only: the demo admin sets a support password (as they would in My profile), the
counter finds the admin, tries a verification with a misread last name (the portal
names the field), and opens a support session; the PNG shows the banner. Every step is
a real call to the embedded portal, off the UI thread.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QObject, QTimer

from mpro_desktop.views.common.operations import run_in_background


class DealerScreenshot(QObject):
    def __init__(self, window, path: Path, platform, *, timeout_s: float) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.platform = platform
        self.exit_code = 2
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(int(timeout_s * 1000))
        self.deadline.timeout.connect(lambda: self._finish(False, "timed out"))
        self.poll = QTimer(self)
        self.poll.setInterval(100)
        self.poll.timeout.connect(self._check)
        self.step = 0

    def start(self) -> None:
        self.deadline.start()
        seed = getattr(self.platform, "seed", None)
        if seed is None:
            QTimer.singleShot(500, lambda: self._finish(True, "no demo seed: empty counter"))
            return
        password = "Kund-" + secrets.token_hex(4)
        url, email, admin_pw = self.platform.url, seed.admin_email, seed.admin_password

        def prepare() -> dict:
            from mpro_desktop.sync.account_api import AccountApi
            from mpro_desktop.sync.client import PortalClient, PortalError

            client = PortalClient(url)
            try:
                client.login(email, admin_pw)
                try:
                    AccountApi(client).set_support_password(password, password)
                    settable = True
                except PortalError as exc:  # the portal takes no support passwords yet
                    print(f"no support password set: {exc}", file=sys.stderr)
                    settable = False
                return {**AccountApi(client).me(), "_settable": settable}
            finally:
                client.close()

        def ready(me: dict) -> None:
            w = self.window
            w.email.setText(email)
            w.find()
            self.me, self.password = me, password
            self.poll.start()

        run_in_background(prepare, ready, lambda exc: self._finish(False, str(exc)), owner=self)

    def _check(self) -> None:
        w = self.window
        if self.step == 0 and w.customer is not None:
            self.step = 1
            me = self.me
            w.doc_first.setText(str(me.get("first_name") or ""))
            w.doc_last.setText(str(me.get("last_name") or "") + "sson")  # misread on purpose
            if me.get("birth_date"):
                w.doc_birth.setDate(QDate.fromString(str(me["birth_date"])[:10], "yyyy-MM-dd"))
            w.doc_number.setText("SE1234567")
            w.verify()
        elif self.step == 1 and any(m.text() for m in w.mismatch_labels.values()):
            self.step = 2
            if not self.me.get("_settable"):
                QTimer.singleShot(200, lambda: self._finish(True, "no support session"))
                return
            w.support_password.setText(self.password)
            w.open_session()
        elif self.step == 2 and w.support_session is not None:
            self.step = 3
            QTimer.singleShot(200, lambda: self._finish(True, "support session open"))

    def _finish(self, ok: bool, what: str) -> None:
        self.poll.stop()
        self.deadline.stop()
        if ok:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ok = self.window.grab().save(str(self.path), "PNG")
            print(f"saved {self.path} ({what})" if ok else f"could not write {self.path}")
            self.exit_code = 0 if ok else 1
        else:
            print(f"mpro-desktop: no dealer screenshot: {what}", file=sys.stderr)
            self.exit_code = 2
        QCoreApplication.exit(self.exit_code)
