"""The one cost function (R19, R20): per product, per package, per term; integer öre."""

from __future__ import annotations

from decimal import Decimal

import pytest

from embedded_server.products.catalogue import CATALOGUE
from mpro_desktop.domain import pricing

PRICES = {p["id"]: pricing.price_list(p) for p in CATALOGUE}


def test_money_is_exact_integer_ore() -> None:
    assert pricing.to_ore(Decimal("149.00")) == 14900
    assert pricing.to_ore("0.01") == 1
    assert pricing.from_ore(14900) == Decimal("149.00")
    with pytest.raises(TypeError):
        pricing.to_ore(149.0)  # type: ignore[arg-type]
    with pytest.raises(pricing.PricingError):
        pricing.to_ore("1.005")


def test_per_product_per_term_monthly_and_total() -> None:
    q = pricing.quote([("fleet_management", 3, 12)], PRICES)
    (line,) = q.lines
    assert (line.unit_monthly_ore, line.monthly_ore, line.total_ore) == (14900, 44700, 536400)
    assert q.monthly_ore == 44700 and q.total_ore == 536400 and q.yearly_ore == 536400
    q36 = pricing.quote([("fleet_management", 3, 36)], PRICES)
    assert q36.lines[0].unit_monthly_ore == 12900 and q36.total_ore == 12900 * 3 * 36
    assert q36.per_term == {36: 12900 * 3 * 36}


def test_package_price_and_saving_against_its_parts() -> None:
    q = pricing.quote([("fleet_pro", 2, 24)], PRICES)
    (line,) = q.lines
    parts = 13900 + 8400 + 4500  # fleet management + digital logbook + vehicle status, 24 m
    assert line.parts_monthly_ore == parts
    assert line.unit_monthly_ore == 22500
    assert line.saving_ore == (parts - 22500) * 2 * 24
    assert q.saving_ore == line.saving_ore and q.total_ore == 22500 * 2 * 24


def test_lines_of_several_terms_add_up_and_group_per_term() -> None:
    q = pricing.quote([("fleet_management", 1, 12), ("remote_services", 2, 36),
                       ("evan_complete", 1, 36)], PRICES)
    assert q.monthly_ore == 14900 + 2 * 4900 + 19900
    assert q.per_term == {12: 14900 * 12, 36: (2 * 4900 + 19900) * 36}
    assert q.total_ore == sum(q.per_term.values())


def test_unknown_product_or_term_is_an_error() -> None:
    with pytest.raises(pricing.PricingError) as e:
        pricing.quote([("nope", 1, 12)], PRICES)
    assert e.value.code == "unknown_product"
    with pytest.raises(pricing.PricingError) as e:
        pricing.quote([("fleet_management", 1, 18)], PRICES)
    assert e.value.code == "term_not_offered"


def test_the_catalogue_is_complete() -> None:
    """R19: free items, the six paid products with 12/24/36 prices, two packages whose
    parts exist and whose price is below the parts; each names terms and requirements."""
    by_id = {p["id"]: p for p in CATALOGUE}
    assert {"portal", "vehicle_administration"} <= {p["id"] for p in CATALOGUE if p["free"]}
    paid = {"fleet_management", "digital_logbook", "remote_services", "vehicle_status",
            "evan_charge", "data_interface"}
    assert paid <= set(by_id)
    packages = [p for p in CATALOGUE if p["package_of"]]
    assert len(packages) >= 2
    for p in CATALOGUE:
        assert p["required_terms"] and p["currency"] == "SEK"
        assert isinstance(p["requires_evan"], bool) and isinstance(p["requires_comm_module"], bool)
        if not p["free"]:
            assert sorted(int(t) for t in p["term_prices"]) == [12, 24, 36]
    for pkg in packages:
        assert set(pkg["package_of"]) <= paid
        for term in (12, 24, 36):
            parts = sum(PRICES[x].monthly_ore[term] for x in pkg["package_of"])
            assert PRICES[pkg["id"]].monthly_ore[term] < parts
    assert by_id["evan_charge"]["requires_evan"] and by_id["evan_complete"]["requires_evan"]
