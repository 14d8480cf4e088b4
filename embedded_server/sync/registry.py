"""Every mutation type the portal accepts, listed once; a domain adds its line here."""

from __future__ import annotations

from embedded_server.alerts.mutations import MUTATIONS as ALERTS
from embedded_server.commands.mutations import MUTATIONS as COMMANDS
from embedded_server.company.mutations import MUTATIONS as COMPANY
from embedded_server.orders.mutations import MUTATIONS as ORDERS
from embedded_server.sync.mutation_types import MutationType
from embedded_server.users.mutations import MUTATIONS as USERS
from embedded_server.vehicles.mutations import MUTATIONS as VEHICLES

REGISTRY: dict[str, MutationType] = {
    m.name: m for m in (*VEHICLES, *COMMANDS, *USERS, *COMPANY, *ALERTS, *ORDERS)
}
