"""Queries for terms and acceptances (acceptances start from ``tenancy.owned``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from embedded_server.tenancy import Scope, owned
from embedded_server.terms.models import Term, TermAcceptance


def current_terms(session: Session) -> list[Term]:
    """The newest version of every terms document, by id."""
    newest = (select(Term.id, func.max(Term.version).label("v")).group_by(Term.id).subquery())
    return list(session.scalars(
        select(Term).join(newest, (Term.id == newest.c.id) & (Term.version == newest.c.v))
        .order_by(Term.id)))


def get_version(session: Session, term_id: str, version: int) -> Term | None:
    return session.get(Term, (term_id, version))


def acceptances(session: Session, scope: Scope, user_id: str) -> list[TermAcceptance]:
    return list(session.scalars(owned(TermAcceptance, scope, TermAcceptance.user_id == user_id)
                                .order_by(TermAcceptance.accepted_at, TermAcceptance.id)))


def add(session: Session, obj: object) -> None:
    session.add(obj)
