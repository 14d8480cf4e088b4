"""A REAL ``mpro-sim`` process against a REAL portal: roaming + SIGKILL, and commands."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]


def start_sim(portal: Any, modules: Path, tmp: Path, *extra: str, log: str = "sim.log") -> Any:
    err = (tmp / log).open("a")
    return subprocess.Popen(
        [
            sys.executable, "-m", "embedded_server.simulator.cli",
            "--server", portal.url, "--modules", str(modules),
            "--state", str(tmp / "state.json"), "--buffer", str(tmp / "buffer.sqlite3"),
            "--upload-every", "0.2", "--log-level", "INFO", *extra,
        ],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True,
    )


def wait_ready(proc: Any) -> None:
    line = proc.stdout.readline()
    assert line.startswith("MPRO-SIM READY"), line


def admin(portal: Any) -> tuple[httpx.Client, dict[str, str]]:
    seed = portal.seed
    token = portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    client = portal.client(headers=portal.headers(token))
    r = client.get("/api/v1/vehicles", params={"limit": 500})
    assert r.status_code == 200, r.text
    return client, {v["vin"]: v["id"] for v in r.json()["items"]}


def pick_modules(portal: Any, tmp: Path, fuels: list[str]) -> tuple[Path, list[str]]:
    """A modules file with the first seeded van of each requested fuel type."""
    seed = portal.seed
    vins: list[str] = []
    for fuel in fuels:
        vins.append(next(v for v in seed["modules"] if seed["vehicles"][v] == fuel
                         and v not in vins))
    path = tmp / "modules.json"
    path.write_text(json.dumps({"modules": {v: seed["modules"][v] for v in vins},
                                "vehicles": {v: seed["vehicles"][v] for v in vins}}))
    return path, vins


def telemetry(client: httpx.Client, vid: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/vehicles/{vid}/telemetry")
    assert r.status_code == 200, r.text
    return r.json()["samples"]  # type: ignore[no-any-return]


def test_roaming_kill_mid_flush_replay_is_exact(seeded_portal: Any, tmp_path: Path) -> None:
    """Issue test 8: buffer offline, SIGKILL mid-flush, replay with duplicates: the portal
    holds exactly the generated samples, contiguous per vehicle."""
    portal = seeded_portal
    modules, vins = pick_modules(portal, tmp_path, ["diesel", "electric", "diesel"])
    buffer_file = tmp_path / "buffer.sqlite3"
    common = ("--rate", "20", "--batch-max", "5", "--retry-max", "0.5", "--journal",
              "--commands", "off")
    sim = start_sim(portal, modules, tmp_path, *common)
    try:
        wait_ready(sim)  # the first acknowledgement arrived
        portal.stop()  # offline: the van keeps sampling into its disk buffer
        time.sleep(1.2)
        with sqlite3.connect(buffer_file) as db:
            backlog = db.execute("select count(*) from samples").fetchone()[0]
        assert backlog >= 3 * 20  # ≥ 1 s of samples per van waiting on disk
        portal.start()  # same port and database
        log = tmp_path / "sim.log"
        deadline = time.monotonic() + 20
        while "reachable again" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.01)
        sim.send_signal(signal.SIGKILL)  # mid-flush: batches of 5, hundreds waiting
        assert sim.wait(10) == -signal.SIGKILL
    finally:
        sim.kill()
    with sqlite3.connect(buffer_file) as db:
        left = db.execute("select count(*) from samples").fetchone()[0]
    assert left > 0, "the kill should interrupt the flush"

    client, ids = admin(portal)
    with closing(client):
        # a lost acknowledgement, replayed: the portal must dedupe on (vin, seq)
        seed = portal.seed
        first = telemetry(client, ids[vins[0]])[:5]
        r = client.post("/api/v1/telematics/samples",
                        headers={"Authorization": f"Bearer {seed['modules'][vins[0]]}"},
                        json={"vin": vins[0], "samples": first})
        assert r.status_code == 200 and r.json()["duplicates"] == len(first), r.text

        sim = start_sim(portal, modules, tmp_path, *common, "--duration", "1.5", log="sim2.log")
        out, _ = sim.communicate(timeout=30)
        assert sim.returncode == 0, (tmp_path / "sim2.log").read_text()
        assert "Traceback" not in (tmp_path / "sim2.log").read_text()

        with sqlite3.connect(buffer_file) as db:
            assert db.execute("select count(*) from samples").fetchone()[0] == 0
            journal: dict[str, dict[int, tuple[str, float]]] = {}
            for vin, seq, ts, odo in db.execute("select vin, seq, ts, odometer_km from journal"):
                journal.setdefault(vin, {})[seq] = (ts, odo)
        for vin in vins:
            samples = telemetry(client, ids[vin])
            seqs = [s["seq"] for s in samples]
            assert len(seqs) == len(set(seqs)), f"{vin}: duplicates stored"
            assert sorted(seqs) == list(range(len(seqs))), f"{vin}: not contiguous"
            generated = journal[vin]
            assert sorted(generated) == sorted(seqs), f"{vin}: generated != stored"
            for s in samples:  # the very samples generated, not re-generated ones
                ts, odo = generated[s["seq"]]
                assert s["odometer_km"] == odo, (vin, s["seq"])
            assert len(seqs) > 3 * 20  # two runs at 20 Hz, an offline period in between


def wait_state(client: httpx.Client, vid: str, cid: str, timeout: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"/api/v1/vehicles/{vid}/commands/{cid}")
        assert r.status_code == 200, r.text
        cmd = r.json()
        if cmd["state"] in ("executed", "failed", "expired"):
            return cmd  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, cmd
        time.sleep(0.1)


def send(client: httpx.Client, vid: str, ctype: str, **params: Any) -> str:
    body: dict[str, Any] = {"type": ctype}
    if params:
        body["params"] = params
    r = client.post(f"/api/v1/vehicles/{vid}/commands", json=body)
    assert r.status_code == 202, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


def test_remote_commands_against_real_portal(seeded_portal: Any, tmp_path: Path) -> None:
    portal = seeded_portal
    modules, (diesel, ev) = pick_modules(portal, tmp_path, ["diesel", "electric"])
    sim = start_sim(portal, modules, tmp_path, "--rate", "5", "--command-wait", "5")
    client, ids = admin(portal)
    try:
        wait_ready(sim)
        with closing(client):
            for ctype, want in (("unlock", False), ("lock", True)):
                cid = send(client, ids[diesel], ctype)
                assert wait_state(client, ids[diesel], cid)["state"] == "executed"
                time.sleep(0.6)  # a few samples at 5 Hz, uploaded every 0.2 s
                last = telemetry(client, ids[diesel])[-3:]
                assert [s["locked"] for s in last] == [want] * 3, (ctype, last)

            last = telemetry(client, ids[ev])[-1]
            assert last["plug_state"] == "disconnected"
            cid = send(client, ids[ev], "start_charging")
            cmd = wait_state(client, ids[ev], cid)
            assert cmd["state"] == "failed" and cmd["reason"], cmd
            assert cmd["unmet"][0] == "plug_not_connected", cmd

            cid = send(client, ids[ev], "start_preconditioning", target_temp_c=30.0)
            cmd = wait_state(client, ids[ev], cid)
            assert cmd["state"] == "failed" and "no_departure_time" in cmd["unmet"], cmd
            assert "plug_not_connected" in cmd["unmet"], cmd
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.wait(15)
    assert sim.returncode == 0
    assert "Traceback" not in (tmp_path / "sim.log").read_text()
