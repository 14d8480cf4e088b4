"""Issue 8 #13: an SSE stream ends when its access token expires; the desktop's reader
reconnects with a refreshed token (real portal process, SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time

import httpx

from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.stream import StreamReader
from tests.server.conftest import VIN1

TTL_S = 3


def test_stream_closes_at_token_expiry(live_portal_factory, portal_db_url) -> None:
    portal = live_portal_factory(
        database_url=portal_db_url, env={"MPRO_ACCESS_TOKEN_TTL_S": str(TTL_S)}
    )
    acct = portal.register("Expiry AB")
    t0 = time.monotonic()
    lines: list[str] = []
    with httpx.stream(
        "GET",
        f"{portal.url}/api/v1/stream",
        headers=portal.headers(acct["token"]),
        timeout=httpx.Timeout(10.0),
    ) as r:
        assert r.status_code == 200
        for line in r.iter_lines():
            lines.append(line)
            assert time.monotonic() - t0 < TTL_S + 5, "the stream outlived its token"
    took = time.monotonic() - t0
    assert ": token expired" in lines and took < TTL_S + 3, (took, lines)
    again = httpx.get(
        f"{portal.url}/api/v1/stream", headers=portal.headers(acct["token"]), timeout=5
    )
    assert again.status_code == 401 and again.json()["code"] == "token_expired"


def test_desktop_reader_reconnects_with_a_refreshed_token(
    live_portal_factory, portal_db_url
) -> None:
    """What the sync worker's stream loop does: call ``events()`` again after the stream
    ended; the reader meets 401, refreshes the token once and is back on the live feed."""
    portal = live_portal_factory(
        database_url=portal_db_url, env={"MPRO_ACCESS_TOKEN_TTL_S": str(TTL_S)}
    )
    acct = portal.register("Reconnect AB")
    client = PortalClient(portal.url)
    client.login(acct["email"], acct["password"])
    first_token = client.access_token
    reader = StreamReader(client, heartbeat_s=1.0)
    t0 = time.monotonic()
    ended = threading.Event()

    def drain() -> None:
        for _ in reader.events():
            pass
        ended.set()

    threading.Thread(target=drain, daemon=True).start()
    assert ended.wait(TTL_S + 5), "the first stream did not end at the token's expiry"
    assert time.monotonic() - t0 >= TTL_S - 1
    events: list[tuple[str, dict]] = []
    opened = threading.Event()
    reader2 = StreamReader(client, heartbeat_s=1.0, on_open=opened.set)

    def listen() -> None:
        for name, _eid, data in reader2.events():
            events.append((name, data))
            if name == "change":
                return

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    try:
        assert opened.wait(10), "the reader did not reconnect"
        assert client.access_token != first_token, "the reconnect did not refresh the token"
        with portal.client() as c:
            r = c.post(
                "/api/v1/vehicles", json={"vin": VIN1}, headers=portal.headers(client.access_token)
            )
            assert r.status_code == 201
        t.join(10)
        assert any(name == "change" for name, _ in events), events
    finally:
        reader2.stop()
        client.close()
