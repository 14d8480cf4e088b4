"""Queries for orders, subscriptions and the R18 purge (each starts from ``tenancy.owned``;
the jobs that span companies pick companies first, then query each through it)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from embedded_server.models import Product, Subscription, Vehicle, telemetry_samples
from embedded_server.orders.models import Order
from embedded_server.tenancy import Scope, of_company, owned, owned_column
from embedded_server.trips.models import Trip


def get_order(session: Session, scope: Scope | str, order_id: str) -> Order | None:
    return session.scalars(owned(Order, scope, Order.id == order_id)).first()


def list_orders(session: Session, scope: Scope | str) -> list[Order]:
    return list(session.scalars(owned(Order, scope).order_by(Order.created_at.desc(),
                                                              Order.id)))


def pending_orders(session: Session, scope: Scope | str) -> list[Order]:
    return list(session.scalars(owned(Order, scope, Order.state == "pending_dealer_confirmation")))


def list_subscriptions(session: Session, scope: Scope | str) -> list[Subscription]:
    return list(session.scalars(owned(Subscription, scope).order_by(
        Subscription.start_at.desc(), Subscription.id)))


def get_subscription(session: Session, scope: Scope | str, sub_id: str) -> Subscription | None:
    return session.scalars(owned(Subscription, scope, Subscription.id == sub_id)).first()


def due_subscriptions(session: Session, now: dt.datetime) -> list[Subscription]:
    """Active subscriptions whose (cancelled) end has come, every company (the sweep)."""
    return list(session.scalars(select(Subscription).where(
        Subscription.state == "active", Subscription.end_at.is_not(None),
        Subscription.end_at <= now)))


def companies_with_history(session: Session) -> list[str]:
    """Companies with a vehicle that still has stored history (a status snapshot)."""
    return list(session.scalars(select(Vehicle.company_id).where(
        Vehicle.status.is_not(None)).distinct()))


def active_paid_count(session: Session, company_id: str) -> int:
    paid = select(Product.id).where(Product.free.is_(False))
    return int(session.scalar(owned_column(
        Subscription, func.count(), company_id, Subscription.state == "active",
        Subscription.product_id.in_(paid))) or 0)


def purge_vehicle_history(session: Session, company_id: str) -> int:
    """R18: delete the telemetry and trips of every vehicle of the company and clear
    their status snapshot; returns how many vehicles had a snapshot."""
    ids = owned_column(Vehicle, Vehicle.id, company_id)
    session.execute(delete(telemetry_samples).where(telemetry_samples.c.vehicle_id.in_(ids)))
    session.execute(delete(Trip).where(Trip.vehicle_id.in_(ids)))
    result = session.execute(update(Vehicle).where(of_company(Vehicle, company_id),
                                                   Vehicle.status.is_not(None))
                             .values(status=None))
    return int(getattr(result, "rowcount", 0) or 0)


def last_service_end(session: Session, company_id: str) -> dt.datetime | None:
    return session.scalar(owned_column(Subscription, func.max(Subscription.end_at), company_id))
