"""The Dashboard's cost overview (SPEC R19, R20, FAQ Q4): what the active subscriptions
cost per month and per year, priced by ``pricing.quote`` at the price each was bought
at; which vehicles lack a module or a product; which orders wait for a dealer."""

from __future__ import annotations

from embedded_server.products.catalogue import CATALOGUE
from mpro_desktop.domain.cost_overview import cost_overview
from mpro_desktop.domain.pricing import price_list, quote

PRODUCTS = [{**p, "price": str(p["price"])} for p in CATALOGUE]


def _sub(sid, vid, pid, term, price, *, state="active", end_at=None):
    return {"id": sid, "vehicle_id": vid, "product_id": pid, "term_months": term,
            "price": price, "state": state, "currency": "SEK", "end_at": end_at,
            "term_end_at": f"2027-0{int(sid[1:]) % 9 + 1}-01T00:00:00+00:00"}  # fmt: skip


VEHICLES = [
    {"id": "v1", "name": "Van 1", "vin": "V1", "has_comm_module": True, "module_active": True},
    {"id": "v2", "name": "Van 2", "vin": "V2", "has_comm_module": True, "module_active": True},
    {"id": "v3", "name": None, "vin": "WDB9066351S000003", "has_comm_module": True},
    {"id": "v4", "name": "Gammal skåpbil", "vin": "V4", "has_comm_module": False},
    {"id": "v5", "name": "Van 5", "vin": "V5", "has_comm_module": True, "module_active": True},
]


def test_monthly_and_yearly_cost_of_the_active_subscriptions():
    subs = [
        _sub("s1", "v1", "fleet_management", 24, "139.00"),
        _sub("s2", "v2", "fleet_management", 24, "139.00"),
        _sub("s3", "v1", "digital_logbook", 12, "89.00", end_at="2026-12-31T00:00:00+00:00"),
        _sub("s4", "v5", "fleet_pro", 36, None),  # older one: the catalogue's 36-month price
        _sub("s5", "v2", "vehicle_status", 12, "49.00", state="ended"),
        _sub("s6", "gone", "vehicle_status", 12, "49.00"),  # its vehicle was removed
    ]
    o = cost_overview(PRODUCTS, subs, VEHICLES, [])
    catalogue = {p["id"]: price_list(p) for p in PRODUCTS}
    expected = quote(
        [("fleet_management", 2, 24), ("digital_logbook", 1, 12), ("fleet_pro", 1, 36)], catalogue
    )
    assert o.monthly_ore == expected.monthly_ore == 2 * 13900 + 8900 + 20900
    assert o.yearly_ore == 12 * o.monthly_ore
    assert isinstance(o.monthly_ore, int) and o.currency == "SEK"
    assert [(c.product_name, c.term_months, c.vehicles, c.unit_monthly_ore, c.monthly_ore)
            for c in o.lines] == [
        ("Digital logbook", 12, 1, 8900, 8900),
        ("Fleet management", 24, 2, 13900, 27800),
        ("Fleet Pro package", 36, 1, 20900, 20900),
    ]  # fmt: skip
    assert len(o.subscriptions) == 4
    assert o.subscriptions[0].id == "s3" and o.subscriptions[0].end_at  # ends first
    assert o.unpriced == 0


def test_a_subscription_bought_at_an_older_price_costs_that_price():
    subs = [_sub("s1", "v1", "fleet_management", 12, "139.50"),
            _sub("s2", "v2", "fleet_management", 12, "149.00")]  # fmt: skip
    o = cost_overview(PRODUCTS, subs, VEHICLES, [])
    assert o.monthly_ore == 13950 + 14900
    assert sorted(c.unit_monthly_ore for c in o.lines) == [13950, 14900]


def test_vehicles_without_module_or_product_and_pending_orders():
    subs = [_sub("s1", "v1", "fleet_management", 12, "149.00")]
    orders = [
        {"id": "o1", "state": "pending_dealer_confirmation", "items": []},
        {"id": "o2", "state": "active", "items": []},
    ]
    o = cost_overview(PRODUCTS, subs, VEHICLES, orders)
    assert o.without_module == ("Gammal skåpbil",)
    assert o.without_product == ("Van 2", "Van 5", "WDB9066351S000003")
    assert [x["id"] for x in o.pending_orders] == ["o1"]
    assert o.products[0]["free"] and not o.products[-1]["free"]


def test_nothing_bought_costs_nothing_and_garbage_is_not_summed():
    o = cost_overview(PRODUCTS, [], VEHICLES, [])
    assert (o.monthly_ore, o.yearly_ore, o.lines) == (0, 0, ())
    bad = [_sub("s1", "v1", "unknown", 12, "abc"), _sub("s2", "v2", "fleet_management", 0, None)]
    o = cost_overview(PRODUCTS + [{"id": "broken", "term_prices": {"x": "1"}}], bad, VEHICLES, [])
    assert o.monthly_ore == 0 and o.unpriced == 2 and len(o.subscriptions) == 2
