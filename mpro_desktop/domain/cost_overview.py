"""What the company's connectivity costs now (SPEC R19, R20; FAQ Q4): the one set of
facts the Dashboard shows and its PDF prints, from cache rows (so offline too).

The money maths is :func:`mpro_desktop.domain.pricing.quote`'s, never redone here:
the active subscriptions are grouped by product, term and the monthly price each one
was bought at (its ``price``; the catalogue's for an older one without), and quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mpro_desktop.domain.pricing import PriceList, PricingError, price_list, quote, to_ore
from mpro_desktop.domain.vehicles import MODULE_NONE, module_state

ACTIVE = "active"
PENDING = "pending_dealer_confirmation"


@dataclass(frozen=True, slots=True)
class CostLine:
    """One product at one term and price: how many vehicles, and what they cost."""

    product_id: str
    product_name: str
    term_months: int
    vehicles: int
    unit_monthly_ore: int  #: per vehicle and month
    monthly_ore: int  #: all its vehicles, per month


@dataclass(frozen=True, slots=True)
class ActiveSubscription:
    id: str
    vehicle_id: str
    vehicle_name: str
    product_name: str
    term_months: int
    monthly_ore: int | None
    #: set when it was ended and runs out then (cancelled); else it renews
    end_at: str | None
    term_end_at: str | None


@dataclass(frozen=True, slots=True)
class CostOverview:
    currency: str
    monthly_ore: int
    yearly_ore: int
    lines: tuple[CostLine, ...]
    subscriptions: tuple[ActiveSubscription, ...]
    #: vehicle names (else VIN): no communication module (R17) / a module, no product
    without_module: tuple[str, ...]
    without_product: tuple[str, ...]
    pending_orders: tuple[Mapping[str, Any], ...]
    #: the catalogue, free items first, then by name (each product's row as cached)
    products: tuple[Mapping[str, Any], ...]
    #: active subscriptions that could not be priced (no price, product unknown)
    unpriced: int = 0


def _vehicle_label(vehicle: Mapping[str, Any]) -> str:
    return str(vehicle.get("name") or vehicle.get("vin") or vehicle.get("id") or "")


def _unit_ore(sub: Mapping[str, Any], catalogue: Mapping[str, PriceList]) -> int | None:
    price = sub.get("price")
    if price is not None and not isinstance(price, bool | float):
        try:
            return to_ore(price)
        except (PricingError, TypeError):
            pass
    pl = catalogue.get(str(sub.get("product_id")))
    term = sub.get("term_months")
    if pl is None or not isinstance(term, int):
        return None
    return 0 if pl.free else pl.monthly_ore.get(term)


def _catalogue(products: Iterable[Mapping[str, Any]]) -> dict[str, PriceList]:
    out: dict[str, PriceList] = {}
    for p in products:
        try:
            out[str(p["id"])] = price_list(p)
        except (PricingError, KeyError, TypeError, ValueError):
            continue  # a catalogue row the cache holds but can't price: listed, not summed
    return out


def cost_overview(
    products: Sequence[Mapping[str, Any]],
    subscriptions: Sequence[Mapping[str, Any]],
    vehicles: Sequence[Mapping[str, Any]],
    orders: Sequence[Mapping[str, Any]],
) -> CostOverview:
    """The overview from the cache's products, subscriptions, vehicles and orders."""
    catalogue = _catalogue(products)
    names = {str(p.get("id")): str(p.get("name") or p.get("id")) for p in products}
    by_vehicle = {v.get("id"): v for v in vehicles}
    active = [
        s for s in subscriptions if s.get("state") == ACTIVE and s.get("vehicle_id") in by_vehicle
    ]
    groups: dict[tuple[str, int, int], int] = {}
    unpriced = 0
    subs: list[ActiveSubscription] = []
    for s in active:
        unit = _unit_ore(s, catalogue)
        term = s.get("term_months") if isinstance(s.get("term_months"), int) else 0
        pid = str(s.get("product_id"))
        if unit is None or not term:
            unpriced += 1
        else:
            groups[(pid, term, unit)] = groups.get((pid, term, unit), 0) + 1
        subs.append(
            ActiveSubscription(
                id=str(s.get("id")),
                vehicle_id=str(s.get("vehicle_id")),
                vehicle_name=_vehicle_label(by_vehicle[s.get("vehicle_id")]),
                product_name=names.get(pid, pid),
                term_months=term,
                monthly_ore=unit,
                end_at=s.get("end_at"),
                term_end_at=s.get("term_end_at"),
            )
        )
    # Each (product, term, price) is its own price list, so quote() sums what was bought.
    keys = {key: f"{key[0]}@{key[1]}@{key[2]}" for key in groups}
    priced = {
        keys[key]: PriceList(
            keys[key],
            {key[1]: key[2]},
            currency=catalogue[key[0]].currency if key[0] in catalogue else "SEK",
        )
        for key in groups
    }
    q = quote(((keys[key], n, key[1]) for key, n in sorted(groups.items())), priced)
    back = {v: k for k, v in keys.items()}
    lines = tuple(
        CostLine(
            product_id=back[line.product_id][0],
            product_name=names.get(back[line.product_id][0], back[line.product_id][0]),
            term_months=line.term_months,
            vehicles=line.vehicles,
            unit_monthly_ore=line.unit_monthly_ore,
            monthly_ore=line.monthly_ore,
        )
        for line in q.lines
    )
    held = {s.get("vehicle_id") for s in active}
    without_module = sorted(
        (_vehicle_label(v) for v in vehicles if module_state(v) == MODULE_NONE), key=str.lower
    )
    without_product = sorted(
        (
            _vehicle_label(v)
            for v in vehicles
            if v.get("id") not in held and module_state(v) != MODULE_NONE
        ),
        key=str.lower,
    )
    return CostOverview(
        currency=q.currency,
        monthly_ore=q.monthly_ore,
        yearly_ore=q.yearly_ore,
        lines=tuple(sorted(lines, key=lambda c: (c.product_name.lower(), c.term_months))),
        subscriptions=tuple(
            sorted(subs, key=lambda s: (s.end_at or s.term_end_at or "", s.vehicle_name.lower()))
        ),
        without_module=tuple(without_module),
        without_product=tuple(without_product),
        pending_orders=tuple(o for o in orders if o.get("state") == PENDING),
        products=tuple(
            sorted(products, key=lambda p: (not p.get("free"), str(p.get("name") or "").lower()))
        ),
        unpriced=unpriced,
    )
