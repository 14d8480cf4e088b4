"""Telemetry bodies; sample fields come from the shared SAMPLE_FIELDS vocabulary."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, create_model

from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

_TYPES: dict[type, Any] = {
    float: float,
    bool: StrictBool,
    str: Annotated[str, Field(max_length=32)],
}

Sample: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Sample",
    __config__=ConfigDict(extra="forbid"),
    seq=(Annotated[int, Field(ge=0, le=2**62)], ...),
    ts=(AwareDatetime, ...),
    **{name: (_TYPES[t] | None, None) for name, t in SAMPLE_FIELDS.items()},
)


class SamplesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vin: Annotated[str, Field(max_length=64)]
    samples: Annotated[list[Sample], Field(max_length=10_000)]  # type: ignore[valid-type]


class SamplesOut(BaseModel):
    accepted: int
    duplicates: int


class TelemetryOut(BaseModel):
    """Time series; rows carry ``ts`` and the requested fields (bucket means if downsampled)."""

    vehicle_id: str
    fields: list[str]
    downsampled: bool
    samples: list[dict[str, Any]]
