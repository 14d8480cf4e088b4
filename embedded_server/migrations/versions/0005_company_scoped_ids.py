"""client-chosen ids scoped per company: vehicles.public_id, commands keyed (company_id, id)

A client may choose a vehicle's id (``POST /vehicles {id}``, ``vehicle.add``) and a
command's id (``command.send``); both were globally unique, so another company's id
answered 409 ``id_conflict`` - an existence oracle across tenants (issue 8 #12).

- ``vehicles.public_id``: the client-visible id, unique per company. ``vehicles.id``
  stays the portal's key that samples, module tokens, subscriptions and commands
  reference, so none of those tables is rewritten; existing vehicles get
  ``public_id = id`` (the ids clients already hold, including those queued in desktop
  outboxes, keep naming the same vehicle). NOT NULL on PostgreSQL; SQLite can't add a
  NOT NULL column without a default in place, and rebuilding ``vehicles`` would trip
  the foreign keys of its history, so there the portal guarantees it (it always sets it).
- ``commands``: primary key ``(company_id, id)`` instead of ``id``. Nothing references a
  command row, so the table is simply rebuilt on SQLite (batch mode).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("vehicles") as batch_op:  # SQLite: ALTER TABLE ADD COLUMN
        batch_op.add_column(sa.Column("public_id", sa.String(length=36), nullable=True))
    op.execute("UPDATE vehicles SET public_id = id")
    if not sqlite:
        op.alter_column("vehicles", "public_id", existing_type=sa.String(length=36), nullable=False)
    op.create_index(
        "uq_vehicles_company_public_id", "vehicles", ["company_id", "public_id"], unique=True
    )
    _commands_key(["company_id", "id"], sqlite=sqlite, old="commands_pkey", new="pk_commands")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # only possible while no id is used by two companies (the old schema can't hold that)
    _commands_key(["id"], sqlite=sqlite, old="pk_commands", new="commands_pkey")
    op.drop_index("uq_vehicles_company_public_id", table_name="vehicles")
    if sqlite:  # native DROP COLUMN (SQLite >= 3.35): no rebuild of the referenced table
        op.execute("ALTER TABLE vehicles DROP COLUMN public_id")
    else:
        op.drop_column("vehicles", "public_id")


def _commands_key(columns: list[str], *, sqlite: bool, old: str, new: str) -> None:
    if sqlite:  # rebuilt from the table as 0002 made it, minus its key, plus the new key
        with op.batch_alter_table("commands", copy_from=_commands_unkeyed()) as batch_op:
            batch_op.create_primary_key(new, columns)
    else:
        op.drop_constraint(old, "commands", type_="primary")
        op.create_primary_key(new, "commands", columns)


def _commands_unkeyed() -> sa.Table:
    """``commands`` as created in 0002 without a primary key: batch mode can't replace a
    reflected key (SQLAlchemy warns, and will refuse)."""
    return sa.Table(
        "commands",
        sa.MetaData(),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column(
            "company_id", sa.String(length=36), sa.ForeignKey("companies.id"), nullable=False
        ),
        sa.Column("vehicle_id", sa.String(length=36), sa.ForeignKey("vehicles.id"), nullable=False),
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
        sa.Index("ix_commands_company_id", "company_id"),
        sa.Index("ix_commands_vehicle_state", "vehicle_id", "state"),
        sa.Index("ix_commands_state_expires", "state", "expires_at"),
    )
