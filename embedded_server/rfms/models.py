"""rFMS clients of a company and their access tokens (only hashes are stored)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base


class RfmsClient(Base):
    """A third-party system's OAuth client (client credentials grant, RFC 6749 §4.4).

    ``client_id`` is public and unique; the secret is shown once at creation and kept
    only as an argon2 hash. ``revoked_at`` set: the client and all its tokens are dead."""

    __tablename__ = "rfms_clients"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RfmsAccessToken(Base):
    """A bearer token issued to an rFMS client; only its SHA-256 is stored."""

    __tablename__ = "rfms_access_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_pk: Mapped[str] = mapped_column(
        ForeignKey("rfms_clients.id", ondelete="CASCADE"), index=True
    )
    client: Mapped[RfmsClient] = relationship(lazy="joined", innerjoin=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
