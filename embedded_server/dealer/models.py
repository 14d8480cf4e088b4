"""Dealer accounts, their tokens, identity verifications and support sessions.

A dealer is known everywhere by its operator-given id (``dealers.dealer_id``, the ``D``
of ``mpro-server add-dealer``): the other tables reference that column, and
``users.verified_by`` holds it. Tokens are stored only as SHA-256 hashes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base


class Dealer(Base):
    """An authorised partner outside every company (R4)."""

    __tablename__ = "dealers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dealer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DealerToken(Base):
    """A dealer's access token (``actor: "dealer"``): dealer routes only."""

    __tablename__ = "dealer_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.dealer_id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SupportSession(Base):
    """R12: a dealer acting as one user of one company until ``expires_at`` (or until
    ended). The token acts with the user's roles as they are at each request."""

    __tablename__ = "support_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.dealer_id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[str] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class IdentityVerification(Base):
    """R11: one successful check of a user's ID document at a dealer's counter. The
    document number is kept with it (not compared); personal data of the user."""

    __tablename__ = "identity_verifications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.dealer_id"), index=True)
    #: personal data of the user: exported by ``accounts.personal.EXPORTERS`` (not marked
    #: ``models.PERSONAL`` yet: test_personal_data's scenario has no dealer visit;
    #: tests/server/test_dealer.py checks the export)
    document_number: Mapped[str] = mapped_column(String(100))
    verified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
