"""The sync entities, listed once: the engine, the outbox and conflicts iterate these.

Adding an entity: one module here (its table on ``schema.metadata``, row <-> JSON, how a
change and a mutation result are applied, its local mutations), its cache migration
in ``cache_migrations/versions``, its wire model in ``mpro_desktop.domain.wire``, and
one line in :data:`ENTITIES` (docs/architecture.md, "Add an entity").
"""

from __future__ import annotations

from . import command, company, product, user, vehicle, vehicle_status
from .base import Mutation, Registry, SyncEntity

__all__ = ["ENTITIES", "REGISTRY", "Mutation", "Registry", "SyncEntity"]

ENTITIES: tuple[SyncEntity, ...] = (
    vehicle.ENTITY,
    vehicle_status.ENTITY,
    user.ENTITY,
    product.ENTITY,
    company.ENTITY,
    command.ENTITY,
)

REGISTRY = Registry(ENTITIES)
