"""The order mutations of ``POST /mutations`` (the desktop's outbox): the same rules as
``POST /orders`` and ``DELETE /subscriptions/{id}``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.orm import Session

from embedded_server.orders import service
from embedded_server.orders.schemas import OrderIn, OrderOut
from embedded_server.products.schemas import SubscriptionOut
from embedded_server.sync.mutation_types import MutationType, Pushed
from embedded_server.validation import RequestModel
from mpro_desktop.domain.accounts import Permission


class SubscriptionEndPayload(RequestModel):
    subscription_id: Annotated[str, Field(min_length=1, max_length=36)]
    immediately: bool = False


def _create(session: Session, m: Pushed) -> dict[str, Any]:
    order = service.place_order(session, auth=m.auth, order_id=m.payload.id,
                                items=[i.model_dump() for i in m.payload.items])
    return OrderOut.dump(order)


def _end(session: Session, m: Pushed) -> dict[str, Any]:
    sub = service.end_subscription(session, auth=m.auth,
                                   subscription_id=m.payload.subscription_id,
                                   immediately=m.payload.immediately)
    return SubscriptionOut.dump(sub)


MUTATIONS = (
    MutationType("order.create", OrderIn, Permission.MANAGE_ORDERS, _create),
    MutationType("subscription.end", SubscriptionEndPayload, Permission.MANAGE_ORDERS, _end),
)
