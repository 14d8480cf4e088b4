"""Order rules (R10, R17, R18, R20, R21).

An order is product x vehicles per line. It is checked in this order: products and terms
offered (422), the vehicles are the company's and registered (404/409), eVan and
communication module (422 ``requires_evan`` / ``requires_comm_module`` naming the
vehicles), nothing the vehicle holds already or has on a pending order (409
``already_subscribed``), the orderer accepted the current version of every term the
products need (409 ``terms_missing`` with ``missing_terms``). It is priced by the one
domain function (``mpro_desktop.domain.pricing.quote``). A verified orderer's order is
``active`` at once: one subscription per vehicle and product, the module activated; an
unverified one's waits as ``pending_dealer_confirmation`` until a dealer in a support
session on that company confirms it (:func:`confirm`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.audit import service as audit
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.jobs import retention
from embedded_server.models import Product, Subscription, Vehicle
from embedded_server.orders import repository as repo
from embedded_server.orders.models import Order
from embedded_server.orders.schemas import OrderOut
from embedded_server.products import repository as products_repo
from embedded_server.products import service as products
from embedded_server.tenancy import AuthContext, DealerContext
from embedded_server.terms import service as terms
from embedded_server.users import repository as users_repo
from embedded_server.vehicles import repository as vehicles_repo
from mpro_desktop.domain import order_eligibility as elig
from mpro_desktop.domain import pricing
from mpro_desktop.domain.subscription_terms import add_months, current_term_end

ACTIVE, PENDING = "active", "pending_dealer_confirmation"


def feed_order(session: Session, order: Order) -> None:
    append_change(session, company_id=order.company_id, entity="order", entity_id=order.id,
                  op="upsert", data=OrderOut.dump(order), version=order.version)


def _catalogue(session: Session) -> dict[str, Product]:
    return {p.id: p for p in products_repo.list_products(session)}


def _price_lists(catalogue: dict[str, Product]) -> dict[str, pricing.PriceList]:
    return {pid: pricing.price_list({"id": p.id, "term_prices": p.term_prices, "free": p.free,
                                     "package_of": p.package_of, "currency": p.currency})
            for pid, p in catalogue.items()}


def _parts(catalogue: dict[str, Product]) -> dict[str, list[str]]:
    return {pid: list(p.package_of or []) for pid, p in catalogue.items()}


def _rule_catalogue(catalogue: dict[str, Product]) -> dict[str, dict[str, Any]]:
    """The products as ``domain.order_eligibility`` reads them (the cache's JSON keys)."""
    return {pid: {"package_of": list(p.package_of or []), "requires_evan": p.requires_evan,
                  "requires_comm_module": p.requires_comm_module,
                  "required_terms": list(p.required_terms or [])}
            for pid, p in catalogue.items()}


def _rule_vehicle(v: Vehicle) -> dict[str, Any]:
    return {"fuel_type": v.fuel_type, "has_comm_module": v.has_comm_module}


def _money(ore: int, currency: str) -> dict[str, str]:
    return {"amount": str(pricing.from_ore(ore)), "currency": currency}


class _Checked:
    """An order's lines after every check: (product, [vehicles], term) each."""

    def __init__(self, lines: list[tuple[Product, list[Vehicle], int]],
                 required_terms: set[str], quote: pricing.Quote) -> None:
        self.lines, self.required_terms, self.quote = lines, required_terms, quote


def _check(session: Session, company_id: str, user_id: str, items: Sequence[dict[str, Any]],
           *, exclude_order: str | None = None) -> _Checked:
    catalogue = _catalogue(session)
    parts = _parts(catalogue)
    lines: list[tuple[Product, list[Vehicle], int]] = []
    for i, item in enumerate(items):
        product = catalogue.get(item["product_id"])
        if product is None:
            raise ProblemError(422, "unknown_product", f"Unknown product {item['product_id']!r}.",
                               fields=[f"items.{i}.product_id"])
        if product.free:
            raise ProblemError(422, "not_orderable",
                               f"{product.name} is free and needs no order.",
                               fields=[f"items.{i}.product_id"])
        if str(item["term_months"]) not in (product.term_prices or {}):
            raise ProblemError(422, "term_not_offered",
                               f"{product.name} is not sold for {item['term_months']} months.",
                               fields=[f"items.{i}.term_months"],
                               terms=sorted(int(t) for t in (product.term_prices or {})))
        vehicles: list[Vehicle] = []
        for vid in item["vehicle_ids"]:
            v = vehicles_repo.get_for_company(session, company_id, vid)
            if v is None:
                raise ProblemError(404, "not_found", "Vehicle not found.", vehicle_id=vid)
            if v.removed_at is not None:
                raise ProblemError(409, "vehicle_removed",
                                   "The vehicle was removed from the account.", vehicle_id=vid)
            vehicles.append(v)
        lines.append((product, vehicles, int(item["term_months"])))
    # the same product for a vehicle twice in one order (directly or through a package)
    seen: dict[str, set[str]] = {}
    for product, vehicles, _term in lines:
        for v in vehicles:
            got = seen.setdefault(v.public_id, set())
            new = pricing.components(product.id, parts)
            if got & new:
                raise ProblemError(422, "duplicate_item",
                                   "The order names a product for a vehicle twice.",
                                   vehicle_id=v.public_id, product_ids=sorted(got & new))
            got |= new
    # eVan, module and already held: the one domain rule the order wizard asks too
    cat = _rule_catalogue(catalogue)
    needs = [elig.needs_of([product.id], cat) for product, _vehicles, _term in lines]
    for code, what in ((elig.NO_EVAN, "an eVan"),
                       (elig.NO_COMM_MODULE, "a communication module")):
        bad: list[str] = []
        names: list[str] = []
        for (product, vehicles, _term), need in zip(lines, needs, strict=True):
            wrong = [v.public_id for v in vehicles if code in elig.refusals(_rule_vehicle(v), need)]
            if wrong:
                names.append(product.id)
                bad.extend(x for x in wrong if x not in bad)
        if bad:
            raise ProblemError(422, code, f"{', '.join(names)} needs {what}; these vehicles "
                               "have none.", vehicle_ids=bad, product_ids=names)
    pending: dict[str, set[str]] = {}
    for o in repo.pending_orders(session, company_id):
        if o.id == exclude_order:
            continue
        for it in o.items:
            for vid in it["vehicle_ids"]:
                pending.setdefault(vid, set()).update(pricing.components(it["product_id"], parts))
    conflicts: list[dict[str, str]] = []
    for (_product, vehicles, _term), need in zip(lines, needs, strict=True):
        for v in vehicles:
            held = products.held_products(session, v.id) | pending.get(v.public_id, set())
            for p in sorted(need.products & held):
                conflicts.append({"vehicle_id": v.public_id, "product_id": p})
    if conflicts:
        raise ProblemError(409, elig.ALREADY_SUBSCRIBED,
                           "A vehicle already holds (or has on order) a product of this order.",
                           conflicts=conflicts)
    required: set[str] = set().union(*(need.terms for need in needs))
    missing = terms.missing_terms(session, company_id, user_id, required)
    if missing:
        raise ProblemError(409, "terms_missing",
                           "Accept these terms before ordering: " + ", ".join(missing) + ".",
                           missing_terms=missing)
    quote = pricing.quote([(p.id, len(vs), term) for p, vs, term in lines],
                          _price_lists(catalogue))
    return _Checked(lines, required, quote)


def _activate(session: Session, order: Order, checked: _Checked, now: dt.datetime) -> None:
    """The order's subscriptions start now and the vehicles' modules activate (R17)."""
    order.state = ACTIVE
    order.binding_terms = terms.binding(session, order.company_id, order.ordered_by,
                                        checked.required_terms)
    for (product, vehicles, term), line in zip(checked.lines, checked.quote.lines, strict=True):
        for v in vehicles:
            sub = Subscription(id=str(uuid.uuid4()), company_id=order.company_id,
                               vehicle_id=v.id, product_id=product.id, state="active",
                               order_id=order.id, term_months=term,
                               price=pricing.from_ore(line.unit_monthly_ore),
                               currency=checked.quote.currency, start_at=now,
                               term_end_at=add_months(now, term), version=1)
            session.add(sub)
            session.flush()
            products.feed_subscription(session, sub)
            products.settle_module(session, v)


def place_order(session: Session, *, auth: AuthContext, order_id: str | None,
                items: Sequence[dict[str, Any]]) -> Order:
    lock_company(session, auth.company_id)  # one order at a time per company: no double booking
    if order_id is not None:
        try:
            order_id = str(uuid.UUID(order_id))
        except ValueError:
            raise ProblemError(422, "validation_error", "id must be a UUID.", fields=["id"]) from None
        if repo.get_order(session, auth, order_id) is not None:
            raise ProblemError(409, "id_conflict", "An order with this id exists.")
    checked = _check(session, auth.company_id, auth.user_id, items)
    now = utcnow()
    user = users_repo.get_user(session, auth, auth.user_id)
    currency = checked.quote.currency
    order = Order(
        company_id=auth.company_id, id=order_id or str(uuid.uuid4()), ordered_by=auth.user_id,
        state=PENDING, currency=currency, binding_terms=[],
        items=[_priced_line(p, vs, term, line, currency)
               for (p, vs, term), line in zip(checked.lines, checked.quote.lines, strict=True)],
        total_amount=pricing.from_ore(checked.quote.total_ore),
        monthly_amount=pricing.from_ore(checked.quote.monthly_ore),
        created_at=now, updated_at=now, version=1)
    session.add(order)
    session.flush()
    if user is not None and user.verified:
        order.confirmed_at = now
        _activate(session, order, checked, now)
    session.flush()
    feed_order(session, order)
    audit.record(session, company_id=auth.company_id, actor_user_id=auth.user_id,
                 actor_dealer_id=auth.dealer_id,
                 acting_as_user_id=auth.user_id if auth.dealer_id else None,
                 action="order.placed", target_type="order", target_id=order.id,
                 detail={"state": order.state, "total": str(order.total_amount),
                         "currency": currency})
    return order


def _priced_line(product: Product, vehicles: list[Vehicle], term: int, line: pricing.Line,
               currency: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "product_id": product.id, "vehicle_ids": [v.public_id for v in vehicles],
        "term_months": term, "unit_price": _money(line.unit_monthly_ore, currency),
        "monthly": _money(line.monthly_ore, currency), "total": _money(line.total_ore, currency),
    }
    if line.parts_monthly_ore is not None:
        out["parts_price"] = _money(line.parts_monthly_ore, currency)
        out["saving"] = _money(line.saving_ore, currency)
    return out


def confirm(session: Session, *, dealer: DealerContext, order_id: str) -> Order:
    """R10/R20: a dealer in a support session on the order's company confirms a pending
    order; its subscriptions start. The orderer's terms must all be accepted (R21)."""
    auth = dealer.acting_as
    if dealer.support_session_id is None or auth is None:
        raise ProblemError(403, "support_session_required",
                           "Open a support session on the customer's company first.")
    lock_company(session, auth.company_id)
    order = repo.get_order(session, auth, order_id)
    if order is None:
        raise ProblemError(404, "not_found", "Order not found.")
    if order.state != PENDING:
        raise ProblemError(409, "order_not_pending", "The order is not waiting for confirmation.",
                           state=order.state)
    items = [{"product_id": it["product_id"], "vehicle_ids": it["vehicle_ids"],
              "term_months": it["term_months"]} for it in order.items]
    checked = _check(session, auth.company_id, order.ordered_by, items, exclude_order=order.id)
    now = utcnow()
    order.confirmed_at, order.confirmed_by = now, dealer.dealer_id
    _activate(session, order, checked, now)
    order.version += 1
    order.updated_at = now
    session.flush()
    feed_order(session, order)
    audit.record(session, company_id=auth.company_id, actor_dealer_id=dealer.dealer_id,
                 acting_as_user_id=auth.user_id, action="order.confirmed",
                 target_type="order", target_id=order.id,
                 detail={"ordered_by": order.ordered_by, "total": str(order.total_amount)})
    return order


def list_orders(session: Session, *, auth: AuthContext) -> list[Order]:
    return repo.list_orders(session, auth)


def list_subscriptions(session: Session, *, auth: AuthContext) -> list[Subscription]:
    return repo.list_subscriptions(session, auth)


def end_subscription(session: Session, *, auth: AuthContext, subscription_id: str,
                     immediately: bool) -> Subscription:
    """End at the end of the current term (the default) or at once; the vehicle's module
    is deactivated when its last service ends (R17, R18)."""
    sub = repo.get_subscription(session, auth, subscription_id)
    if sub is None:
        raise ProblemError(404, "not_found", "Subscription not found.")
    if sub.state != "active":
        raise ProblemError(409, "subscription_ended", "The subscription has ended already.")
    now = utcnow()
    end = now if immediately or not sub.term_months else _term_end(sub, now)
    if end <= now:
        products.end_subscription_now(session, sub)
        products.settle_module(session, sub.vehicle)
    else:
        sub.end_at = end
        sub.cancelled_at = sub.cancelled_at or now
        sub.version += 1
        session.flush()
        products.feed_subscription(session, sub)
    audit.record(session, company_id=auth.company_id, actor_user_id=auth.user_id,
                 actor_dealer_id=auth.dealer_id, action="subscription.ended",
                 target_type="subscription", target_id=sub.id,
                 detail={"end_at": sub.end_at.isoformat() if sub.end_at else None,
                         "immediately": immediately})
    return sub


def _term_end(sub: Subscription, now: dt.datetime) -> dt.datetime:
    """The end of the subscription's current term (terms renew until it is ended)."""
    assert sub.term_months
    return current_term_end(sub.start_at, sub.term_months, now, sub.term_end_at)


def provision_module(session: Session, *, auth: AuthContext, vehicle_id: str) -> dict[str, str]:
    v = vehicles_repo.get_for_company(session, auth.company_id, vehicle_id)
    if v is None:
        raise ProblemError(404, "not_found", "Vehicle not found.")
    token = products.provision_module(session, vehicle=v)
    audit.record(session, company_id=auth.company_id, actor_user_id=auth.user_id,
                 actor_dealer_id=auth.dealer_id, action="vehicle.module_provisioned",
                 target_type="vehicle", target_id=v.public_id)
    return {"vehicle_id": v.public_id, "module_token": token}


# -- background jobs (the sweep in embedded_server/app.py) --------------------------------


def end_due(factory: Any) -> int:
    """End the cancelled subscriptions whose term end has come; settle their modules."""
    with factory() as session:
        due = repo.due_subscriptions(session, utcnow())
        for company_id in sorted({s.company_id for s in due}):
            lock_company(session, company_id)
        for sub in due:
            products.end_subscription_now(session, sub)
            products.settle_module(session, sub.vehicle)
        session.commit()
        return len(due)


#: R18 purge: how long after the company's last service ended (a minute: a removal and
#: a new order in quick succession, e.g. the guided move of R9, keep the history)
HISTORY_PURGE_DELAY_S = 60.0


def purge_history(factory: Any, *, delay_s: float = HISTORY_PURGE_DELAY_S) -> list[str]:
    """R18: a company with no active paid service left loses the history of its removed
    vehicles and of its vehicles without an active service (that is: all of them), once
    its last service ended ``delay_s`` ago. Returns the companies purged."""
    purged: list[str] = []
    cutoff = utcnow() - dt.timedelta(seconds=delay_s)

    def due(session: Session, company_id: str) -> bool:
        return repo.active_paid_count(session, company_id) == 0 and (
            (last := repo.last_service_end(session, company_id)) is None or last <= cutoff)

    with factory(readonly=True) as session:
        companies = [c for c in repo.companies_with_history(session) if due(session, c)]
    for company_id in companies:
        # the samples in small batches first (a service booked meanwhile stops it), then
        # the trips and snapshots in one short transaction: until then the company still
        # has history, so a purge cut short is resumed by the next sweep
        if not retention.purge_company_samples(factory, company_id,
                                               lambda s, c=company_id: due(s, c)):
            continue
        with factory() as session:
            if due(session, company_id):
                repo.purge_vehicle_history(session, company_id)
                session.commit()
                purged.append(company_id)
    return purged


