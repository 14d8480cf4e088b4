"""Screenshots of the Dashboard with costs, the vehicles pane's module/products columns
and the CSV import dialog with bad rows (issue 11): a seeded portal, the demo admin
orders products for some vans through the API (and ends one at its term's end), a van
without a module is added, a real sync fills a cache, and the real main window shows it.

Usage (MPRO_COLOR_SCHEME=dark and LANG=sv_SE.UTF-8 work as for mpro-desktop)::

    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_commerce.py OUT_DIR [WxH]

Writes OUT_DIR/dashboard.png, vehicles.png and import.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mpro_desktop import i18n  # noqa: E402
from mpro_desktop.models.colors import force_color_scheme  # noqa: E402
from mpro_desktop.sync.cache import Cache  # noqa: E402
from mpro_desktop.sync.client import PortalClient  # noqa: E402
from mpro_desktop.sync.engine import SyncEngine  # noqa: E402
from mpro_desktop.views.main_window import MainWindow  # noqa: E402
from mpro_desktop.views.vehicles.import_dialog import ImportVehiclesDialog  # noqa: E402
from tests.portal_fixtures import LivePortal  # noqa: E402

BAD_CSV = (
    "VIN;Namn;Regnr;Drivmedel\r\n"
    "W1V9076351P223456;Skåpbil 40;KLM 140;diesel\r\n"
    "W1V9O76351P223457;Skåpbil 41;KLM 141;diesel\r\n"
    "W1V9076351P223458;Skåpbil 42;KLM 142;el\r\n"
    "W1V9076351P223456;Skåpbil 43;KLM 143;diesel\r\n"
    "W1V907635;Skåpbil 44;KLM 144;diesel\r\n"
    "W1V9076351P223460;Skåpbil 45;KLM 145;bensin\r\n"
    "W1V9076351P223461;Skåpbil 46;KLM 146;el\r\n"
)


def _wait(app: QApplication, done: Callable[[], bool], timeout_s: float = 20.0) -> None:
    end = time.time() + timeout_s
    while not done() and time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def _order(portal: LivePortal, token: str) -> None:
    """As a verified admin: orders are active at once (R10, R20)."""
    with portal.client(headers=portal.headers(token)) as c:
        for term in c.get("/api/v1/terms").raise_for_status().json()["items"]:
            c.post(f"/api/v1/terms/{term['id']}/accept", json={}).raise_for_status()
        vans = sorted(c.get("/api/v1/vehicles").raise_for_status().json()["items"],
                      key=lambda v: v.get("name") or "")  # fmt: skip
        electric = [v["id"] for v in vans if v.get("fuel_type") == "electric"]
        diesel = [v["id"] for v in vans if v.get("fuel_type") != "electric"]
        # the seed's vans hold Fleet management (eVans also Remote services) already
        items = [
            {"product_id": "digital_logbook", "vehicle_ids": diesel[:6], "term_months": 12},
            {"product_id": "vehicle_status", "vehicle_ids": diesel[:4], "term_months": 24},
            {"product_id": "data_interface", "vehicle_ids": diesel[6:8], "term_months": 36},
            {"product_id": "evan_charge", "vehicle_ids": electric[:3], "term_months": 24},
        ]
        r = c.post("/api/v1/orders", json={"items": items})
        assert r.status_code == 201, r.text
        subs = c.get("/api/v1/subscriptions").raise_for_status().json()["items"]
        logbook = next(s for s in subs if s["product_id"] == "digital_logbook")
        c.delete(f"/api/v1/subscriptions/{logbook['id']}").raise_for_status()
        c.post("/api/v1/vehicles", json={
            "vin": "WDB9066331S900001", "name": "Skåpbil 31 (utan modul)",
            "license_plate": "NOM 031", "has_comm_module": False,
        }).raise_for_status()  # fmt: skip


def main(out_dir: Path, size: tuple[int, int]) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    portal = LivePortal(f"sqlite:///{folder / 'p.sqlite3'}", seeded=True,
                        seed_file=folder / "seed.json")  # fmt: skip
    portal.start()
    try:
        seed = portal.seed
        token = portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
        _order(portal, token)
        app = QApplication(sys.argv[:1])
        i18n.install_translators(app)
        force_color_scheme(app, os.environ.get("MPRO_COLOR_SCHEME", ""))
        # after the translators: the client asks for the catalogue in the UI language
        cache = Cache(folder / "cache.sqlite")
        engine = SyncEngine(cache, PortalClient(portal.url, access_token=token))
        for _ in range(3):  # the feed in pages, then the products in Swedish or English
            engine.sync_once()
        w = MainWindow(cache, None, user_label="Anna Andersson", portal_label="demo portal",
                       start_pane="dashboard")  # fmt: skip
        w.resize(*size)
        w.show()
        w.reload_all()
        dash = w.pane("dashboard")
        _wait(app, lambda: dash.overview is not None)
        _wait(app, lambda: False, 0.8)
        w.grab().save(str(out_dir / "dashboard.png"))

        w.show_pane("vehicles")
        vehicles = w.pane("vehicles")
        _wait(app, lambda: vehicles.model.rowCount() > 0)
        _wait(app, lambda: False, 0.8)
        w.grab().save(str(out_dir / "vehicles.png"))

        csv_path = folder / "skåpbilar.csv"
        csv_path.write_bytes(BAD_CSV.encode("cp1252"))
        dialog = ImportVehiclesDialog(vehicles.context, w, separator=";")
        dialog.show()
        dialog.load_file(str(csv_path))
        _wait(app, lambda: dialog.plan is not None)
        _wait(app, lambda: False, 0.5)
        dialog.grab().save(str(out_dir / "import.png"))
        print("monthly:", dash.tiles["monthly"].value.text(), "rows:", vehicles.model.rowCount(),
              "subscriptions in the cache:", len(cache.subscriptions()))  # fmt: skip
        return 0
    finally:
        portal.stop()


if __name__ == "__main__":
    width, height = (int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "1280x800").split("x"))
    raise SystemExit(main(Path(sys.argv[1]), (width, height)))
