"""The one home of "what a portal answer looks like": response models built from rows.

Every entity the portal returns or puts into the change feed is described once, by a
:class:`ResponseModel` next to its domain's request models (``<domain>/schemas.py``).
The model reads the ORM row itself (``from_attributes``; a column with another name is a
``validation_alias``, a key of a JSON column an ``AliasPath``), so a route returns the
row and FastAPI's ``response_model`` builds the JSON, and the feed and the mutation
results call :meth:`ResponseModel.dump`: the REST answer, the change feed and the OpenAPI
can't drift apart, and no hand-written ``*_json`` function spells the fields again.

``validate_by_name`` lets the same model also read its own JSON (FastAPI validates a
returned dict or model once more against ``response_model``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["ResponseModel"]


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True)

    @classmethod
    def dump(cls, row: Any, **kwargs: Any) -> dict[str, Any]:
        """``row`` as JSON-ready data, exactly as the REST answer for it carries it."""
        return cls.model_validate(row).model_dump(mode="json", **kwargs)
