"""rFMS 4.0 read API (issue 13, N4): rFMS clients and their access tokens; the time a
telemetry sample reached the portal (``received_at``, the standard's receivedDateTime),
indexed per vehicle for the standard's default "received" time window

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rfms_clients",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("last_used_at", UTC, nullable=True),
    )
    op.create_index("ix_rfms_clients_company_id", "rfms_clients", ["company_id"])
    op.create_table(
        "rfms_access_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("client_pk", sa.String(36),
                  sa.ForeignKey("rfms_clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    op.create_index("ix_rfms_access_tokens_client_pk", "rfms_access_tokens", ["client_pk"])
    op.create_index("ix_rfms_access_tokens_expires_at", "rfms_access_tokens", ["expires_at"])
    op.add_column("telemetry_samples", sa.Column("received_at", UTC, nullable=True))
    # before this revision the portal did not keep the arrival time: the vehicle's own
    # time stands in for it (the closest fact there is; new rows get the real one)
    op.execute("UPDATE telemetry_samples SET received_at = ts")
    op.create_index("ix_telemetry_vehicle_received", "telemetry_samples",
                    ["vehicle_id", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_telemetry_vehicle_received", table_name="telemetry_samples")
    with op.batch_alter_table("telemetry_samples") as batch:
        batch.drop_column("received_at")
    op.drop_table("rfms_access_tokens")
    op.drop_table("rfms_clients")
