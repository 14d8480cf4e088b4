"""Terms rules (R21): a user accepts each document individually, per version; ordering
needs the current version of every term its products require; a new version needs a new
acceptance. Acceptance is the user's own act: a dealer in a support session can't give it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from embedded_server.audit import service as audit
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.tenancy import AuthContext, Scope
from embedded_server.terms import repository as repo
from embedded_server.terms.catalogue import TERMS
from embedded_server.terms.models import Term, TermAcceptance


@dataclass(frozen=True, slots=True)
class TermView:
    """A current term as one caller sees it (``TermOut`` reads these attributes)."""

    id: str
    version: int
    title: str
    body: str
    published_at: dt.datetime
    accepted_at: dt.datetime | None
    accepted_version: int | None


def ensure_terms(session: Session) -> None:
    """Insert the shipped versions that are missing (idempotent, run at startup)."""
    for item in TERMS:
        if repo.get_version(session, item["id"], item["version"]) is None:
            repo.add(session, Term(**item))


def publish(session: Session, *, term_id: str, title: str, body: str,
            title_sv: str | None = None, body_sv: str | None = None) -> Term:
    """A new version of ``term_id`` (or its first): everyone must accept it again."""
    current = {t.id: t for t in repo.current_terms(session)}.get(term_id)
    term = Term(id=term_id, version=(current.version + 1) if current else 1, title=title,
                title_sv=title_sv or title, body=body, body_sv=body_sv or body,
                published_at=utcnow())
    repo.add(session, term)
    session.flush()
    return term


def _accepted(session: Session, scope: Scope, user_id: str) -> dict[tuple[str, int], dt.datetime]:
    out: dict[tuple[str, int], dt.datetime] = {}
    for a in repo.acceptances(session, scope, user_id):
        out.setdefault((a.term_id, a.version), a.accepted_at)
    return out


def list_terms(session: Session, *, auth: AuthContext, lang: str) -> list[TermView]:
    accepted = _accepted(session, auth, auth.user_id)
    views = []
    for t in repo.current_terms(session):
        mine = [v for (tid, v) in accepted if tid == t.id]
        views.append(TermView(
            id=t.id, version=t.version,
            title=t.title_sv if lang == "sv" else t.title,
            body=t.body_sv if lang == "sv" else t.body,
            published_at=t.published_at,
            accepted_at=accepted.get((t.id, t.version)),
            accepted_version=max(mine) if mine else None))
    return views


def accept(session: Session, *, auth: AuthContext, term_id: str, version: int | None,
           lang: str) -> TermView:
    """Record the caller's acceptance of the current version (idempotent per version)."""
    if auth.support_session_id is not None:
        raise ProblemError(403, "acceptance_personal",
                           "Terms are accepted by the user personally, not in a support session.")
    current = {t.id: t for t in repo.current_terms(session)}.get(term_id)
    if current is None:
        raise ProblemError(404, "not_found", "Terms not found.")
    if version is not None and version != current.version:
        raise ProblemError(409, "term_version_outdated",
                           "That is not the current version of these terms; read it again.",
                           current_version=current.version)
    if (term_id, current.version) not in _accepted(session, auth, auth.user_id):
        repo.add(session, TermAcceptance(company_id=auth.company_id, user_id=auth.user_id,
                                         term_id=term_id, version=current.version,
                                         accepted_at=utcnow()))
        session.flush()
        audit.record(session, company_id=auth.company_id, actor_user_id=auth.user_id,
                     action="terms.accepted", target_type="term", target_id=term_id,
                     detail={"version": current.version})
    return next(v for v in list_terms(session, auth=auth, lang=lang) if v.id == term_id)


def missing_terms(session: Session, scope: Scope, user_id: str,
                  term_ids: Iterable[str]) -> list[str]:
    """The ids among ``term_ids`` whose current version ``user_id`` has not accepted."""
    current = {t.id: t.version for t in repo.current_terms(session)}
    accepted = _accepted(session, scope, user_id)
    return sorted({t for t in term_ids if t in current and (t, current[t]) not in accepted})


def binding(session: Session, scope: Scope, user_id: str,
            term_ids: Iterable[str]) -> list[dict[str, object]]:
    """The accepted current versions of ``term_ids`` with their time: what an order binds."""
    current = {t.id: t.version for t in repo.current_terms(session)}
    accepted = _accepted(session, scope, user_id)
    return [{"id": t, "version": current[t], "accepted_at": accepted[(t, current[t])].isoformat()}
            for t in sorted(set(term_ids)) if t in current and (t, current[t]) in accepted]
