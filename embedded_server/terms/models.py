"""Versioned terms documents and the acceptances of them (R21)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from embedded_server.db import UTCDateTime, utcnow
from embedded_server.models import Base, BigId


class Term(Base):
    """One version of a terms document; the current one is the highest ``version``."""

    __tablename__ = "terms"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_sv: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_sv: Mapped[str] = mapped_column(Text)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TermAcceptance(Base):
    """A user accepted ``version`` of term ``term_id`` at ``accepted_at`` (per user, R21)."""

    __tablename__ = "term_acceptances"
    __table_args__ = (Index("ix_term_acceptances_user_term", "user_id", "term_id", "version"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    term_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
