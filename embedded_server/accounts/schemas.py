"""Request and response bodies of registration, login and users."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")


def _email(v: str) -> str:
    v = v.strip().lower()
    if not EMAIL_RE.match(v) or len(v) > 254:
        raise ValueError("not a valid e-mail address")
    return v


def _phone(v: str) -> str:
    v = v.strip().replace(" ", "")
    if not E164_RE.match(v):
        raise ValueError("phone numbers use E.164, e.g. +46701234567")
    return v


def _country(v: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", v):
        raise ValueError("ISO 3166-1 alpha-2 country code, e.g. SE")
    return v


def _adult_birth_date(v: dt.date) -> dt.date:
    today = dt.date.today()
    if v >= today:
        raise ValueError("birth date must be in the past")
    age = today.year - v.year - ((today.month, today.day) < (v.month, v.day))
    if age < 18:
        raise ValueError("users must be at least 18 years old")
    return v


Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]
Country = Annotated[str, AfterValidator(_country)]
BirthDate = Annotated[dt.date, AfterValidator(_adult_birth_date)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=200)]


class StrictModel(RequestModel):
    """Request bodies of this package (storable values, no unknown fields)."""


class AddressIn(StrictModel):
    street: NonEmpty
    postal_code: Annotated[str, Field(min_length=1, max_length=20)]
    city: Annotated[str, Field(min_length=1, max_length=100)]


class CompanyIn(StrictModel):
    name: NonEmpty
    country: Country
    address: AddressIn
    org_number: Annotated[str, Field(min_length=1, max_length=50)]
    phone: Phone


class UserIn(StrictModel):
    email: Email
    password: Annotated[str, Field(min_length=8, max_length=200)]
    first_name: Annotated[str, Field(min_length=1, max_length=100)]
    last_name: Annotated[str, Field(min_length=1, max_length=100)]
    birth_date: BirthDate
    mobile: Phone
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "sv"


class MePatch(StrictModel):
    """R7: personal data stays valid (e-mail syntax, E.164, birth date past, age >= 18)."""

    email: Email | None = None
    first_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    last_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    birth_date: BirthDate | None = None
    mobile: Phone | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None


class SupportPasswordIn(StrictModel):
    """R12; the rules are checked by the service (422 ``invalid_support_password``)."""

    password: Annotated[str, Field(max_length=200)]
    confirm: Annotated[str, Field(max_length=200)]


class RegisterIn(StrictModel):
    company: CompanyIn
    user: UserIn


class LoginIn(StrictModel):
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    #: R1: which of the identity's company memberships to act for (default: the newest
    #: active one)
    company_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None


class MembershipConfirmIn(StrictModel):
    token: Annotated[str, Field(min_length=1, max_length=200)]


class RefreshIn(StrictModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=200)]


class PasswordResetIn(StrictModel):
    email: Annotated[str, Field(min_length=1, max_length=254)]


class PasswordResetConfirmIn(StrictModel):
    token: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=8, max_length=200)]


class Address(ResponseModel):
    street: str
    postal_code: str
    city: str


class CompanyOut(ResponseModel):
    id: str
    name: str
    country: str
    address: Address
    org_number: str
    phone: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class UserFeedOut(ResponseModel):
    """A user as every member's desktop caches it (the change feed): no birth date, no
    company id, nothing a colleague's cache needn't hold (R12)."""

    id: str
    email: str
    first_name: str
    last_name: str
    mobile: str | None
    language: str
    roles: list[str]
    verified: bool
    verified_at: dt.datetime | None
    #: the dealer id that verified the user (R11)
    verified_by: str | None
    version: int


class UserOut(UserFeedOut):
    """A user over REST (``/me``, ``/users``, a login)."""

    company_id: str
    birth_date: dt.date | None
    created_at: dt.datetime


class RegisterOut(BaseModel):
    company: CompanyOut
    user: UserOut


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None


class Accepted(BaseModel):
    status: str = "accepted"
