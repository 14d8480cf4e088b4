"""Remote commands in the cache; monotonic waiting time for queued mutations.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01

- ``commands``: every remote command this client queued or learnt about from the
  change feed / stream, so the UI can show its state offline. A command queued here
  has ``state = 'pending'`` and ``pending = 1`` until the portal confirmed it.
- ``outbox.mono_mark``: the ``time.monotonic()`` reading up to which ``waited_s`` is
  accounted (see ``Cache.checkpoint_waited``); NULL for rows written by 0001 code.
- ``client_seq`` now comes from a persistent counter (``sync_state.last_client_seq``,
  seeded here from the outbox): 0001 code reused numbers once the outbox was empty,
  and the portal refuses a lower number than it has seen from a client
  (``out_of_order``). So this client also gets a fresh ``client_id`` (a new sequence
  space on the portal); queued rows keep their mutation ids, and the portal dedupes by
  mutation id, so a row already delivered under the old id is still a ``duplicate``.

Frozen on purpose: later changes get their own revision.
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
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("vehicle_id", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("params", sa.JSON, nullable=True),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("reason", sa.String, nullable=True),
        sa.Column("unmet", sa.JSON, nullable=True),
        sa.Column("ttl_s", sa.Float, nullable=True),
        sa.Column("created_at", sa.String, nullable=True),
        sa.Column("expires_at", sa.String, nullable=True),
        sa.Column("updated_at", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pending", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("data", sa.JSON, nullable=True),
    )
    op.create_index("ix_commands_vehicle", "commands", ["vehicle_id"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("mono_mark", sa.Float, nullable=True))
    op.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) "
        "SELECT 'last_client_seq', CAST(COALESCE(MAX(client_seq), 0) AS TEXT) FROM outbox"
    )
    op.execute("DELETE FROM sync_state WHERE key = 'client_id'")


def downgrade() -> None:
    op.execute("DELETE FROM sync_state WHERE key = 'last_client_seq'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("mono_mark")
    op.drop_index("ix_commands_vehicle", table_name="commands")
    op.drop_table("commands")
