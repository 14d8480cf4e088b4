"""Test hook: kill the process at a named point of the sync, to test crash safety.

``MPRO_SYNC_CRASH_AT=<point>`` makes :func:`crash_point` send SIGKILL to the own process
when the sync reaches that point (tests/sync/test_crash_points.py runs a small sync
script as a subprocess with it). Unset (always, outside tests) it does nothing.

Points: ``after_local_commit`` (a user change and its outbox row are committed),
``before_push`` (envelope built, nothing sent), ``after_push_before_ack`` (the portal
answered, nothing saved), ``mid_ack`` (inside the ack transaction, first outbox row
deleted, not committed), ``mid_pull_before_cursor`` (a page applied inside the pull
transaction, cursor not yet written).
"""

from __future__ import annotations

import os
import signal

ENV = "MPRO_SYNC_CRASH_AT"
POINTS = (
    "after_local_commit",
    "before_push",
    "after_push_before_ack",
    "mid_ack",
    "mid_pull_before_cursor",
)


def crash_point(name: str) -> None:
    """SIGKILL this process if ``MPRO_SYNC_CRASH_AT`` names this point (test hook)."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
