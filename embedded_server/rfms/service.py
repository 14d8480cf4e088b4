"""The three rFMS reads: which vehicles a client sees, which reports, and the paging.

A client sees the live vehicles of its company that hold the Data interface product
(an active subscription to it, or to a package containing it). ``/vehicles`` and the
``latestOnly`` reads page by VIN (``lastVin``); the history reads page by time: a page
never ends inside a second, and ``moreDataAvailableLink`` starts at the next second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final
from urllib.parse import urlencode

from sqlalchemy import Select
from sqlalchemy.orm import Session

from embedded_server.alerts.service import thresholds
from embedded_server.models import Vehicle
from embedded_server.products.service import list_products
from embedded_server.rfms import mapping
from embedded_server.rfms import repository as repo
from embedded_server.rfms.query import DataQuery, RfmsError
from embedded_server.tenancy import Scope
from mpro_desktop.domain.pricing import components

DATA_INTERFACE: Final = "data_interface"


def granting_products(session: Session) -> list[str]:
    """The products that give a vehicle the Data interface (it, and packages of it)."""
    parts = {p.id: p.package_of or [] for p in list_products(session)}
    return [pid for pid in parts if DATA_INTERFACE in components(pid, parts)]


def _link(path: str, params: dict[str, str]) -> str:
    return f"/rfms{path}?{urlencode(params)}" if params else f"/rfms{path}"


def vehicles(
    session: Session, scope: Scope, *, last_vin: str | None, page: int, params: dict[str, str]
) -> dict[str, Any]:
    rows = repo.entitled_vehicles(
        session, scope, granting_products(session), after_vin=last_vin, vin=None, limit=page + 1
    )
    more = len(rows) > page
    rows = rows[:page]
    out: dict[str, Any] = {
        "vehicleResponse": {"vehicles": [mapping.vehicle_object(v) for v in rows]},
        "moreDataAvailable": more,
    }
    if more:
        out["moreDataAvailableLink"] = _link("/vehicles", {**params, "lastVin": rows[-1].vin})
    return out


def _unknown_vin(session: Session, scope: Scope, vin: str) -> RfmsError:
    if repo.company_vehicle_with_vin(session, scope, vin) is not None:
        return RfmsError(403, "NoAccess", "The vehicle holds no Data interface subscription.")
    return RfmsError(404, "UnknownVin", "The provided VIN cannot be found.")


def reports(
    session: Session,
    scope: Scope,
    query: DataQuery,
    *,
    statuses: bool,
    page: int,
    params: dict[str, str],
    now: dt.datetime,
) -> dict[str, Any]:
    """``vehiclePositionResponse`` / ``vehicleStatusResponse`` with its paging fields."""
    products = granting_products(session)
    if query.vin is not None and not repo.entitled_vehicles(
        session, scope, products, after_vin=None, vin=query.vin, limit=1
    ):
        raise _unknown_vin(session, scope, query.vin)
    th = thresholds(session, scope.company_id) if statuses else None
    wanted = mapping.BLOCKS if query.blocks is None else tuple(query.blocks)
    triggered = query.triggers is None or bool(query.triggers & mapping.TRIGGERS)

    def build(vehicle: Vehicle, row: Any) -> dict[str, Any] | None:
        if statuses:
            assert th is not None
            return mapping.status_object(vehicle.vin, vehicle.fuel_type, row, th, wanted)
        return mapping.position_object(vehicle.vin, row)

    items: list[dict[str, Any]] = []
    more = False
    link: str | None = None
    if query.latest_only:
        fleet = repo.entitled_vehicles(
            session, scope, products, after_vin=query.last_vin, vin=query.vin, limit=page + 1
        )
        more = len(fleet) > page
        fleet = fleet[:page]
        for vehicle in fleet if triggered else ():
            row = repo.latest_sample(session, vehicle.id, positioned=not statuses)
            item = build(vehicle, row) if row is not None else None
            if item is not None:
                items.append(item)
        if more:
            link = _link(_path(statuses), {**params, "lastVin": fleet[-1].vin})
    elif triggered:
        assert query.start is not None
        ids = repo.entitled_ids(scope, products, query.vin)
        rows, more, next_start = _history(session, ids, query, page, positioned=not statuses)
        fleet = repo.vehicles_by_key(session, scope, {r.vehicle_id for r in rows})
        for row in rows:
            item = build(fleet[row.vehicle_id], row)
            if item is not None:
                items.append(item)
        if more and next_start is not None:
            link = _link(_path(statuses), {**params, "starttime": mapping.rfms_time(next_start)})
    key, inner = (
        ("vehicleStatusResponse", "vehicleStatuses")
        if statuses
        else ("vehiclePositionResponse", "vehiclePositions")
    )
    out: dict[str, Any] = {
        key: {inner: items},
        "moreDataAvailable": more,
        "requestServerDateTime": mapping.rfms_time(now),
    }
    if link is not None:
        out["moreDataAvailableLink"] = link
    return out


def _path(statuses: bool) -> str:
    return "/vehiclestatuses" if statuses else "/vehiclepositions"


def _history(
    session: Session, vehicle_ids: Select[Any], query: DataQuery, page: int, *, positioned: bool
) -> tuple[list[Any], bool, dt.datetime | None]:
    """(rows, more?, the next page's starttime): ``page`` rows, then the rest of the
    last row's second."""
    assert query.start is not None
    rows = repo.samples_between(
        session,
        vehicle_ids,
        by_received=query.by_received,
        start=query.start,
        stop=query.stop,
        limit=page + 1,
        positioned=positioned,
    )
    if len(rows) <= page:
        return rows, False, None
    rows = rows[:page]
    last = rows[-1]
    last_time = _compared(last, query.by_received)
    next_start = mapping.second_after(last_time)
    rows += repo.samples_in_second(
        session,
        vehicle_ids,
        by_received=query.by_received,
        last=(last_time, last.vehicle_id, last.seq),
        second_end=next_start,
        stop=query.stop,
        positioned=positioned,
    )
    if query.stop is not None and next_start >= query.stop:
        return rows, False, None
    beyond = repo.samples_between(
        session,
        vehicle_ids,
        by_received=query.by_received,
        start=next_start,
        stop=query.stop,
        limit=1,
        positioned=positioned,
    )
    return rows, bool(beyond), next_start


def _compared(row: Any, by_received: bool) -> dt.datetime:
    value = row.received_at if by_received else row.ts
    return value if value is not None else row.ts  # type: ignore[no-any-return]
