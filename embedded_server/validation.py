"""The one home of "can the database store this input?" checks.

Every request value passes through here before it reaches SQL, so a value neither
database can store is a 422 ``validation_error`` instead of a driver error (a 500):

- text: no NUL (PostgreSQL ``text`` refuses it) and no lone UTF-16 surrogate (no UTF-8
  encoding exists; both drivers fail);
- integers: within 64-bit signed (``BIGINT``; SQLite's INTEGER is the same size);
- datetimes: expressible in UTC (``9999-12-31T23:59:59-14:00`` is year 10000 in UTC).

Where the rule is applied (so a new endpoint gets it for free):

- JSON bodies: every request model derives from :class:`RequestModel`, whose field
  validator walks each value (nested lists and dicts too);
- query and path parameters: :func:`check_params`, an app-wide dependency;
- hand-parsed bodies and cursors: :func:`text_problem`, :func:`to_utc` and :func:`ascii_int`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator
from pydantic.json_schema import GetJsonSchemaHandler, JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ASCII_INT = re.compile(r"(?:0|[1-9][0-9]{0,18})")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None."""
    m = _UNSTORABLE.search(value)
    if m is None:
        return None
    if m.group() == "\x00":
        return "Text must not contain NUL characters."
    return "Text must not contain lone surrogate characters."


def printable(value: str) -> str:
    """``value`` with unstorable characters replaced by U+FFFD (for echoing client text)."""
    return _UNSTORABLE.sub("\ufffd", value)


def to_utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC (naive means UTC); ValueError when UTC has no such instant."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(
            "Date and time is outside the supported range (years 1 to 9999, UTC)."
        ) from None


def ascii_int(text: str) -> int | None:
    """A non-negative int from plain ASCII digits that fits a BIGINT, else None.

    ``str.isdigit()`` and ``int()`` also take superscripts, other scripts' digits, signs,
    spaces and underscores; cursors and event ids are ours, so only our spelling counts.
    """
    if _ASCII_INT.fullmatch(text) is None:
        return None
    n = int(text)
    return n if n <= INT64_MAX else None


def _check(value: Any) -> None:
    """Raise PydanticCustomError for the first value (deep) that cannot be stored."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise PydanticCustomError("string_unstorable", problem)
    elif isinstance(value, bool) or isinstance(value, BaseModel):
        return  # bools are ints; a nested RequestModel checked its own fields
    elif isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise PydanticCustomError(
                "int_out_of_range",
                "Integer must be within 64-bit signed range ({min} to {max}).",
                {"min": INT64_MIN, "max": INT64_MAX},
            )
    elif isinstance(value, dt.datetime):
        try:
            to_utc(value)
        except ValueError as exc:
            raise PydanticCustomError("datetime_out_of_range", str(exc)) from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check(k)
            _check(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _check(v)


def _bound_integers(schema: Any) -> None:
    """Document the int64 range of integer properties in the OpenAPI as ``format: int64``
    (a ``maximum`` of 2**63 - 1 would be rounded to the float 2**63 there)."""
    if isinstance(schema, dict):
        if schema.get("type") == "integer":
            schema.setdefault("format", "int64")
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, ()):
                _bound_integers(sub)
        if isinstance(schema.get("items"), dict):
            _bound_integers(schema["items"])


class RequestModel(BaseModel):
    """Base of every request body model: unknown fields are refused, NaN/Infinity too,
    and every value must be storable (module docstring).

    ``unchecked_fields`` names fields that are checked later by another RequestModel
    (a mutation's ``payload``), so one bad payload fails only its own mutation.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    unchecked_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: Any) -> Any:
        if info.field_name not in cls.unchecked_fields:
            _check(value)
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        for prop in target.get("properties", {}).values():
            _bound_integers(prop)
        return schema


def _utc_field(value: dt.datetime) -> dt.datetime:
    try:
        return to_utc(value)
    except ValueError as exc:
        raise PydanticCustomError("datetime_out_of_range", str(exc)) from None


#: A query-parameter datetime, returned in UTC (naive input means UTC); 422 if UTC
#: cannot express it.
UtcDatetime = Annotated[dt.datetime, AfterValidator(_utc_field)]


def check_params(request: Request) -> None:
    """App-wide dependency: path and query parameters (names and values) must be storable
    text; 422 ``validation_error`` naming them otherwise."""
    errors = []
    for where, items in (
        ("path", request.path_params.items()),
        ("query", request.query_params.multi_items()),
    ):
        for name, value in items:
            problem = text_problem(name) or (
                text_problem(value) if isinstance(value, str) else None
            )
            if problem:
                errors.append(
                    {
                        "loc": (where, name),
                        "msg": problem,
                        "type": "string_unstorable",
                        "input": value,
                    }
                )
    if errors:
        raise RequestValidationError(errors)
