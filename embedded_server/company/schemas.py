"""Bodies of the company routes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from embedded_server.accounts.schemas import AddressIn, Country, NonEmpty, Phone, StrictModel
from embedded_server.responses import ResponseModel


class CompanyPatch(StrictModel):
    """Every field optional; ``country`` only if unchanged (R6: 422 country_immutable)."""

    name: NonEmpty | None = None
    country: Country | None = None
    address: AddressIn | None = None
    org_number: Annotated[str, Field(min_length=1, max_length=50)] | None = None
    phone: Phone | None = None


class DeletionConfirmIn(StrictModel):
    confirmation_code: Annotated[str, Field(min_length=1, max_length=64)]


class DeletionRequested(BaseModel):
    confirmation_code: str
    expires_at: dt.datetime


class DeletionConfirmed(BaseModel):
    services_deactivated_at: dt.datetime
    contracts_end_on: dt.date


class AddressOut(ResponseModel):
    street: str
    postal_code: str
    city: str


class ContractVersionOut(ResponseModel):
    version: int
    company_name: str
    address: AddressOut
    org_number: str
    valid_from: dt.datetime
    valid_to: dt.datetime | None


class ContractOut(BaseModel):
    """A contract = one subscription of the company (``id`` = subscription id)."""

    id: str
    product_id: str
    vehicle_id: str
    state: str
    ends_on: dt.date | None
    versions: list[ContractVersionOut]


class ContractPage(BaseModel):
    items: list[ContractOut]
    next_cursor: str | None
