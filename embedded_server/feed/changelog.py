"""The company's change log: append an entity's new state, read what came after a seq.

Seq assignment happens under the company's row lock (PostgreSQL) or the single
BEGIN IMMEDIATE writer (SQLite), so seq order equals commit order and a pull never
skips a row that commits late. The log is compacted to one row per entity id, so a
pull from the beginning yields the full current state. Imports no domain code.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from embedded_server.feed.events import queue_event
from embedded_server.models import ChangeLog, Company
from embedded_server.tenancy import of_company, owned, owned_column


def next_seq(session: Session, company_id: str) -> int:
    """Hand out the next change-feed seq; the row lock is held until commit."""
    return session.execute(
        update(Company)
        .where(Company.id == company_id)
        .values(change_seq=Company.change_seq + 1)
        .returning(Company.change_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def current_seq(session: Session, company_id: str) -> int:
    return session.execute(select(Company.change_seq).where(Company.id == company_id)).scalar_one()


def append_change(
    session: Session,
    *,
    company_id: str,
    entity: str,
    entity_id: str,
    op: str,
    data: dict[str, Any] | None,
    version: int,
) -> int:
    """Record the entity's new state (replacing its older rows) and hint the stream."""
    seq = next_seq(session, company_id)
    session.execute(
        delete(ChangeLog).where(
            of_company(ChangeLog, company_id),
            ChangeLog.entity == entity,
            ChangeLog.entity_id == entity_id,
        )
    )
    session.add(
        ChangeLog(
            company_id=company_id,
            seq=seq,
            entity=entity,
            entity_id=entity_id,
            op=op,
            data=data,
            version=version,
        )
    )
    queue_event(session, company_id, "change", {"seq": seq})
    return seq


def changes_after(session: Session, company_id: str, seq: int, limit: int) -> list[ChangeLog]:
    stmt = owned(ChangeLog, company_id, ChangeLog.seq > seq).order_by(ChangeLog.seq).limit(limit)
    return list(session.scalars(stmt))


def count_changes_after(session: Session, company_id: str, seq: int) -> int:
    stmt = owned_column(ChangeLog, func.count(), company_id, ChangeLog.seq > seq)
    return int(session.scalar(stmt) or 0)


def seqs_after(session: Session, company_id: str, seq: int, limit: int) -> list[int]:
    stmt = owned_column(ChangeLog, ChangeLog.seq, company_id, ChangeLog.seq > seq)
    return list(session.scalars(stmt.order_by(ChangeLog.seq).limit(limit)))
