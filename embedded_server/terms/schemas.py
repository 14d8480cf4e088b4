"""Terms bodies (R21)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel


class TermOut(ResponseModel):
    """The current version of a terms document with the caller's acceptance of it
    (``accepted_at`` null when the caller has not accepted this version;
    ``accepted_version`` the newest version they accepted, if any)."""

    id: str
    version: int
    title: str
    body: str
    published_at: dt.datetime
    accepted_at: dt.datetime | None = None
    accepted_version: int | None = None


class TermPage(BaseModel):
    items: list[TermOut]
    next_cursor: str | None = None


class AcceptIn(RequestModel):
    #: the version read (default: the current one); another than the current is 409
    version: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
