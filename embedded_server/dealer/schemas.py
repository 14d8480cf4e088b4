"""Request and response bodies of the dealer counter (API.md "Dealer")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel

Text100 = Annotated[str, Field(min_length=1, max_length=100)]


class DealerLoginIn(RequestModel):
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class DealerOut(ResponseModel):
    id: str
    dealer_id: str
    name: str
    email: str


class DealerTokenOut(BaseModel):
    """A dealer's own token: dealer routes only (``actor: "dealer"``)."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int
    expires_at: dt.datetime
    actor: Literal["dealer"] = "dealer"
    dealer: DealerOut


class CompanyRef(ResponseModel):
    id: str
    name: str


class CustomerOut(ResponseModel):
    """The customer at the counter: just enough to recognise and verify them."""

    id: str
    first_name: str
    last_name: str
    verified: bool
    company: CompanyRef


class IdDocumentIn(RequestModel):
    """What the dealer reads off the ID document (R11)."""

    first_name: Text100
    last_name: Text100
    birth_date: dt.date
    document_number: Text100


class VerificationIn(RequestModel):
    user_id: Annotated[str, Field(min_length=1, max_length=36)]
    id_document: IdDocumentIn


class VerifiedUserOut(ResponseModel):
    id: str
    verified: bool
    verified_at: dt.datetime | None
    verified_by: str | None


class VerificationOut(BaseModel):
    user: VerifiedUserOut


class SupportSessionIn(RequestModel):
    user_email: Annotated[str, Field(min_length=1, max_length=254)]
    support_password: Annotated[str, Field(min_length=1, max_length=200)]
    #: which membership, when the person belongs to several companies (R1); default:
    #: their newest active one (as ``GET /dealer/users`` finds it)
    company_id: Annotated[str | None, Field(min_length=1, max_length=36)] = None


class ActingAs(BaseModel):
    user_id: str
    name: str
    roles: list[str]
    company: CompanyRef


class SupportSessionOut(BaseModel):
    """R12: the token acts as ``acting_as`` (their company, their roles) until
    ``expires_at``; ``id`` ends it early (``DELETE /dealer/support-sessions/{id}``)."""

    id: str
    access_token: str
    token_type: str = "bearer"
    actor: Literal["support_session"] = "support_session"
    expires_at: dt.datetime
    expires_in: int
    acting_as: ActingAs
