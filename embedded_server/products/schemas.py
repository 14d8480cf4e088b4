"""Product catalogue bodies (R19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import AliasPath, BaseModel, Field

from embedded_server.responses import ResponseModel


class ProductOut(ResponseModel):
    id: str
    name: str
    description: str
    price: Decimal
    currency: str
    term_months: int
    free: bool
    required_terms: list[str]
    package_of: list[str]
    requires_evan: bool
    requires_comm_module: bool
    #: monthly price per vehicle for each billing term sold, {"12": "149.00", ...}
    term_prices: dict[str, Decimal] = {}


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = None


class SubscriptionOut(ResponseModel):
    """A vehicle's subscription to a product (R20): ``state`` active | ended; ``end_at``
    when it ended, or — still active, cancelled — when it will end (its term's end);
    ``price`` per vehicle and month for ``term_months`` (null for ones made before
    commerce); ``term_end_at`` when the committed term ends."""

    id: str
    vehicle_id: str = Field(validation_alias=AliasPath("vehicle", "public_id"))
    product_id: str
    order_id: str | None = None
    state: str
    price: Decimal | None = None
    currency: str | None = None
    term_months: int | None = None
    start_at: dt.datetime
    end_at: dt.datetime | None = None
    term_end_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    version: int = 1


class SubscriptionPage(BaseModel):
    items: list[SubscriptionOut]
    next_cursor: str | None = None


class ModuleTokenOut(BaseModel):
    """A freshly provisioned module token, shown once (older ones are revoked)."""

    vehicle_id: str
    module_token: str
