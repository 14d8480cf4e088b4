"""Each door of a van in the cached telemetry (issue 12, SPEC R22).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

- ``telemetry``: ``door_driver_open``, ``door_passenger_open``, ``door_sliding_open``,
  ``door_rear_open`` (0/1 like the other booleans; side-window states are words, which
  the cache's telemetry does not keep, as with gear and plug).

Frozen on purpose: later changes get their own revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_DOORS = ("door_driver_open", "door_passenger_open", "door_sliding_open", "door_rear_open")


def upgrade() -> None:
    with op.batch_alter_table("telemetry") as batch:
        for name in _DOORS:
            batch.add_column(sa.Column(name, sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("telemetry") as batch:
        for name in reversed(_DOORS):
            batch.drop_column(name)
