"""Queries for the change log, history epoch and applied mutations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from embedded_server.models import AppliedMutation, ChangeLog, ServerMeta
from embedded_server.tenancy import of_company, owned, owned_column


def history_epoch(session: Session) -> str:
    return session.execute(
        select(ServerMeta.value).where(ServerMeta.key == "history_epoch")
    ).scalar_one()


def compact_entity(session: Session, company_id: str, entity: str, entity_id: str) -> None:
    """Drop older rows of the same entity: the feed keeps only its latest state."""
    session.execute(
        delete(ChangeLog).where(
            of_company(ChangeLog, company_id),
            ChangeLog.entity == entity,
            ChangeLog.entity_id == entity_id,
        )
    )


def insert_change(session: Session, row: ChangeLog) -> None:
    session.add(row)


def changes_after(session: Session, company_id: str, seq: int, limit: int) -> list[ChangeLog]:
    return list(session.scalars(
        owned(ChangeLog, company_id, ChangeLog.seq > seq)
        .order_by(ChangeLog.seq)
        .limit(limit)
    ))


def count_changes_after(session: Session, company_id: str, seq: int) -> int:
    return int(session.scalar(
        owned_column(ChangeLog, func.count(), company_id, ChangeLog.seq > seq)
    ) or 0)


def seqs_after(session: Session, company_id: str, seq: int, limit: int) -> list[int]:
    return list(session.scalars(
        owned_column(ChangeLog, ChangeLog.seq, company_id, ChangeLog.seq > seq)
        .order_by(ChangeLog.seq)
        .limit(limit)
    ))


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
