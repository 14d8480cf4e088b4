"""Bodies of the rFMS client routes (``/api/v1/integrations/rfms-clients``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel

#: a client's name as the admin types it (e.g. "Transporeon", "Our TMS")
NAME_MAX = 100


class RfmsClientIn(RequestModel):
    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
    ]


class RfmsClientOut(ResponseModel):
    """A client as listed: never its secret (only a hash is kept)."""

    id: str
    client_id: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None


class RfmsClientCreated(RfmsClientOut):
    """The answer to a creation: the only time ``client_secret`` is ever shown."""

    client_secret: str = Field(description="Shown once; store it now. The portal keeps a hash.")


class RfmsClientPage(BaseModel):
    items: list[RfmsClientOut]
    next_cursor: str | None = None
