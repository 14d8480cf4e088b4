"""What an ingest means beyond storage: the van's alerts and trips (issue 12).

Called by ``telemetry.service`` with the samples it just stored, under the van's row
lock. Reads one row (the van's ``VehicleLiveState``), applies the domain's alert rules
to the merged status and follows the ignition for trips; samples older than the newest
one already evaluated (a buffer replayed after a dead zone) are stored history only.
Feed entries for what changed are appended by :func:`feed_after_commit` in a second,
short transaction that takes the company lock first (the portal's lock order).
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.alerts import repository as alerts_repo
from embedded_server.alerts import service as alerts
from embedded_server.models import Vehicle
from embedded_server.trips import service as trips
from mpro_desktop.domain import alerts as rules

#: ``session.info`` key: the company whose feed is due after this ingest commits
FEED_DUE = "live_feed_due"


def on_samples(session: Session, vehicle: Vehicle,
               samples: Sequence[tuple[int, float, Mapping[str, Any]]], now: dt.datetime) -> None:
    """``samples`` = ``[(seq, epoch, fields)]`` stored by this ingest, in seq order."""
    state = alerts.live_state(session, vehicle)
    last = state.last_seq if state.last_seq is not None else -1
    new = [(ts, fields) for seq, ts, fields in samples if seq > last]
    if not new:
        return
    newest_ts = new[-1][0]
    th = alerts.thresholds(session, vehicle.company_id)
    memory = rules.Memory.from_json(state.memory)
    status = vehicle.status or {}
    for ts, fields in new:  # per sample: "parked since", a charge that stopped mid-batch
        memory = rules.remember(memory, ChainMap(fields, status), ts, th)  # type: ignore[arg-type]
    holding = rules.conditions(status, memory, newest_ts, th)
    changed = alerts.reconcile(session, vehicle, state, holding, now, alerts.INGEST_TYPES)
    changed |= trips.record(session, vehicle, state, new, now)
    state.memory = memory.to_json()
    state.last_seq = samples[-1][0] if samples[-1][0] > last else last
    state.last_sample_at = now  # contact is when the portal heard from it, not the sample time
    state.contact_lost = False
    if changed:
        session.info[FEED_DUE] = vehicle.company_id


def sweep(factory: Callable[..., Session], *, now: dt.datetime | None = None) -> None:
    """The periodic part: no-contact alerts, and feed entries an ingest left behind
    (its process stopped between the commit and the feed transaction)."""
    alerts.sweep_no_contact(factory, now=now)
    with factory(readonly=True) as s:
        behind = alerts_repo.companies_with_unfed(s) | trips.companies_with_unfed(s)
    for company_id in sorted(behind):
        with factory() as s:
            alerts.feed_pending(s, company_id)
            trips.feed_pending(s, company_id)
            s.commit()


def feed_after_commit(session: Session, factory: Callable[..., Session]) -> None:
    """Append the alert and trip changes the committed ingest left unfed."""
    company_id = session.info.pop(FEED_DUE, None)
    if company_id is None:
        return
    with factory() as s:
        alerts.feed_pending(s, company_id)
        trips.feed_pending(s, company_id)
        s.commit()
