"""Telemetry deleted in small batches, one short transaction each (no long locks).

Two reasons to delete: R18 (a company without an active service loses its vans' history:
``orders.service.purge_history`` empties the samples here first, then ends the rest in
one short transaction) and the operator's retention period (``MPRO_TELEMETRY_RETENTION_DAYS``,
unset: kept for ever). Each batch deletes at most ``batch`` samples of one van through
the (vehicle_id, ts, seq) index, so an ingest of that van waits at most one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from embedded_server.db import utcnow
from embedded_server.models import Vehicle, telemetry_samples
from embedded_server.tenancy import owned_column

BATCH = 5_000
_t = telemetry_samples.c


def _delete_batch(session: Session, vehicle_id: str, before: dt.datetime | None, batch: int) -> int:
    wanted = [_t.vehicle_id == vehicle_id] + ([_t.ts < before] if before is not None else [])
    seqs = select(_t.seq).where(*wanted).limit(batch).scalar_subquery()
    result = session.execute(
        delete(telemetry_samples).where(_t.vehicle_id == vehicle_id, _t.seq.in_(seqs))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def delete_samples(
    factory: Callable[..., Session],
    vehicle_id: str,
    *,
    before: dt.datetime | None = None,
    batch: int = BATCH,
    still: Callable[[Session], bool] | None = None,
) -> int | None:
    """Delete the van's samples (older than ``before``) batch by batch; ``still(session)``
    is asked in each batch's transaction first (None: it stopped being due)."""
    total = 0
    while True:
        with factory() as session:
            if still is not None and not still(session):
                return None
            n = _delete_batch(session, vehicle_id, before, batch)
            session.commit()
        total += n
        if n < batch:
            return total


def purge_company_samples(
    factory: Callable[..., Session],
    company_id: str,
    still: Callable[[Session], bool],
    *,
    batch: int = BATCH,
) -> bool:
    """R18: every sample of the company's vans; False if ``still`` turned False midway."""
    with factory(readonly=True) as session:
        vehicle_ids = list(session.scalars(owned_column(Vehicle, Vehicle.id, company_id)))
    return all(
        delete_samples(factory, vid, batch=batch, still=still) is not None for vid in vehicle_ids
    )


def apply_retention(
    factory: Callable[..., Session],
    days: float | None,
    *,
    batch: int = BATCH,
    now: dt.datetime | None = None,
) -> int:
    """Delete samples older than ``days`` (None or <= 0: keep everything); returns how many."""
    if not days or days <= 0:
        return 0
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    with factory(readonly=True) as session:
        vehicle_ids = list(
            session.scalars(
                select(Vehicle.id).where(
                    exists().where(_t.vehicle_id == Vehicle.id, _t.ts < cutoff)
                )
            )
        )
    return sum(delete_samples(factory, vid, before=cutoff, batch=batch) or 0 for vid in vehicle_ids)
