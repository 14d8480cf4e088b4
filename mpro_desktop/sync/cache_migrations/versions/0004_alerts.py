"""Alerts in the cache (issue 12).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

- ``alerts``: the company's fleet alerts from the change feed; ``pending_op`` is the
  state a queued ``alert.acknowledge`` / ``alert.close`` shows until the portal answers.

Frozen on purpose: later changes get their own revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("vehicle_id", sa.String, nullable=True),
        sa.Column("type", sa.String, nullable=True),
        sa.Column("severity", sa.String, nullable=True),
        sa.Column("state", sa.String, nullable=True),
        sa.Column("opened_at", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pending_op", sa.String, nullable=True),
        sa.Column("data", sa.JSON, nullable=True),
    )
    op.create_index("ix_alerts_vehicle_id", "alerts", ["vehicle_id"])


def downgrade() -> None:
    op.drop_index("ix_alerts_vehicle_id", table_name="alerts")
    op.drop_table("alerts")
