"""The caller, the company it acts for, and the one place a query is limited to it.

Every query of a company-owned table starts from :func:`owned` / :func:`owned_column`:
repositories never spell ``Model.company_id == ...`` themselves (a test checks the
source), so a new query cannot forget the tenant filter. Imports no domain code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, select


class Scope(Protocol):
    """Anything that names the company a query is limited to."""

    @property
    def company_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CompanyScope:
    """A company scope without a user (background jobs, the vehicle side)."""

    company_id: str


@dataclass(frozen=True, slots=True)
class AuthContext:
    """The authenticated caller: acts for ``company_id`` with ``roles``.

    In a dealer's support session (R12) the caller is the user the dealer acts as (their
    company and roles); ``dealer_id`` then names the dealer (the operator-given id) and
    ``support_session_id`` the session, so every action can be recorded "acting as".
    """

    user_id: str
    company_id: str
    roles: tuple[str, ...]
    #: when the access token stops working (long-lived streams end there)
    expires_at: dt.datetime | None = None
    dealer_id: str | None = None
    support_session_id: str | None = None


@dataclass(frozen=True, slots=True)
class DealerContext:
    """A dealer at the counter (R4): outside every company, so no company scope at all.

    From a dealer's own token, or from a support session (then ``support_session_id``
    is set and ``acting_as`` is the session's caller in the company).
    """

    dealer_id: str  #: the operator-given dealer id (``users.verified_by`` holds it)
    roles: tuple[str, ...]
    expires_at: dt.datetime | None = None
    support_session_id: str | None = None
    acting_as: AuthContext | None = None


#: whoever a bearer token belongs to
Caller = AuthContext | DealerContext


M = TypeVar("M")


def company_of(scope: Scope | str) -> str:
    return scope if isinstance(scope, str) else scope.company_id


def of_company(model: Any, scope: Scope | str) -> ColumnElement[bool]:
    """The tenant criterion itself, for statements other than a plain select (delete)."""
    return model.company_id == company_of(scope)  # type: ignore[no-any-return]


def of_companies(model: Any, company_ids: Any) -> ColumnElement[bool]:
    """The tenant criterion for work that serves several companies at once (a process's
    live streams catching up after a fan-out outage); each row still names its company."""
    return model.company_id.in_(list(company_ids))  # type: ignore[no-any-return]


def owned(model: type[M], scope: Scope | str, *criteria: Any) -> Select[tuple[M]]:
    """``SELECT model`` limited to the scope's company (plus ``criteria``)."""
    return select(model).where(of_company(model, scope), *criteria)


def unowned(model: type[M], *criteria: Any) -> Select[tuple[M]]:
    """``SELECT model`` rows of no company: the platform's own (a dealer's sign-ins in
    the audit log), which no company's query can reach."""
    return select(model).where(model.company_id.is_(None), *criteria)  # type: ignore[attr-defined]


def owned_column(model: Any, column: Any, scope: Scope | str, *criteria: Any) -> Select[Any]:
    """``SELECT column`` (or an aggregate) of ``model``'s rows, limited like :func:`owned`."""
    return select(column).where(of_company(model, scope), *criteria)
