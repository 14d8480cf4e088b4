"""Issue 8: an acknowledged sample is durable: the portal's SQLite connections commit with
``synchronous=FULL`` in WAL mode (NORMAL may roll the last commits back on power loss)."""

from __future__ import annotations

from pathlib import Path

from embedded_server import db


def test_every_portal_sqlite_connection_syncs_each_commit(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        conns = [engine.raw_connection() for _ in range(3)]  # several pooled connections
        for conn in conns:
            cur = conn.cursor()
            assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            cur.close()
        for conn in conns:
            conn.close()
    finally:
        engine.dispose()
