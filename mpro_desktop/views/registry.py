"""The panes of the main window, in navigation order: adding a pane is one folder under
``views/`` and one :func:`register` line here (Spyder's plugin registry is the model).

Each pane class declares its name, title, entities and permission (``common.pane``);
the window reads nothing else about it.
"""

from __future__ import annotations

from mpro_desktop.views.alerts.pane import AlertsPane
from mpro_desktop.views.audit.pane import AuditPane
from mpro_desktop.views.common.pane import Pane
from mpro_desktop.views.company.pane import CompanyPane
from mpro_desktop.views.conflicts.pane import ConflictsPane
from mpro_desktop.views.dashboard.pane import DashboardPane
from mpro_desktop.views.integrations.pane import IntegrationsPane
from mpro_desktop.views.map.pane import MapPane
from mpro_desktop.views.products.pane import ProductsPane
from mpro_desktop.views.profile.pane import ProfilePane
from mpro_desktop.views.subscriptions.pane import SubscriptionsPane
from mpro_desktop.views.trips.pane import TripsPane
from mpro_desktop.views.users.pane import UsersPane
from mpro_desktop.views.vehicles.pane import VehiclesPane

_panes: dict[str, type[Pane]] = {}


def register(pane: type[Pane]) -> type[Pane]:
    """Add ``pane`` at the end of the navigation (usable as a class decorator)."""
    if pane.NAME in _panes:
        raise ValueError(f"a pane named {pane.NAME!r} is registered already")
    _panes[pane.NAME] = pane
    return pane


def unregister(name: str) -> None:
    """Remove the pane called ``name`` (windows built later no longer show it)."""
    del _panes[name]


def panes() -> list[type[Pane]]:
    """The registered pane classes, in navigation order."""
    return list(_panes.values())


def names() -> list[str]:
    return list(_panes)


register(DashboardPane)
register(VehiclesPane)
register(MapPane)
register(AlertsPane)
register(TripsPane)
register(UsersPane)
register(CompanyPane)
register(ProductsPane)
register(SubscriptionsPane)
register(AuditPane)
register(IntegrationsPane)
register(ProfilePane)
register(ConflictsPane)
