"""Moving vehicles to another account (SPEC R9, FAQ Q18): accounts can't be merged; the
vehicles are removed from account A and added by VIN in account B. This module is the
rule's one home: what removing them from A means (R18) and when B can add them (R16).

Plain data in, plain data out: the desktop's move dialog asks it, a test pins it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ACTIVE = "active"

#: where one vehicle's removal stands, as the cache knows it
WAITING = "waiting"  # queued in the outbox, not on the portal yet: B can't add it yet
REMOVED = "removed"  # the portal applied the removal: the VIN is free for B
REFUSED = "refused"  # the portal refused it (see Conflicts): the vehicle is still in A


@dataclass(frozen=True)
class MovePlan:
    """What removing ``vehicles`` from this account does, said before it is done."""

    vehicles: tuple[Mapping[str, Any], ...]
    #: active subscriptions on them: they end at once with the removal (R18); B orders anew
    ending: tuple[Mapping[str, Any], ...]
    #: whether this account still has an active service on another vehicle afterwards;
    #: if not, the history of removed vehicles is purged (R18) — export it first
    keeps_a_service: bool

    @property
    def vins(self) -> list[str]:
        return [str(v.get("vin") or "") for v in self.vehicles]


def move_plan(
    vehicles: Sequence[Mapping[str, Any]], subscriptions: Iterable[Mapping[str, Any]]
) -> MovePlan:
    """The consequences of removing ``vehicles`` (cache rows) from the account whose
    ``subscriptions`` these are."""
    moving = {str(v.get("id")) for v in vehicles}
    active = [s for s in subscriptions if s.get("state") == ACTIVE]
    ending = tuple(s for s in active if str(s.get("vehicle_id")) in moving)
    keeps = any(str(s.get("vehicle_id")) not in moving for s in active)
    return MovePlan(vehicles=tuple(vehicles), ending=ending, keeps_a_service=keeps)


def removal_state(row: Mapping[str, Any] | None, queued: bool) -> str:
    """Where one vehicle's removal stands: ``row`` is its cache row (None once the
    portal's delete arrived, or when an add never uploaded was dropped with it),
    ``queued`` whether a mutation on it waits in the outbox. A row that is back without
    its pending removal was refused (a conflict the Conflicts pane lists)."""
    if queued or (row is not None and row.get("pending_op") == "remove"):
        return WAITING
    return REMOVED if row is None else REFUSED


def b_can_add(states: Iterable[str]) -> bool:
    """Account B can add every VIN (R16: a VIN is active in one account only) once no
    removal waits or was refused."""
    return all(s == REMOVED for s in states)
