"""SIGKILL the client process at named points of the sync; nothing lost or doubled.

The client is a real subprocess (tests/sync/crash_client.py) killed by the engine's test
hook ``MPRO_SYNC_CRASH_AT`` (mpro_desktop/sync/hooks.py). After the kill the same cache
file is reopened (a restart) and synced; the portal must hold every change exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from tests.portal_fixtures import REPO_ROOT, LivePortal

from .harness import portal_records


def run_client(portal: LivePortal, cache: Path, token: str, ops: list, crash_at: str | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MPRO_SYNC_CRASH_AT", None)
    if crash_at:
        full_env["MPRO_SYNC_CRASH_AT"] = crash_at
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT),
                                                           full_env.get("PYTHONPATH")]))
    arg = json.dumps({"cache": str(cache), "url": portal.url, "token": token, "ops": ops})
    return subprocess.run([sys.executable, "-m", "tests.sync.crash_client", arg], env=full_env,
                          cwd=str(REPO_ROOT), capture_output=True, text=True, timeout=60)


def _restart_and_sync(portal: LivePortal, path: Path, token: str) -> tuple[Cache, PortalClient]:
    cache = Cache(path)
    client = PortalClient(portal.url, access_token=token)
    report = SyncEngine(cache, client).sync_once()
    assert not report.offline and not report.rejected and not report.conflicts
    return cache, client


PUSH_POINTS = ["after_local_commit", "before_push", "after_push_before_ack", "mid_ack"]


@pytest.mark.parametrize("point", PUSH_POINTS)
def test_killed_during_push_loses_and_doubles_nothing(
    sync_portal: LivePortal, tmp_path: Path, point: str
) -> None:
    acc = sync_portal.register(f"Crash {point} AB")
    path = tmp_path / "cache.sqlite"
    tag = PUSH_POINTS.index(point) + 10 * (os.getpid() % 100000)
    vins = [f"W1V{tag:08d}K0000{i}" for i in (1, 2)]
    ops = [["add", vins[0], "One"], ["add", vins[1], "Two"], ["rename", vins[0], "Uno"], ["sync"]]
    if point == "after_local_commit":
        ops = [["add", vins[0], "One"]]  # killed right after the first local commit
    proc = run_client(sync_portal, path, acc["token"], ops, crash_at=point)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stdout, proc.stderr)

    before = Cache(path)
    queued = [m["mutation_id"] for m in before.outbox()]
    before.close()
    assert queued, "the local change must survive the kill"

    cache, client = _restart_and_sync(sync_portal, path, acc["token"])
    assert cache.pending_count() == 0
    remote = {v["vin"]: v for v in client.vehicles()}
    local = {v["vin"]: v for v in cache.vehicles()}
    expected = {vins[0]: ("Uno", 2), vins[1]: ("Two", 1)}
    if point == "after_local_commit":
        expected = {vins[0]: ("One", 1)}
    assert {k: (v["name"], v["version"]) for k, v in remote.items()} == expected
    assert {k: (v["name"], v["version"], v["pending_op"]) for k, v in local.items()} == {
        k: (*v, None) for k, v in expected.items()
    }
    records = [r for r in portal_records(sync_portal.database_url) if r["mutation_id"] in queued]
    assert len(records) == len(queued) == len({r["mutation_id"] for r in records})
    assert all(r["result"].get("result", "applied") == "applied" for r in records)
    cache.close()
    client.close()


def test_killed_mid_pull_before_cursor(sync_portal: LivePortal, tmp_path: Path) -> None:
    acc = sync_portal.register("Crash pull AB")
    seed_path = tmp_path / "writer.sqlite"
    ops = [["add", f"W1V{os.getpid() % 100000:08d}L{i:05d}", f"Van {i}"] for i in range(5)] + [["sync"]]
    assert run_client(sync_portal, seed_path, acc["token"], ops).returncode == 0

    path = tmp_path / "reader.sqlite"
    proc = run_client(sync_portal, path, acc["token"], [["sync"]],
                      crash_at="mid_pull_before_cursor")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    half = Cache(path)
    assert half.get_state("cursor") is None and half.vehicles() == []  # rolled back together
    half.close()

    cache, client = _restart_and_sync(sync_portal, path, acc["token"])
    remote = sorted((v["id"], v["version"]) for v in client.vehicles())
    assert sorted((v["id"], v["version"]) for v in cache.vehicles()) == remote
    assert len(remote) == 5 and cache.get_state("cursor")
    cache.close()
    client.close()
