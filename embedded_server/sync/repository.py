"""Queries for the history epoch and applied mutations (the log itself: ``feed.changelog``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from embedded_server.models import AppliedMutation, ServerMeta
from embedded_server.tenancy import owned_column


def history_epoch(session: Session) -> str:
    return session.execute(
        select(ServerMeta.value).where(ServerMeta.key == "history_epoch")
    ).scalar_one()


def max_client_seq(session: Session, company_id: str, client_id: str) -> int | None:
    return session.execute(
        owned_column(AppliedMutation, func.max(AppliedMutation.client_seq), company_id,
                     AppliedMutation.client_id == client_id)
    ).scalar_one_or_none()


def get_applied(session: Session, company_id: str, mutation_id: str) -> AppliedMutation | None:
    return session.get(AppliedMutation, (company_id, mutation_id))


def record_applied(
    session: Session, *, company_id: str, mutation_id: str, client_id: str, type_: str,
    client_seq: int | None, result: dict[str, Any],
) -> None:
    session.add(AppliedMutation(company_id=company_id, mutation_id=mutation_id, client_id=client_id,
                                type=type_, client_seq=client_seq, result=result))
    session.flush()
