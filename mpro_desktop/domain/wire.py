"""What a portal answer looks like (API.md), written once for both sides of the wire.

The portal declares its sync response models with these classes, and the desktop checks
every answer it parses against them: an answer that does not fit came from something
that is not an MPRO portal (a proxy, a captive portal, a wrong server, a mangled body)
and must never change the desktop's cache or outbox. Pure pydantic: no Qt, HTTP or
database here (DESIGN.md, "The house").

Scalars are strict (``5`` is not a token, ``"3"`` is not a version); unknown fields are
ignored, so a newer portal may add some without breaking an older desktop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

__all__ = [
    "ENTITY_DATA",
    "Change",
    "ChangesOut",
    "Company",
    "Invitation",
    "InvitationPage",
    "Me",
    "MutationResult",
    "MutationsOut",
    "Order",
    "OrderPage",
    "Problem",
    "ProductPage",
    "TelemetryColumnsPage",
    "Subscription",
    "SubscriptionPage",
    "TelemetrySample",
    "Tokens",
    "UserPage",
    "Vehicle",
    "VehiclePage",
    "WireError",
    "check_changes",
    "check_mutation_results",
    "describe",
]

NonEmpty = Annotated[StrictStr, Field(min_length=1)]
Number = StrictInt | StrictFloat
#: a timestamp as the portal sends it: ISO 8601 text (REST) or epoch seconds (columns)
Timestamp = StrictStr | Number

MutationOutcome = Literal["applied", "duplicate", "conflict", "rejected"]


class WireError(ValueError):
    """An answer that does not have the portal's shape; the message says what is off."""


class WireModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- errors ---------------------------------------------------------------------------------


class Problem(WireModel):
    """RFC 9457 problem+json with the portal's stable ``code`` (API.md, "Errors")."""

    type: StrictStr
    title: StrictStr
    status: StrictInt
    detail: StrictStr | None = None
    code: NonEmpty


# -- entities as the cache stores them ------------------------------------------------------
# ``id`` is optional in the data models: a change carries it next to ``data``.


class VehicleData(WireModel):
    id: NonEmpty | None = None
    vin: StrictStr | None = None
    name: StrictStr | None = None
    license_plate: StrictStr | None = None
    fuel_type: StrictStr | None = None
    model: StrictStr | None = None
    has_comm_module: StrictBool = True
    module_active: StrictBool = False
    version: StrictInt = 0
    deleted: StrictBool = False
    created_at: StrictStr | None = None
    updated_at: StrictStr | None = None


class Vehicle(VehicleData):
    id: NonEmpty


class VehicleStatusData(WireModel):
    ts: Timestamp | None = None


class UserData(WireModel):
    id: NonEmpty | None = None
    email: StrictStr | None = None
    first_name: StrictStr | None = None
    last_name: StrictStr | None = None
    roles: list[StrictStr] = []
    verified: StrictBool = False
    version: StrictInt = 0


class User(UserData):
    id: NonEmpty


class InvitationData(WireModel):
    """An invitation to join the company (API.md "Users"); the token is never in the feed."""

    id: NonEmpty | None = None
    email: StrictStr | None = None
    mobile: StrictStr | None = None
    roles: list[StrictStr] = []
    state: StrictStr | None = None  # pending | accepted | revoked | expired
    expires_at: StrictStr | None = None
    version: StrictInt = 0


class Invitation(InvitationData):
    id: NonEmpty


class AlertData(WireModel):
    """A fleet alert (API.md "Alerts and trips")."""

    id: NonEmpty | None = None
    vehicle_id: StrictStr | None = None
    type: StrictStr | None = None
    severity: StrictStr | None = None  # info | warning | critical
    state: StrictStr | None = None  # open | acknowledged | closed
    detail: dict[str, Any] = {}
    opened_at: StrictStr | None = None
    closed_at: StrictStr | None = None
    version: StrictInt = 0


class Alert(AlertData):
    id: NonEmpty


# -- accounts -------------------------------------------------------------------------------


#: The signed-in user (``GET /me``, ``user`` of a login): a user as the feed carries it.
Me = User


class Tokens(WireModel):
    """``POST /auth/login`` and ``/auth/refresh``."""

    access_token: NonEmpty
    refresh_token: NonEmpty
    expires_in: StrictInt | None = None
    user: Me | None = None


class Company(WireModel):
    id: NonEmpty
    name: StrictStr | None = None
    version: StrictInt = 0


class ProductData(WireModel):
    id: NonEmpty | None = None
    name: StrictStr | None = None
    price: StrictStr | Number | None = None  # a Decimal travels as text
    currency: StrictStr | None = None
    term_months: StrictInt | None = None
    free: StrictBool = False


class Product(ProductData):
    id: NonEmpty


class CommandData(WireModel):
    id: NonEmpty | None = None
    vehicle_id: StrictStr | None = None
    type: StrictStr | None = None
    params: dict[str, Any] = {}
    state: StrictStr | None = None
    reason: StrictStr | None = None
    unmet: list[StrictStr] = []
    ttl_s: Number | None = None
    version: StrictInt = 0


class CompanyData(WireModel):
    version: StrictInt = 0


class MoneyData(WireModel):
    """An amount of money as the portal sends it: ``Decimal`` text and its currency."""

    amount: StrictStr | Number
    currency: StrictStr


class OrderItemData(WireModel):
    product_id: StrictStr
    vehicle_ids: list[StrictStr] = []
    term_months: StrictInt | None = None
    unit_price: MoneyData | None = None
    monthly: MoneyData | None = None
    total: MoneyData | None = None
    parts_price: MoneyData | None = None
    saving: MoneyData | None = None


class OrderData(WireModel):
    """An order (API.md "Vehicles, products, orders"): ``state`` ``active`` |
    ``pending_dealer_confirmation``; its lines priced by the portal."""

    id: NonEmpty | None = None
    state: StrictStr | None = None
    items: list[OrderItemData] = []
    total: MoneyData | None = None
    monthly: MoneyData | None = None
    ordered_by: StrictStr | None = None
    created_at: StrictStr | None = None
    confirmed_at: StrictStr | None = None
    version: StrictInt = 0


class Order(OrderData):
    id: NonEmpty


class SubscriptionData(WireModel):
    """A vehicle's subscription to a product: ``state`` active | ended; ``end_at`` when
    it ended or (cancelled, still active) will end; ``price`` per vehicle and month."""

    id: NonEmpty | None = None
    vehicle_id: StrictStr | None = None
    product_id: StrictStr | None = None
    order_id: StrictStr | None = None
    state: StrictStr | None = None
    price: StrictStr | Number | None = None  # a Decimal travels as text
    currency: StrictStr | None = None
    term_months: StrictInt | None = None
    start_at: StrictStr | None = None
    end_at: StrictStr | None = None
    term_end_at: StrictStr | None = None
    cancelled_at: StrictStr | None = None
    version: StrictInt = 0


class Subscription(SubscriptionData):
    id: NonEmpty


#: entity name (change feed, mutation type prefix) -> the shape of its data
ENTITY_DATA: dict[str, type[WireModel]] = {
    "vehicle": VehicleData,
    "vehicle_status": VehicleStatusData,
    "user": UserData,
    "product": ProductData,
    "command": CommandData,
    "company": CompanyData,
    "invitation": InvitationData,
    "alert": AlertData,
    "order": OrderData,
    "subscription": SubscriptionData,
}


class VehiclePage(WireModel):
    items: list[Vehicle]
    next_cursor: NonEmpty | None = None


class UserPage(WireModel):
    items: list[User]
    next_cursor: NonEmpty | None = None


class InvitationPage(WireModel):
    items: list[Invitation]
    next_cursor: NonEmpty | None = None


class ProductPage(WireModel):
    items: list[Product]
    next_cursor: NonEmpty | None = None


class OrderPage(WireModel):
    items: list[Order]
    next_cursor: NonEmpty | None = None


class SubscriptionPage(WireModel):
    items: list[Subscription]
    next_cursor: NonEmpty | None = None


# -- sync (the portal's response models) -----------------------------------------------------


class Change(WireModel):
    seq: StrictInt
    entity: StrictStr
    id: NonEmpty
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None
    version: StrictInt


class ChangesOut(WireModel):
    changes: list[Change]
    next_cursor: NonEmpty
    has_more: StrictBool
    remaining: StrictInt = Field(
        0, description="changes after this page (0 when has_more is false)"
    )


class MutationResult(WireModel):
    mutation_id: NonEmpty
    result: MutationOutcome
    code: StrictStr | None = None
    detail: StrictStr | None = None
    entity: dict[str, Any] | None = None
    #: on ``duplicate``: what the first delivery of this mutation_id got
    original_result: Literal["applied", "conflict", "rejected"] | None = None


class MutationsOut(WireModel):
    results: list[MutationResult]


# -- telemetry ----------------------------------------------------------------------------


class TelemetrySample(WireModel):
    ts: Timestamp


class TelemetryColumnsPage(WireModel):
    """``GET /vehicles/{id}/telemetry?format=columns``: every array as long as ``ts``.

    Only the frame is checked (a page holds up to 200,000 samples); the values go
    through the cache's own numeric filter.
    """

    model_config = ConfigDict(extra="allow")
    ts: list[Timestamp]
    seq: list[StrictInt] | None = None
    fields: list[StrictStr] = []
    next_cursor: NonEmpty | None = None

    @model_validator(mode="after")
    def _columns_line_up(self) -> TelemetryColumnsPage:
        n = len(self.ts)
        if self.seq is not None and len(self.seq) != n:
            raise ValueError(f"seq has {len(self.seq)} values for {n} timestamps")
        for name, value in (self.model_extra or {}).items():
            if isinstance(value, list) and len(value) != n:
                raise ValueError(f"column {name!r} has {len(value)} values for {n} timestamps")
        for name in self.fields:
            value = (self.model_extra or {}).get(name)
            if value is not None and not isinstance(value, list):
                raise ValueError(f"column {name!r} is not an array")
        return self


# -- checks that need more than one model ----------------------------------------------------


def check_changes(body: Any) -> ChangesOut:
    """A ``/changes`` page, each known entity's data in the shape the cache stores."""
    page = _validate(ChangesOut, body)
    for i, ch in enumerate(page.changes):
        model = ENTITY_DATA.get(ch.entity)
        if ch.op == "upsert" and model is not None:
            _validate(model, ch.data or {}, where=f"changes.{i}.data")
    return page


def check_mutation_results(body: Any, sent: Sequence[Mapping[str, Any]]) -> MutationsOut:
    """A ``/mutations`` answer for exactly the mutations ``sent``: one result each, in order.

    Fewer results, extra ones, or results for ids that were not sent mean the answer is
    not the portal's answer to this request, so none of it may settle an outbox row.
    """
    out = _validate(MutationsOut, body)
    want = [str(m["mutation_id"]) for m in sent]
    got = [r.mutation_id for r in out.results]
    if got != want:
        raise WireError(
            f"results name {len(got)} mutation(s) {_ids(got)}, "
            f"not the {len(want)} sent {_ids(want)}"
        )
    for i, (m, r) in enumerate(zip(sent, out.results, strict=True)):
        model = ENTITY_DATA.get(str(m.get("type", "")).split(".", 1)[0])
        if r.entity is not None and model is not None:
            _validate(model, r.entity, where=f"results.{i}.entity")
    return out


def describe(exc: ValidationError) -> str:
    """The first few problems of a validation error, one short line (for the log)."""
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "body"
        parts.append(f"{loc}: {err.get('msg', '')}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def _validate(model: type[BaseModel], data: Any, where: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        prefix = f"{where}: " if where else ""
        raise WireError(prefix + describe(exc)) from None


def _ids(ids: list[str]) -> str:
    shown = ", ".join(i[:8] for i in ids[:3])
    return f"[{shown}{', ...' if len(ids) > 3 else ''}]"
