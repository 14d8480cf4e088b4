"""A tiny desktop sync client run as a SUBPROCESS by test_crash_points.py.

``python -m tests.sync.crash_client '<json>'`` with ``{"cache", "url", "token", "ops"}``;
ops are ``["add", vin, name]``, ``["rename", vin, name]``, ``["command", vin, type]`` and
``["sync"]``. With ``MPRO_SYNC_CRASH_AT=<point>`` (mpro_desktop/sync/hooks.py) the process
SIGKILLs itself at that point; otherwise it prints ``DONE``. ``MPRO_TEST_CLOCK_OFFSET_S``
shifts ``time.time()`` (a client whose clock is set wrong).
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    offset = float(os.environ.get("MPRO_TEST_CLOCK_OFFSET_S", "0") or 0)
    if offset:
        real = time.time
        time.time = lambda: real() + offset  # type: ignore[assignment]

    from mpro_desktop.sync.cache import Cache
    from mpro_desktop.sync.client import PortalClient
    from mpro_desktop.sync.engine import SyncEngine
    from mpro_desktop.sync.outbox import add_vehicle, send_command, update_vehicle

    args = json.loads(sys.argv[1])
    cache = Cache(args["cache"])
    client = PortalClient(args["url"], access_token=args["token"])
    engine = SyncEngine(cache, client)

    def by_vin(vin: str) -> str:
        return next(v["id"] for v in cache.vehicles() if v["vin"] == vin)

    for op in args["ops"]:
        if op[0] == "add":
            add_vehicle(cache, vin=op[1], name=op[2])
        elif op[0] == "rename":
            update_vehicle(cache, by_vin(op[1]), name=op[2])
        elif op[0] == "command":
            send_command(cache, by_vin(op[1]), op[2], ttl_s=op[3] if len(op) > 3 else 300)
        elif op[0] == "sleep":
            time.sleep(float(op[1]))
        elif op[0] == "sync":
            report = engine.sync_once()
            assert not report.offline, report.error
    print("DONE", flush=True)
    client.close()
    cache.close()


if __name__ == "__main__":
    main()
