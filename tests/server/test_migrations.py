"""Schema upgrades keep existing data working (SQLite and PostgreSQL).

A database is built at an older revision with rows in it, upgraded to head the way the
portal does at start-up, and then used through the API.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient

from embedded_server.db import make_engine
from embedded_server.migrations import alembic_config, upgrade_to_head
from embedded_server.security import new_token, token_hash
from tests.server.conftest import VIN1, VIN2

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _upgrade(engine: sa.Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _insert(conn: sa.Connection, table: str, **row: Any) -> None:
    cols = ", ".join(row)
    conn.execute(
        sa.text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + c for c in row)})"), row
    )


def _company_at_0004(conn: sa.Connection, name: str) -> tuple[str, str]:
    """A company with an admin and a live access token (rows as 0004 stores them)."""
    company, user, token = str(uuid.uuid4()), str(uuid.uuid4()), new_token("at_")
    now = dt.datetime.now(dt.UTC)
    _insert(
        conn,
        "companies",
        id=company,
        name=name,
        country="SE",
        street="Gatan 1",
        postal_code="11122",
        city="Stockholm",
        org_number="556000-0000",
        phone="+4681234567",
        version=1,
        change_seq=0,
        created_at=now,
        updated_at=now,
    )
    _insert(
        conn,
        "users",
        id=user,
        company_id=company,
        email=f"{user}@example.com",
        password_hash="x",
        first_name="A",
        last_name="B",
        language="sv",
        roles='["company_admin"]',
        verified=True,
        version=1,
        failed_logins=0,
        created_at=now,
        updated_at=now,
    )
    _insert(
        conn,
        "auth_tokens",
        token_hash=token_hash(token),
        kind="access",
        user_id=user,
        expires_at=now + dt.timedelta(hours=1),
        created_at=now,
    )
    return company, token


def test_0005_keeps_vehicles_commands_and_history_of_0004(portal_db_url: str, tmp_path) -> None:
    """Ids that clients hold (and desktop outboxes still queue) name the same objects after
    0005; a module token keeps sending; an old id is then free in another company."""
    engine = make_engine(portal_db_url)
    _upgrade(engine, "0004")
    vid, cid, module = str(uuid.uuid4()), str(uuid.uuid4()), new_token("mt_")
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        company, token = _company_at_0004(conn, "Alpha AB")
        other_company, other_token = _company_at_0004(conn, "Beta AB")
        _insert(
            conn,
            "products",
            id="fleet_management",
            name="Fleet",
            description="",
            price=0,
            currency="SEK",
            term_months=12,
            free=False,
            required_terms="[]",
            package_of="[]",
            requires_evan=False,
            requires_comm_module=True,
            sort_order=0,
        )
        _insert(
            conn,
            "vehicles",
            id=vid,
            company_id=company,
            vin=VIN1,
            name="Old van",
            fuel_type="electric",
            has_comm_module=True,
            module_active=True,
            version=3,
            created_at=now,
            updated_at=now,
        )
        _insert(
            conn,
            "subscriptions",
            id=str(uuid.uuid4()),
            company_id=company,
            vehicle_id=vid,
            product_id="fleet_management",
            state="active",
            start_at=now,
        )
        _insert(
            conn, "module_tokens", token_hash=token_hash(module), vehicle_id=vid, created_at=now
        )
        for seq in range(3):
            _insert(
                conn,
                "telemetry_samples",
                vehicle_id=vid,
                seq=seq,
                ts=T0 + dt.timedelta(seconds=seq),
                speed_kmh=float(seq),
            )
        _insert(
            conn,
            "commands",
            id=cid,
            company_id=company,
            vehicle_id=vid,
            type="lock",
            params="{}",
            state="queued",
            unmet="[]",
            ttl_s=3600,
            created_at=now,
            expires_at=now + dt.timedelta(hours=1),
            updated_at=now,
            version=1,
        )
    upgrade_to_head(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT public_id FROM vehicles")).scalar_one() == vid
    engine.dispose()

    from embedded_server.app import create_app
    from embedded_server.config import Settings

    app = create_app(Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail")))
    h = {"Authorization": f"Bearer {token}"}
    hb = {"Authorization": f"Bearer {other_token}"}
    with TestClient(app, raise_server_exceptions=False) as c:
        got = c.get(f"/api/v1/vehicles/{vid}", headers=h)
        assert got.status_code == 200 and got.json()["id"] == vid and got.json()["version"] == 3
        series = c.get(f"/api/v1/vehicles/{vid}/telemetry", headers=h).json()
        assert [s["speed_kmh"] for s in series["samples"]] == [0.0, 1.0, 2.0]
        r = c.post(
            "/api/v1/telematics/samples",
            headers={"Authorization": f"Bearer {module}"},
            json={
                "vin": VIN1,
                "samples": [{"seq": 2, "ts": T0.isoformat()}, {"seq": 3, "ts": T0.isoformat()}],
            },
        )
        assert r.json() == {"accepted": 1, "duplicates": 1}, r.text
        cmd = c.get(f"/api/v1/vehicles/{vid}/commands/{cid}", headers=h).json()
        assert cmd["id"] == cid and cmd["vehicle_id"] == vid and cmd["state"] == "queued"
        # an edit queued offline before the upgrade still names the vehicle
        m = {
            "mutation_id": str(uuid.uuid4()),
            "client_seq": 1,
            "type": "vehicle.update",
            "base_version": 3,
            "payload": {"vehicle_id": vid, "name": "Renamed"},
        }
        (res,) = c.post(
            "/api/v1/mutations", json={"client_id": "d", "mutations": [m]}, headers=h
        ).json()["results"]
        assert res["result"] == "applied" and res["entity"]["id"] == vid, res
        dup = c.post("/api/v1/vehicles", json={"id": vid, "vin": VIN2}, headers=h)
        assert dup.status_code == 409 and dup.json()["code"] == "id_conflict"
        theirs = c.post("/api/v1/vehicles", json={"id": vid, "vin": VIN2}, headers=hb)
        assert theirs.status_code == 201 and theirs.json()["id"] == vid
        assert c.get(f"/api/v1/vehicles/{vid}", headers=h).json()["name"] == "Renamed"
        assert c.get(f"/api/v1/vehicles/{vid}/telemetry", headers=hb).json()["samples"] == []
    app.state.engine.dispose()
    assert other_company != company
