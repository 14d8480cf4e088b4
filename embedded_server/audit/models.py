"""The audit log table (migration 0006)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import PERSONAL, Base, BigId


class AuditEntry(Base):
    """One security-relevant action in a company: who (a user, a dealer, a dealer acting
    as a user in a support session), what (``action``, e.g. ``auth.login``), on what
    (``target_type`` / ``target_id``) and any detail (JSON). Written in the same
    transaction as the action it records; never changed afterwards."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_company_id", "company_id", "id"),
        Index("ix_audit_log_actor_dealer_id", "actor_dealer_id", "id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    #: None: the platform's own entry (a dealer's sign-in), listed to no company
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True, info=PERSONAL)
    actor_dealer_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    acting_as_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    target_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
