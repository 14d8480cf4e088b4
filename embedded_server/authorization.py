"""Authorization in one home: what each route needs, checked against the domain's table.

Every route declares its access through one dependency: ``require(permission)`` (which
also yields the caller) or ``PUBLIC_ROUTE`` (no access token: registration, sign-in,
reset, health, and the vehicle side, which shows a module token instead).
:func:`declare_permissions` copies the declaration into the OpenAPI (``x-permission``),
from which ``tests/server/test_roles_matrix.py`` checks every operation for every role.
The mutation path checks the same table per mutation type (:func:`refused`).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from embedded_server.commands.service import get_command
from embedded_server.deps import AuthContext, current_auth, current_dealer, leaf_routes
from embedded_server.errors import ProblemError
from embedded_server.orders import repository as orders_repo
from embedded_server.tenancy import DealerContext
from embedded_server.users import repository as users_repo
from embedded_server.vehicles.service import get_vehicle
from mpro_desktop.domain.accounts import Permission, allowed

#: OpenAPI extension naming the permission an operation needs (or PUBLIC)
PERMISSION_KEY = "x-permission"
PUBLIC = "public"
INSUFFICIENT_ROLE = "insufficient_role"
INSUFFICIENT_ROLE_DETAIL = "Your role does not allow this action."
_ACCESS_ATTR = "mpro_access"


def refused(roles: tuple[str, ...], permission: Permission) -> bool:
    return not allowed(roles, permission)


def insufficient_role(permission: Permission) -> ProblemError:
    return ProblemError(
        403, INSUFFICIENT_ROLE, INSUFFICIENT_ROLE_DETAIL, permission=permission.value
    )


@cache
def require(permission: Permission) -> Any:
    """The dependency of a route that needs ``permission``; it yields the caller.

    ``auth: Annotated[AuthContext, require(Permission.MANAGE_VEHICLES)]``. A caller
    without the permission gets 403 ``insufficient_role``, but only after the tenant
    check: a path object of another company is still 404 (:func:`check_path_objects`).
    """

    def check(request: Request, auth: Annotated[AuthContext, Depends(current_auth)]) -> AuthContext:
        if refused(auth.roles, permission):
            with request.app.state.session_factory(readonly=True) as session:
                check_path_objects(session, auth, request.path_params)
            raise insufficient_role(permission)
        return auth

    assert permission is not Permission.DEALER, "dealer routes use require_dealer()"
    check.__name__ = f"require_{permission.value}"
    setattr(check, _ACCESS_ATTR, permission.value)
    return Depends(check)


@cache
def require_dealer() -> Any:
    """The dependency of a dealer route (permission ``dealer``); it yields the dealer.

    ``dealer: Annotated[DealerContext, require_dealer()]``. A dealer's own token or a
    support-session token passes; a company user's token gets 403 ``insufficient_role``
    (no company role holds ``dealer``). The reverse (a dealer's own token on a company
    route) is refused by ``deps.current_auth`` with 403 ``support_session_required``.
    """

    def check(
        dealer: Annotated[DealerContext | None, Depends(current_dealer)],
    ) -> DealerContext:
        if dealer is None or refused(dealer.roles, Permission.DEALER):
            raise insufficient_role(Permission.DEALER)
        return dealer

    check.__name__ = f"require_{Permission.DEALER.value}"
    setattr(check, _ACCESS_ATTR, Permission.DEALER.value)
    return Depends(check)


def check_path_objects(session: Session, auth: AuthContext, path: dict[str, Any]) -> None:
    """404 ``not_found`` when a vehicle, command, user, invitation or subscription in the
    path is not the caller's own."""
    if "user_id" in path and users_repo.get_user(session, auth, path["user_id"]) is None:
        raise ProblemError(404, "not_found", "User not found.")
    if "invitation_id" in path and users_repo.get_invitation(
            session, auth, path["invitation_id"]) is None:
        raise ProblemError(404, "not_found", "Invitation not found.")
    if "subscription_id" in path and orders_repo.get_subscription(
            session, auth, path["subscription_id"]) is None:
        raise ProblemError(404, "not_found", "Subscription not found.")
    if "vehicle_id" in path:
        vehicle_id = path["vehicle_id"]
        get_vehicle(session, company_id=auth.company_id, vehicle_id=vehicle_id)
        if "command_id" in path:
            get_command(
                session,
                company_id=auth.company_id,
                vehicle_id=vehicle_id,
                command_id=path["command_id"],
            )


def _public() -> None:
    """Marks a route that needs no access token (it may check another credential)."""


setattr(_public, _ACCESS_ATTR, PUBLIC)
#: ``dependencies=[PUBLIC_ROUTE]`` on register, login, reset, health and module-token routes
PUBLIC_ROUTE = Depends(_public)


def _declared(dependant: Any) -> set[str]:
    found: set[str] = set()
    for d in dependant.dependencies:
        access = getattr(d.call, _ACCESS_ATTR, None)
        if access is not None:
            found.add(access)
        found |= _declared(d)
    return found


def declare_permissions(app: FastAPI) -> None:
    """Copy each route's declared access into its OpenAPI operation (``x-permission``).

    A route declaring none gets no key, and the roles test fails on it; one declaring two
    is a programming error.
    """
    for route in leaf_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        access = _declared(route.dependant)
        if len(access) > 1:
            raise RuntimeError(f"{route.path} declares several permissions: {sorted(access)}")
        if access:
            route.openapi_extra = {**(route.openapi_extra or {}), PERMISSION_KEY: access.pop()}
