"""Roles and the permission table of ../shared/API.md ("Roles and permissions"), as data.

The portal's route dependency and its mutation path check :func:`allowed`; the desktop
uses the same table to offer only the actions the signed-in user may take. A user with
several roles has the union of their permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

COMPANY_ADMIN: Final = "company_admin"
FLEET_MANAGER: Final = "fleet_manager"
DRIVER: Final = "driver"
ROLES: Final = (COMPANY_ADMIN, FLEET_MANAGER, DRIVER)
#: the actor a dealer's own token carries (R4). Not a company role: no user can hold it
#: (roles are validated against ROLES), and a dealer's token holds nothing else, so it
#: reaches a company's data only through a support session, which acts with the roles
#: of the user it acts as (R12).
DEALER: Final = "dealer"


class Permission(StrEnum):
    """One row of the API.md table (split where a row has a "terms only" exception)."""

    READ = "read"  # own company, users, vehicles, status, telemetry, trips, alerts, ...
    MANAGE_COMPANY = "manage_company"  # edit/delete company, audit log, integration clients
    MANAGE_USERS = "manage_users"  # invite, change others' roles, delete users
    MANAGE_VEHICLES = "manage_vehicles"  # add / edit / remove vehicles, provision modules
    ACCEPT_TERMS = "accept_terms"  # for oneself
    MANAGE_ORDERS = "manage_orders"  # place orders, end subscriptions
    SEND_COMMANDS = "send_commands"  # the vehicle must hold the product (R23)
    MANAGE_ALERTS = "manage_alerts"  # acknowledge / close
    SELF = "self"  # /me, /me/support-password, /me/export
    DEALER = "dealer"  # the dealer counter: customer lookup, verification, support sessions


_ALL: Final = frozenset(ROLES)
_MANAGERS: Final = frozenset((COMPANY_ADMIN, FLEET_MANAGER))
_ADMIN: Final = frozenset((COMPANY_ADMIN,))

#: permission -> the roles that have it.
PERMISSIONS: Final[dict[Permission, frozenset[str]]] = {
    Permission.READ: _ALL,
    Permission.MANAGE_COMPANY: _ADMIN,
    Permission.MANAGE_USERS: _ADMIN,
    Permission.MANAGE_VEHICLES: _MANAGERS,
    Permission.ACCEPT_TERMS: _ALL,
    Permission.MANAGE_ORDERS: _MANAGERS,
    Permission.SEND_COMMANDS: _ALL,
    Permission.MANAGE_ALERTS: _MANAGERS,
    Permission.SELF: _ALL,
    Permission.DEALER: frozenset((DEALER,)),
}


def allowed(roles: Iterable[str], permission: Permission) -> bool:
    """Whether a user with ``roles`` has ``permission`` (the union of the roles)."""
    return not PERMISSIONS[permission].isdisjoint(roles)
