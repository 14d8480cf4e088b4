"""Change feed and mutation bodies (API.md "Sync")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from embedded_server.sync.registry import REGISTRY
from embedded_server.validation import RequestModel
from mpro_desktop.domain.accounts import Permission

# The answers are declared once, in the desktop's wire models, which check every answer
# the desktop parses: what the portal promises and what the desktop accepts cannot drift.
from mpro_desktop.domain.wire import Change, ChangesOut, MutationResult, MutationsOut  # noqa: F401

#: Every mutation type the portal accepts (the registry's); enumerated in the OpenAPI.
MutationType = Literal[tuple(REGISTRY)]  # type: ignore[valid-type]


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` references replaced by the definitions themselves (a
    payload with a nested model, e.g. ``company.update``'s address)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.rsplit("/", 1)[1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)  # type: ignore[no-any-return]


def _per_type_schema(schema: dict[str, Any]) -> None:
    """Document the payload of each ``type`` (a discriminated union on ``type``).

    At runtime ``payload`` stays a plain object so that one bad payload is answered with
    a per-mutation ``rejected``/``validation_error`` instead of failing the whole batch.
    """
    variants = []
    for name, model in PAYLOADS.items():
        payload = _inline(model.model_json_schema())
        variants.append({"title": name, "properties": {"type": {"const": name}, "payload": payload}})
    schema["oneOf"] = variants


class MutationIn(RequestModel):
    """One outbox entry; ``payload`` is validated per ``type`` (see ``oneOf``)."""

    model_config = ConfigDict(json_schema_extra=_per_type_schema)
    unchecked_fields = frozenset({"payload"})  # checked per mutation by its PAYLOADS model
    mutation_id: Annotated[str, Field(min_length=1, max_length=100)]
    client_seq: int | None = None
    type: MutationType
    payload: dict[str, Any]
    base_version: int | None = None
    age_s: Annotated[float, Field(ge=0)] | None = None


class MutationsIn(RequestModel):
    client_id: Annotated[str, Field(min_length=1, max_length=100)]
    schema_version: int = 1
    mutations: Annotated[list[MutationIn], Field(max_length=500)]


#: each type's payload model and permission, read from the registry (sync.registry)
PAYLOADS: dict[str, type[BaseModel]] = {name: m.payload for name, m in REGISTRY.items()}
PERMISSIONS: dict[str, Permission] = {name: m.permission for name, m in REGISTRY.items()}
