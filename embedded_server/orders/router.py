"""HTTP routes of orders, subscriptions, module provisioning and the dealer's confirmation
(API.md "Vehicles, products, orders"; "Dealer")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from embedded_server.authorization import require, require_dealer
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES, PROBLEM_SCHEMA, problems
from embedded_server.idempotency.middleware import NOT_REPLAYABLE
from embedded_server.orders import service
from embedded_server.orders.models import Order
from embedded_server.orders.schemas import OrderIn, OrderOut, OrderPage
from embedded_server.products.schemas import ModuleTokenOut, SubscriptionPage
from embedded_server.tenancy import DealerContext
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["orders"], responses=PROBLEM_RESPONSES)
Reader = Annotated[AuthContext, require(Permission.READ)]
Orderer = Annotated[AuthContext, require(Permission.MANAGE_ORDERS)]
Id = Annotated[str, Path(min_length=1, max_length=36)]

#: 422 problems of an order besides validation_error (requires_evan is 409 elsewhere)
_ORDER_422 = {422: {"description": "validation_error / requires_evan / requires_comm_module / "
                                   "unknown_product / not_orderable / term_not_offered / "
                                   "duplicate_item",
                    "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}}


@router.post("/orders", status_code=201, response_model=OrderOut,
             responses={**problems("terms_missing", "already_subscribed", "vehicle_removed",
                                   "id_conflict"), **_ORDER_422})
def place_order(body: OrderIn, auth: Orderer, session: SessionDep) -> Order:
    """Active at once for a verified user (subscriptions start, modules activate);
    ``pending_dealer_confirmation`` for an unverified one (R10, R20)."""
    order = service.place_order(session, auth=auth, order_id=body.id,
                                items=[i.model_dump() for i in body.items])
    session.commit()
    return order


@router.get("/orders", response_model=OrderPage)
def list_orders(auth: Reader, session: SessionDep) -> dict[str, Any]:
    """The company's orders, newest first."""
    return {"items": service.list_orders(session, auth=auth), "next_cursor": None}


@router.get("/subscriptions", response_model=SubscriptionPage)
def list_subscriptions(auth: Reader, session: SessionDep) -> dict[str, Any]:
    """Active and ended subscriptions with price, term, start and end, newest first."""
    return {"items": service.list_subscriptions(session, auth=auth), "next_cursor": None}


@router.delete("/subscriptions/{subscription_id}", status_code=204,
               responses=problems("subscription_ended"))
def end_subscription(subscription_id: Id, auth: Orderer, session: SessionDep,
                     immediately: Annotated[bool, Query()] = False) -> Response:
    """End at the end of the current term (``end_at`` is set, it stays active until then),
    or at once with ``?immediately=true``; the module stops with the last service."""
    service.end_subscription(session, auth=auth, subscription_id=subscription_id,
                             immediately=immediately)
    session.commit()
    return Response(status_code=204)


@router.post("/vehicles/{vehicle_id}/module", status_code=201, response_model=ModuleTokenOut,
             openapi_extra=NOT_REPLAYABLE,
             responses=problems("no_comm_module", "vehicle_removed"))
def provision_module(vehicle_id: Id,
                     auth: Annotated[AuthContext, require(Permission.MANAGE_VEHICLES)],
                     session: SessionDep) -> dict[str, str]:
    """Reference portal only: a token for the vehicle's (simulated) module, shown once;
    older tokens stop working. Telemetry is accepted only while the vehicle is
    registered and holds an active service (R17, R18)."""
    out = service.provision_module(session, auth=auth, vehicle_id=vehicle_id)
    session.commit()
    return out


@router.post("/dealer/orders/{order_id}/confirm", response_model=OrderOut,
             responses=problems("support_session_required", "order_not_pending",
                                "terms_missing", "already_subscribed"))
def confirm_order(order_id: Id, dealer: Annotated[DealerContext, require_dealer()],
                  session: SessionDep) -> Order:
    """A dealer with an open support session on the order's company confirms it: it
    becomes active and its subscriptions start (R10, R20); audited."""
    order = service.confirm(session, dealer=dealer, order_id=order_id)
    session.commit()
    return order



