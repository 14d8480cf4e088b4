"""Cache schema revisions (Alembic skips this file when it scans for revisions)."""
