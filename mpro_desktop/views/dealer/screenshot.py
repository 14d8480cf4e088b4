"""``--demo --as dealer --screenshot``: the counter walked through with the demo seed.

Demo only: the counter finds the seed's unverified newcomer (whose order waits for a
dealer; its support password is in the seed file), tries a verification with a misread
last name (the portal names the field), opens a support session and reads the pending
orders; the PNG shows the banner and the order. Without those seed keys the demo admin
sets a support password first (as they would in My profile). Every step is
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
        data = getattr(seed, "data", None) or {}
        url = self.platform.url
        # the unverified newcomer: its order waits for a dealer (R10), its support
        # password is in the seed file; else the admin, with a support password set now
        given = data.get("newcomer_support_password")
        if data.get("newcomer_email") and data.get("newcomer_password") and given:
            email, login_pw, password = data["newcomer_email"], data["newcomer_password"], given
        else:
            email, login_pw = seed.admin_email, seed.admin_password
            password = "Kund-" + secrets.token_hex(4)

        def prepare() -> dict:
            from mpro_desktop.sync.account_api import AccountApi
            from mpro_desktop.sync.client import PortalClient, PortalError

            client = PortalClient(url)
            try:
                client.login(email, login_pw)
                settable = True
                if password != given:
                    try:
                        AccountApi(client).set_support_password(password, password)
                    except PortalError as exc:  # the portal takes no support passwords
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
        elif self.step == 3 and w.orders.loading:
            pass  # the pending orders are being read
        elif self.step == 3:
            self.step = 4
            if w.orders.tree.topLevelItemCount():
                w.orders.tree.topLevelItem(0).setSelected(True)
            QTimer.singleShot(300, lambda: self._finish(True, "support session open"))

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
