"""The product catalogue (R19) shipped with the embedded portal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

FLEET_MANAGEMENT = "fleet_management"

CATALOGUE: list[dict[str, Any]] = [
    {"id": "portal", "name": "Portal & Vehicle administration",
     "description": "Company account, users, roles and vehicle administration.",
     "price": Decimal("0"), "currency": "SEK", "term_months": 0, "free": True,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": False},
    {"id": FLEET_MANAGEMENT, "name": "Fleet management",
     "description": "Live positions, fuel level or charge state, maintenance overview.",
     "price": Decimal("149.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
    {"id": "digital_logbook", "name": "Digital logbook",
     "description": "Automatic trip log for business and private journeys.",
     "price": Decimal("89.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
    {"id": "remote_services", "name": "Remote services",
     "description": "Remote commands: lock and unlock; on eVans start/stop charging, "
                    "pre-conditioning and departure time.",
     "price": Decimal("59.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": True},
    {"id": "vehicle_status", "name": "Vehicle status",
     "description": "Tyre pressures, doors, windows and lock state.",
     "price": Decimal("49.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": False, "requires_comm_module": True},
    {"id": "evan_charge", "name": "eVan charge management",
     "description": "Charging and pre-conditioning for electric vans.",
     "price": Decimal("79.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general"], "package_of": [], "requires_evan": True, "requires_comm_module": True},
    {"id": "data_interface", "name": "Data interface",
     "description": "rFMS-style read access for third-party fleet systems.",
     "price": Decimal("99.00"), "currency": "SEK", "term_months": 12, "free": False,
     "required_terms": ["general", "data_processing"], "package_of": [], "requires_evan": False,
     "requires_comm_module": True},
]
