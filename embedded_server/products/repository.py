"""Queries for products, subscriptions and module tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from embedded_server.models import ModuleToken, Product, Subscription


def list_products(session: Session) -> list[Product]:
    return list(session.scalars(select(Product).order_by(Product.sort_order, Product.id)))


def get_product(session: Session, product_id: str) -> Product | None:
    return session.get(Product, product_id)


def add(session: Session, obj: object) -> None:
    session.add(obj)


def active_subscriptions(session: Session, vehicle_id: str) -> list[Subscription]:
    return list(session.scalars(
        select(Subscription).where(Subscription.vehicle_id == vehicle_id, Subscription.state == "active")
    ))


def end_vehicle_subscriptions(session: Session, vehicle_id: str, now: dt.datetime) -> None:
    session.execute(
        update(Subscription)
        .where(Subscription.vehicle_id == vehicle_id, Subscription.state == "active")
        .values(state="ended", end_at=now)
    )


def revoke_module_tokens(session: Session, vehicle_id: str, now: dt.datetime) -> None:
    session.execute(
        update(ModuleToken)
        .where(ModuleToken.vehicle_id == vehicle_id, ModuleToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def get_module_token(session: Session, token_hash: str) -> ModuleToken | None:
    return session.get(ModuleToken, token_hash)
