"""Logbook pane (issue 12): trips the real portal derived on ingest are listed per
vehicle with their places, distance, duration and max speed, and exported as CSV and
PDF (both read back). Real portal subprocess (SQLite and PostgreSQL), real cache and
client, real widgets."""

from __future__ import annotations

import csv
import datetime as dt
import re
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from mpro_desktop.models.trips import logbook_rows
from mpro_desktop.sync import outbox
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.trips.pane import TripsPane
from tests.portal_fixtures import LivePortal
from tests.ui.test_alerts_pane import _module_token

VIN = "W1V9076351P616161"
#: two trips: the depot in Västberga to Liljeholmen (3.4 km), then on to Solna (9.1 km)
LEGS = [
    ((59.2962, 18.0047, 1000.0), (59.3100, 18.0230, 1003.4), 48.0, 600),
    ((59.3100, 18.0230, 1003.4), (59.3600, 17.9990, 1012.5), 71.0, 900),
]


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


def _drive_two_trips(portal: LivePortal, token: str) -> None:
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    samples, seq, t = [], 0, t0
    for (la1, lo1, odo1), (la2, lo2, odo2), vmax, seconds in LEGS:
        for k in range(11):
            f = k / 10
            samples.append(
                {
                    "seq": seq,
                    "ts": (t + dt.timedelta(seconds=seconds * f)).isoformat(),
                    "ignition": k < 10,
                    "speed_kmh": vmax if 0 < k < 10 else 0.0,
                    "lat": la1 + (la2 - la1) * f,
                    "lon": lo1 + (lo2 - lo1) * f,
                    "odometer_km": odo1 + (odo2 - odo1) * f,
                }
            )
            seq += 1
        t += dt.timedelta(seconds=seconds + 1200)  # twenty minutes at the customer
    r = httpx.post(
        f"{portal.url}/api/v1/telematics/samples",
        json={"vin": VIN, "samples": samples},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text


def test_logbook_lists_trips_and_exports_csv_and_pdf(
    qtbot, qtmodeltester, portal, tmp_path
) -> None:
    acc = portal.register("Körjournal AB")
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(portal.url, access_token=acc["token"])
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 7")
        assert not engine.sync_once().offline
        _drive_two_trips(portal, _module_token(portal, acc["company"]["id"], vid))

        context = PaneContext(cache, online=AccountApi(client))
        pane = TripsPane(context)
        qtbot.addWidget(pane)
        pane.reload()
        qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=15_000)
        qtmodeltester.check(pane.model)
        assert pane.vehicle.currentText() == "Van 7"
        first = [pane.model.index(0, c).data() for c in range(pane.model.columnCount())]
        second = [pane.model.index(1, c).data() for c in range(pane.model.columnCount())]
        assert first[4] == "3.4 km" and first[5] == "10 min" and first[6] == "48 km/h"
        assert second[4] == "9.1 km" and second[5] == "15 min" and second[6] == "71 km/h"
        assert first[1] and first[3] and second[3]  # place names from the offline table
        assert first[3] == second[1]  # the second trip starts where the first ended
        assert pane.csv_button.isEnabled() and pane.pdf_button.isEnabled()
        assert "12.5 km" in pane.summary.text()

        csv_path, pdf_path = tmp_path / "logbook.csv", tmp_path / "logbook.pdf"
        pane.export("csv", csv_path)
        qtbot.waitUntil(lambda: "Saved" in pane.status.text(), timeout=10_000)
        with csv_path.open(encoding="utf-8-sig", newline="") as f:
            lines = list(csv.DictReader(f))
        assert [r["distance_km"] for r in lines] == ["3.4", "9.1"]
        assert [r["duration_min"] for r in lines] == ["10.0", "15.0"]
        assert [r["max_speed_kmh"] for r in lines] == ["48", "71"]
        assert lines[0]["end_place"] == first[3] == lines[1]["start_place"]
        assert dt.datetime.fromisoformat(lines[0]["started_at"]).utcoffset() is not None

        pane.status.setText("")
        pane.export("pdf", pdf_path)
        qtbot.waitUntil(lambda: "Saved" in pane.status.text(), timeout=20_000)
        text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(pdf_path).pages)
        assert "Logbook: Van 7" in text
        for needle in ("3.4 km", "9.1 km", "48 km/h", "71 km/h", "2 trips, 12.5 km", first[3]):
            assert needle in text, (needle, text)
        assert not list(tmp_path.glob(".*.part"))
    finally:
        client.close()
        cache.close()


def test_offline_the_logbook_says_so_and_queues_nothing(qtbot, cache) -> None:
    from tests.ui.conftest import fill_vehicles

    fill_vehicles(cache, 2)
    pane = TripsPane(PaneContext(cache))
    qtbot.addWidget(pane)
    pane.reload()
    qtbot.waitUntil(lambda: pane.vehicle.count() == 2)
    assert "connection" in pane.status.text().lower() or "offline" in pane.status.text().lower()
    assert not pane.csv_button.isEnabled() and not pane.pdf_button.isEnabled()
    assert cache.outbox() == []


def test_garbled_trips_are_left_out() -> None:
    rows = logbook_rows(
        [
            None,
            {"id": 5},
            {"id": "a"},  # no id / not a string id / no start
            {
                "id": "b",
                "started_at": "2026-12-07T08:00:00Z",
                "ended_at": None,
                "start": {"lat": 59.3, "lon": 18.0, "place": None},
                "end": "??",
                "distance_km": "far",
                "max_speed_kmh": 30,
            },
        ]
    )
    assert [r["id"] for r in rows] == ["b"]
    assert rows[0]["from"] == "59.3000, 18.0000" and rows[0]["to"] == ""
    assert rows[0]["distance_km"] is None and rows[0]["duration_s"] is None
