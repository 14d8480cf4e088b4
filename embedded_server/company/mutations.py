"""``company.update`` on ``POST /mutations``: the PATCH /company rules (R6, R7)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embedded_server.accounts.schemas import CompanyOut
from embedded_server.company import service
from embedded_server.company.schemas import CompanyPatch
from embedded_server.errors import ProblemError
from embedded_server.sync.mutation_types import MutationType, Pushed
from mpro_desktop.domain.accounts import Permission


def _update(session: Session, m: Pushed) -> dict[str, Any]:
    if m.auth is None:
        raise ProblemError(403, "insufficient_role", "No caller for this mutation.")
    c = service.update_company(session, auth=m.auth, changes=m.payload.model_dump(exclude_unset=True))
    return CompanyOut.dump(c)


MUTATIONS = (MutationType("company.update", CompanyPatch, Permission.MANAGE_COMPANY, _update),)
