"""Which vehicles an order may name (R17, R20): the one rule for both sides.

The portal's order check (``embedded_server.orders.service``) refuses with these reasons
as its codes (``requires_evan``, ``requires_comm_module``, ``already_subscribed``); the
order wizard asks the same functions before it sends, so it keeps the user from choosing
a vehicle the portal would refuse, and says why. Products and vehicles are mappings: the
cache's JSON on the desktop, the ORM rows' columns on the portal (a product's
``package_of``, ``requires_evan``, ``requires_comm_module``, ``required_terms``; a
vehicle's ``fuel_type``, ``has_comm_module``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .pricing import components
from .vehicles import is_evan

__all__ = [
    "ALREADY_SUBSCRIBED",
    "NO_COMM_MODULE",
    "NO_EVAN",
    "Needs",
    "held_products",
    "needs_of",
    "overlapping",
    "refusals",
    "why_ineligible",
]

#: the reasons, named as the portal's refusal codes
NO_EVAN, NO_COMM_MODULE, ALREADY_SUBSCRIBED = (
    "requires_evan",
    "requires_comm_module",
    "already_subscribed",
)
PENDING = "pending_dealer_confirmation"


@dataclass(frozen=True)
class Needs:
    """What a set of products asks of a vehicle: every product they bundle, and whether
    any of those needs an eVan or a communication module."""

    products: frozenset[str]
    evan: bool
    comm_module: bool
    #: the terms documents an order of them needs accepted (R21)
    terms: frozenset[str] = frozenset()


def _parts(catalogue: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    return {pid: list(p.get("package_of") or ()) for pid, p in catalogue.items()}


def needs_of(product_ids: Iterable[str], catalogue: Mapping[str, Mapping[str, Any]]) -> Needs:
    parts = _parts(catalogue)
    wanted: set[str] = set()
    for pid in product_ids:
        wanted |= components(pid, parts)
    known = [catalogue[p] for p in wanted if p in catalogue]
    return Needs(
        products=frozenset(wanted),
        evan=any(p.get("requires_evan") for p in known),
        comm_module=any(p.get("requires_comm_module") for p in known),
        terms=frozenset(t for p in known for t in p.get("required_terms") or ()),
    )


def overlapping(
    product_ids: Sequence[str], catalogue: Mapping[str, Mapping[str, Any]]
) -> tuple[str, str] | None:
    """Two chosen products that share a product (a package and one of its parts), or
    None: one order may name a product for a vehicle only once."""
    parts = _parts(catalogue)
    for i, a in enumerate(product_ids):
        for b in product_ids[i + 1 :]:
            if components(a, parts) & components(b, parts):
                return a, b
    return None


def held_products(
    subscriptions: Iterable[Mapping[str, Any]],
    orders: Iterable[Mapping[str, Any]],
    catalogue: Mapping[str, Mapping[str, Any]],
) -> dict[str, set[str]]:
    """Vehicle id -> the products it holds (active subscriptions, with a package's
    parts) or has on an order waiting for a dealer."""
    parts = _parts(catalogue)
    held: dict[str, set[str]] = {}
    for s in subscriptions:
        if s.get("state") == "active" and s.get("vehicle_id") and s.get("product_id"):
            held.setdefault(str(s["vehicle_id"]), set()).update(
                components(str(s["product_id"]), parts)
            )
    for o in orders:
        if o.get("state") != PENDING:
            continue
        for item in o.get("items") or ():
            for vid in item.get("vehicle_ids") or ():
                held.setdefault(str(vid), set()).update(
                    components(str(item.get("product_id")), parts)
                )
    return held


def refusals(vehicle: Mapping[str, Any], needs: Needs, held: Iterable[str] = ()) -> list[str]:
    """Every reason ``vehicle`` may not be ordered for, in the order they are checked
    (:data:`NO_EVAN`, :data:`NO_COMM_MODULE`, :data:`ALREADY_SUBSCRIBED`); empty if it may."""
    out: list[str] = []
    if needs.evan and not is_evan(vehicle.get("fuel_type")):
        out.append(NO_EVAN)
    if needs.comm_module and not vehicle.get("has_comm_module", True):
        out.append(NO_COMM_MODULE)
    if needs.products & set(held):
        out.append(ALREADY_SUBSCRIBED)
    return out


def why_ineligible(
    vehicle: Mapping[str, Any], needs: Needs, held: Iterable[str] = ()
) -> str | None:
    """None if ``vehicle`` may be ordered for; else the first reason it may not."""
    reasons = refusals(vehicle, needs, held)
    return reasons[0] if reasons else None
