"""Request and response bodies of invitations and user administration."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

from embedded_server.accounts.schemas import BirthDate, Email, Phone, StrictModel
from embedded_server.responses import ResponseModel
from mpro_desktop.domain.accounts import ROLES


def _role(v: str) -> str:
    if v not in ROLES:
        raise ValueError(f"unknown role; roles are {list(ROLES)}")
    return v


def _roles(v: list[str]) -> list[str]:
    if not v:
        raise ValueError("at least one role")
    if len(set(v)) != len(v):
        raise ValueError("a role is listed twice")
    return v


Roles = Annotated[list[Annotated[str, Field(max_length=32), AfterValidator(_role)]],
                  Field(max_length=len(ROLES)), AfterValidator(_roles)]


class InvitationIn(StrictModel):
    """``id``: optional client-chosen UUID (the desktop's outbox names it offline)."""

    id: Annotated[str, Field(max_length=36)] | None = None
    email: Email | None = None
    mobile: Phone | None = None
    roles: Roles

    @model_validator(mode="after")
    def _one_address(self) -> InvitationIn:
        if self.email is None and self.mobile is None:
            raise ValueError("give the invitee's email or mobile")
        return self


class AcceptIn(StrictModel):
    password: Annotated[str, Field(min_length=8, max_length=200)]
    first_name: Annotated[str, Field(min_length=1, max_length=100)]
    last_name: Annotated[str, Field(min_length=1, max_length=100)]
    birth_date: BirthDate
    #: required when the invitation went to a mobile number (R13)
    email: Email | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "sv"


class RolesIn(StrictModel):
    roles: Roles


class InvitationOut(ResponseModel):
    """An invitation as lists and the change feed carry it: never its token."""

    id: str
    email: str | None
    mobile: str | None
    roles: list[str]
    state: str = Field(validation_alias="current_state")
    expires_at: dt.datetime
    created_at: dt.datetime
    version: int


class InvitationCreatedOut(InvitationOut):
    """``POST /invitations`` only: the token, shown once (only its hash is stored)."""

    token: str


class InvitationPage(BaseModel):
    items: list[InvitationOut]
    next_cursor: str | None
