"""login identities apart from memberships (R1), invitations (R13), contract versions
(R6), company deletion (R8), verification and support-password columns (R11, R12)

- ``identities`` (e-mail, password hash): one per existing user, with the user's id as
  its id; ``users.identity_id`` points at it, ``users.password_hash`` moves there and
  ``users.email`` is no longer unique (one identity, several companies).
- ``users``: ``state`` (active | pending), ``verified_by``, ``support_password_hash``.
- ``companies``: deletion code hash and expiry, ``deleted_at``, ``contracts_end_on``.
- ``invitations`` (key ``(company_id, id)``), ``contract_versions``.

SQLite cannot drop the inline UNIQUE(email) without rebuilding ``users``
(``_rebuild_users_sqlite``: no row of it is deleted on the way, so the ON DELETE CASCADE
of the tables that reference it never fires).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


_USER_COLUMNS = ("id, company_id, email, first_name, last_name, birth_date, mobile, language, "
                 "roles, verified, verified_at, version, failed_logins, locked_until, "
                 "created_at, updated_at")


def _users_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("identity_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("mobile", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        _ts("verified_at", nullable=True),
        sa.Column("verified_by", sa.String(length=64), nullable=True),
        sa.Column("support_password_hash", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        _ts("locked_until", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["identity_id"], ["identities.id"], name="fk_users_identity_id"),
        sa.PrimaryKeyConstraint("id"),
    )


#: tables whose rows reference users with ON DELETE CASCADE (0007)
_CASCADING = ("support_sessions", "identity_verifications")


def _rebuild_users_sqlite() -> None:
    """``users`` rebuilt without UNIQUE(email) and password_hash, with the new columns.

    Foreign keys are on and can't be switched off inside the migration's transaction, so:
    with ``defer_foreign_keys`` the old table is dropped (the rows referencing it are
    orphans until the commit) and the new ``users`` filled again under its name, which
    re-parents them. Rows that would cascade away with the drop are kept aside and put
    back.
    """
    op.execute("PRAGMA defer_foreign_keys = ON")
    for table in _CASCADING:
        op.execute(f"CREATE TEMP TABLE _keep_{table} AS SELECT * FROM {table}")
    _users_table("_users_0008")
    op.execute(f"INSERT INTO _users_0008 ({_USER_COLUMNS}, identity_id, state) "
               f"SELECT {_USER_COLUMNS}, id, 'active' FROM users")
    op.execute("DROP INDEX ix_users_company_id")
    op.execute("DROP TABLE users")
    _users_table("users")
    op.execute("INSERT INTO users SELECT * FROM _users_0008")
    op.execute("DROP TABLE _users_0008")
    for table in _CASCADING:
        op.execute(f"INSERT INTO {table} SELECT * FROM _keep_{table}")
        op.execute(f"DROP TABLE _keep_{table}")
    op.create_index("ix_users_company_id", "users", ["company_id"])


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "identities",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_identities_email"),
    )
    op.execute(
        "INSERT INTO identities (id, email, password_hash, created_at, updated_at) "
        "SELECT id, email, password_hash, created_at, updated_at FROM users"
    )
    new_columns = [
        sa.Column("identity_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("verified_by", sa.String(length=64), nullable=True),
        sa.Column("support_password_hash", sa.Text(), nullable=True),
    ]
    if sqlite:
        _rebuild_users_sqlite()
    else:
        for col in new_columns:
            op.add_column("users", col)
        op.drop_constraint("users_email_key", "users", type_="unique")
        op.drop_column("users", "password_hash")
        op.create_foreign_key("fk_users_identity_id", "users", "identities", ["identity_id"], ["id"])
    op.execute("UPDATE users SET identity_id = id")
    op.create_index("ix_users_identity_id", "users", ["identity_id"])
    op.create_index("ix_users_email", "users", ["email"])

    with op.batch_alter_table("companies") as batch:  # SQLite: plain ADD COLUMN
        batch.add_column(sa.Column("deletion_code_hash", sa.String(length=64), nullable=True))
        batch.add_column(_ts("deletion_code_expires_at", nullable=True))
        batch.add_column(_ts("deleted_at", nullable=True))
        batch.add_column(sa.Column("contracts_end_on", sa.Date(), nullable=True))

    op.create_table(
        "invitations",
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("mobile", sa.String(length=20), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("invited_by", sa.String(length=36), nullable=True),
        sa.Column("accepted_user_id", sa.String(length=36), nullable=True),
        _ts("expires_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.PrimaryKeyConstraint("company_id", "id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_index("ix_invitations_company_id", "invitations", ["company_id"])
    op.create_table(
        "contract_versions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True,
                  nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("org_number", sa.String(length=50), nullable=False),
        _ts("valid_from"),
        _ts("valid_to", nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscription_id", "version", name="uq_contract_versions"),
    )
    op.create_index("ix_contract_versions_company_id", "contract_versions", ["company_id"])
    op.create_index("ix_contract_versions_subscription_id", "contract_versions",
                    ["subscription_id"])


def downgrade() -> None:
    raise NotImplementedError("0008 moves passwords to identities; restore a backup instead")
