"""A vehicle's logbook: its trips (API.md "Alerts and trips") as table rows and as the
CSV and HTML an export writes.

``logbook_rows`` turns the portal's items into plain rows once (epoch times, place
names, distance, duration); the table, the CSV and the PDF all show those same rows,
so an export says exactly what the screen says.
"""

from __future__ import annotations

import csv
import html
import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain.vehicles import status_epoch
from mpro_desktop.models import format as fmt
from mpro_desktop.models.table import Column, RowTableModel

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)


def place_name(end: Any) -> str | None:
    """The place name of a trip's ``start``/``end`` object, if the portal gave one."""
    place = end.get("place") if isinstance(end, Mapping) else None
    return place if isinstance(place, str) and place else None


def _place(end: Any) -> str:
    """The place name, else the position as text, else nothing (the logbook's cell)."""
    if not isinstance(end, dict):
        return ""
    if end.get("place"):
        return str(end["place"])
    lat, lon = end.get("lat"), end.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return f"{lat:.4f}, {lon:.4f}"
    return ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def logbook_rows(items: Iterable[Any]) -> list[dict]:
    """Rows for the table and the exports; an item the portal garbled is left out (logged)."""
    rows = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            log.warning("logbook: skipping a trip the portal sent without an id: %r", item)
            continue
        start = fmt.iso_to_epoch(item.get("started_at"))
        if start is None:
            log.warning("logbook: skipping trip %s without a start time", item["id"])
            continue
        end = fmt.iso_to_epoch(item.get("ended_at"))
        rows.append(
            {
                "id": item["id"],
                "start": start,
                "end": end,
                "from": _place(item.get("start")),
                "to": _place(item.get("end")),
                "distance_km": _number(item.get("distance_km")),
                "duration_s": None if end is None else max(0.0, end - start),
                "max_speed_kmh": _number(item.get("max_speed_kmh")),
            }
        )
    rows.sort(key=lambda r: r["start"])
    return rows


def duration_text(seconds: float | None) -> str:
    """1 h 05 min, 12 min; "in progress" for a trip that has not ended."""
    if seconds is None:
        return QCoreApplication.translate("logbook", "in progress")
    minutes = int(round(seconds / 60.0))
    if minutes < 60:
        return QCoreApplication.translate("logbook", "%1 min").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("logbook", "%1 h %2 min")
        .replace("%1", str(minutes // 60))
        .replace("%2", f"{minutes % 60:02d}")
    )


def headers() -> list[str]:
    return [
        QCoreApplication.translate("logbook", "Started"),
        QCoreApplication.translate("logbook", "From"),
        QCoreApplication.translate("logbook", "Ended"),
        QCoreApplication.translate("logbook", "To"),
        QCoreApplication.translate("logbook", "Distance"),
        QCoreApplication.translate("logbook", "Duration"),
        QCoreApplication.translate("logbook", "Max speed"),
    ]


def cells(row: dict) -> list[str]:
    """The row as the table shows it (and the PDF prints it)."""
    return [
        fmt.when(row["start"])[:16],
        row["from"] or "–",
        fmt.when(row["end"])[:16] if row["end"] else "–",
        row["to"] or "–",
        fmt.number(row["distance_km"], 1, "km"),
        duration_text(row["duration_s"]),
        fmt.number(row["max_speed_kmh"], 0, "km/h"),
    ]


def totals(rows: Sequence[dict]) -> tuple[float, float]:
    """Total distance (km) and driving time (s) of the finished trips."""
    done = [r for r in rows if r["end"] is not None]
    return (
        sum(r["distance_km"] or 0.0 for r in done),
        sum(r["duration_s"] or 0.0 for r in done),
    )


def csv_text(rows: Sequence[dict]) -> str:
    """Machine-readable: ISO times with offset, plain numbers (dot decimals), one trip a line."""
    from datetime import datetime

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "started_at",
            "start_place",
            "ended_at",
            "end_place",
            "distance_km",
            "duration_min",
            "max_speed_kmh",
        ]
    )

    def iso(epoch: float | None) -> str:
        return "" if epoch is None else datetime.fromtimestamp(epoch).astimezone().isoformat()

    for r in rows:
        writer.writerow(
            [
                iso(r["start"]),
                r["from"],
                iso(r["end"]),
                r["to"],
                "" if r["distance_km"] is None else f"{r['distance_km']:.1f}",
                "" if r["duration_s"] is None else f"{r['duration_s'] / 60.0:.1f}",
                "" if r["max_speed_kmh"] is None else f"{r['max_speed_kmh']:.0f}",
            ]
        )
    return out.getvalue()


def html_text(title: str, period: str, rows: Sequence[dict]) -> str:
    """The printable logbook (the PDF export lays this out on A4)."""
    esc = html.escape
    distance, seconds = totals(rows)
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in headers())
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells(r)) + "</tr>" for r in rows)
    summary = (
        QCoreApplication.translate("logbook", "%1 trips, %2, driving time %3")
        .replace("%1", str(len(rows)))
        .replace("%2", fmt.number(distance, 1, "km"))
        .replace("%3", duration_text(seconds))
    )
    return (
        f"<h2>{esc(title)}</h2><p>{esc(period)}</p>"
        f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<tr>{head}</tr>{body}</table><p>{esc(summary)}</p>"
    )


class LogbookTableModel(RowTableModel):
    """Rows from :func:`logbook_rows`, oldest first."""

    def make_columns(self) -> list[Column]:
        names = headers()
        keys = ("start", "from", "end", "to", "distance_km", "duration_s", "max_speed_kmh")
        right = {"distance_km", "duration_s", "max_speed_kmh"}
        return [
            Column(
                key,
                names[i],
                lambda r, i=i: cells(r)[i],
                sort_key=lambda r, k=key: (r[k] is None, r[k] if r[k] is not None else 0),
                align_right=key in right,
            )
            for i, key in enumerate(keys)
        ]


class TripListError(ValueError):
    """The portal's answer is not a list of trips."""


@dataclass(frozen=True)
class Trip:
    id: str
    started: float
    ended: float | None  # None: still driving
    distance_km: float | None
    start_place: str | None
    end_place: str | None

    def label(self) -> str:
        """ "2026-12-07 07:12–07:48 · 23 km · Kista → Solna" (what the list shows)."""
        span = fmt.when(self.started)[:16]
        span += "–" + (
            fmt.when(self.ended)[11:16]
            if self.ended
            else QCoreApplication.translate("TripReplay", "now")
        )
        parts = [span]
        if self.distance_km is not None:
            parts.append(fmt.number(self.distance_km, 0, "km"))
        if self.start_place or self.end_place:
            parts.append(f"{self.start_place or '…'} → {self.end_place or '…'}")
        return " · ".join(parts)


def parse_trips(page: Any) -> list[Trip]:
    """The trips of a ``GET /vehicles/{id}/trips`` answer, newest first."""
    items = page.get("items") if isinstance(page, Mapping) else None
    if not isinstance(items, list):
        raise TripListError("the portal's answer has no trip list")
    trips = []
    for item in items:
        if not isinstance(item, Mapping):
            raise TripListError("a trip in the portal's answer is not an object")
        started = status_epoch({"ts": item.get("started_at")})
        ended = status_epoch({"ts": item.get("ended_at")}) if item.get("ended_at") else None
        if started is None or not isinstance(item.get("id"), str):
            raise TripListError("a trip in the portal's answer has no id or start time")
        distance = item.get("distance_km")
        trips.append(
            Trip(
                id=item["id"],
                started=started,
                ended=ended,
                distance_km=float(distance) if isinstance(distance, int | float) else None,
                start_place=place_name(item.get("start")),
                end_place=place_name(item.get("end")),
            )
        )
    return sorted(trips, key=lambda t: -t.started)


def read_track(cache: Cache, vehicle_id: str, trip: Trip) -> list[tuple[float, float, float]]:
    """(ts, lat, lon) of the trip from the cache's telemetry, oldest first."""
    cols = cache.telemetry(vehicle_id, trip.started, ("lat", "lon"))
    end = trip.ended if trip.ended is not None else float("inf")
    return [
        (float(t), float(la), float(lo))
        for t, la, lo in zip(cols["ts"], cols["lat"], cols["lon"], strict=True)
        if t <= end and la == la and lo == lo
    ]
