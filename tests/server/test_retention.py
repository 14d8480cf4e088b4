"""The retention job (issue 13): telemetry older than the retention period goes, in batches
of a few samples, newer samples stay; no period: nothing goes. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from embedded_server.jobs.retention import apply_retention
from embedded_server.models import telemetry_samples
from tests.server.conftest import VIN1, VIN2


def _post(client, vin: str, token: str, ages_days: list[float], first_seq: int = 0) -> None:
    now = dt.datetime.now(dt.UTC)
    samples = [{"seq": first_seq + i, "ts": (now - dt.timedelta(days=d)).isoformat(),
                "speed_kmh": float(i)} for i, d in enumerate(ages_days)]
    r = client.post("/api/v1/telematics/samples", json={"vin": vin, "samples": samples},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.json() == {"accepted": len(samples), "duplicates": 0}, r.text


def _stored(factory) -> list[tuple[str, int]]:
    t = telemetry_samples.c
    with factory(readonly=True) as s:
        return [(v, q) for v, q in s.execute(select(t.vehicle_id, t.seq).order_by(t.vehicle_id, t.seq))]


def test_old_samples_go_in_batches_new_ones_stay(portal_client, portal_app, account, activate) -> None:
    h = account()["headers"]
    tokens = {}
    for vin in (VIN1, VIN2):
        vid = portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=h).json()["id"]
        tokens[vin] = activate(vid)
    _post(portal_client, VIN1, tokens[VIN1], [100, 95, 90, 80, 70, 40, 31, 29, 1, 0.01])
    _post(portal_client, VIN2, tokens[VIN2], [45, 2])
    factory = portal_app.state.session_factory
    assert apply_retention(factory, None) == 0 and apply_retention(factory, 0) == 0
    assert len(_stored(factory)) == 12
    assert apply_retention(factory, 30, batch=3) == 7 + 1
    left = _stored(factory)
    t = telemetry_samples.c
    with factory(readonly=True) as s:
        oldest = s.scalar(select(func.min(t.ts)))
    assert len(left) == 4
    assert oldest > dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    assert apply_retention(factory, 30, batch=3) == 0, "nothing left to delete"
