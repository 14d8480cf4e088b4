"""Alert rows, per-company thresholds and what the rules remember per van."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base, Vehicle


class Alert(Base):
    """One alert of one van: at most one per (vehicle, type) is open or acknowledged.

    ``fed_version`` < ``version`` means the change feed hasn't got this state yet: the
    ingest that changed it holds the van's row lock, and the feed needs the company's
    (taken first), so the feed entry is appended right after the ingest's commit."""

    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_company_opened", "company_id", "opened_at"),
        Index("ix_alerts_vehicle_type_state", "vehicle_id", "type", "state"),
        Index("ix_alerts_unfed", "company_id", "fed_version", "version"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    vehicle: Mapped[Vehicle] = relationship(lazy="joined", innerjoin=True)
    type: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: "cleared" (the condition ended) or "user" (a person closed it)
    closed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    fed_version: Mapped[int] = mapped_column(Integer, default=0)


class AlertSettings(Base):
    """A company's thresholds (``domain.alerts.Thresholds``); no row = the defaults."""

    __tablename__ = "alert_settings"
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class VehicleLiveState(Base):
    """What the alert and trip rules remember about one van between ingests.

    One primary-key read per ingest: the rules' memory, the live alert ids by type (so
    an unchanged condition needs no alert query), the open trip and the last contact
    (the no-contact sweep reads it)."""

    __tablename__ = "vehicle_live_states"
    __table_args__ = (Index("ix_vehicle_live_states_contact", "last_sample_at"),)
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"),
                                            primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    memory: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: alert type -> id of its open or acknowledged alert
    live_alerts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: types closed by a person while their condition still held: not reopened until
    #: the condition has cleared once
    suppressed: Mapped[list[str]] = mapped_column(JSON, default=list)
    open_trip_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    #: the newest sample the rules have seen (older ones, replayed from a van's buffer
    #: after a dead zone, are history: stored, but not re-evaluated)
    last_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: when the portal last received a sample (receive time: a replayed buffer is contact)
    last_sample_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the sweep has dealt with this silence (opened ``no_contact``); the next sample resets it
    contact_lost: Mapped[bool] = mapped_column(Boolean, default=False)
