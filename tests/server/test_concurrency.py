"""Concurrent writers: seq order equals commit order, so an incremental pull misses nothing."""

from __future__ import annotations

import random
import threading
import time

from embedded_server.sync.service import pull_changes
from embedded_server.vehicles.service import add_vehicle


def test_concurrent_adds_never_skipped_by_incremental_pull(portal_app, portal_client, account) -> None:
    acct = account()
    company_id = acct["company"]["id"]
    factory = portal_app.state.session_factory
    errors: list[BaseException] = []

    def writer(w: int) -> None:
        try:
            for i in range(6):
                with factory() as s:
                    add_vehicle(s, company_id=company_id, vin=f"W1V90763{w}1P{i:06d}")
                    # hold the transaction open after taking a seq: on PostgreSQL a late
                    # committer must not let a pull run past its (lower) seq
                    time.sleep(random.uniform(0, 0.02))
                    s.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    seen: set[str] = set()
    cursor = None
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        with factory(readonly=True) as s:
            page = pull_changes(s, company_id=company_id, cursor=cursor, limit=7)
        seqs = [c["seq"] for c in page["changes"]]
        assert seqs == sorted(set(seqs)) and all(q > int((cursor or "x.0").rsplit(".", 1)[1]) for q in seqs)
        seen |= {c["id"] for c in page["changes"] if c["entity"] == "vehicle"}
        cursor = page["next_cursor"]
    for t in threads:
        t.join()
    assert not errors, errors
    while True:
        with factory(readonly=True) as s:
            page = pull_changes(s, company_id=company_id, cursor=cursor, limit=50)
        seen |= {c["id"] for c in page["changes"] if c["entity"] == "vehicle"}
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert len(seen) == 24
