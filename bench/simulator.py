"""Simulator: the real ``mpro-sim`` process (Van + MemoryBuffer + Uploader + Simulation)
with N vans, each with its own module token, sampling at 1 Hz and uploading every 5 s to
the real portal. Vans per core = N × wall seconds / CPU seconds the simulator used."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Portal, Result, child_env, prepare_portal, wait_rusage


def run(quick: bool) -> list[Result]:
    n, duration = (100, 12.0) if quick else (2_000, 60.0)
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
        db = Path(tmp) / "portal.sqlite3"
        t0 = time.perf_counter()
        fx = prepare_portal(f"sqlite:///{db}", n, tokens=True)
        setup_s = time.perf_counter() - t0
        modules = Path(tmp) / "modules.json"
        modules.write_text(json.dumps({"modules": fx["modules"],
                                       "vehicles": {vin: "diesel" for vin in fx["modules"]}}))
        with Portal(f"sqlite:///{db}") as portal:
            cmd = [sys.executable, "-m", "embedded_server.simulator.cli", "--server", portal.url,
                   "--modules", str(modules), "--rate", "1", "--upload-every", "5",
                   "--duration", str(duration), "--state", "none", "--log-level", "WARNING"]
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, env=child_env(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            code, usage, _hwm = wait_rusage(proc, duration + 120)
            wall = time.perf_counter() - t0
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if code != 0:
            raise RuntimeError(f"mpro-sim exited {code}: {err[-800:]}")
        con = sqlite3.connect(db)
        stored = con.execute("SELECT count(*) FROM telemetry_samples").fetchone()[0]
        con.close()
    cpu = usage.ru_utime + usage.ru_stime
    per_core = n * duration / cpu
    expected = n * duration
    lagged = "fell" in err and "behind" in err
    delivered = stored / expected
    met = per_core >= 2000 and not lagged
    return [Result("simulator", per_core, "vans/core", None, "≥ 2,000", None, met,
                   f"{n:,} vans × {duration:.0f} s at 1 Hz, upload every 5 s, own module token each: "
                   f"simulator CPU {cpu:.1f} s in {wall:.0f} s wall; portal stored {stored:,} of "
                   f"~{expected:,.0f} samples ({delivered:.0%}); sampling "
                   f"{'FELL BEHIND' if lagged else 'kept up'} (setup {setup_s:.0f} s untimed)")]
