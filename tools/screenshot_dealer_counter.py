"""Screenshot of the dealer counter with an open support session (issue 10): a seeded
portal, the real counter window, the demo admin found, verified and a session opened.

Usage: xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_dealer_counter.py OUT.png
"""
import sys, tempfile, time
from pathlib import Path
import httpx
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.portal_fixtures import LivePortal
from mpro_desktop import i18n
from mpro_desktop.sync.account_api import DealerApi, dealer_login
from mpro_desktop.views.dealer.window import DealerCounter

out = Path(sys.argv[1])
folder = Path(tempfile.mkdtemp())
portal = LivePortal(f"sqlite:///{folder/'p.sqlite3'}", seeded=True, seed_file=folder / "seed.json")
portal.start()
try:
    seed = portal.seed
    app = QApplication(sys.argv)
    i18n.install_translators(app)
    tokens = dealer_login(portal.url, seed["dealer_email"], seed["dealer_password"])
    w = DealerCounter(DealerApi.signed_in(portal.url, tokens), tokens.get("dealer") or {})
    w.resize(1100, 720); w.show()
    def wait(pred, t=15):
        end = time.time() + t
        while not pred() and time.time() < end:
            app.processEvents(); time.sleep(0.02)
    w.email.setText(seed["admin_email"]); w.find(); wait(lambda: w.customer is not None)
    w.doc_first.setText("Anna"); w.doc_last.setText("Andersson"); w.doc_birth.setDate(QDate(1980, 4, 12))
    w.doc_number.setText("SE8004121234"); w.verify(); wait(lambda: bool(w.verify_result.text()))
    w.support_password.setText(seed["support_password"]); w.open_session()
    wait(lambda: w.support_session is not None)
    for _ in range(30):
        app.processEvents(); time.sleep(0.02)
    w.grab().save(str(out))
    print("banner:", w.banner.text.text() if w.support_session else "NO SESSION")
finally:
    portal.stop()
