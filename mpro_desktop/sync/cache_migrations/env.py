"""Alembic environment for the desktop cache.

Run programmatically by :class:`mpro_desktop.sync.cache.Cache`, which hands over an
open connection in ``config.attributes["connection"]``. ``render_as_batch`` because
SQLite can only alter tables by copying them.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///cache.sqlite"
    with create_engine(url).connect() as conn:
        context.configure(connection=conn, target_metadata=None, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
