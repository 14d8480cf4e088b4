"""The sync entities, listed once: the engine, the outbox, conflicts and cache recovery
iterate these; none of them names an entity (tests/sync/test_entity_registry.py).

Adding an entity ``x`` on the desktop:

1. ``entities/x.py``: its table on ``schema.metadata``, row <-> JSON, a
   :class:`SyncEntity` subclass (how a feed change is applied; the defaults fit an
   entity stored whole) and, if the user changes it, one :class:`Mutation` per
   mutation type (stage the local row; apply ``confirmed``/``refused`` results).
2. ``cache_migrations/versions/NNNN_x.py`` creating that table (bump
   ``cache.HEAD_REVISION``).
3. One line in :data:`ENTITIES` below.

Its wire shape (``domain.wire.ENTITY_DATA``) is shared with the portal, which has to
send the entity first. Callers queue its mutations with ``outbox.submit(cache, x.M, ...)``.
"""

from __future__ import annotations

from . import (
    alert,
    command,
    company,
    invitation,
    order,
    product,
    subscription,
    user,
    vehicle,
    vehicle_status,
)
from .base import Mutation, Registry, SyncEntity

__all__ = ["ENTITIES", "REGISTRY", "Mutation", "Registry", "SyncEntity"]

ENTITIES: tuple[SyncEntity, ...] = (
    vehicle.ENTITY,
    vehicle_status.ENTITY,
    user.ENTITY,
    product.ENTITY,
    company.ENTITY,
    command.ENTITY,
    invitation.ENTITY,
    alert.ENTITY,
    order.ENTITY,
    subscription.ENTITY,
)

REGISTRY = Registry(ENTITIES)
