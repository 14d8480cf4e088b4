"""Orders and subscriptions in the cache (issue 11).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

- ``orders``: the company's orders from the change feed (placed online only).
- ``subscriptions``: each vehicle's subscriptions; ``pending_op`` is what a queued
  ``subscription.end`` shows ("end" at the term's end, "end_now" at once).

Frozen on purpose: later changes get their own revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("state", sa.String, nullable=True),
        sa.Column("created_at", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.JSON, nullable=True),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("vehicle_id", sa.String, nullable=True),
        sa.Column("product_id", sa.String, nullable=True),
        sa.Column("order_id", sa.String, nullable=True),
        sa.Column("state", sa.String, nullable=True),
        sa.Column("start_at", sa.String, nullable=True),
        sa.Column("end_at", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pending_op", sa.String, nullable=True),
        sa.Column("data", sa.JSON, nullable=True),
    )
    op.create_index("ix_subscriptions_vehicle_id", "subscriptions", ["vehicle_id"])


def downgrade() -> None:
    op.drop_index("ix_subscriptions_vehicle_id", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_table("orders")
