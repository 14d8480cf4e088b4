"""What a domain declares for each mutation type it accepts on ``POST /mutations``.

Neutral (imports no domain): the domains build :class:`MutationType` entries in their
own ``mutations.py`` and ``sync.registry`` lists them; the sync service only iterates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from mpro_desktop.domain.accounts import Permission


@dataclass(frozen=True, slots=True)
class Pushed:
    """One validated mutation as its domain sees it."""

    company_id: str
    payload: Any  # the type's payload model instance
    base_version: int | None
    age_s: float
    #: the caller (``tenancy.AuthContext``): rules about the actor (self_role_change)
    auth: Any = None
    #: the portal's ``config.Settings`` (e.g. an invitation's lifetime)
    settings: Any = None


class MutationConflict(Exception):
    """The object changed meanwhile: outcome ``conflict`` with the object's current state.

    ``render(obj)`` runs after the mutation's savepoint was rolled back and ``obj``
    refreshed, so the entity shows what is stored.
    """

    def __init__(self, code: str, detail: str, obj: Any, render: Callable[[Any], dict]) -> None:
        super().__init__(code)
        self.code, self.detail, self.obj, self.render = code, detail, obj, render


class MutationRejected(Exception):
    """Outcome ``rejected`` carrying an entity (e.g. the vehicle that already has the VIN)."""

    def __init__(self, code: str, detail: str, entity: dict[str, Any] | None) -> None:
        super().__init__(code)
        self.code, self.detail, self.entity = code, detail, entity


@dataclass(frozen=True, slots=True)
class MutationType:
    name: str
    payload: type[BaseModel]
    permission: Permission
    #: applies it (the caller holds a savepoint) and returns the entity's JSON
    apply: Callable[[Session, Pushed], dict[str, Any]] = field(repr=False)
    #: keys of the applied entity answered once and never stored with the outcome (a
    #: secret such as an invitation's token: a retry's ``duplicate`` comes without it)
    reply_only: tuple[str, ...] = ()
