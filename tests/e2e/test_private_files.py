"""Issue 8 #8: what the portal, the simulator and the desktop write is owner-only
(folders 0700, files 0600), checked on the files the real code paths leave behind,
with the customary umask 022 (which used to give 0755 folders and 0644 files)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mpro_common.readiness import SERVER_READY
from tests.portal_fixtures import REPO_ROOT, register_company

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _wide(root: Path) -> list[str]:
    """Everything under ``root`` (and root) that group or others may access."""
    found = []
    for path in [root, *root.rglob("*")]:
        if _mode(path) & 0o077:
            found.append(f"{path.relative_to(root.parent)} {oct(_mode(path))}")
    return found


def _umask022() -> None:
    os.umask(0o022)


@pytest.fixture
def umask022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _start_portal(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "embedded_server.cli", "--port", "0", "--exit-with-stdin", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(REPO_ROOT),
        env={**os.environ, **env, "PYTHONPATH": str(REPO_ROOT)},
        preexec_fn=_umask022,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith(SERVER_READY):
        proc.kill()
        raise AssertionError(f"portal did not start: {line!r} {proc.communicate()[1]}")
    return proc, line[len(SERVER_READY) :].strip()


def _stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(20)


def test_portal_cli_keeps_its_database_owner_only(tmp_path: Path) -> None:
    """Default data dir (created, and an old 0755/0644 one fixed) and a --database-url in
    a new folder: folders 0700, the SQLite file and its -wal/-shm 0600."""
    data = tmp_path / "data"
    old = data / "portal"
    old.mkdir(parents=True, mode=0o755)
    os.chmod(old, 0o755)
    (old / "portal.sqlite3").touch()
    os.chmod(old / "portal.sqlite3", 0o644)  # as an earlier version left it
    proc, url = _start_portal({"MPRO_DATA_DIR": str(data)})
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            register_company(c, "Private AB")  # writes: -wal and -shm exist now
        names = sorted(p.name for p in old.iterdir())
        assert {"portal.sqlite3", "portal.sqlite3-wal", "portal.sqlite3-shm"} <= set(names)
        assert _wide(data) == []
    finally:
        _stop(proc)

    chosen = tmp_path / "chosen"
    chosen.mkdir()
    os.chmod(chosen, 0o755)  # a folder the user named: left as it is
    db = chosen / "new" / "nested" / "p.sqlite3"
    proc, url = _start_portal({}, "--database-url", f"sqlite:///{db}")
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            register_company(c, "Chosen AB")
        assert _mode(chosen) == 0o755
        assert _wide(chosen / "new") == []
        assert db.with_name("p.sqlite3-wal").exists()
    finally:
        _stop(proc)


def test_desktop_cache_log_and_session_files_are_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask022: None
) -> None:
    from mpro_desktop import app, paths
    from mpro_desktop.sync.cache import Cache

    data = tmp_path / "data"
    monkeypatch.setenv("MPRO_DATA_DIR", str(data))
    cache = Cache(paths.cache_path("http://portal.example", "a@example.com"))
    try:
        cache.set_state("cursor", "1.2")  # a write: the WAL files exist now
        caches = sorted(p.name for p in paths.caches_dir().iterdir())
        assert any(n.endswith("-wal") for n in caches), caches
    finally:
        cache.close()

    root = logging.getLogger()
    before = list(root.handlers)
    app._setup_logging(False)
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    assert (paths.log_dir() / "desktop.log").exists()
    app.remember_session(app.Session("http://portal.example", "a@example.com"))
    assert _wide(data) == [], _wide(data)


@pytest.mark.slow
def test_demo_run_leaves_only_owner_only_files(tmp_path: Path) -> None:
    """The real desktop in demo mode: portal DB, simulator buffer, caches, logs."""
    data = tmp_path / "data"
    env = {**os.environ, "MPRO_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mpro_desktop.app",
            "--demo",
            "--screenshot",
            str(tmp_path / "shot.png"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=_umask022,
    )
    assert proc.returncode == 0, proc.stderr
    files = {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()}
    assert "demo/portal.sqlite3" in files and "logs/desktop.log" in files, files
    assert {"logs/portal.log", "logs/simulator.log"} <= files, files
    assert any(f.startswith("caches/cache-") for f in files), files
    assert any(f.endswith(".buffer.sqlite3") for f in files), files
    assert _wide(data) == []
