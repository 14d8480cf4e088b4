"""audit entries outside every company: a dealer's sign-ins (issue 10, R4)

Revision ID: 0022
Revises: 0021

``audit_log.company_id`` becomes nullable: an entry without a company is the platform's
(a dealer signing in, or failing to), never listed to any company (every read is scoped
by company). An index on the dealer reads a dealer's own entries.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("company_id", existing_type=sa.String(length=36), nullable=True)
    op.create_index("ix_audit_log_actor_dealer_id", "audit_log", ["actor_dealer_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor_dealer_id", table_name="audit_log")
    op.execute("DELETE FROM audit_log WHERE company_id IS NULL")
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("company_id", existing_type=sa.String(length=36), nullable=False)
