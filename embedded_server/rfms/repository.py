"""Queries of the rFMS API: clients, tokens, the entitled vehicles and their samples.

Client and vehicle queries start from ``tenancy.owned`` (the house rule); a sample query
names vehicle keys that came from such a query, never from a request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, delete, or_, select
from sqlalchemy.orm import Session

from embedded_server.models import Subscription, Vehicle
from embedded_server.models import telemetry_samples as t
from embedded_server.rfms.models import RfmsAccessToken, RfmsClient
from embedded_server.tenancy import Scope, owned, owned_column
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

#: what a sample row carries for the mapping: keys, both times, every sample field
SAMPLE_COLUMNS = (
    t.c.vehicle_id,
    t.c.seq,
    t.c.ts,
    t.c.received_at,
    *[t.c[f] for f in SAMPLE_FIELDS],
)


def list_clients(session: Session, scope: Scope) -> list[RfmsClient]:
    stmt = owned(RfmsClient, scope).order_by(RfmsClient.created_at.desc(), RfmsClient.id)
    return list(session.scalars(stmt))


def get_client(session: Session, scope: Scope, client_pk: str) -> RfmsClient | None:
    return session.scalars(owned(RfmsClient, scope, RfmsClient.id == client_pk)).first()


def find_client(session: Session, client_id: str) -> RfmsClient | None:
    """By its public ``client_id`` (the token endpoint: the company is not known yet)."""
    return session.scalars(select(RfmsClient).where(RfmsClient.client_id == client_id)).first()


def get_token(session: Session, token_hash: str) -> RfmsAccessToken | None:
    return session.get(RfmsAccessToken, token_hash)


def drop_tokens(session: Session, client_pk: str) -> None:
    session.execute(delete(RfmsAccessToken).where(RfmsAccessToken.client_pk == client_pk))


def drop_expired_tokens(session: Session, before: dt.datetime) -> int:
    result = session.execute(delete(RfmsAccessToken).where(RfmsAccessToken.expires_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _entitled(scope: Scope, product_ids: Sequence[str]) -> Select[tuple[Vehicle]]:
    """The scope's live vehicles with an active subscription to one of ``product_ids``."""
    holds = owned_column(
        Subscription,
        Subscription.vehicle_id,
        scope,
        Subscription.state == "active",
        Subscription.product_id.in_(list(product_ids)),
    )
    return owned(Vehicle, scope, Vehicle.removed_at.is_(None), Vehicle.id.in_(holds))


def entitled_vehicles(
    session: Session,
    scope: Scope,
    product_ids: Sequence[str],
    *,
    after_vin: str | None,
    vin: str | None,
    limit: int,
) -> list[Vehicle]:
    """Up to ``limit`` entitled vehicles in VIN order, after ``after_vin``, or just ``vin``."""
    stmt = _entitled(scope, product_ids)
    if vin is not None:
        stmt = stmt.where(Vehicle.vin == vin)
    if after_vin is not None:
        stmt = stmt.where(Vehicle.vin > after_vin)
    return list(session.scalars(stmt.order_by(Vehicle.vin, Vehicle.id).limit(limit)))


def entitled_ids(scope: Scope, product_ids: Sequence[str], vin: str | None) -> Select[Any]:
    """The keys of the entitled vehicles (all, or the one with ``vin``), as a subquery."""
    stmt = _entitled(scope, product_ids)
    if vin is not None:
        stmt = stmt.where(Vehicle.vin == vin)
    return stmt.with_only_columns(Vehicle.id)


def vehicles_by_key(session: Session, scope: Scope, keys: set[str]) -> dict[str, Vehicle]:
    if not keys:
        return {}
    return {v.id: v for v in session.scalars(owned(Vehicle, scope, Vehicle.id.in_(keys)))}


def company_vehicle_with_vin(session: Session, scope: Scope, vin: str) -> Vehicle | None:
    """A live vehicle of the scope with ``vin`` (entitled or not)."""
    return session.scalars(
        owned(Vehicle, scope, Vehicle.removed_at.is_(None), Vehicle.vin == vin)
    ).first()


def latest_sample(session: Session, vehicle_id: str, *, positioned: bool) -> Any:
    """The vehicle's newest sample by its own time (with a position, if ``positioned``)."""
    stmt = select(*SAMPLE_COLUMNS).where(t.c.vehicle_id == vehicle_id)
    if positioned:
        stmt = stmt.where(t.c.lat.is_not(None), t.c.lon.is_not(None))
    return session.execute(stmt.order_by(t.c.ts.desc(), t.c.seq.desc()).limit(1)).first()


def samples_between(
    session: Session,
    vehicle_ids: Select[Any],
    *,
    by_received: bool,
    start: dt.datetime,
    stop: dt.datetime | None,
    limit: int,
    positioned: bool,
) -> list[Any]:
    """Samples of the vehicles ``vehicle_ids`` selects, with the compared time (received or created) in
    [start, stop), in (that time, vehicle, seq) order, at most ``limit``."""
    col = t.c.received_at if by_received else t.c.ts
    crit: list[Any] = [t.c.vehicle_id.in_(vehicle_ids), col >= start]
    if stop is not None:
        crit.append(col < stop)
    if positioned:
        crit += [t.c.lat.is_not(None), t.c.lon.is_not(None)]
    stmt = select(*SAMPLE_COLUMNS).where(and_(*crit)).order_by(col, t.c.vehicle_id, t.c.seq)
    return list(session.execute(stmt.limit(limit)))


def samples_in_second(
    session: Session,
    vehicle_ids: Select[Any],
    *,
    by_received: bool,
    last: tuple[dt.datetime, str, int],
    second_end: dt.datetime,
    stop: dt.datetime | None,
    positioned: bool,
) -> list[Any]:
    """The rows after ``last`` (time, vehicle, seq) whose compared time is still before
    ``second_end``: a page never ends inside a second (the standard's next request
    starts at the last time + 1 s, so anything left in that second would be skipped)."""
    col = t.c.received_at if by_received else t.c.ts
    l_time, l_vehicle, l_seq = last
    end = second_end if stop is None or stop > second_end else stop
    after = or_(
        col > l_time,
        and_(
            col == l_time,
            or_(t.c.vehicle_id > l_vehicle, and_(t.c.vehicle_id == l_vehicle, t.c.seq > l_seq)),
        ),
    )
    crit: list[Any] = [t.c.vehicle_id.in_(vehicle_ids), col < end, after]
    if positioned:
        crit += [t.c.lat.is_not(None), t.c.lon.is_not(None)]
    stmt = select(*SAMPLE_COLUMNS).where(and_(*crit)).order_by(col, t.c.vehicle_id, t.c.seq)
    return list(session.execute(stmt))
