"""Product catalogue bodies (R19)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

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


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = None
