"""The audit log's answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator

from embedded_server.responses import ResponseModel


class AuditOut(ResponseModel):
    id: Annotated[str, BeforeValidator(str)]
    created_at: dt.datetime
    actor_user_id: str | None
    actor_dealer_id: str | None
    acting_as_user_id: str | None
    action: str
    target_type: str | None
    target_id: str | None
    detail: dict[str, Any] | None


class AuditPage(BaseModel):
    items: list[AuditOut]
    next_cursor: str | None
