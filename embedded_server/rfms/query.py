"""The rFMS request rules of ``spec/rfms-4.0.yaml``, checked before any query runs.

- ``Accept`` must name the resource's media type (``application/json; rfms=
  vehicles.v4.0``, ...), else 406 ``UnsupportedAcceptParameter``;
- positions and statuses need ``starttime`` or ``latestOnly=true``, never both (nor
  ``stoptime`` with ``latestOnly``), else 400;
- ``starttime`` / ``stoptime`` are ISO 8601 date-times (``stoptime`` after
  ``starttime``); ``datetype`` is ``created`` or ``received`` (default received);
  ``latestOnly`` a boolean; ``triggerFilter`` and ``contentFilter`` the standard's
  enumerations (comma-separated lists where the standard says ``style: form``);
- a parameter given twice, and ``X-Correlation-Id`` over 40 characters, are 400 too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from embedded_server.rfms.mapping import BLOCKS
from embedded_server.validation import to_utc

MEDIA_TYPES: Final = {
    "vehicles": "application/json; rfms=vehicles.v4.0",
    "vehiclepositions": "application/json; rfms=vehiclepositions.v4.0",
    "vehiclestatuses": "application/json; rfms=vehiclestatuses.v4.0",
}
TRIGGER_TYPES: Final = (
    "TIMER",
    "TELL_TALE",
    "DRIVER_LOGIN",
    "DRIVER_LOGOUT",
    "IGNITION_ON",
    "IGNITION_OFF",
    "ENGINE_ON",
    "ENGINE_OFF",
    "PTO_ENABLED",
    "PTO_DISABLED",
    "DISTANCE_TRAVELLED",
    "DRIVER_1_WORKING_STATE_CHANGED",
    "DRIVER_2_WORKING_STATE_CHANGED",
    "FUEL_TYPE_CHANGE",
    "PARKING_BRAKE_SWITCH_CHANGE",
    "BATTERY_PACK_CHARGING_STATUS_CHANGE",
    "BATTERY_PACK_CHARGING_CONNECTION_STATUS_CHANGE",
    "TRAILER_CONNECTED",
    "TRAILER_DISCONNECTED",
)
DATETYPES: Final = ("created", "received")
CORRELATION_ID_MAX: Final = 40
VIN_MAX: Final = 17


class RfmsError(Exception):
    """An rFMS error answer: HTTP status and the ErrorObject's ``error`` id."""

    def __init__(
        self, status: int, error: str, description: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def bad(description: str, error: str = "InvalidParameters") -> RfmsError:
    return RfmsError(400, error, description)


def accepts(accept: str | None, media_type: str) -> bool:
    """Whether ``Accept`` lists ``media_type`` (type and its ``rfms`` parameter) with q > 0."""
    want_type, _, want_param = media_type.partition(";")
    want = want_param.strip().partition("=")[2].lower()
    for part in (accept or "").split(","):
        pieces = [p.strip() for p in part.split(";")]
        if pieces[0].lower() != want_type.strip():
            continue
        params: dict[str, str] = {}
        for p in pieces[1:]:
            key, sep, value = p.partition("=")
            if sep:
                params[key.strip().lower()] = value.strip().strip('"')
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            continue
        if params.get("rfms", "").lower() == want and q > 0:
            return True
    return False


def check_accept(accept: str | None, resource: str) -> str:
    media_type = MEDIA_TYPES[resource]
    if not accepts(accept, media_type):
        raise RfmsError(
            406,
            "UnsupportedAcceptParameter",
            f"The provided accept parameter is not supported; send 'Accept: {media_type}'.",
        )
    return media_type


def single(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = params.get(name, ())
    if len(values) > 1:
        raise bad(f"The parameter {name!r} is given more than once.")
    return values[0] if values else None


def check_correlation_id(value: str | None) -> None:
    if value is not None and len(value) > CORRELATION_ID_MAX:
        raise bad(f"X-Correlation-Id is longer than {CORRELATION_ID_MAX} characters.")


def date_time(name: str, value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    text = value.strip()
    try:
        if "T" not in text.upper():
            raise ValueError
        parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
        return to_utc(parsed)
    except ValueError:
        raise bad(
            f"{name} must be an ISO 8601 date-time such as 2026-01-31T08:00:00Z.", "InvalidDateTime"
        ) from None


def boolean(name: str, value: str | None) -> bool:
    if value is None:
        return False
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise bad(f"{name} must be true or false.")


def enum_list(
    name: str, value: str | None, allowed: Sequence[str], *, many: bool
) -> frozenset[str] | None:
    if value is None:
        return None
    items = [v.strip() for v in value.split(",")] if many else [value.strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown or not items:
        raise bad(f"{name} takes {', '.join(allowed)}; not {', '.join(unknown) or 'empty'}.")
    return frozenset(items)


@dataclass(frozen=True, slots=True)
class DataQuery:
    """A checked positions or statuses request."""

    latest_only: bool
    start: dt.datetime | None
    stop: dt.datetime | None
    by_received: bool
    vin: str | None
    last_vin: str | None
    triggers: frozenset[str] | None
    blocks: frozenset[str] | None


def vin_param(name: str, value: str | None) -> str | None:
    if value is not None and not 0 < len(value) <= VIN_MAX:
        raise bad(f"{name} must be a VIN of at most {VIN_MAX} characters.", "InvalidVin")
    return value


def data_query(params: Mapping[str, Sequence[str]], *, statuses: bool) -> DataQuery:
    """The spec's rules for ``/vehiclepositions`` and ``/vehiclestatuses``."""
    latest = boolean("latestOnly", single(params, "latestOnly"))
    start = date_time("starttime", single(params, "starttime"))
    stop = date_time("stoptime", single(params, "stoptime"))
    datetype = single(params, "datetype") or "received"
    if datetype not in DATETYPES:
        raise bad("datetype must be created or received.")
    if latest and (start is not None or stop is not None):
        raise bad("latestOnly cannot be combined with starttime or stoptime.")
    if not latest and start is None:
        raise bad("Either starttime (history) or latestOnly=true (latest data) is required.")
    if start is not None and stop is not None and stop <= start:
        raise bad("stoptime must be after starttime.")
    triggers = enum_list(
        "triggerFilter", single(params, "triggerFilter"), TRIGGER_TYPES, many=statuses
    )
    blocks = (
        enum_list("contentFilter", single(params, "contentFilter"), BLOCKS, many=True)
        if statuses
        else None
    )
    return DataQuery(
        latest_only=latest,
        start=start,
        stop=stop,
        by_received=datetype == "received",
        vin=vin_param("vin", single(params, "vin")),
        last_vin=vin_param("lastVin", single(params, "lastVin")),
        triggers=triggers,
        blocks=blocks,
    )
