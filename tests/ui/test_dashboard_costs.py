"""Dashboard (issue 11, SPEC R19, R20, FAQ Q4) over the real cache file: products with
prices and terms, active subscriptions with their end dates, the monthly and yearly
cost, vehicles without a module or a product, pending orders; "as of" the last sync
when that is old; and the cost overview as a PDF whose text is read back."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from embedded_server.products.catalogue import CATALOGUE
from mpro_desktop.domain.vehicles import STALE_AFTER_S
from mpro_desktop.sync.entities.company import company_t
from mpro_desktop.sync.entities.order import order_row, orders_t
from mpro_desktop.sync.entities.product import product_row, products_t
from mpro_desktop.sync.entities.subscription import subscription_row, subscriptions_t
from mpro_desktop.sync.entities.vehicle import vehicles_t
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.dashboard.pane import DashboardPane
from tests.ui.conftest import fill_vehicles

COMPANY = "Åkeri Örnsköldsvik AB"


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()


def _sub(sid, vid, pid, term, price, *, end_at=None, state="active"):
    return {"id": sid, "vehicle_id": vid, "product_id": pid, "term_months": term,
            "price": price, "currency": "SEK", "state": state,
            "start_at": "2026-03-01T08:00:00+00:00", "end_at": end_at,
            "term_end_at": "2028-03-01T08:00:00+00:00", "version": 1}  # fmt: skip


def _fill(cache, *, synced_ago: float) -> list[str]:
    ids = fill_vehicles(cache, 6)
    with cache.write() as conn:
        conn.execute(vehicles_t.update().where(vehicles_t.c.id == ids[5]).values(
            has_comm_module=False, name="Skåpbil utan modul"))  # fmt: skip
        conn.execute(products_t.insert(), [product_row({**p, "price": str(p["price"])})
                                           for p in CATALOGUE])  # fmt: skip
        conn.execute(subscriptions_t.insert(), [subscription_row(s) for s in (
            _sub("s1", ids[0], "fleet_management", 24, "139.00"),
            _sub("s2", ids[1], "fleet_management", 24, "139.00"),
            _sub("s3", ids[0], "digital_logbook", 12, "89.00",
                 end_at="2027-02-28T08:00:00+00:00"),
            _sub("s4", ids[2], "fleet_pro", 36, "209.00"),
            _sub("s5", ids[3], "remote_services", 12, "59.00", state="ended"),
        )])  # fmt: skip
        conn.execute(orders_t.insert(), [order_row({
            "id": "o1", "state": "pending_dealer_confirmation",
            "created_at": "2026-12-01T09:00:00+00:00",
            "items": [{"product_id": "vehicle_status", "vehicle_ids": [ids[3], ids[4]],
                       "term_months": 12}],
            "monthly": {"amount": "98.00", "currency": "SEK"},
            "total": {"amount": "1176.00", "currency": "SEK"}, "version": 1})])  # fmt: skip
        conn.execute(company_t.insert().values(id="c1", version=1,
                                               data={"id": "c1", "name": COMPANY}))  # fmt: skip
    cache.set_state("last_sync_at", _iso(dt.datetime.now().timestamp() - synced_ago))
    return ids


MONTHLY = "576.00 SEK"  # 2 x 139 + 89 + 209
YEARLY = "6912.00 SEK"


def _pane(qtbot, cache) -> DashboardPane:
    pane = DashboardPane(PaneContext(cache))
    qtbot.addWidget(pane)
    pane.resize(1000, 900)
    pane.show()
    qtbot.waitUntil(lambda: pane.overview is not None, timeout=10_000)
    return pane


def test_dashboard_shows_costs_subscriptions_attention_and_orders(qtbot, cache):
    _fill(cache, synced_ago=5)
    pane = _pane(qtbot, cache)
    tiles = pane.tiles
    assert tiles["monthly"].value.text() == MONTHLY
    assert tiles["yearly"].value.text() == YEARLY
    assert tiles["subscriptions"].value.text() == "4"
    assert tiles["pending_orders"].value.text() == "1"
    assert tiles["no_module"].value.text() == "1"
    assert tiles["no_product"].value.text() == "2"  # Van 03, Van 04 (the 6th has no module)
    assert "Cost per month: 576.00 SEK" == tiles["monthly"].accessibleName()
    costs = pane.costs_label.text()
    for text in ("Fleet management", "24 months", "139.00 SEK", "278.00 SEK", "Fleet Pro package",
                 "209.00 SEK", "Per month", MONTHLY, "Per year", YEARLY):  # fmt: skip
        assert text in costs, text
    subs = pane.subscriptions_label.text()
    assert "Ends 2/28/27" in subs or "Ends 2027-02-28" in subs or "Ends 28" in subs, subs
    assert "Renews" in subs and "Van 00" in subs
    assert subs.index("Digital logbook") < subs.index("Fleet management")  # ends first
    attention = pane.attention_label.text()
    assert (
        "Skåpbil utan modul" in attention
        and "Van 03, Van 04" in attention
        and "no active product" in attention
    )
    orders = pane.orders_label.text()
    assert "Vehicle status × 2" in orders and "98.00 SEK" in orders and "1176.00 SEK" in orders
    products = pane.products_label.text()
    assert "Data interface" in products and "94.00 SEK" in products and "Free" in products
    assert not pane.as_of_label.isVisible()  # synced seconds ago: no "as of"


def test_old_cache_data_says_as_of(qtbot, cache):
    _fill(cache, synced_ago=STALE_AFTER_S + 3600)
    pane = _pane(qtbot, cache)
    assert pane.as_of_label.isVisible() and "as of" in pane.as_of_label.text()
    assert "as of" in pane.tiles["monthly"].value.text()
    assert "as of" in pane.tiles["monthly"].accessibleName()
    assert "as of" not in pane.tiles["vehicles"].value.text()  # a count of cached rows


def _pdf_text(path) -> str:
    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_cost_overview_pdf_has_the_numbers_and_names(qtbot, cache, tmp_path):
    _fill(cache, synced_ago=STALE_AFTER_S + 3600)
    pane = _pane(qtbot, cache)
    path = tmp_path / "kostnader.pdf"
    with qtbot.waitSignal(pane.sig_pdf_written, timeout=20_000) as written:
        pane.export_pdf(str(path))
    assert written.args == [str(path)]
    assert pane.pdf_button.isEnabled()
    text = _pdf_text(path)
    for expected in (
        "Cost overview", COMPANY, "as of", "Costs", "Fleet management", "24 months",
        "278.00 SEK", "Fleet Pro package", "Per month", MONTHLY, "Per year", YEARLY,
        "Active subscriptions", "Van 00", "Van 01", "Van 02", "Renews", "Ends",
        "Pending orders", "Vehicle status × 2", "1176.00 SEK",
        "Vehicles without a communication module", "Skåpbil utan modul",
        "Vehicles with a module but no product", "Van 03, Van 04",
        "Products, prices and terms", "eVan complete package", "199.00 SEK", "Free",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Remote services" not in text.split("Products, prices and terms")[0]  # ended


def test_an_unwritable_pdf_path_says_why(qtbot, cache, tmp_path, monkeypatch):
    _fill(cache, synced_ago=5)
    pane = _pane(qtbot, cache)
    shown: list[str] = []
    monkeypatch.setattr(
        "mpro_desktop.views.dashboard.pane.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    pane.export_pdf(str(tmp_path / "missing" / "folder" / "x.pdf"))
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown[0].startswith("The PDF could not be saved to ")
    assert pane.pdf_button.isEnabled()


@pytest.mark.usefixtures("swedish")
def test_swedish_pdf(qtbot, cache, tmp_path):
    _fill(cache, synced_ago=5)
    pane = _pane(qtbot, cache)
    path = tmp_path / "sv.pdf"
    with qtbot.waitSignal(pane.sig_pdf_written, timeout=20_000):
        pane.export_pdf(str(path))
    text = _pdf_text(path)
    assert "Kostnadsöversikt" in text and "Aktiva abonnemang" in text and COMPANY in text


def _fill_many(cache, n: int) -> list[str]:
    """``n`` vans, each with one active subscription, named so no name is part of
    another ("Skåp 0007" is not inside "Skåp 0070")."""
    ids = fill_vehicles(cache, n)
    with cache.write() as conn:
        for i, vid in enumerate(ids):
            conn.execute(vehicles_t.update().where(vehicles_t.c.id == vid)
                         .values(name=f"Skåp {i:04d}"))  # fmt: skip
        conn.execute(products_t.insert(), [product_row({**p, "price": str(p["price"])})
                                           for p in CATALOGUE])  # fmt: skip
        conn.execute(subscriptions_t.insert(), [
            subscription_row(_sub(f"s{i}", vid, "fleet_management", 24, "139.00"))
            for i, vid in enumerate(ids)])  # fmt: skip
    cache.set_state("last_sync_at", _iso(dt.datetime.now().timestamp() - 5))
    return ids


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Page {} of {}"), ("sv", "Sida {} av {}")]
)
def test_a_long_cost_overview_is_paginated(qtbot, cache, tmp_path, request, language, label):
    """300 subscriptions run over several A4 pages: every page says "Page n of N",
    the subscriptions table repeats its header on each page it runs onto, and every
    subscription row is printed exactly once."""
    if language == "sv":
        request.getfixturevalue("swedish")
    n = 300
    _fill_many(cache, n)
    pane = _pane(qtbot, cache)
    assert len(pane.overview.subscriptions) == n
    path = tmp_path / f"many-{language}.pdf"
    with qtbot.waitSignal(pane.sig_pdf_written, timeout=60_000):
        pane.export_pdf(str(path))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages]
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert label.format(number, len(pages)) in text, (number, text[-200:])
    whole = " ".join(pages)
    for i in range(n):
        assert whole.count(f"Skåp {i:04d}") == 1, i
    # the header of the subscriptions table on every page that holds its rows
    end_date = "End date" if language == "en" else "Slutdatum"
    with_rows = [t for t in pages if "Skåp " in t]
    assert len(with_rows) > 1
    for text in with_rows:
        assert text.count(end_date) == 1, text[:300]
        assert text.index(end_date) < text.index("Skåp ")
