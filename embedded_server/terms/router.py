"""HTTP routes of the terms (R21): the current versions and the caller's acceptance."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from embedded_server.authorization import require
from embedded_server.deps import AuthContext, SessionDep
from embedded_server.errors import PROBLEM_RESPONSES, problems
from embedded_server.products.catalogue import language
from embedded_server.terms import service
from embedded_server.terms.schemas import AcceptIn, TermOut, TermPage
from mpro_desktop.domain.accounts import Permission

router = APIRouter(prefix="/api/v1", tags=["terms"], responses=PROBLEM_RESPONSES)
TermId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/terms", response_model=TermPage)
def list_terms(request: Request, auth: Annotated[AuthContext, require(Permission.READ)],
               session: SessionDep) -> dict[str, Any]:
    """The current version of each document, title and text by ``Accept-Language``;
    ``accepted_at`` is when the caller accepted that version (null: not yet)."""
    lang = language(request.headers.get("accept-language"))
    return {"items": service.list_terms(session, auth=auth, lang=lang), "next_cursor": None}


@router.post("/terms/{term_id}/accept", response_model=TermOut,
             responses=problems("term_version_outdated", "acceptance_personal"))
def accept(term_id: TermId, request: Request,
           auth: Annotated[AuthContext, require(Permission.ACCEPT_TERMS)],
           session: SessionDep, body: AcceptIn | None = None) -> Any:
    """Accept the current version for oneself (``version``, if given, must be it)."""
    lang = language(request.headers.get("accept-language"))
    view = service.accept(session, auth=auth, term_id=term_id,
                          version=body.version if body else None, lang=lang)
    session.commit()
    return view
