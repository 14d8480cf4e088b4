"""Dead zones, command execution on the van model, and repeated command ids."""

from __future__ import annotations

import queue
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from embedded_server.simulator import vehicle
from embedded_server.simulator.cli import Simulation, StateStore
from embedded_server.simulator.diskbuffer import DiskBuffer
from embedded_server.simulator.remote import DeadZones, result_body
from embedded_server.simulator.uploader import MemoryBuffer, Uploader
from embedded_server.simulator.vehicle import Van

T0 = 1_750_000_000.0


def test_dead_zones_are_deterministic_and_take_their_share() -> None:
    vins = [f"V{i}" for i in range(50)]
    a = DeadZones(vins, 0.25, 30.0, seed=7, now=0.0)
    b = DeadZones(vins, 0.25, 30.0, seed=7, now=0.0)
    offline_time = 0
    for t in range(0, 3600, 5):
        sa, sb = set(a.update(float(t))), set(b.update(float(t)))
        assert sa == sb
        offline_time += len(sa)
    share = offline_time / (50 * 720)
    assert 0.15 < share < 0.35, share
    assert DeadZones(vins, 0.0, 30.0, seed=7, now=0.0).update(1e6) == set()


def test_uploader_skips_offline_vans() -> None:
    buf = MemoryBuffer(100)
    buf.append_many([("A", 0, b"{}"), ("B", 0, b"{}")])
    up = Uploader("http://127.0.0.1:1", {"A": "a", "B": "b"}, buf)
    up.offline = {"A"}
    assert up.kick() == 1 and up._in_flight == {"B"}


def sampled(van: Van) -> dict[str, Any]:
    return van.step(1.0)


def test_lock_unlock_show_in_next_sample() -> None:
    van = Van("YV1LOCK", seed=3, start_epoch=T0)
    sampled(van)
    assert van.execute("unlock") == {"state": "executed"}
    assert sampled(van)["locked"] is False
    assert van.execute("lock") == {"state": "executed"}
    assert sampled(van)["locked"] is True


def plugged_in_at_the_depot(van: Van) -> dict[str, Any]:
    """Drive ``van`` until it stands charging at its depot; returns that sample."""
    for _ in range(12 * 3600):
        s = sampled(van)
        if s["plug_state"] == "connected" and van._mode == vehicle._DEPOT:
            return s
    raise AssertionError("never plugged in at the depot")


def test_charging_preconditions_decide_failed_with_unmet() -> None:
    ev = Van("YV1EV", "electric", seed=3, start_epoch=T0)
    ev.level_pct = 40.0
    s = sampled(ev)
    assert s["plug_state"] == "disconnected"
    res = ev.execute("start_charging")
    assert res["state"] == "failed" and res["unmet"][0] == "plug_not_connected"
    s = plugged_in_at_the_depot(ev)  # plug connected, gear P, identified by RFID
    assert s["gear"] == "P" and ev.rfid_identified
    assert ev.execute("start_charging") == {"state": "executed"}
    soon = datetime.fromtimestamp(ev.clock + 300, UTC).isoformat()
    ev.departure_time = soon  # five minutes left: not enough time
    assert ev.execute("start_charging")["unmet"] == ["not_enough_time"]
    assert ev.execute("stop_charging") == {"state": "executed"}
    before = sampled(ev)["soc_pct"]
    for _ in range(60):
        s = sampled(ev)
    assert s["soc_pct"] <= before  # stopped: no more energy flows


def test_preconditioning_and_departure_time() -> None:
    ev = Van("YV1EV2", "electric", seed=5, start_epoch=T0)
    sampled(ev)
    res = ev.execute("start_preconditioning")
    assert res["state"] == "failed" and "no_departure_time" in res["unmet"]
    assert ev.execute("set_departure_time", {"departure_time": "2025-06-16T06:00:00Z"}) == {
        "state": "executed"
    }
    assert ev.departure_time == "2025-06-16T06:00:00Z"
    assert "no_departure_time" not in ev.execute("start_preconditioning")["unmet"]
    diesel = Van("YV1D", seed=5, start_epoch=T0)
    assert diesel.execute("start_charging")["reason"] == "not_an_evan"
    assert Van("YV1D", seed=5).execute("fly")["state"] == "failed"


class FakePoller:
    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[tuple[str, dict[str, Any]]] = queue.SimpleQueue()
        self.results: list[tuple[str, dict[str, Any]]] = []

    def submit_result(self, cid: str, body: dict[str, Any]) -> None:
        self.results.append((cid, body))


def test_repeated_command_id_is_ignored_even_after_restart(tmp_path: Path) -> None:
    def simulation(disk: DiskBuffer, poller: FakePoller) -> tuple[Simulation, Van]:
        van = Van("YV1REP", seed=1, start_epoch=T0)
        up = Uploader("http://127.0.0.1:1", {"YV1REP": "t"}, disk)
        sim = Simulation(
            [van],
            up,
            disk,
            rate=1.0,
            upload_every=1.0,
            duration=None,
            state=StateStore(None),
            stop=threading.Event(),
            commands=poller,
            remember_command=disk.remember_command,
        )  # type: ignore[arg-type]
        return sim, van

    disk = DiskBuffer(tmp_path / "b.sqlite3")
    poller = FakePoller()
    sim, van = simulation(disk, poller)
    poller.inbox.put(("YV1REP", {"id": "c1", "type": "unlock"}))
    sim._tick([van], T0)
    assert van.last_sample["locked"] is False
    poller.inbox.put(("YV1REP", {"id": "c2", "type": "lock"}))
    poller.inbox.put(("YV1REP", {"id": "c1", "type": "unlock"}))  # re-delivered: ignored
    sim._tick([van], T0 + 1)
    assert van.last_sample["locked"] is True
    assert [c for c, _ in poller.results] == ["c1", "c2"] and sim.commands_ignored == 1
    disk.close()

    disk = DiskBuffer(tmp_path / "b.sqlite3")  # the seen ids survive a restart
    poller = FakePoller()
    sim, van = simulation(disk, poller)
    poller.inbox.put(("YV1REP", {"id": "c2", "type": "lock"}))
    sim._tick([van], T0 + 2)
    assert poller.results == [] and sim.commands_ignored == 1
    disk.close()


def test_result_body_shape() -> None:
    assert result_body("V", {"state": "executed"}) == {"state": "executed", "_vin": "V"}
    body = result_body("V", {"state": "failed", "reason": "r", "unmet": ["hood_open"]})
    assert body == {"state": "failed", "reason": "r", "unmet": ["hood_open"], "_vin": "V"}
