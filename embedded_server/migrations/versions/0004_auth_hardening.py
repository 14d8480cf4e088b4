"""auth hardening: refresh-token families, throttle counters, idempotency expiry, sent mail

- ``auth_tokens.family_id``: the tokens of one sign-in and all its refreshes; reusing a
  rotated refresh token revokes the whole family (issue 8 #13).
- ``throttle_counters``: failure / request counters keyed by a hash of what they limit
  (an e-mail address, a client address), whether or not an account exists (#7, #14).
- ``idempotency_keys.created_at`` index: the purge job deletes expired keys (#1).
- ``mail_outbox.sent_at``: a delivered mail's body is cleared; ``mail_outbox.kind``:
  ``password_reset`` rows carry no body, the link is made at delivery, so a reset token
  is never in the database in plaintext (#8, #14).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auth_tokens") as batch_op:
        batch_op.add_column(sa.Column("family_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_auth_tokens_family_id", ["family_id"], unique=False)
    with op.batch_alter_table("idempotency_keys") as batch_op:
        batch_op.create_index("ix_idempotency_keys_created_at", ["created_at"], unique=False)
    with op.batch_alter_table("mail_outbox") as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("kind", sa.String(length=32), server_default="message", nullable=False)
        )
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("throttle_counters") as batch_op:
        batch_op.create_index("ix_throttle_counters_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_table("throttle_counters")
    with op.batch_alter_table("mail_outbox") as batch_op:
        batch_op.drop_column("kind")
        batch_op.drop_column("sent_at")
    with op.batch_alter_table("idempotency_keys") as batch_op:
        batch_op.drop_index("ix_idempotency_keys_created_at")
    with op.batch_alter_table("auth_tokens") as batch_op:
        batch_op.drop_index("ix_auth_tokens_family_id")
        batch_op.drop_column("family_id")
