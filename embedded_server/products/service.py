"""Catalogue upkeep and service assignment (which activates a module, R17)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy.orm import Session

from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import ModuleToken, Product, Subscription, Vehicle
from embedded_server.products import repository as repo
from embedded_server.products.catalogue import CATALOGUE
from embedded_server.products.schemas import ProductOut, SubscriptionOut
from embedded_server.security import new_token, token_hash
from embedded_server.vehicles.entity import touch_vehicle
from mpro_desktop.domain.pricing import DEFAULT_TERM, components
from mpro_desktop.domain.subscription_terms import add_months
from mpro_desktop.domain.vehicles import is_evan


def ensure_catalogue(session: Session) -> None:
    """Insert or refresh the built-in catalogue (idempotent, run at startup)."""
    for order, item in enumerate(CATALOGUE):
        product = repo.get_product(session, item["id"])
        if product is None:
            product = Product(id=item["id"])
            repo.add(session, product)
        for key, value in item.items():
            if key != "id":
                setattr(product, key, value)
        product.sort_order = order


def list_products(session: Session) -> list[Product]:
    return repo.list_products(session)


def publish_catalogue(session: Session, *, company_id: str) -> None:
    for p in repo.list_products(session):
        append_change(session, company_id=company_id, entity="product", entity_id=p.id,
                      op="upsert", data=ProductOut.dump(p), version=1)


def has_active_service(session: Session, vehicle_id: str) -> bool:
    return any(
        (p := repo.get_product(session, s.product_id)) is not None and not p.free
        for s in repo.active_subscriptions(session, vehicle_id)
    )


def assign_service(session: Session, *, vehicle: Vehicle, product_id: str) -> str | None:
    """Subscribe a vehicle to a product; a paid one activates its module (R17).

    Returns a fresh module token when a module was activated (re-issued each call so a
    lost token can be replaced), else None.
    """
    product = repo.get_product(session, product_id)
    if product is None:
        raise ProblemError(404, "not_found", "Product not found.")
    if vehicle.removed_at is not None:
        raise ProblemError(409, "vehicle_removed", "The vehicle was removed from the account.")
    if product.requires_evan and not is_evan(vehicle.fuel_type):
        raise ProblemError(409, "requires_evan", f"{product.name} is only available for eVans.")
    if not any(s.product_id == product_id for s in repo.active_subscriptions(session, vehicle.id)):
        _add_subscription(session, vehicle, product)
    if product.free or not vehicle.has_comm_module:
        return None
    token = new_token("mt_")
    repo.revoke_module_tokens(session, vehicle.id, utcnow())
    repo.add(session, ModuleToken(token_hash=token_hash(token), vehicle_id=vehicle.id))
    if not vehicle.module_active:
        vehicle.module_active = True
        touch_vehicle(session, vehicle)
    return token


def feed_subscription(session: Session, sub: Subscription) -> None:
    append_change(session, company_id=sub.company_id, entity="subscription", entity_id=sub.id,
                  op="upsert", data=SubscriptionOut.dump(sub), version=sub.version)


def end_subscription_now(session: Session, sub: Subscription) -> None:
    """State ``ended`` at once (fed); the caller settles the vehicle's module."""
    now = utcnow()
    sub.state = "ended"
    sub.end_at = now if sub.end_at is None or sub.end_at > now else sub.end_at
    sub.version = (sub.version or 0) + 1
    session.flush()
    feed_subscription(session, sub)


def deactivate_vehicle_services(session: Session, *, vehicle: Vehicle) -> None:
    """R18: stop data transfer at once (subscriptions end, module tokens revoked)."""
    now = utcnow()
    for sub in repo.active_subscriptions(session, vehicle.id):
        end_subscription_now(session, sub)
    repo.end_vehicle_subscriptions(session, vehicle.id, now)
    repo.revoke_module_tokens(session, vehicle.id, now)
    vehicle.module_active = False


def settle_module(session: Session, vehicle: Vehicle) -> None:
    """R17/R18: the module is active exactly while the vehicle is registered, has a
    module and holds at least one active paid service (fed when it changes)."""
    active = (vehicle.removed_at is None and vehicle.has_comm_module
              and has_active_service(session, vehicle.id))
    if bool(vehicle.module_active) != active:
        vehicle.module_active = active
        touch_vehicle(session, vehicle)


def provision_module(session: Session, *, vehicle: Vehicle) -> str:
    """The reference portal's stand-in for the factory: a fresh module token for the
    vehicle's (simulated) module, older ones revoked. Accepted by the telematics API only
    while the vehicle is registered and holds an active service."""
    if vehicle.removed_at is not None:
        raise ProblemError(409, "vehicle_removed", "The vehicle was removed from the account.")
    if not vehicle.has_comm_module:
        raise ProblemError(409, "no_comm_module", "The vehicle has no communication module.")
    token = new_token("mt_")
    repo.revoke_module_tokens(session, vehicle.id, utcnow())
    repo.add(session, ModuleToken(token_hash=token_hash(token), vehicle_id=vehicle.id))
    session.flush()
    return token


def vehicle_for_module_token(session: Session, token: str) -> str | None:
    row = repo.get_module_token(session, token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    return row.vehicle_id


REMOTE_SERVICES = "remote_services"


def held_products(session: Session, vehicle_id: str) -> set[str]:
    """The products an active subscription of the vehicle gives it (a package: its parts)."""
    parts = {p.id: p.package_of or [] for p in repo.list_products(session)}
    return set().union(*(components(s.product_id, parts)
                         for s in repo.active_subscriptions(session, vehicle_id)))


def has_product(session: Session, vehicle_id: str, product_id: str) -> bool:
    return product_id in held_products(session, vehicle_id)


def ensure_subscription(session: Session, *, vehicle: Vehicle, product_id: str) -> bool:
    """Add an active subscription without re-issuing module tokens; True if it was added."""
    if has_product(session, vehicle.id, product_id):
        return False
    product = repo.get_product(session, product_id)
    if product is None:
        raise ProblemError(404, "not_found", "Product not found.")
    _add_subscription(session, vehicle, product)
    return True


def _add_subscription(session: Session, vehicle: Vehicle, product: Product) -> Subscription:
    """A subscription outside an order (the demo seed, the operator's tools): a paid one
    runs on the default term at its price, like an ordered one; it is in the change feed
    so the desktop lists it."""
    now = utcnow()
    sub = Subscription(id=str(uuid.uuid4()), company_id=vehicle.company_id,
                       vehicle_id=vehicle.id, product_id=product.id, state="active",
                       start_at=now, version=1)
    price = (product.term_prices or {}).get(str(DEFAULT_TERM))
    if not product.free and price is not None:
        sub.term_months, sub.price, sub.currency = DEFAULT_TERM, Decimal(str(price)), product.currency
        sub.term_end_at = add_months(now, DEFAULT_TERM)
    repo.add(session, sub)
    session.flush()
    feed_subscription(session, sub)
    return sub
