"""``mpro-server`` for a real fleet (issue 13): ``migrate`` (the start-up migration on its
own, exit 0 at head; a database it can't open is one line on stderr, exit 1) and the
scale-out flags, refused in one line when they can't work."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import create_engine, text

from embedded_server.health import migration_heads
from tests.portal_fixtures import REPO_ROOT


def _migrate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_server.cli", "migrate", *args],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, check=False)


def test_migrate_brings_the_database_to_head(portal_db_url: str) -> None:
    done = _migrate("--database-url", portal_db_url)
    assert done.returncode == 0, done.stderr
    assert "at the schema of this version" in done.stdout
    engine = create_engine(portal_db_url)
    try:
        with engine.connect() as conn:
            current = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
        assert current == set(migration_heads())
    finally:
        engine.dispose()
    assert _migrate("--database-url", portal_db_url).returncode == 0, "again: nothing to do"


def test_migrate_names_what_it_cannot_open(tmp_path) -> None:
    done = _migrate("--database-url", f"sqlite:///{tmp_path}/missing/dir/portal.sqlite3")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("mpro-server: error: cannot migrate")
    assert len(done.stderr.strip().splitlines()) == 1
    bad = _migrate("--database-url")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def _server(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_server.cli", *args],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, check=False)


def test_scale_out_flags_that_cannot_work_are_one_line(tmp_path) -> None:
    sqlite = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    cases = {
        ("--workers", "2", "--database-url", sqlite): "--workers needs a PostgreSQL",
        ("--workers", "0"): "--workers must be between 1 and 64",
        ("--workers", "two"): "invalid int value",
        ("--pool-size", "0"): "--pool-size must be between 1 and 1000",
        ("--max-overflow", "-1"): "--max-overflow must be between 0 and 1000",
    }
    for args, words in cases.items():
        done = _server(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
    assert not (tmp_path / "portal.sqlite3").exists(), "refused before touching the database"
