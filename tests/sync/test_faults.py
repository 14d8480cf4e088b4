"""Many clients, random edits, offline periods, restarts and injected network faults
against a REAL portal subprocess; the invariants are in ``harness.check_invariants``.

- ``test_seeded_fault_transport``: a scripted random workload through
  :class:`harness.FaultTransport` (seeded, every fault kind) - deterministic.
- ``test_stateful_sync``: a Hypothesis ``RuleBasedStateMachine``; CI runs
  ``max_examples=10, stateful_step_count=20``; ``MPRO_SOAK=1`` runs 200 examples.
Both print how many operations and faults they executed.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from mpro_desktop.sync.outbox import (
    DuplicateVin,
    UnknownVehicle,
    add_vehicle,
    remove_vehicle,
    update_vehicle,
)
from tests.portal_fixtures import LivePortal

from .harness import FaultTransport, SimClient, check_invariants, fast_retries, final_sync

SOAK = os.environ.get("MPRO_SOAK") == "1"
_TAGS = iter(range(1, 10**7))


def vin_pool(n: int = 6) -> list[str]:
    """A small VIN pool per company (clients collide on it; companies never do)."""
    tag = (os.getpid() % 10000) * 1000 + next(_TAGS)
    return [f"W1V{tag:08d}P{i:05d}" for i in range(n)]

NAMES = ["Van", "Truck", "Bus", None, "Pickup 7"]
EDIT_OPS = ["add", "add", "rename", "rename", "plate", "remove"]


@pytest.fixture
def portal(sync_portal: LivePortal) -> LivePortal:
    return sync_portal


def _clients(portal: LivePortal, folder: Path, n: int, seed: int, rate: float) -> list[SimClient]:
    acc = portal.register(f"Faults {seed} AB")
    out = []
    for i in range(n):
        c = SimClient(f"c{i}", folder / f"c{i}-{seed}.sqlite", portal.url, acc["token"],
                      acc["refresh_token"], FaultTransport(seed * 100 + i, rate))
        c.open()
        out.append(c)
    return out


def _do_op(c: SimClient, op: str, rng: random.Random, vins: list[str]) -> bool:
    """One user action; False when the local rules refused it (nothing queued)."""
    assert c.cache is not None
    try:
        if op == "add":
            add_vehicle(c.cache, vin=rng.choice(vins), name=rng.choice(NAMES))
        else:
            vehicles = sorted(v["id"] for v in c.cache.vehicles())
            if not vehicles:
                return False
            vid = rng.choice(vehicles)
            if op == "rename":
                update_vehicle(c.cache, vid, name=f"n{rng.randrange(1000)}")
            elif op == "plate":
                update_vehicle(c.cache, vid, license_plate=f"ABC{rng.randrange(1000):03d}")
            else:
                remove_vehicle(c.cache, vid)
    except (DuplicateVin, UnknownVehicle):
        return False
    c.record_new_mutations()
    return True


def _report(title: str, ops: Counter, clients: list[SimClient], stats: dict) -> None:
    faults: Counter[str] = Counter()
    requests = 0
    for c in clients:
        faults.update(c.transport.counts)
        requests += c.transport.requests
    print(f"\n[{title}] ops {dict(ops)}; requests {requests}; "
          f"faults {sum(v for k, v in faults.items() if k != 'offline_refused')} "
          f"{dict(faults)}; invariants {stats}")


def test_seeded_fault_transport(portal: LivePortal, tmp_path: Path, capsys) -> None:
    rng = random.Random(20250101)
    vins = vin_pool()
    ops: Counter[str] = Counter()
    with fast_retries():
        clients = _clients(portal, tmp_path, 3, seed=1, rate=0.35)
        for _ in range(120):
            c = rng.choice(clients)
            op = rng.choices(["add", "rename", "plate", "remove", "sync", "offline", "restart"],
                             [4, 4, 2, 2, 5, 1, 1])[0]
            ops[op] += 1
            if op == "sync":
                c.sync()
            elif op == "offline":
                c.transport.down = not c.transport.down
            elif op == "restart":
                c.restart()
            else:
                _do_op(c, op, rng, vins)
        final_sync(clients)
        stats = check_invariants(portal.database_url, clients)
        assert stats["mutations"] > 30 and stats["applied"] > 10
        assert sum(sum(c.transport.counts.values()) for c in clients) > 20
        with capsys.disabled():
            _report("seeded faults", ops, clients, stats)
        for c in clients:
            c.close()


RUNS: Counter[str] = Counter()
ALL_FAULTS: Counter[str] = Counter()


class SyncMachine(RuleBasedStateMachine):
    portal: LivePortal
    folder: Path
    examples = 0

    @initialize(rate=st.sampled_from([0.4, 0.25]), seed=st.integers(0, 10**6))
    def setup(self, rate: float, seed: int) -> None:
        SyncMachine.examples += 1
        self.vins = vin_pool()
        self.clients = _clients(self.portal, self.folder, 3, seed=SyncMachine.examples * 7919 + seed,
                                rate=rate)
        RUNS["examples"] += 1

    def _edit(self, i: int, op: str, seed: int) -> None:
        if _do_op(self.clients[i], op, random.Random(seed), self.vins):
            RUNS[op] += 1

    # Hypothesis picks rules uniformly: three edit rules make edits the common step.
    @rule(i=st.integers(0, 2), op=st.sampled_from(EDIT_OPS), seed=st.integers(0, 2**16))
    def edit(self, i: int, op: str, seed: int) -> None:
        self._edit(i, op, seed)

    @rule(i=st.integers(0, 2), op=st.sampled_from(EDIT_OPS), seed=st.integers(0, 2**16))
    def edit_more(self, i: int, op: str, seed: int) -> None:
        self._edit(i, op, seed)

    @rule(i=st.integers(0, 2), op=st.sampled_from(EDIT_OPS), seed=st.integers(0, 2**16))
    def edit_again(self, i: int, op: str, seed: int) -> None:
        self._edit(i, op, seed)

    @rule(i=st.integers(0, 2))
    def sync(self, i: int) -> None:
        self.clients[i].sync()
        RUNS["sync"] += 1

    @rule(i=st.integers(0, 2))
    def sync_soon(self, i: int) -> None:
        self.sync(i)

    @rule(i=st.integers(0, 2))
    def toggle_offline(self, i: int) -> None:
        t = self.clients[i].transport
        t.down = not t.down
        RUNS["offline_toggle"] += 1

    @rule(i=st.integers(0, 2))
    def restart(self, i: int) -> None:
        self.clients[i].restart()
        RUNS["client_restart"] += 1

    @rule()
    def portal_restart(self) -> None:
        # A real portal outage costs ~2 s: a budget keeps CI time sensible.
        if RUNS["portal_restart"] >= (1000 if SOAK else 2):
            return
        self.portal.stop()
        for c in self.clients:  # everyone tries while it is down
            rep = c.sync()
            assert rep.offline
        self.portal.start()
        RUNS["portal_restart"] += 1

    @invariant()
    def outbox_rows_belong_to_known_mutations(self) -> None:
        for c in getattr(self, "clients", []):
            assert c.cache is not None
            assert {r["mutation_id"] for r in c.cache.outbox()} <= set(c.created)

    def teardown(self) -> None:
        clients = getattr(self, "clients", [])
        if not clients:
            return
        try:
            if not self.portal.running:
                self.portal.start()
            final_sync(clients)
            stats = check_invariants(self.portal.database_url, clients)
            RUNS["mutations"] += stats.get("mutations", 0)
            RUNS["conflicts_or_rejections"] += stats.get("refused", 0)
        finally:
            for c in clients:
                ALL_FAULTS.update(c.transport.counts)
                c.close()


def test_stateful_sync(portal: LivePortal, tmp_path: Path, capsys) -> None:
    SyncMachine.portal = portal
    SyncMachine.folder = tmp_path
    RUNS.clear()
    ALL_FAULTS.clear()
    test_case = SyncMachine.TestCase
    test_case.settings = settings(
        max_examples=200 if SOAK else 10,
        stateful_step_count=40 if SOAK else 25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=not SOAK,
        database=None,
    )
    with fast_retries():
        test_case().runTest()
    with capsys.disabled():
        injected = sum(v for k, v in ALL_FAULTS.items() if k != "offline_refused")
        print(f"\n[stateful sync] {dict(RUNS)}; injected faults {injected} {dict(ALL_FAULTS)}")
    assert RUNS["examples"] >= 1
