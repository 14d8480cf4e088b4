"""commerce (issue 11): term prices, versioned terms and acceptances, orders, subscription
price/term/order columns

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("products", sa.Column("term_prices", sa.JSON(), nullable=True))
    for col in (
        sa.Column("order_id", sa.String(36), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("price", sa.Numeric(10, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("term_end_at", UTC, nullable=True),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    ):
        op.add_column("subscriptions", col)
    op.create_index("ix_subscriptions_state_end", "subscriptions", ["state", "end_at"])
    op.create_table(
        "terms",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_sv", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_sv", sa.Text(), nullable=False),
        sa.Column("published_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", "version"),
    )
    op.create_table(
        "term_acceptances",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("term_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("accepted_at", UTC, nullable=False),
    )
    op.create_index("ix_term_acceptances_company_id", "term_acceptances", ["company_id"])
    op.create_index("ix_term_acceptances_user_term", "term_acceptances",
                    ["user_id", "term_id", "version"])
    op.create_table(
        "orders",
        sa.Column("company_id", sa.String(36), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("ordered_by", sa.String(36), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("monthly_amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("binding_terms", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("confirmed_at", UTC, nullable=True),
        sa.Column("confirmed_by", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("company_id", "id", name="pk_orders"),
    )
    op.create_index("ix_orders_company_id", "orders", ["company_id"])


def downgrade() -> None:
    op.drop_table("orders")
    op.drop_table("term_acceptances")
    op.drop_table("terms")
    op.drop_index("ix_subscriptions_state_end", "subscriptions")
    for name in ("version", "cancelled_at", "term_end_at", "currency", "price", "term_months",
                 "order_id"):
        op.drop_column("subscriptions", name)
    op.drop_column("products", "term_prices")
