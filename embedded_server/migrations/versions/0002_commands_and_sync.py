"""remote commands, client_seq of recorded mutations, trailing status flush

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commands",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("vehicle_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("unmet", sa.JSON(), nullable=False),
        sa.Column("ttl_s", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commands", schema=None) as batch_op:
        batch_op.create_index("ix_commands_company_id", ["company_id"], unique=False)
        batch_op.create_index("ix_commands_vehicle_state", ["vehicle_id", "state"], unique=False)
        batch_op.create_index("ix_commands_state_expires", ["state", "expires_at"], unique=False)
    with op.batch_alter_table("applied_mutations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_seq", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_applied_mutations_client", ["company_id", "client_id", "client_seq"],
                              unique=False)
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_fed_seq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_column("status_fed_seq")
    with op.batch_alter_table("applied_mutations", schema=None) as batch_op:
        batch_op.drop_index("ix_applied_mutations_client")
        batch_op.drop_column("client_seq")
    with op.batch_alter_table("commands", schema=None) as batch_op:
        batch_op.drop_index("ix_commands_state_expires")
        batch_op.drop_index("ix_commands_vehicle_state")
        batch_op.drop_index("ix_commands_company_id")
    op.drop_table("commands")
