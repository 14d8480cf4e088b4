"""A sync worker deleted while its threads run (its parent window went away without
``stop()``) must not take the process down: Qt aborts on destroying a running QThread
("QThread: Destroyed while thread is still running"). Seen once in CI as an xdist worker
crashing at a random later test, when the garbage collector got to such a worker.

Run in a subprocess: an abort there is an exit code here, not a lost test session."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import gc, sys, time
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QObject
    import shiboken6
    from mpro_desktop.sync import worker as w

    app = QCoreApplication([])
    parent = QObject()
    sync = w.SyncWorker(Path(sys.argv[1]), "http://127.0.0.1:9", "token", None, parent,
                        heartbeat_s=1.0)
    sync.start()
    time.sleep(0.3)
    assert sync.is_running()
    shiboken6.delete(parent)          # deletes the worker with it, threads still running
    del sync, parent
    gc.collect()
    deadline = time.monotonic() + 60
    while any(t.isRunning() for t in w._running) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    left = [t.objectName() for t in w._running if t.isRunning()]
    print("left running:", left, flush=True)
    sys.exit(0 if not left else 3)
    """
)


def test_deleting_a_running_worker_ends_its_threads_without_aborting(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "cache.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "left running: []" in proc.stdout
