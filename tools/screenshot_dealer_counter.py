"""Screenshot of the dealer counter with an open support session (issue 10): a seeded
portal, the real counter window, the demo admin found, verified and a session opened.

Usage: xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_dealer_counter.py OUT.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mpro_desktop import i18n  # noqa: E402
from mpro_desktop.sync.account_api import DealerApi, dealer_login  # noqa: E402
from mpro_desktop.views.dealer.window import DealerCounter  # noqa: E402
from tests.portal_fixtures import LivePortal  # noqa: E402


def _wait(app: QApplication, done: Callable[[], bool], timeout_s: float = 15.0) -> None:
    end = time.time() + timeout_s
    while not done() and time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    folder = Path(tempfile.mkdtemp())
    portal = LivePortal(f"sqlite:///{folder / 'p.sqlite3'}", seeded=True,
                        seed_file=folder / "seed.json")
    portal.start()
    try:
        seed = portal.seed
        app = QApplication(sys.argv)
        i18n.install_translators(app)
        tokens = dealer_login(portal.url, seed["dealer_email"], seed["dealer_password"])
        w = DealerCounter(DealerApi.signed_in(portal.url, tokens), tokens.get("dealer") or {})
        w.resize(1100, 720)
        w.show()
        w.email.setText(seed["admin_email"])
        w.find()
        _wait(app, lambda: w.customer is not None)
        w.doc_first.setText("Anna")
        w.doc_last.setText("Andersson")
        w.doc_birth.setDate(QDate(1980, 4, 12))
        w.doc_number.setText("SE8004121234")
        w.verify()
        _wait(app, lambda: bool(w.verify_result.text()))
        w.support_password.setText(seed["support_password"])
        w.open_session()
        _wait(app, lambda: w.support_session is not None)
        _wait(app, lambda: False, 0.6)  # let the banner paint
        w.grab().save(str(out))
        print("banner:", w.banner.text.text() if w.support_session else "NO SESSION")
        return 0 if w.support_session else 1
    finally:
        portal.stop()


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
