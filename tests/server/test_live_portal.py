"""The real server process: readiness line, restart on the same port, seed file."""

from __future__ import annotations

import os
import stat

import httpx


def test_live_portal_register_restart_keeps_data(live_portal) -> None:
    acct = live_portal.register("Restart AB")
    h = live_portal.headers(acct["token"])
    r = httpx.post(f"{live_portal.url}/api/v1/vehicles", json={"vin": "W1V9076351P000001"}, headers=h)
    assert r.status_code == 201, r.text
    url = live_portal.url
    assert live_portal.stop() == 0
    live_portal.start()
    assert live_portal.url == url
    r = httpx.get(f"{url}/api/v1/vehicles", headers=h)
    assert r.status_code == 200
    assert [v["vin"] for v in r.json()["items"]] == ["W1V9076351P000001"]


def test_seeded_portal_writes_private_seed_file(seeded_portal) -> None:
    seed = seeded_portal.seed
    assert seed["company"] == "Demo Transport AB"
    assert len(seed["modules"]) == 25 and len(seed["vehicles"]) == 25
    assert sorted(set(seed["vehicles"].values())) == ["diesel", "electric"]
    assert stat.S_IMODE(os.stat(seeded_portal.seed_file).st_mode) == 0o600
    tokens = seeded_portal.login(seed["admin_email"], seed["admin_password"])
    vin, module_token = next(iter(seed["modules"].items()))
    r = httpx.post(f"{seeded_portal.url}/api/v1/telematics/samples",
                   json={"vin": vin, "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00+00:00", "speed_kmh": 10.0}]},
                   headers={"Authorization": f"Bearer {module_token}"})
    assert r.json() == {"accepted": 1, "duplicates": 0}
    r = httpx.get(f"{seeded_portal.url}/api/v1/vehicles", headers=seeded_portal.headers(tokens["access_token"]))
    assert len(r.json()["items"]) == 25


def test_sse_change_and_telemetry_events_and_shutdown_with_open_stream(seeded_portal) -> None:
    import json
    import threading
    import time

    seed = seeded_portal.seed
    token = seeded_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    events: list[tuple[str, str]] = []
    lines: list[str] = []
    opened = threading.Event()

    def listen() -> None:
        try:
            with httpx.stream("GET", f"{seeded_portal.url}/api/v1/stream",
                              headers={"Authorization": f"Bearer {token}"}, timeout=10) as r:
                assert r.status_code == 200
                name = ""
                for line in r.iter_lines():
                    opened.set()
                    lines.append(line)
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        events.append((name, line[6:]))
        except httpx.HTTPError:
            pass

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    assert opened.wait(10)
    h = seeded_portal.headers(token)
    assert httpx.post(f"{seeded_portal.url}/api/v1/vehicles", json={"vin": "W1V9076351P777777"},
                      headers=h).status_code == 201
    vin, module_token = next(iter(seed["modules"].items()))
    httpx.post(f"{seeded_portal.url}/api/v1/telematics/samples",
               json={"vin": vin, "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00+00:00", "soc_pct": 50.0}]},
               headers={"Authorization": f"Bearer {module_token}"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not (
        {"change", "telemetry"} <= {n for n, _ in events} and ": heartbeat" in lines
    ):
        time.sleep(0.05)
    assert any(n == "change" and "seq" in json.loads(d) for n, d in events)
    assert any(n == "telemetry" and json.loads(d)["vin"] == vin for n, d in events)
    assert ": heartbeat" in lines  # MPRO_SSE_HEARTBEAT_S=1 in tests
    started = time.monotonic()
    assert seeded_portal.stop() == 0
    assert time.monotonic() - started < 5, "an open stream must not block shutdown"
    t.join(5)


def test_sigterm_exits_cleanly_and_bad_flag_is_one_line(live_portal) -> None:
    import signal
    import subprocess
    import sys

    proc = live_portal.proc
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    live_portal.proc = None
    r = subprocess.run([sys.executable, "-m", "embedded_server.cli", "--port", "nope"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_sse_stream_carries_only_the_callers_company(seeded_portal) -> None:
    """Another company's telemetry and changes never reach this company's stream.

    The silence only counts while the stream demonstrably works: it must deliver this
    company's own change (posted after the other company's) and a heartbeat after all
    the posts, and it must not fail or end before the portal is stopped.
    """
    import threading
    import time

    other = seeded_portal.register("Annat Åkeri AB")
    url = seeded_portal.url
    other_h = seeded_portal.headers(other["token"])
    seen: list[str] = []
    failures: list[BaseException | str] = []
    opened = threading.Event()
    stopping = threading.Event()

    def listen() -> None:
        try:
            with httpx.stream("GET", f"{url}/api/v1/stream", headers=other_h, timeout=10) as r:
                if r.status_code != 200:
                    failures.append(f"stream answered {r.status_code}")
                    return
                for line in r.iter_lines():
                    seen.append(line)
                    opened.set()
            if not stopping.is_set():
                failures.append("the stream ended before the portal was stopped")
        except Exception as exc:  # reported by the test thread below
            if not stopping.is_set():
                failures.append(exc)
        finally:
            opened.set()  # never leave the test waiting for a stream that failed

    def own_change_seqs() -> list[int]:
        r = httpx.get(f"{url}/api/v1/changes", headers=other_h)
        assert r.status_code == 200, r.text
        return [c["seq"] for c in r.json()["changes"]]

    before = set(own_change_seqs())
    t = threading.Thread(target=listen, daemon=True)
    t.start()
    assert opened.wait(10) and not failures, failures
    seed = seeded_portal.seed
    token = seeded_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    r = httpx.post(
        f"{url}/api/v1/vehicles",
        json={"vin": "W1V9076351P888888"},
        headers=seeded_portal.headers(token),
    )
    assert r.status_code == 201, r.text
    vin, module_token = next(iter(seed["modules"].items()))
    r = httpx.post(
        f"{url}/api/v1/telematics/samples",
        json={
            "vin": vin,
            "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00+00:00", "soc_pct": 50.0}],
        },
        headers={"Authorization": f"Bearer {module_token}"},
    )
    assert r.status_code == 200
    # The caller's own change, published after the other company's: once it has arrived,
    # anything leaked from the posts above would have arrived before it.
    r = httpx.post(f"{url}/api/v1/vehicles", json={"vin": "W1V9076351P888889"}, headers=other_h)
    assert r.status_code == 201, r.text
    mine = sorted(set(own_change_seqs()) - before)
    assert mine
    after_posts = len(seen)

    def delivered_ids() -> list[int]:
        return [int(line[4:]) for line in seen if line.startswith("id: ")]

    deadline = time.monotonic() + 10  # heartbeats every second in tests
    while (
        time.monotonic() < deadline
        and not failures
        and not (set(mine) <= set(delivered_ids()) and ": heartbeat" in seen[after_posts:])
    ):
        time.sleep(0.05)
    assert not failures, failures
    assert t.is_alive(), "the stream must still be open"
    assert ": heartbeat" in seen[after_posts:], seen
    assert delivered_ids() == mine, seen  # exactly the caller's changes, nothing else
    assert not any(line.startswith("event: telemetry") for line in seen), seen
    assert not any(vin in line or "W1V9076351P888888" in line for line in seen), seen
    stopping.set()
    seeded_portal.stop()
    t.join(5)
