"""Store-and-forward guarantees of the uploader, against a real local HTTP server."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import orjson
import pytest

from embedded_server.simulator.uploader import MemoryBuffer, Uploader
from embedded_server.simulator.vehicle import Van
from tests.sim.fake_portal import DROP_AFTER_COMMIT, ERROR_500, OK, FakePortal

VINS = ["YV1SIMTEST0000001", "YV1SIMTEST0000002", "YV1SIMTEST0000003"]
TOKENS = {v: f"token-{i}" for i, v in enumerate(VINS)}


@pytest.fixture
def portal() -> Iterator[FakePortal]:
    p = FakePortal(TOKENS).start()
    yield p
    p.stop()


def make_uploader(url: str, buffer: MemoryBuffer) -> Uploader:
    up = Uploader(url, TOKENS, buffer, workers=3, batch_max=7, backoff_min=0.05, backoff_max=0.2)
    up.start()
    return up


class Feeder:
    """Produces real van samples into the buffer, like the CLI's tick does."""

    def __init__(self, buffer: MemoryBuffer) -> None:
        self.buffer = buffer
        self.vans = [Van(v, seed=1, start_epoch=1.7e9) for v in VINS]

    def feed(self, n: int, vins: list[str] | None = None) -> None:
        for _ in range(n):
            self.buffer.append_many(
                (van.vin, s["seq"], orjson.dumps(s))
                for van in self.vans
                if vins is None or van.vin in vins
                for s in [van.step(1.0)]
            )


def wait_for(cond, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


def test_delivers_every_sample_once_in_order(portal: FakePortal) -> None:
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    feeder = Feeder(buf)
    try:
        for _ in range(5):
            feeder.feed(10)
            up.kick()
        assert up.drain(5.0)
        for _ in range(3):  # further rounds with nothing new must not resend anything
            up.kick()
        assert wait_for(up.idle)
    finally:
        up.close()
    for vin in VINS:
        assert portal.seqs(vin) == list(range(50))
    assert portal.duplicates == 0
    assert up.first_ack.is_set()
    for vin in VINS:  # each VIN's batches arrived in seq order
        sent = [s for v, seqs, _ in portal.posts if v == vin for s in seqs]
        assert sent == sorted(sent)


def test_backlog_survives_portal_down_and_is_delivered_after(portal: FakePortal) -> None:
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    feeder = Feeder(buf)
    try:
        feeder.feed(5)
        assert up.drain(5.0)
        portal.stop()  # connection refused from now on
        for _ in range(10):
            feeder.feed(3)
            up.kick()
            time.sleep(0.02)
        assert wait_for(up.idle)
        assert up.portal_down
        assert buf.pending() == 3 * 30  # nothing lost, nothing dropped without an ack
        portal.start()
        assert up.drain(5.0)
    finally:
        up.close()
    for vin in VINS:
        assert portal.seqs(vin) == list(range(35))


def test_server_errors_keep_the_backlog(portal: FakePortal) -> None:
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    feeder = Feeder(buf)
    try:
        portal.mode = ERROR_500
        feeder.feed(10)
        up.kick()
        assert wait_for(lambda: up.stats.failures > 0 and up.idle())
        assert buf.pending() == 30
        assert all(not portal.seqs(v) for v in VINS)
        portal.mode = OK
        assert up.drain(5.0)
    finally:
        up.close()
    for vin in VINS:
        assert portal.seqs(vin) == list(range(10))


def test_lost_response_after_commit_is_resent_and_deduplicated(portal: FakePortal) -> None:
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    feeder = Feeder(buf)
    try:
        portal.mode = DROP_AFTER_COMMIT
        feeder.feed(6)
        up.kick()
        assert wait_for(lambda: all(portal.seqs(v) for v in VINS) and up.idle())
        # the portal has the data but never said so: the van must still hold it
        assert buf.pending() == 18
        portal.mode = OK
        assert up.drain(5.0)
    finally:
        up.close()
    assert portal.duplicates > 0  # resent, and the portal's (vin, seq) dedupe absorbed it
    for vin in VINS:
        assert portal.seqs(vin) == list(range(6))


def test_403_stops_only_that_van(portal: FakePortal, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    feeder = Feeder(buf)
    gone = VINS[0]
    portal.forbidden.add(gone)
    try:
        for _ in range(4):
            feeder.feed(5, vins=[v for v in VINS if v not in up.blocked])
            up.kick()
            assert wait_for(up.idle)
        assert up.drain(5.0)
    finally:
        up.close()
    assert up.blocked == {gone}
    assert [p for p in portal.posts if p[0] == gone and p[2] == 403].__len__() == 1
    assert portal.seqs(gone) == []
    for vin in VINS[1:]:
        assert portal.seqs(vin) == list(range(20))
    assert sum(gone in r.getMessage() for r in caplog.records) == 1


def test_invalid_sample_is_isolated_and_the_rest_delivered(portal: FakePortal) -> None:
    buf = MemoryBuffer(10_000)
    up = make_uploader(portal.url, buf)
    vin = VINS[1]
    portal.reject_field = "bogus"
    samples = [orjson.dumps({"seq": i, "ts": "2024-01-01T00:00:00+00:00"}) for i in range(7)]
    samples[4] = orjson.dumps({"seq": 4, "ts": "2024-01-01T00:00:00+00:00", "bogus": 1})
    buf.append_many((vin, i, s) for i, s in enumerate(samples))
    try:
        assert up.drain(5.0)
    finally:
        up.close()
    assert portal.seqs(vin) == [0, 1, 2, 3, 5, 6]
    assert up.stats.rejected == 1


def test_buffer_cap_drops_oldest_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    buf = MemoryBuffer(max_per_vin=10)
    buf.append_many(("V1", i, b"{}") for i in range(25))
    buf.append_many([("V2", 0, b"{}")])
    assert [seq for seq, _ in buf.peek("V1", 100)] == list(range(15, 25))
    assert buf.dropped == 15
    assert buf.pending() == 11
    assert len([r for r in caplog.records if "V1" in r.getMessage()]) == 1


def test_buffer_ignores_replayed_seq_and_acks_only_up_to_seq() -> None:
    buf = MemoryBuffer(max_per_vin=100)
    buf.append_many(("V", i, b"{}") for i in range(5))
    buf.append_many(("V", i, b"{}") for i in range(3))  # already held: ignored
    assert buf.pending("V") == 5
    assert buf.ack("V", 2) == 3
    assert [s for s, _ in buf.peek("V", 10)] == [3, 4]
    assert buf.discard("V") == 2
    assert buf.vins_pending() == []
