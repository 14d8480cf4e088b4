"""Initial cache schema (docs/contracts.md, "Desktop cache").

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Frozen on purpose: later schema changes get their own revision, so the column list
below is written out rather than derived from ``mpro_desktop.domain.telemetry``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TELEMETRY_REAL = (
    "lat",
    "lon",
    "speed_kmh",
    "odometer_km",
    "fuel_level_pct",
    "soc_pct",
    "range_km",
    "tyre_fl_kpa",
    "tyre_fr_kpa",
    "tyre_rl_kpa",
    "tyre_rr_kpa",
    "outside_temp_c",
    "cabin_temp_c",
)
TELEMETRY_BOOL = ("doors_open", "windows_open", "locked", "hood_open", "ignition")


def upgrade() -> None:
    op.create_table(
        "vehicles",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("vin", sa.String(17), nullable=False),
        sa.Column("name", sa.String, nullable=True),
        sa.Column("license_plate", sa.String, nullable=True),
        sa.Column("fuel_type", sa.String, nullable=False, server_default="diesel"),
        sa.Column("model", sa.String, nullable=True),
        sa.Column("has_comm_module", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("module_active", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.String, nullable=True),
        sa.Column("updated_at", sa.String, nullable=True),
        sa.Column("pending_op", sa.String, nullable=True),
    )
    op.create_index("ix_vehicles_vin", "vehicles", ["vin"])
    op.create_table(
        "vehicle_status",
        sa.Column("vehicle_id", sa.String, primary_key=True),
        sa.Column("ts", sa.Float, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("email", sa.String, nullable=True),
        sa.Column("first_name", sa.String, nullable=True),
        sa.Column("last_name", sa.String, nullable=True),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=True),
        sa.Column("price", sa.Float, nullable=True),
        sa.Column("currency", sa.String, nullable=True),
        sa.Column("term_months", sa.Integer, nullable=True),
        sa.Column("free", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "telemetry",
        sa.Column("vehicle_id", sa.String, primary_key=True),
        sa.Column("ts", sa.Float, primary_key=True),
        *[sa.Column(name, sa.Float, nullable=True) for name in TELEMETRY_REAL],
        *[sa.Column(name, sa.Float, nullable=True) for name in TELEMETRY_BOOL],
        sqlite_with_rowid=False,
    )
    op.create_index("ix_telemetry_ts", "telemetry", ["ts"])
    op.create_table(
        "outbox",
        sa.Column("client_seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mutation_id", sa.String, nullable=False, unique=True),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("entity_id", sa.String, nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("base_version", sa.Integer, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("waited_s", sa.Float, nullable=False, server_default="0"),
    )
    op.create_index("ix_outbox_entity", "outbox", ["entity_id"])
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mutation_id", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("entity_id", sa.String, nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("result", sa.String, nullable=False),
        sa.Column("code", sa.String, nullable=True),
        sa.Column("detail", sa.String, nullable=True),
        sa.Column("entity", sa.JSON, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=True),
    )


def downgrade() -> None:
    for name in (
        "sync_state",
        "conflicts",
        "outbox",
        "telemetry",
        "company",
        "products",
        "users",
        "vehicle_status",
        "vehicles",
    ):
        op.drop_table(name)
