"""Which vehicles an order may name (R17, R20) and when a term ends (R20): pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from embedded_server.products.catalogue import CATALOGUE
from mpro_desktop.domain import order_eligibility as elig
from mpro_desktop.domain.subscription_terms import add_months, current_term_end

CAT = {p["id"]: p for p in CATALOGUE}
DIESEL = {"id": "d", "fuel_type": "diesel", "has_comm_module": True}
EVAN = {"id": "e", "fuel_type": "electric", "has_comm_module": True}
BARE = {"id": "b", "fuel_type": "diesel", "has_comm_module": False}


def test_a_package_needs_what_its_parts_need_and_their_terms() -> None:
    needs = elig.needs_of(["evan_complete"], CAT)
    assert needs.products == {"evan_complete", "fleet_management", "remote_services", "evan_charge"}
    assert needs.evan and needs.comm_module
    assert needs.terms == {"general", "subscription", "data_processing", "remote_services"}
    plain = elig.needs_of(["vehicle_status"], CAT)
    assert not plain.evan and plain.comm_module and plain.terms == {"general", "subscription"}


@pytest.mark.parametrize(
    ("products", "vehicle", "held", "why"),
    [
        (["evan_complete"], DIESEL, (), elig.NO_EVAN),
        (["evan_complete"], EVAN, (), None),
        (["fleet_management"], BARE, (), elig.NO_COMM_MODULE),
        (["fleet_pro"], DIESEL, {"vehicle_status"}, elig.ALREADY_SUBSCRIBED),
        (["remote_services"], DIESEL, {"vehicle_status"}, None),
    ],
)
def test_why_a_vehicle_may_not_be_ordered_for(products, vehicle, held, why) -> None:
    assert elig.why_ineligible(vehicle, elig.needs_of(products, CAT), held) == why


def test_refusals_lists_every_reason_in_the_portals_order() -> None:
    bare_diesel = {"fuel_type": "diesel", "has_comm_module": False}
    needs = elig.needs_of(["evan_complete"], CAT)
    assert elig.refusals(bare_diesel, needs, {"evan_charge"}) == [
        elig.NO_EVAN,
        elig.NO_COMM_MODULE,
        elig.ALREADY_SUBSCRIBED,
    ]
    assert elig.refusals(EVAN, needs) == []


def test_held_counts_active_subscriptions_with_parts_and_pending_orders_only() -> None:
    subs = [
        {"vehicle_id": "d", "product_id": "fleet_pro", "state": "active"},
        {"vehicle_id": "e", "product_id": "remote_services", "state": "ended"},
    ]
    orders = [
        {
            "state": "pending_dealer_confirmation",
            "items": [{"product_id": "evan_charge", "vehicle_ids": ["e"]}],
        },
        {"state": "active", "items": [{"product_id": "data_interface", "vehicle_ids": ["d"]}]},
    ]
    held = elig.held_products(subs, orders, CAT)
    assert held == {
        "d": {"fleet_pro", "fleet_management", "digital_logbook", "vehicle_status"},
        "e": {"evan_charge"},
    }


def test_a_package_and_its_part_overlap() -> None:
    assert elig.overlapping(["fleet_pro", "digital_logbook"], CAT) == (
        "fleet_pro",
        "digital_logbook",
    )
    assert elig.overlapping(["fleet_pro", "remote_services"], CAT) is None


def test_the_current_term_end_rolls_on_with_renewals() -> None:
    start = dt.datetime(2026, 1, 31, 9, tzinfo=dt.UTC)
    assert add_months(start, 1) == dt.datetime(2026, 2, 28, 9, tzinfo=dt.UTC)
    assert current_term_end(start, 12, start + dt.timedelta(days=3)) == add_months(start, 12)
    later = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)  # the first year is over: the second ends
    assert current_term_end(start, 12, later) == dt.datetime(2028, 1, 31, 9, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        current_term_end(start, 0, later)
