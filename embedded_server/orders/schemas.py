"""Order bodies (R10, R20)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel, text_problem

Term = Literal[12, 24, 36]


def _storable(value: str) -> str:
    """Checked per element, so a bad id is reported as ``vehicle_ids.<n>``."""
    problem = text_problem(value)
    if problem:
        raise PydanticCustomError("string_unstorable", problem)
    return value


VehicleId = Annotated[str, Field(min_length=1, max_length=36), AfterValidator(_storable)]


class OrderItemIn(RequestModel):
    product_id: Annotated[str, Field(min_length=1, max_length=64)]
    vehicle_ids: Annotated[list[VehicleId], Field(min_length=1, max_length=500)]
    #: the billing term (months) of this line; default 12
    term_months: Term = 12


class OrderIn(RequestModel):
    #: optional client-chosen UUID (the desktop's outbox); unique per company
    id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    items: Annotated[list[OrderItemIn], Field(min_length=1, max_length=50)]


class Money(BaseModel):
    amount: Decimal
    currency: str


class OrderItemOut(BaseModel):
    product_id: str
    vehicle_ids: list[str]
    term_months: int
    #: per vehicle and month
    unit_price: Money
    #: the line per month (all its vehicles), and over the whole term
    monthly: Money
    total: Money
    #: packages: what the parts would cost per vehicle and month, and the saving over the term
    parts_price: Money | None = None
    saving: Money | None = None


class OrderOut(ResponseModel):
    """``state``: ``active`` | ``pending_dealer_confirmation``; ``total`` over every
    line's term, ``monthly`` per month; ``binding_terms`` the accepted term versions
    that became binding when the order did (R21)."""

    id: str
    state: str
    items: list[OrderItemOut]
    total: Money
    monthly: Money
    ordered_by: str
    binding_terms: list[dict[str, Any]]
    created_at: dt.datetime
    confirmed_at: dt.datetime | None = None
    confirmed_by: str | None = None
    version: int


class OrderPage(BaseModel):
    items: list[OrderOut]
    next_cursor: str | None = None
