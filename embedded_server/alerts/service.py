"""Alert lifecycle: open when a rule's condition starts to hold, acknowledged by a person,
closed by itself when the condition clears (or by a person).

The rules are ``mpro_desktop.domain.alerts``; this module keeps one live alert per van
and type, and puts every state into the change feed. Lock order is the portal's:
company before vehicle. Ingest holds the van's row lock and must not take the
company's, so an alert it opens or closes is marked unfed (``fed_version < version``)
and :func:`feed_pending` appends it right after the ingest commits (the sweep catches
any left behind by a crash).
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.alerts import repository as repo
from embedded_server.alerts.models import Alert, AlertSettings, VehicleLiveState
from embedded_server.alerts.schemas import AlertOut
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import Vehicle
from embedded_server.vehicles import repository as vehicles_repo
from mpro_desktop.domain import alerts as rules

#: the types ingest decides (the no-contact rule is the sweep's: a sample clears it)
INGEST_TYPES = frozenset(rules.ALERT_TYPES)
SWEEP_TYPES = frozenset({rules.NO_CONTACT})
CLEARED = "cleared"


def thresholds(session: Session, company_id: str) -> rules.Thresholds:
    row = repo.settings(session, company_id)
    return rules.Thresholds.from_mapping(row.thresholds if row else None)


def settings_out(session: Session, company_id: str) -> dict[str, Any]:
    row = repo.settings(session, company_id)
    return {"thresholds": rules.Thresholds.from_mapping(row.thresholds if row else None).as_dict(),
            "version": row.version if row else 0}


def update_settings(session: Session, company_id: str, changes: Mapping[str, float]) -> dict[str, Any]:
    lock_company(session, company_id)
    row = repo.settings(session, company_id)
    if row is None:
        row = AlertSettings(company_id=company_id, thresholds={}, version=0)
        session.add(row)
    merged = {**rules.Thresholds.from_mapping(row.thresholds).as_dict(), **changes}
    bad = rules.threshold_errors(merged)
    if bad:
        raise ProblemError(422, "validation_error", "Thresholds out of range: " + ", ".join(bad),
                           fields=bad)
    row.thresholds = merged
    row.version = (row.version or 0) + 1
    row.updated_at = utcnow()
    session.flush()
    return settings_out(session, company_id)


def live_state(session: Session, vehicle: Vehicle) -> VehicleLiveState:
    state = repo.live_state(session, vehicle.id)
    if state is None:
        state = VehicleLiveState(vehicle_id=vehicle.id, company_id=vehicle.company_id, memory={},
                                 live_alerts={}, suppressed=[], contact_lost=False)
        session.add(state)
    return state


def _bump(alert: Alert, now: dt.datetime) -> None:
    alert.version = (alert.version or 0) + 1
    alert.updated_at = now


def reconcile(session: Session, vehicle: Vehicle, state: VehicleLiveState,
              holding: Mapping[str, rules.Condition], now: dt.datetime,
              managed: Iterable[str]) -> bool:
    """Open, update and close ``vehicle``'s alerts of the ``managed`` types so that they
    match the conditions ``holding`` now; True when any alert changed."""
    managed = frozenset(managed)
    live = dict(state.live_alerts or {})
    suppressed = [t for t in state.suppressed or [] if t in holding or t not in managed]
    rows = repo.by_ids(session, [i for t, i in live.items() if t in managed])
    changed = False
    for type_ in sorted(managed):
        condition = holding.get(type_)
        alert = rows.get(live.get(type_, ""))
        if alert is not None and alert.state not in rules.LIVE_STATES:
            live.pop(type_, None)  # closed by a person meanwhile
            alert = None
        if condition is None:
            if alert is not None:
                alert.state, alert.closed_at, alert.closed_by = rules.CLOSED, now, CLEARED
                _bump(alert, now)
                live.pop(type_)
                changed = True
            continue
        if alert is None:
            if type_ in suppressed:
                continue
            alert = Alert(id=str(uuid.uuid4()), company_id=vehicle.company_id, vehicle_id=vehicle.id,
                          vehicle=vehicle, type=type_, severity=condition.severity, state=rules.OPEN,
                          detail=condition.detail, opened_at=now, updated_at=now, version=1,
                          fed_version=0)
            session.add(alert)
            live[type_] = alert.id
            changed = True
        elif alert.severity != condition.severity:
            alert.severity, alert.detail = condition.severity, condition.detail
            _bump(alert, now)
            changed = True
    if live != (state.live_alerts or {}):
        state.live_alerts = live
    if suppressed != list(state.suppressed or []):
        state.suppressed = suppressed
    return changed


def feed_pending(session: Session, company_id: str) -> int:
    """Append the company's unfed alert states to the feed (caller commits). Takes the
    company lock first, as every feed writer does."""
    lock_company(session, company_id)
    count = 0
    for alert in repo.unfed(session, company_id):
        session.refresh(alert)
        if alert.fed_version >= alert.version:
            continue
        _feed(session, alert)
        count += 1
    return count


def _feed(session: Session, alert: Alert) -> None:
    append_change(session, company_id=alert.company_id, entity="alert", entity_id=alert.id,
                  op="upsert", data=AlertOut.dump(alert), version=alert.version)
    alert.fed_version = alert.version


def get_alert(session: Session, *, company_id: str, alert_id: str) -> Alert:
    alert = repo.get(session, company_id, alert_id)
    if alert is None:
        raise ProblemError(404, "not_found", "Alert not found.")
    return alert


def _locked_alert(session: Session, company_id: str, alert_id: str) -> Alert:
    lock_company(session, company_id)
    alert = repo.get(session, company_id, alert_id)
    if alert is None:
        raise ProblemError(404, "not_found", "Alert not found.")
    session.refresh(alert)
    return alert


def acknowledge(session: Session, *, company_id: str, alert_id: str, user_id: str | None) -> Alert:
    """Open -> acknowledged (the condition still holds; someone is on it). Idempotent."""
    alert = _locked_alert(session, company_id, alert_id)
    if alert.state == rules.CLOSED:
        raise ProblemError(409, "alert_closed", "The alert is closed already.")
    if alert.state == rules.OPEN:
        now = utcnow()
        alert.state, alert.acknowledged_at, alert.acknowledged_by = rules.ACKNOWLEDGED, now, user_id
        _bump(alert, now)
        _feed(session, alert)
    return alert


def close(session: Session, *, company_id: str, alert_id: str, user_id: str | None) -> Alert:
    """A person closes the alert; while its condition still holds it is not reopened
    (it would be the same alert again), only once the condition cleared and returned."""
    alert = _locked_alert(session, company_id, alert_id)
    if alert.state == rules.CLOSED:
        return alert
    now = utcnow()
    alert.state, alert.closed_at, alert.closed_by = rules.CLOSED, now, user_id
    _bump(alert, now)
    state = repo.live_state(session, alert.vehicle_id)
    if state is not None and (state.live_alerts or {}).get(alert.type) == alert.id:
        state.live_alerts = {t: i for t, i in state.live_alerts.items() if t != alert.type}
        state.suppressed = sorted({*(state.suppressed or []), alert.type})
    _feed(session, alert)
    return alert


def _encode(alert: Alert) -> str:
    raw = f"{alert.opened_at.isoformat()}|{alert.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        ts, alert_id = text.split("|", 1)
        when = dt.datetime.fromisoformat(ts)
        uuid.UUID(alert_id)
    except (ValueError, UnicodeDecodeError):
        raise ProblemError(400, "invalid_cursor", "The cursor is not one this portal issued.",
                           fields=["cursor"]) from None
    if when.tzinfo is None:
        raise ProblemError(400, "invalid_cursor", "The cursor is not one this portal issued.",
                           fields=["cursor"])
    return when, alert_id


def list_alerts(session: Session, *, company_id: str, state: str | None, vehicle_id: str | None,
                cursor: str | None, limit: int) -> tuple[list[Alert], str | None]:
    """Newest first. An unknown vehicle id (or another company's) is a 404."""
    vehicle_key = None
    if vehicle_id is not None:
        vehicle = vehicles_repo.get_for_company(session, company_id, vehicle_id)
        if vehicle is None:
            raise ProblemError(404, "not_found", "Vehicle not found.")
        vehicle_key = vehicle.id
    after = _decode(cursor) if cursor else None
    rows = repo.page(session, company_id, state=state, vehicle_key=vehicle_key, after=after,
                     limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode(rows[-1]) if more and rows else None)


def sweep_no_contact(factory: Callable[..., Session], *, now: dt.datetime | None = None) -> int:
    """Open ``no_contact`` for reporting vans silent longer than their company's limit
    (the smallest limit a company may set bounds the candidates)."""
    now = now or utcnow()
    earliest = now - dt.timedelta(hours=rules.BOUNDS["no_contact_h"][0])
    with factory(readonly=True) as s:
        candidates = repo.quiet_vehicles(s, before=earliest)
    opened = 0
    for key, company_id in candidates:
        with factory() as s:
            lock_company(s, company_id)
            vehicle = vehicles_repo.get_by_key(s, key, for_update=True)
            state = repo.live_state(s, key)
            if vehicle is None or state is None or state.last_sample_at is None:
                continue
            s.refresh(state)
            condition = rules.no_contact(state.last_sample_at.timestamp(), now.timestamp(),
                                         thresholds(s, company_id))
            if condition is None:
                continue
            state.contact_lost = True
            if reconcile(s, vehicle, state, {rules.NO_CONTACT: condition}, now, SWEEP_TYPES):
                opened += 1
                feed_pending(s, company_id)
            s.commit()
    return opened
