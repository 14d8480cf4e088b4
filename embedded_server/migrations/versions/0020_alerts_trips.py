"""alerts, alert thresholds, per-van live state and trips (issue 12)

Revision ID: 0020
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0008"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("vehicle_id", sa.String(36), sa.ForeignKey("vehicles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("opened_at", UTC, nullable=False),
        sa.Column("acknowledged_at", UTC, nullable=True),
        sa.Column("acknowledged_by", sa.String(36), nullable=True),
        sa.Column("closed_at", UTC, nullable=True),
        sa.Column("closed_by", sa.String(36), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fed_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_alerts_company_opened", "alerts", ["company_id", "opened_at"])
    op.create_index("ix_alerts_vehicle_type_state", "alerts", ["vehicle_id", "type", "state"])
    op.create_index("ix_alerts_unfed", "alerts", ["company_id", "fed_version", "version"])
    op.create_table(
        "alert_settings",
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), primary_key=True),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_table(
        "vehicle_live_states",
        sa.Column("vehicle_id", sa.String(36), sa.ForeignKey("vehicles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("memory", sa.JSON(), nullable=False),
        sa.Column("live_alerts", sa.JSON(), nullable=False),
        sa.Column("suppressed", sa.JSON(), nullable=False),
        sa.Column("open_trip_id", sa.String(36), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=True),
        sa.Column("last_sample_at", UTC, nullable=True),
        sa.Column("contact_lost", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_vehicle_live_states_contact", "vehicle_live_states", ["last_sample_at"])
    op.create_table(
        "trips",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("vehicle_id", sa.String(36), sa.ForeignKey("vehicles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("ended_at", UTC, nullable=True),
        *[sa.Column(f"{end}_{name}", sa.Float(), nullable=True)
          for end in ("start", "end") for name in ("lat", "lon", "odometer_km")],
        sa.Column("start_place", sa.String(200), nullable=True),
        sa.Column("end_place", sa.String(200), nullable=True),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("max_speed_kmh", sa.Float(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fed_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_trips_vehicle_started", "trips", ["vehicle_id", "started_at"])
    op.create_index("ix_trips_unfed", "trips", ["company_id", "fed_version", "version"])


def downgrade() -> None:
    op.drop_table("trips")
    op.drop_table("vehicle_live_states")
    op.drop_table("alert_settings")
    op.drop_table("alerts")
