"""Telemetry bodies; sample fields come from the shared SAMPLE_FIELDS vocabulary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, create_model

from embedded_server.validation import RequestModel, text_problem, to_utc
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

_TYPES: dict[type, Any] = {
    float: float,
    bool: StrictBool,
    str: Annotated[str, Field(max_length=32)],
}

Sample: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Sample",
    __base__=RequestModel,
    seq=(Annotated[int, Field(ge=0, le=2**62)], ...),
    ts=(AwareDatetime, ...),
    **{name: (_TYPES[t] | None, None) for name, t in SAMPLE_FIELDS.items()},
)


class SamplesIn(RequestModel):
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
    next_cursor: str | None = None


class TelemetryColumnsOut(BaseModel):
    """``?format=columns``: ``seq``, ``ts`` (epoch seconds, UTC) and one array per requested
    field (named like the field), all ``count`` long; null where a sample lacks the field."""

    model_config = ConfigDict(extra="allow")
    vehicle_id: str
    format: str = "columns"
    fields: list[str]
    downsampled: bool
    count: int
    seq: list[int]
    ts: list[float]
    next_cursor: str | None = None


# -- fast ingest body parsing ---------------------------------------------------------------
# The ingest endpoint decodes its body with orjson and checks it with the plain loop below
# instead of building one pydantic model per sample (the models above still document the
# body in the OpenAPI schema). Same rules: unknown fields, wrong types, missing seq/ts,
# naive timestamps → 422 ``validation_error`` with the offending fields; bad JSON → 400.

MAX_SAMPLES = 10_000
MAX_SEQ = 2**62
MAX_VIN = 64
MAX_STR = 32
_FLOAT_FIELDS = frozenset(k for k, v in SAMPLE_FIELDS.items() if v is float)
_BOOL_FIELDS = frozenset(k for k, v in SAMPLE_FIELDS.items() if v is bool)
_STR_FIELDS = frozenset(k for k, v in SAMPLE_FIELDS.items() if v is str)
_UTC = dt.UTC
_MAX_ERRORS = 50


class BodyError(Exception):
    """``status`` 400 (malformed JSON) or 422 with pydantic-style error dicts."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors


def _err(errors: list[dict[str, Any]], loc: tuple[Any, ...], msg: str, kind: str) -> None:
    if len(errors) < _MAX_ERRORS:
        errors.append({"loc": ("body", *loc), "msg": msg, "type": kind})


def _check_vin(errors: list[dict[str, Any]], vin: Any) -> None:
    if type(vin) is not str or len(vin) > MAX_VIN:
        _err(errors, ("vin",), f"Input should be a string of at most {MAX_VIN} characters", "string_type")
    elif problem := text_problem(vin):
        _err(errors, ("vin",), problem, "string_unstorable")


def _check_str(errors: list[dict[str, Any]], loc: tuple[Any, ...], v: str) -> bool:
    """True if ``v`` is a storable string of at most MAX_STR characters; else records why."""
    if len(v) > MAX_STR:
        _err(errors, loc, f"Input should be a string of at most {MAX_STR} characters", "string_type")
    elif problem := text_problem(v):
        _err(errors, loc, problem, "string_unstorable")
    else:
        return True
    return False


def _parse_ts(value: Any) -> dt.datetime | None:
    """Aware datetime (converted to UTC) from ISO-8601 text or epoch seconds, else None."""
    if type(value) is str:
        try:
            d = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        if text_problem(value):
            return None
        if d.tzinfo is None:
            return None
        try:
            return to_utc(d)
        except ValueError:
            return None
    if type(value) in (int, float):
        try:
            return dt.datetime.fromtimestamp(value, _UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None



@dataclass(slots=True)
class SampleBatch:
    """A checked ingest body. ``samples[i]`` is the sample dict (``seq`` int, ``ts`` aware
    UTC datetime, float fields as float); ``values[i]`` its SAMPLE_FIELDS values in column
    order; ``ts_text[i]`` the timestamp as ``YYYY-MM-DD HH:MM:SS.ffffff`` (UTC)."""

    vin: str
    samples: list[dict[str, Any]]
    values: list[tuple[Any, ...]]
    ts_text: list[str]


_FIELDS = tuple(SAMPLE_FIELDS)
_ALLOWED = frozenset(("seq", "ts", *_FIELDS))
_STR_IDX = tuple(i for i, f in enumerate(_FIELDS) if f in _STR_FIELDS)
#: type shapes (tuple of value types in column order) already seen to be valid as sent
_GOOD_SHAPES: set[tuple[type, ...]] = set()
_MAX_SHAPES = 1024


def _ts_text(raw: str, ts: dt.datetime) -> str:
    """Storage text; sliced from the body's own ``...T..+00:00`` text when it is canonical."""
    n = len(raw)
    if raw[10] == "T" and raw.endswith("+00:00"):
        if n == 32 and raw[19] == ".":
            return raw[:10] + " " + raw[11:26]
        if n == 25:
            return raw[:10] + " " + raw[11:19] + ".000000"
    return ts.isoformat(" ", "microseconds")[:26]


def parse_samples_body(raw: bytes) -> SampleBatch | ColumnBatch:
    """Decode and check an ingest body. Raises :class:`BodyError` (400 / 422)."""
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BodyError(400, [{"loc": ("body",), "msg": "invalid JSON", "type": "json_invalid"}]) from None
    errors: list[dict[str, Any]] = []
    if type(body) is not dict:
        raise BodyError(422, [{"loc": ("body",), "msg": "Input should be an object", "type": "model_type"}])
    if "columns" in body:
        return parse_columns_body(body)
    vin = body.get("vin")
    samples = body.get("samples")
    for key in body:
        if key not in ("vin", "samples"):
            _err(errors, (key,), "Extra inputs are not permitted", "extra_forbidden")
    if vin is None:
        _err(errors, ("vin",), "Field required", "missing")
    else:
        _check_vin(errors, vin)
    if samples is None:
        _err(errors, ("samples",), "Field required", "missing")
    elif type(samples) is not list:
        _err(errors, ("samples",), "Input should be a valid list", "list_type")
    elif len(samples) > MAX_SAMPLES:
        _err(errors, ("samples",), f"List should have at most {MAX_SAMPLES} items", "too_long")
    if errors:
        raise BodyError(422, errors)
    assert isinstance(samples, list) and isinstance(vin, str)
    values: list[tuple[Any, ...]] = []
    texts: list[str] = []
    fields, allowed, good, str_idx = _FIELDS, _ALLOWED, _GOOD_SHAPES, _STR_IDX
    fromiso, utc = dt.datetime.fromisoformat, _UTC
    for i, s in enumerate(samples):
        if type(s) is not dict:
            _err(errors, ("samples", i), "Input should be an object", "model_type")
            continue
        seq = s.get("seq")
        if type(seq) is not int or not 0 <= seq <= MAX_SEQ:
            if type(seq) is float and seq.is_integer() and 0 <= seq <= MAX_SEQ:
                s["seq"] = int(seq)
            elif seq is None:
                _err(errors, ("samples", i, "seq"), "Field required", "missing")
            else:
                _err(errors, ("samples", i, "seq"), f"Input should be an integer in 0..{MAX_SEQ}", "int_type")
        raw_ts = s.get("ts")
        ts: dt.datetime | None = None
        if type(raw_ts) is str and len(raw_ts) > 10:
            try:
                # Python 3.11's fromisoformat skips a NUL ("...:00\0+00:00" parses)
                ts = fromiso(raw_ts) if "\x00" not in raw_ts else None
            except ValueError:
                ts = None
            if ts is not None:
                if ts.tzinfo is None:
                    ts = None
                else:
                    try:
                        ts = ts.astimezone(utc)
                    except OverflowError:  # e.g. 9999-12-31T23:59:59-14:00
                        ts = None
                    else:
                        texts.append(_ts_text(raw_ts, ts))
        else:
            ts = _parse_ts(raw_ts)
            if ts is not None:
                texts.append(ts.isoformat(" ", "microseconds")[:26])
        if ts is None:
            if "ts" not in s:
                _err(errors, ("samples", i, "ts"), "Field required", "missing")
            else:
                _err(errors, ("samples", i, "ts"), "Input should be an ISO-8601 datetime with a "
                     "timezone offset, in years 1 to 9999 in UTC", "timezone_aware")
        else:
            s["ts"] = ts
        if not s.keys() <= allowed:
            for k in s.keys() - allowed:
                _err(errors, ("samples", i, k), "Extra inputs are not permitted", "extra_forbidden")
        vals = tuple(map(s.get, fields))
        shape = tuple(map(type, vals))
        if shape not in good:
            vals = _check_values(s, vals, i, errors)
            if vals is not None and len(good) < _MAX_SHAPES:
                good.add(tuple(map(type, vals)))
        elif str_idx:
            for j in str_idx:
                v = vals[j]
                if v is not None:
                    _check_str(errors, ("samples", i, fields[j]), v)
        if vals is not None:
            values.append(vals)
        if len(errors) >= _MAX_ERRORS:
            break
    if errors:
        raise BodyError(422, errors)
    return SampleBatch(vin, samples, values, texts)


def _check_values(s: dict[str, Any], vals: tuple[Any, ...], i: int,
                  errors: list[dict[str, Any]]) -> tuple[Any, ...] | None:
    """Field-by-field check of one sample's values (ints in float fields become floats);
    the checked values, or None after recording errors."""
    out = list(vals)
    ok = True
    for j, (f, v) in enumerate(zip(_FIELDS, vals, strict=True)):
        if v is None:
            continue
        kind = SAMPLE_FIELDS[f]
        tv = type(v)
        if kind is float:
            if tv is float:
                continue
            if tv is int:
                out[j] = s[f] = float(v)
                continue
            _err(errors, ("samples", i, f), "Input should be a valid number", "float_type")
        elif kind is bool:
            if tv is bool:
                continue
            _err(errors, ("samples", i, f), "Input should be a valid boolean", "bool_type")
        else:
            if tv is not str:
                _err(errors, ("samples", i, f),
                     f"Input should be a string of at most {MAX_STR} characters", "string_type")
            elif _check_str(errors, ("samples", i, f), v):
                continue
        ok = False
    return tuple(out) if ok else None


# -- columnar ingest body (docs/contracts.md "Telemetry ingest, columnar") -----------------
# {"vin": str, "columns": {"seq": [int], "ts": [epoch seconds], <field>: [value|null]}}:
# no dict per sample and no ISO-8601 parsing; each column is checked by the set of its
# value types (one C-level pass), element by element only when that set is wrong.

_NONE = type(None)
_COL_TYPES: dict[str, frozenset[type]] = {
    f: frozenset({float, int, _NONE}) if k is float else frozenset({k, _NONE})
    for f, k in SAMPLE_FIELDS.items()
}
_COL_MSG = {float: ("Input should be a valid number", "float_type"),
            bool: ("Input should be a valid boolean", "bool_type"),
            str: (f"Input should be a string of at most {MAX_STR} characters", "string_type")}
# datetime's range as epoch seconds (years 1..9999)
_MIN_EPOCH = -62135596800.0
_MAX_EPOCH = 253402300799.0


@dataclass(slots=True)
class ColumnBatch:
    """A checked columnar ingest body: ``seq`` ints, ``ts`` epoch seconds (finite, in
    datetime's range), and ``columns[field]`` (float fields as floats) for every field the
    body carried; all ``len(seq)`` long."""

    vin: str
    seq: list[int]
    ts: list[float]
    columns: dict[str, list[Any]]


def _first_bad(col: list[Any], ok: Callable[[Any], bool]) -> int:
    return next(i for i, v in enumerate(col) if not ok(v))


def parse_columns_body(body: dict[str, Any]) -> ColumnBatch:
    """Check a decoded columnar body. Raises :class:`BodyError` (422)."""
    errors: list[dict[str, Any]] = []
    vin = body.get("vin")
    cols = body.get("columns")
    for key in body:
        if key not in ("vin", "columns"):
            _err(errors, (key,), "Extra inputs are not permitted", "extra_forbidden")
    if vin is None:
        _err(errors, ("vin",), "Field required", "missing")
    else:
        _check_vin(errors, vin)
    if type(cols) is not dict:
        _err(errors, ("columns",), "Input should be an object", "model_type")
        raise BodyError(422, errors)
    for key in ("seq", "ts"):
        if key not in cols:
            _err(errors, ("columns", key), "Field required", "missing")
    n = len(cols["seq"]) if type(cols.get("seq")) is list else None
    for key, col in cols.items():
        if key not in _ALLOWED:
            _err(errors, ("columns", key), "Extra inputs are not permitted", "extra_forbidden")
        elif type(col) is not list:
            _err(errors, ("columns", key), "Input should be a valid list", "list_type")
        elif n is not None and len(col) != n:
            _err(errors, ("columns", key), f"List should have {n} items, like seq", "length")
    if n is not None and n > MAX_SAMPLES:
        _err(errors, ("columns", "seq"), f"List should have at most {MAX_SAMPLES} items", "too_long")
    if errors:
        raise BodyError(422, errors)
    assert isinstance(vin, str) and n is not None
    seq: list[Any] = cols["seq"]
    ts: list[Any] = cols["ts"]
    if n:
        if set(map(type, seq)) != {int} or min(seq) < 0 or max(seq) > MAX_SEQ:
            i = _first_bad(seq, lambda v: type(v) is int and 0 <= v <= MAX_SEQ)
            _err(errors, ("columns", "seq", i), f"Input should be an integer in 0..{MAX_SEQ}", "int_type")
        kinds = set(map(type, ts))
        if not kinds <= {float, int} or not _MIN_EPOCH <= min(ts) <= max(ts) <= _MAX_EPOCH:
            # NaN fails every comparison, so it lands here too
            i = _first_bad(ts, lambda v: type(v) in (float, int) and _MIN_EPOCH <= v <= _MAX_EPOCH)
            _err(errors, ("columns", "ts", i), "Input should be epoch seconds (a finite number)", "float_type")
        elif int in kinds:
            ts = [float(v) for v in ts]
    fields: dict[str, list[Any]] = {}
    for f, col in cols.items():
        if f == "seq" or f == "ts":
            continue
        kind = SAMPLE_FIELDS[f]
        kinds = set(map(type, col))
        if not kinds <= _COL_TYPES[f]:
            if kind is float:
                i = _first_bad(col, lambda v: type(v) in (float, int, _NONE))
            else:
                i = _first_bad(col, lambda v, k=kind: type(v) in (k, _NONE))  # type: ignore[misc]
            _err(errors, ("columns", f, i), *_COL_MSG[kind])
            continue
        if kind is str and any(v is not None and (len(v) > MAX_STR or text_problem(v)) for v in col):
            i = _first_bad(col, lambda v: v is None or (len(v) <= MAX_STR and not text_problem(v)))
            _check_str(errors, ("columns", f, i), col[i])
            continue
        if kind is float and int in kinds:
            col = [float(v) if type(v) is int else v for v in col]
        if kinds != {_NONE}:
            fields[f] = col
    if errors:
        raise BodyError(422, errors)
    return ColumnBatch(vin, seq, ts, fields)


def _columns_body_schema() -> dict[str, Any]:
    json_type = {float: "number", bool: "boolean", str: "string"}
    props: dict[str, Any] = {
        "seq": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": MAX_SEQ}},
        "ts": {"type": "array", "items": {"type": "number"}, "description": "epoch seconds, UTC"},
    }
    for f, k in SAMPLE_FIELDS.items():
        item: dict[str, Any] = {"type": [json_type[k], "null"]}
        if k is str:
            item["maxLength"] = MAX_STR
        props[f] = {"type": "array", "items": item}
    return {
        "title": "SamplesColumnsIn",
        "type": "object",
        "description": "Columnar form: one array per column, all as long as seq; null where a "
                       "sample lacks the field (docs/contracts.md).",
        "additionalProperties": False,
        "required": ["vin", "columns"],
        "properties": {
            "vin": {"type": "string", "maxLength": MAX_VIN},
            "columns": {"type": "object", "additionalProperties": False, "required": ["seq", "ts"],
                        "properties": props, "maxProperties": len(props)},
        },
    }


def samples_body_schema() -> dict[str, Any]:
    """OpenAPI request-body schema: ``SamplesIn`` (row form, sample schema inlined) or the
    columnar form."""
    schema = SamplesIn.model_json_schema()
    defs = schema.pop("$defs", {})
    items = schema["properties"]["samples"].get("items", {})
    ref = items.get("$ref", "")
    if ref.startswith("#/$defs/"):
        schema["properties"]["samples"]["items"] = defs[ref.split("/")[-1]]
    return {"oneOf": [schema, _columns_body_schema()]}
