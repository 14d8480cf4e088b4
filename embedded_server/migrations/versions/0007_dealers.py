"""dealers, dealer tokens, support sessions and identity verifications (issue 10, R4/R11/R12)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "dealers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dealer_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dealer_id", name="uq_dealers_dealer_id"),
        sa.UniqueConstraint("email", name="uq_dealers_email"),
    )
    op.create_table(
        "dealer_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("dealer_id", sa.String(length=64), nullable=False),
        _ts("expires_at"),
        _ts("revoked_at", nullable=True),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.dealer_id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_dealer_tokens_dealer_id", "dealer_tokens", ["dealer_id"])
    op.create_table(
        "support_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("dealer_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("ended_at", nullable=True),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.dealer_id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_support_sessions_token_hash"),
    )
    for col in ("dealer_id", "user_id", "company_id"):
        op.create_index(f"ix_support_sessions_{col}", "support_sessions", [col])
    op.create_table(
        "identity_verifications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("dealer_id", sa.String(length=64), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        _ts("verified_at"),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.dealer_id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    for col in ("dealer_id", "user_id"):
        op.create_index(f"ix_identity_verifications_{col}", "identity_verifications", [col])


def downgrade() -> None:
    for col in ("dealer_id", "user_id"):
        op.drop_index(f"ix_identity_verifications_{col}", table_name="identity_verifications")
    op.drop_table("identity_verifications")
    for col in ("dealer_id", "user_id", "company_id"):
        op.drop_index(f"ix_support_sessions_{col}", table_name="support_sessions")
    op.drop_table("support_sessions")
    op.drop_index("ix_dealer_tokens_dealer_id", table_name="dealer_tokens")
    op.drop_table("dealer_tokens")
    op.drop_table("dealers")
