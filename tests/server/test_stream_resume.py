"""SSE Last-Event-ID resume and `command` events; the demo vans hold Remote services."""

from __future__ import annotations

import json
import threading
import time

import httpx


def _listen(url: str, headers: dict[str, str], events: list, opened: threading.Event) -> None:
    try:
        with httpx.stream("GET", f"{url}/api/v1/stream", headers=headers, timeout=10) as r:
            name, ident = "", None
            for line in r.iter_lines():
                opened.set()
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("id: "):
                    ident = int(line[4:])
                elif line.startswith("data: "):
                    events.append((name, ident, json.loads(line[6:])))
                    name, ident = "", None
    except httpx.HTTPError:
        pass


def test_last_event_id_replays_changes_and_command_events(seeded_portal) -> None:
    seed = seeded_portal.seed
    token = seeded_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    h = seeded_portal.headers(token)
    with seeded_portal.client() as c:
        vans = c.get("/api/v1/vehicles", headers=h).json()["items"]
        body = c.get("/api/v1/changes", params={"limit": 1000}, headers=h).json()
        while body["has_more"]:
            body = c.get("/api/v1/changes", params={"cursor": body["next_cursor"], "limit": 1000}, headers=h).json()
        last_seen = int(body["next_cursor"].rsplit(".", 1)[1])
        # every demo van accepts remote commands (Remote services booked by the seed)
        sent = []
        for van in (vans[0], vans[-1]):
            r = c.post(f"/api/v1/vehicles/{van['id']}/commands", json={"type": "lock"}, headers=h)
            assert r.status_code == 202, r.text
            sent.append((van, r.json()))
        events: list = []
        opened = threading.Event()
        t = threading.Thread(target=_listen, args=(seeded_portal.url, {**h, "Last-Event-ID": str(last_seen)},
                                                   events, opened), daemon=True)
        t.start()
        assert opened.wait(10)
        van, cmd = sent[0]
        module = {"Authorization": f"Bearer {seed['modules'][van['vin']]}"}
        r = c.get("/api/v1/telematics/commands", params={"vin": van["vin"], "wait": 2}, headers=module)
        assert [x["id"] for x in r.json()["items"]] == [cmd["id"]]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(n == "command" for n, _, _ in events):
            time.sleep(0.05)
    changes = [(i, d["seq"]) for n, i, d in events if n == "change"]
    assert changes[:2] == [(last_seen + 1, last_seen + 1), (last_seen + 2, last_seen + 2)], events
    ids = [i for i, _ in changes]
    assert ids == sorted(set(ids)), "resumed change ids are strictly increasing, no repeats"
    (live,) = [d for n, _, d in events if n == "command"]
    assert live["id"] == cmd["id"] and live["state"] == "delivered"
    assert seeded_portal.stop() == 0
