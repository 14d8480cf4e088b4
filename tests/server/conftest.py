"""Helpers for server tests: accounts on the in-process client and module activation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.portal_fixtures import register_company

VIN1 = "W1V9076351P123456"
VIN2 = "W1V9076351P654321"


@pytest.fixture
def account(portal_client: Any) -> Callable[[str], dict[str, Any]]:
    """``account(name)`` registers a company; the result has ``headers`` for its admin."""

    def make(name: str = "Alpha Logistik AB") -> dict[str, Any]:
        acct = register_company(portal_client, name)
        acct["headers"] = {"Authorization": f"Bearer {acct['token']}"}
        return acct

    return make


@pytest.fixture
def activate(portal_app: Any) -> Callable[..., str]:
    """``activate(vehicle_id)`` books Fleet management (R17) and returns the module token;
    ``company_id`` picks the vehicle when two companies use the same id (issue 8 #12)."""
    from sqlalchemy import select

    from embedded_server.models import Vehicle
    from embedded_server.products.service import assign_service

    def run(vehicle_id: str, product_id: str = "fleet_management", *,
            company_id: str | None = None) -> str:
        with portal_app.state.session_factory() as session:
            stmt = select(Vehicle).where(Vehicle.public_id == vehicle_id)
            if company_id is not None:
                stmt = stmt.where(Vehicle.company_id == company_id)
            vehicle = session.scalars(stmt).one()
            token = assign_service(session, vehicle=vehicle, product_id=product_id)
            session.commit()
        assert token
        return token

    return run
