"""Each door and side window of a van in its telemetry (issue 12, SPEC R22): which door
is open (driver, passenger, sliding, rear) and each side window's state (closed, partly
open, open); ``doors_open`` / ``windows_open`` stay as "any of them".

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

#: frozen here on purpose (domain.telemetry DOORS / WINDOWS as of this revision)
_DOORS = ("door_driver_open", "door_passenger_open", "door_sliding_open", "door_rear_open")
_WINDOWS = ("window_driver", "window_passenger")


def upgrade() -> None:
    with op.batch_alter_table("telemetry_samples") as batch:
        for name in _DOORS:
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        for name in _WINDOWS:
            batch.add_column(sa.Column(name, sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("telemetry_samples") as batch:
        for name in (*_WINDOWS, *_DOORS):
            batch.drop_column(name)
