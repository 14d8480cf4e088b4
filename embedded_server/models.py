"""ORM models of the portal database (the schema itself is created by Alembic)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column, relationship

from embedded_server.db import UTCDateTime, utcnow
from mpro_desktop.domain.telemetry import SAMPLE_FIELDS

BigId = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    pass


class ServerMeta(Base):
    """Key/value facts about this database, e.g. the change-feed history epoch."""

    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


@dataclass
class PostalAddress:
    """A company's one address (R6), as one value over its three columns."""

    street: str
    postal_code: str
    city: str


class Company(Base):
    __tablename__ = "companies"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[PostalAddress] = composite("street", "postal_code", "city")
    org_number: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: last change-feed seq handed out; updated under a row lock so seq order = commit order
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: R8: deletion in steps; the code's SHA-256 while a request is open
    deletion_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    deletion_code_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: set on confirmation: services off and access ended then; contracts end 14 days later
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    contracts_end_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


#: column ``info`` marking personal data (R26): ``GET /me/export`` must cover every table
#: that has such a column (``accounts.export.EXPORTERS``; a test walks the metadata)
PERSONAL: dict[str, Any] = {"personal": True}


class Identity(Base):
    """A login identity (R1): e-mail and password, separate from company membership.

    One identity may hold memberships (``users`` rows) in several companies; sign-in
    checks the identity, then picks a membership (``accounts.service.login``)."""

    __tablename__ = "identities"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, info=PERSONAL)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """A membership of a login identity in one company (R1) with its personal data.

    ``state``: ``active``, or ``pending`` (registered for an identity that existed
    already: usable once the identity's owner confirms it from the mail). ``email``
    mirrors the identity's address. ``password_hash`` is the identity's."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    identity_id: Mapped[str | None] = mapped_column(
        ForeignKey("identities.id"), index=True, nullable=True
    )
    identity: Mapped[Identity | None] = relationship(lazy="joined")
    state: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    email: Mapped[str] = mapped_column(String(254), index=True, info=PERSONAL)
    first_name: Mapped[str] = mapped_column(String(100), info=PERSONAL)
    last_name: Mapped[str] = mapped_column(String(100), info=PERSONAL)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, info=PERSONAL)
    mobile: Mapped[str | None] = mapped_column(String(20), nullable=True, info=PERSONAL)
    language: Mapped[str] = mapped_column(String(8), default="sv", info=PERSONAL)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the dealer id (``dealers.dealer_id``) that verified the user (R11)
    verified_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: R12: argon2 hash of the user's support password, never shown
    support_password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def password_hash(self) -> str:
        """The login identity's password hash (R1: the password is the identity's)."""
        assert self.identity is not None
        return self.identity.password_hash

    @password_hash.setter
    def password_hash(self, value: str) -> None:
        assert self.identity is not None
        self.identity.password_hash = value


class Invitation(Base):
    """R13: an invitation by e-mail or mobile with the roles to grant. Only the SHA-256
    of its token is kept; ``state`` pending|accepted|revoked (expired is pending past
    ``expires_at``). ``id`` may be the client's UUID: unique per company (issue 8 #12)."""

    __tablename__ = "invitations"
    __table_args__ = (PrimaryKeyConstraint("company_id", "id", name="pk_invitations"),)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    id: Mapped[str] = mapped_column(String(36))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True, info=PERSONAL)
    mobile: Mapped[str | None] = mapped_column(String(20), nullable=True, info=PERSONAL)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    invited_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    accepted_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def current_state(self) -> str:
        """``state``, or ``expired`` for a pending one past ``expires_at``."""
        if self.state == "pending" and self.expires_at <= utcnow():
            return "expired"
        return self.state


class ContractVersion(Base):
    """R6: one version of a contract (an active subscription) with the company's base
    data as it stood; a change of name, address or org number adds a version to every
    active contract, the older ones are kept for history."""

    __tablename__ = "contract_versions"
    __table_args__ = (UniqueConstraint("subscription_id", "version", name="uq_contract_versions"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    company_name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[PostalAddress] = composite("street", "postal_code", "city")
    org_number: Mapped[str] = mapped_column(String(50))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuthToken(Base):
    """Access, refresh and password-reset tokens; only the SHA-256 hash is stored."""

    __tablename__ = "auth_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: one sign-in and all its refreshes (0004); reusing a rotated refresh token revokes it
    family_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class MailOutbox(Base):
    """Mail waiting for delivery (R15); once sent, the body is cleared (see ``mail``)."""

    __tablename__ = "mail_outbox"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    to_addr: Mapped[str] = mapped_column(String(254), info=PERSONAL)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: "message" (body as queued) or "password_reset" (link made at delivery, ``mail``)
    kind: Mapped[str] = mapped_column(String(32), default="message", server_default="message")


class ThrottleCounter(Base):
    """A rate-limit counter (0004), keyed by ``<limit>:<sha256 of the subject>``."""

    __tablename__ = "throttle_counters"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Vehicle(Base):
    """A vehicle of one company.

    ``public_id`` is the id clients see and may choose (the desktop makes it offline); it
    is unique per company only, so another company's id is just a fresh id in yours and
    never an existence oracle (issue 8 #12). ``id`` is the portal's own key, never shown
    and never taken from a request: every row that belongs to the vehicle (samples,
    module tokens, subscriptions, commands) references it, so two companies' vehicles
    with the same ``public_id`` can't mix. Look a vehicle up by ``(company_id,
    public_id)`` at the API boundary, then use ``id``.
    """

    __tablename__ = "vehicles"
    __table_args__ = (
        # R16: a VIN is active in at most one company; removed vehicles keep their history.
        Index(
            "uq_vehicles_active_vin",
            "vin",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
        Index("uq_vehicles_company_public_id", "company_id", "public_id", unique=True),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: the client-visible id (0005); rows from before 0005 keep ``public_id == id``
    public_id: Mapped[str] = mapped_column(String(36))
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    vin: Mapped[str] = mapped_column(String(17))
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    license_plate: Mapped[str | None] = mapped_column(String(20), nullable=True)
    fuel_type: Mapped[str] = mapped_column(String(16), default="diesel")
    model: Mapped[str | None] = mapped_column(String(100), nullable=True)
    has_comm_module: Mapped[bool] = mapped_column(Boolean, default=True)
    module_active: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: latest full telemetry snapshot (R22) and bookkeeping for the change feed
    status: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status_fed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: status_seq of the snapshot last put into the change feed (trailing flush, 0002)
    status_fed_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Product(Base):
    __tablename__ = "products"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3))
    term_months: Mapped[int] = mapped_column(Integer)
    free: Mapped[bool] = mapped_column(Boolean)
    required_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    package_of: Mapped[list[str]] = mapped_column(JSON, default=list)
    requires_evan: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_comm_module: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    #: monthly price per vehicle per billing term, {"12": "149.00", ...} (0021, pricing.py)
    term_prices: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_state_end", "state", "end_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    state: Mapped[str] = mapped_column(String(32))  # active | ended
    start_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it ended, or (still active, cancelled) when it will end: its term's end
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: 0021 (commerce): the order it came from, its price per month and term, when the
    #: committed term ends, when it was cancelled; ``version`` for the change feed
    order_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    term_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    price: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    term_end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    vehicle: Mapped[Vehicle] = relationship(lazy="joined", innerjoin=True)


class ModuleToken(Base):
    """A vehicle communication module's credential (R17), stored as a hash."""

    __tablename__ = "module_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


_SAMPLE_COLUMN_TYPES = {float: Float, bool: Boolean, str: lambda: String(32)}

#: One row per (vehicle, seq); flat columns so series map straight onto arrays.
telemetry_samples = Table(
    "telemetry_samples",
    Base.metadata,
    Column("vehicle_id", String(36), ForeignKey("vehicles.id"), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("ts", UTCDateTime, nullable=False),
    *[Column(name, _SAMPLE_COLUMN_TYPES[t](), nullable=True) for name, t in SAMPLE_FIELDS.items()],
    #: when the sample reached the portal (0023; rFMS receivedDateTime); set by the ingest
    Column("received_at", UTCDateTime, nullable=True),
    Index("ix_telemetry_vehicle_ts_seq", "vehicle_id", "ts", "seq"),
    Index("ix_telemetry_vehicle_received", "vehicle_id", "received_at"),
)


class ChangeLog(Base):
    """Per-company change feed, compacted to the latest row per entity id."""

    __tablename__ = "change_log"
    __table_args__ = (
        UniqueConstraint("company_id", "seq", name="uq_change_log_company_seq"),
        Index("ix_change_log_entity", "company_id", "entity", "entity_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(8))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppliedMutation(Base):
    """Mutation ids recorded in the same transaction as their effect (idempotency)."""

    __tablename__ = "applied_mutations"
    __table_args__ = (Index("ix_applied_mutations_client", "company_id", "client_id", "client_seq"),)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(64))
    #: the client's outbox order (0002); every outcome is recorded, not only "applied"
    client_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdempotencyKey(Base):
    """Idempotency-Key reservations and the first response, per caller scope."""

    __tablename__ = "idempotency_keys"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Command(Base):
    """A remote command (SPEC R23-R25): queued -> delivered -> executed | failed, or expired.

    The key is ``(company_id, id)`` (0005): ``id`` may be chosen by the client (the
    desktop queues commands offline), so it is unique per company only (issue 8 #12).
    ``vehicle_id`` is the vehicle's portal key; ``vehicle`` gives its ``public_id``.
    """

    __tablename__ = "commands"
    __table_args__ = (
        PrimaryKeyConstraint("company_id", "id", name="pk_commands"),
        Index("ix_commands_vehicle_state", "vehicle_id", "state"),
        Index("ix_commands_state_expires", "state", "expires_at"),
    )
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    id: Mapped[str] = mapped_column(String(36))
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"))
    vehicle: Mapped[Vehicle] = relationship(lazy="joined", innerjoin=True)
    type: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    unmet: Mapped[list[str]] = mapped_column(JSON, default=list)
    ttl_s: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
