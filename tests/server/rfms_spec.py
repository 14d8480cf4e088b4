"""Validate rFMS answers against the ACEA rFMS 4.0 document itself (issue 13).

The document is loaded at test time from ``/work/shared/standards/rfms-4.0.yaml`` when
that exists (the shared original), else from the repository's byte-identical copy
``embedded_server/rfms/spec/rfms-4.0.yaml`` (a clean clone, CI). An answer is checked
with the OpenAPI 3.0 schema validator against the schema the document gives for that
path, status and media type (``$ref``s resolved inside the document, formats such as
``date-time`` checked). The standard's objects allow unknown properties; ``strict``
also refuses any property the document does not define, so a misspelt field fails.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO_COPY = Path(__file__).resolve().parents[2] / "embedded_server/rfms/spec/rfms-4.0.yaml"
SHARED = Path("/work/shared/standards/rfms-4.0.yaml")
_URI = "urn:acea:rfms-4.0"


def spec_path() -> Path:
    return SHARED if SHARED.exists() else REPO_COPY


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML read as JSON data: only ``true``/``false`` are booleans (YAML 1.1 would read
    the tell-tale state ``OFF`` as False), no timestamps, and every key a string (the
    status codes ``200:`` are ints otherwise)."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _JsonLikeLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def _string_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _string_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_string_keys(v) for v in node]
    return node


@cache
def document() -> dict[str, Any]:
    raw = yaml.load(spec_path().read_text("utf-8"), Loader=_JsonLikeLoader)  # noqa: S506
    return _string_keys(raw)  # type: ignore[no-any-return]


def _closed(node: Any) -> Any:
    """Every object schema with ``properties`` gets ``additionalProperties: false``."""
    if isinstance(node, dict):
        out = {k: _closed(v) for k, v in node.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_closed(v) for v in node]
    return node


@cache
def _registry(strict: bool) -> Registry:
    doc = _closed(copy.deepcopy(document())) if strict else document()
    return Registry().with_resource(_URI, Resource.from_contents(doc, default_specification=DRAFT4))


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    """A ``$ref`` inside the document (``#/components/responses/...``) followed."""
    while "$ref" in node:
        target: Any = document()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_pointer(path: str, status: int, media_type: str) -> str:
    """The JSON pointer of the document's schema for this answer (KeyError if none)."""
    responses = document()["paths"][path]["get"]["responses"]
    response = responses[str(status)]
    ref = response.get("$ref")
    base = (
        ref.removeprefix("#") if ref else f"/paths/{path.replace('/', '~1')}/get/responses/{status}"
    )
    content = _deref(response)["content"]
    if media_type not in content:
        raise KeyError(f"{path} {status}: the standard defines no {media_type!r}")
    return f"{base}/content/{media_type.replace('/', '~1')}/schema"


def validate(path: str, status: int, media_type: str, body: Any, *, strict: bool = True) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``body`` is what the standard defines
    for ``GET /rfms{path}`` answering ``status`` as ``media_type``."""
    pointer = response_pointer(path, status, media_type)
    validator = OAS30Validator(
        {"$ref": f"{_URI}#{pointer}"},
        registry=_registry(strict),
        format_checker=oas30_format_checker,
    )
    validator.validate(body)


def validate_response(response: Any, *, strict: bool = True) -> Any:
    """``validate`` for an httpx / TestClient response of a ``/rfms/...`` request: its
    status, its Content-Type (must be one the standard names) and its JSON body."""
    path = response.request.url.path.removeprefix("/rfms")
    media_type = response.headers["content-type"]
    body = response.json()
    validate(path, response.status_code, media_type, body, strict=strict)
    return body
