"""The fleet map's model: one row per van with its position, heading, activity and trail.

A thin adapter (Anki's table model is the pattern) over the cache's vehicle rows, the
live alerts and the live samples: the scene draws from it, tests check it with
``qtmodeltester`` without a view. Live samples change rows in place and emit one
``dataChanged`` for the span they touched, never a reset, so 2,000 moving vans cost
one signal per batch. What a van is doing comes from ``domain.vehicles.activity``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from mpro_desktop.domain import vehicles as rules
from mpro_desktop.models import format as fmt
from mpro_desktop.views.map import geo

IdRole = Qt.ItemDataRole.UserRole + 1
ActivityRole = Qt.ItemDataRole.UserRole + 2
PositionRole = Qt.ItemDataRole.UserRole + 3  # (lat, lon) or None
HeadingRole = Qt.ItemDataRole.UserRole + 4  # degrees from north, or None
TrailRole = Qt.ItemDataRole.UserRole + 5  # [(lat, lon), ...] oldest first

#: how far back a trail reaches, and how often it keeps a point
TRAIL_S = 3600.0
TRAIL_STEP_S = 15.0
#: a van must move this far before its heading is read from two positions (GPS jitter)
HEADING_MIN_KM = 0.005


def activity_label(activity: str | None) -> str:
    return {
        rules.DRIVING: QCoreApplication.translate("FleetMap", "Driving"),
        rules.PARKED: QCoreApplication.translate("FleetMap", "Parked"),
        rules.CHARGING: QCoreApplication.translate("FleetMap", "Charging"),
        rules.ALERT: QCoreApplication.translate("FleetMap", "Needs attention"),
        rules.STALE: QCoreApplication.translate("FleetMap", "No connection"),
    }.get(activity or "", QCoreApplication.translate("FleetMap", "No data yet"))


@dataclass(slots=True)
class Van:
    id: str
    name: str
    status: dict
    lat: float | None = None
    lon: float | None = None
    heading: float | None = None
    activity: str | None = None
    alerted: bool = False
    #: (ts, lat, lon), oldest first, at most one per TRAIL_STEP_S
    trail: deque = field(default_factory=deque)
    #: grows on every change the scene must draw (the scene compares it with its own)
    revision: int = 0


def _position(status: Mapping) -> tuple[float, float] | None:
    lat, lon = status.get("lat"), status.get("lon")
    if (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and not (isinstance(lat, bool) or isinstance(lon, bool))
    ):
        if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
            return float(lat), float(lon)
    return None


def _ts(status: Mapping) -> float | None:
    return rules.status_epoch(status)


class FleetMapModel(QAbstractListModel):
    def __init__(self, parent=None, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.clock = clock
        self._vans: list[Van] = []
        self._row_of: dict[str, int] = {}

    # -- reading -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._vans)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._vans) or index.column() != 0:
            return None
        van = self._vans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return van.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(van)
        if role == IdRole:
            return van.id
        if role == ActivityRole:
            return van.activity
        if role == PositionRole:
            return None if van.lat is None else (van.lat, van.lon)
        if role == HeadingRole:
            return van.heading
        if role == TrailRole:
            return [(lat, lon) for _ts, lat, lon in van.trail]
        return None

    def van(self, row: int) -> Van:
        return self._vans[row]

    def vans(self) -> list[Van]:
        return list(self._vans)

    def row_of(self, vehicle_id: str) -> int | None:
        return self._row_of.get(vehicle_id)

    def tooltip(self, van: Van) -> str:
        """Name and what it does: "Van 7 — Driving, 54 km/h" or "… — No connection since 14:02"."""
        st = van.status
        if van.activity == rules.STALE:
            since = _ts(st)
            what = QCoreApplication.translate("FleetMap", "No connection since %1").replace(
                "%1", fmt.clock(since, self.clock()) if since else "—"
            )
        elif van.activity == rules.DRIVING:
            what = QCoreApplication.translate("FleetMap", "Driving, %1").replace(
                "%1", fmt.number(st.get("speed_kmh"), 0, "km/h")
            )
        else:
            what = activity_label(van.activity)
        return (
            QCoreApplication.translate("FleetMap", "%1 — %2")
            .replace("%1", van.name)
            .replace("%2", what)
        )

    # -- writing -------------------------------------------------------------------
    def set_vehicles(self, rows: Iterable[Mapping], alerted: Iterable[str] = ()) -> None:
        """The cache's vehicles (``Cache.vehicles()``) and the ids with a live alert.

        The same vans as before: changed rows only (``dataChanged``); otherwise a reset
        that keeps each van's trail and heading."""
        alerted_ids = set(alerted)
        rows = list(rows)
        ids = [str(r["id"]) for r in rows]
        if ids == [v.id for v in self._vans]:
            changed = [
                i
                for i, r in enumerate(rows)
                if self._update(self._vans[i], r, r["id"] in alerted_ids)
            ]
            self._emit_span(changed)
            return
        old = {v.id: v for v in self._vans}
        self.beginResetModel()
        self._vans = []
        for r in rows:
            van = old.get(str(r["id"])) or Van(id=str(r["id"]), name="", status={})
            self._update(van, r, str(r["id"]) in alerted_ids)
            self._vans.append(van)
        self._row_of = {v.id: i for i, v in enumerate(self._vans)}
        self.endResetModel()

    def set_alerted(self, alerted: Iterable[str]) -> None:
        ids = set(alerted)
        changed = []
        for i, van in enumerate(self._vans):
            if (van.id in ids) != van.alerted:
                van.alerted = van.id in ids
                self._reclassify(van)
                changed.append(i)
        self._emit_span(changed)

    def _update(self, van: Van, row: Mapping, alerted: bool) -> bool:
        """Fold a cache row into ``van``; True if anything drawn changed."""
        before = (van.name, van.lat, van.lon, van.activity, van.alerted)
        van.name = str(row.get("name") or row.get("vin") or van.id)
        status = dict(row.get("status") or {})
        # a newer live status (from samples) wins over an older cached summary
        if (_ts(status) or 0.0) >= (_ts(van.status) or 0.0):
            self._move(van, status)
        van.alerted = alerted
        self._reclassify(van)
        if before != (van.name, van.lat, van.lon, van.activity, van.alerted):
            van.revision += 1
            return True
        return False

    def _move(self, van: Van, status: dict) -> None:
        position = _position(status)
        if position is not None:
            lat, lon = position
            if (
                van.lat is not None
                and geo.distance_km(van.lat, van.lon, lat, lon) >= HEADING_MIN_KM
            ):
                van.heading = geo.bearing_deg(van.lat, van.lon, lat, lon)
            van.lat, van.lon = lat, lon
            ts = _ts(status)
            if ts is not None:
                self._add_trail_point(van, ts, lat, lon)
        van.status = status

    def _add_trail_point(self, van: Van, ts: float, lat: float, lon: float) -> None:
        trail = van.trail
        if trail and ts - trail[-1][0] < TRAIL_STEP_S:
            return
        if trail and ts < trail[-1][0]:
            return  # an older sample (backfill): the trail keeps time order
        trail.append((ts, lat, lon))
        while trail and trail[0][0] < ts - TRAIL_S:
            trail.popleft()

    def _reclassify(self, van: Van) -> None:
        van.activity = rules.activity(van.status, self.clock(), alerted=van.alerted)

    def apply_samples(self, samples_by_vehicle: Mapping[str, list[dict]]) -> list[int]:
        """Live samples: each van's newest one moves it (rows changed, one signal)."""
        changed = []
        for vid, samples in samples_by_vehicle.items():
            i = self._row_of.get(vid)
            if i is None or not samples:
                continue
            van = self._vans[i]
            newest = _ts(van.status) or 0.0
            for sample in samples:
                ts = _ts(sample)
                if ts is None or ts < newest:
                    continue
                status = {**van.status, **sample}
                status.pop("seq", None)
                status["ts_epoch"] = newest = ts
                self._move(van, status)
            self._reclassify(van)
            van.revision += 1
            changed.append(i)
        self._emit_span(changed)
        return changed

    def add_history(self, trails: Mapping[str, Iterable[tuple[float, float, float]]]) -> None:
        """The last hour from the cache (ts, lat, lon), put in front of the live trail."""
        changed = []
        for vid, points in trails.items():
            i = self._row_of.get(vid)
            if i is None:
                continue
            van = self._vans[i]
            newest_live = van.trail[0][0] if van.trail else float("inf")
            merged: deque = deque()
            for ts, lat, lon in points:
                if ts >= newest_live:
                    break
                if merged and ts - merged[-1][0] < TRAIL_STEP_S:
                    continue
                merged.append((ts, lat, lon))
            if merged:
                van.trail = merged + van.trail
                van.revision += 1
                changed.append(i)
        self._emit_span(changed)

    def refresh_activity(self) -> list[int]:
        """The clock alone turned some vans stale: reclassify (no new data needed)."""
        changed = []
        for i, van in enumerate(self._vans):
            before = van.activity
            self._reclassify(van)
            if van.activity != before:
                van.revision += 1
                changed.append(i)
        self._emit_span(changed)
        return changed

    def _emit_span(self, rows: list[int]) -> None:
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))
