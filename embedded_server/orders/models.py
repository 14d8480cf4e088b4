"""Orders (R10, R20): product x vehicles, priced once, active or waiting for a dealer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base


class Order(Base):
    """``state``: ``active`` (its subscriptions started) or ``pending_dealer_confirmation``
    (ordered by an unverified user, R10). ``items`` keeps each line as ordered and priced
    (``product_id``, ``vehicle_ids`` = the vehicles' public ids, ``term_months``, unit,
    monthly and total amounts); ``binding_terms`` the term versions the orderer had
    accepted when the order became binding (R21). Key ``(company_id, id)``: the id may be
    the desktop's (``order.create`` from the outbox)."""

    __tablename__ = "orders"
    __table_args__ = (PrimaryKeyConstraint("company_id", "id", name="pk_orders"),)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    id: Mapped[str] = mapped_column(String(36))
    ordered_by: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(32))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3), default="SEK")
    total_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    monthly_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    binding_terms: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the dealer id that confirmed it (R10), None when it was active at once
    confirmed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def total(self) -> dict[str, Any]:
        return {"amount": self.total_amount, "currency": self.currency}

    @property
    def monthly(self) -> dict[str, Any]:
        return {"amount": self.monthly_amount, "currency": self.currency}
