"""Issue 12 end to end: pre-conditioning sent from the desktop's remote-services box with
a departure time runs on a REAL ``mpro-sim`` eVan; one the van refuses shows its unmet
R25 conditions as sentences, and the box named them from the live status beforehand.

Real portal subprocess (SQLite and PostgreSQL), real simulator processes, the real
cache, outbox and sync engine, real widgets.
"""

from __future__ import annotations

import json
import signal
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime

from mpro_desktop.domain.preconditions import preconditioning_unmet
from mpro_desktop.models.commands import unmet_sentence
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.vehicles.remote_commands import RemoteCommandsBox
from tests.sim.test_live_roaming_commands import start_sim, wait_ready

FINAL = ("executed", "failed", "expired", "rejected")


def _modules(portal: Any, folder: Path, vin: str) -> Path:
    seed = portal.seed
    folder.mkdir()
    path = folder / "modules.json"
    path.write_text(
        json.dumps({"modules": {vin: seed["modules"][vin]}, "vehicles": {vin: "electric"}})
    )
    return path


def _live_status(client: PortalClient, vid: str) -> dict[str, Any]:
    """The van's latest sample, as the telemetry stream gives the vehicles pane."""
    deadline = time.monotonic() + 30
    while True:
        status = client.get(f"/api/v1/vehicles/{vid}/status")
        if status.get("ts") is not None and status.get("gear") is not None:
            return status  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, status
        time.sleep(0.2)


def _send_and_follow(
    qtbot: Any, box: RemoteCommandsBox, engine: SyncEngine, cache: Cache, vid: str
) -> dict[str, Any]:
    """Click Start pre-conditioning, then sync until the van's answer is in the cache."""
    before = {c["id"] for c in cache.commands(vid)}
    box.buttons["start_preconditioning"].click()
    qtbot.waitUntil(lambda: bool({c["id"] for c in cache.commands(vid)} - before), timeout=10_000)
    (cid,) = {c["id"] for c in cache.commands(vid)} - before
    deadline = time.monotonic() + 40
    while True:
        assert not engine.sync_once().offline
        command = cache.command(cid)
        assert command is not None
        if command["state"] in FINAL:
            return command
        assert time.monotonic() < deadline, command
        time.sleep(0.3)


def test_preconditioning_from_the_desktop_runs_on_the_simulated_evan(
    qtbot: Any, seeded_portal: Any, tmp_path: Path
) -> None:
    portal = seeded_portal
    seed = portal.seed
    parked_vin, driving_vin = [v for v in seed["modules"] if seed["vehicles"][v] == "electric"][:2]
    common = ("--rate", "2", "--command-wait", "2")
    with ExitStack() as stack:
        sims = []
        for name, vin, extra in (
            ("parked", parked_vin, ("--parked-at-depot", "60")),  # plugged in, closed, gear P
            ("driving", driving_vin, ()),  # on its way: gear D, unplugged
        ):
            folder = tmp_path / name
            sim = start_sim(portal, _modules(portal, folder, vin), folder, *common, *extra)
            stack.callback(sim.wait, 15)
            stack.callback(sim.send_signal, signal.SIGTERM)
            sims.append(sim)
        for sim in sims:
            wait_ready(sim)

        cache = Cache(tmp_path / "cache.sqlite3")
        stack.callback(cache.close)
        client = PortalClient(portal.url)
        stack.callback(client.close)
        client.login(seed["admin_email"], seed["admin_password"])
        engine = SyncEngine(cache, client)
        assert not engine.sync_once().offline
        ids = {v["vin"]: v["id"] for v in cache.vehicles()}
        box = RemoteCommandsBox(PaneContext(cache))
        qtbot.addWidget(box)

        # ---- a departure in two hours to the van standing at its depot: executed
        vid = ids[parked_vin]
        status = _live_status(client, vid)
        box.set_vehicle({**cache.vehicle(vid), "status": status})
        form = box.preconditioning
        form.cabin.setValue(24.0 if status["outside_temp_c"] < 22.0 else 16.0)
        form.at_time.setChecked(True)
        departure = int(time.time()) + 2 * 3600
        form.departure.setDateTime(QDateTime.fromSecsSinceEpoch(departure))
        assert preconditioning_unmet(box.command_state()) == []
        assert box.readiness["start_preconditioning"].text().endswith("All conditions are met now.")
        command = _send_and_follow(qtbot, box, engine, cache, vid)
        assert command["state"] == "executed", command
        assert command["type"] == "start_preconditioning"
        sent = datetime.fromisoformat(command["params"]["departure_time"])
        assert sent == datetime.fromtimestamp(departure, UTC)
        box.reload()
        qtbot.waitUntil(lambda: "Start pre-conditioning — Done" in box.history.text())

        # ---- the van on the road refuses; the box had said why before sending
        vid = ids[driving_vin]
        box.set_vehicle({**cache.vehicle(vid), "status": _live_status(client, vid)})
        expected = preconditioning_unmet(box.command_state())
        assert expected, box.command_state()
        before = box.readiness["start_preconditioning"].text()
        assert "Not met now:" in before
        assert all(unmet_sentence(c) in before for c in expected)
        command = _send_and_follow(qtbot, box, engine, cache, vid)
        assert command["state"] == "failed" and command["unmet"], command
        assert "gear_not_park" in command["unmet"] or "plug_not_connected" in command["unmet"]
        box.reload()

        def lists_every_unmet_condition() -> bool:
            text = box.history.text()
            return "Start pre-conditioning — Failed: " in text and all(
                unmet_sentence(c) in text for c in command["unmet"]
            )

        qtbot.waitUntil(lists_every_unmet_condition)
    for sim in sims:
        assert sim.returncode == 0
    for name in ("parked", "driving"):
        assert "Traceback" not in (tmp_path / name / "sim.log").read_text()
