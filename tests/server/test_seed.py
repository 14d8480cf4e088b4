"""The demo seed is idempotent and produces 25 vans with modules (docs/contracts.md)."""

from __future__ import annotations

import json

from sqlalchemy import select

from embedded_server.models import Vehicle
from embedded_server.seed import seed_demo
from mpro_desktop.domain.vin import is_valid_vin


def test_seed_twice_keeps_ids(portal_app, tmp_path) -> None:
    seed_file = tmp_path / "demo-credentials.json"
    with portal_app.state.session_factory() as s:
        first = seed_demo(s, seed_file=seed_file)
    with portal_app.state.session_factory() as s:
        ids1 = {v.vin: v.id for v in s.scalars(select(Vehicle))}
    with portal_app.state.session_factory() as s:
        second = seed_demo(s, seed_file=seed_file)
    assert second == first, "a working seed file is kept"
    seed_file.unlink()
    with portal_app.state.session_factory() as s:
        third = seed_demo(s, seed_file=seed_file)
        ids3 = {v.vin: v.id for v in s.scalars(select(Vehicle))}
    assert ids3 == ids1 and len(ids1) == 25
    assert third["admin_password"] != first["admin_password"], "re-issued when the file is gone"
    assert json.loads(seed_file.read_text()) == third
    assert all(is_valid_vin(v) for v in third["vehicles"])
    assert list(third["vehicles"].values()).count("electric") == 10
    assert set(third["modules"]) == set(third["vehicles"])
