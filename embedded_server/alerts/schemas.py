"""Alert bodies (API.md "Alerts and trips")."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AliasPath, BaseModel, Field, create_model, model_validator

from embedded_server.responses import ResponseModel
from embedded_server.validation import RequestModel
from mpro_desktop.domain.alerts import (
    ALERT_TYPES,
    BOUNDS,
    SEVERITIES,
    STATES,
    Thresholds,
    threshold_errors,
)

AlertType = Literal[ALERT_TYPES]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
AlertState = Literal[STATES]  # type: ignore[valid-type]


class AlertOut(ResponseModel):
    id: str
    vehicle_id: str = Field(validation_alias=AliasPath("vehicle", "public_id"))
    type: AlertType
    severity: Severity
    state: AlertState
    detail: dict[str, Any]
    opened_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: str | None = None
    closed_at: dt.datetime | None = None
    updated_at: dt.datetime
    version: int


class AlertPage(BaseModel):
    items: list[AlertOut]
    next_cursor: str | None


class AlertRef(RequestModel):
    """Payload of ``alert.acknowledge`` / ``alert.close``."""

    alert_id: str = Field(min_length=1, max_length=36)


_DEFAULTS = Thresholds()

#: the thresholds as the API shows them (every one, defaults filled in)
ThresholdsOut = create_model(  # type: ignore[call-overload]
    "ThresholdsOut",
    **{name: (float, getattr(_DEFAULTS, name)) for name in BOUNDS},
)


class _ThresholdsBase(RequestModel):
    @model_validator(mode="after")
    def _in_bounds(self) -> _ThresholdsBase:
        given = {k: v for k, v in self.model_dump().items() if v is not None}
        bad = threshold_errors({**_DEFAULTS.as_dict(), **given})
        if bad:
            raise ValueError("out of range or contradictory: " + ", ".join(bad))
        return self


#: ``PUT /alerts/settings``: the thresholds to change; the others keep their value
ThresholdsIn = create_model(  # type: ignore[call-overload]
    "ThresholdsIn",
    __base__=_ThresholdsBase,
    **{name: (float | None, Field(None, ge=lo, le=hi)) for name, (lo, hi) in BOUNDS.items()},
)


class AlertSettingsOut(BaseModel):
    thresholds: ThresholdsOut  # type: ignore[valid-type]
    version: int
