"""Invitations in the cache; queued user changes (issue 10).

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-01

- ``invitations``: the company's invitations (R13) from the change feed, and the ones
  this client queued (``user.invite``; ``pending_op`` = "invite" / "revoke").
- ``users.pending_op``: "roles" while ``user.set_roles`` waits, "remove" while
  ``user.remove`` waits (the row's ``roles`` show the queued roles, ``data`` the
  portal's copy).

Frozen on purpose: later changes get their own revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("email", sa.String, nullable=True),
        sa.Column("mobile", sa.String, nullable=True),
        sa.Column("roles", sa.JSON, nullable=True),
        sa.Column("state", sa.String, nullable=True),
        sa.Column("expires_at", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pending_op", sa.String, nullable=True),
        sa.Column("data", sa.JSON, nullable=True),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("pending_op", sa.String, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("pending_op")
    op.drop_table("invitations")
