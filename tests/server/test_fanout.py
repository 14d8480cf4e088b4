"""The fan-out's envelope (issue 13): events over PostgreSQL's 8000-byte NOTIFY limit travel
in parts cut on character boundaries and come back whole, whatever arrives in between;
and the Redis pub/sub fan-out carries a stream event between two portal processes."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from embedded_server.db import cluster_scope
from embedded_server.fanout import channel_name, envelope
from tests.portal_fixtures import portal_database
from tests.server.test_scale_out import (
    StreamLog,
    _ingest,
    _samples,
    _start,
    samples_survive_a_cut_off_listener,
)


def _roundtrip(data: object, limit: int = envelope.NOTIFY_LIMIT) -> list[str]:
    payload = envelope.encode("c-1", "telemetry", data, 1.5)
    parts = envelope.split(payload, "m1", limit)
    assert all(len(p.encode("utf-8")) <= limit for p in parts)
    r = envelope.Reassembler()
    out = [r.feed(p) for p in parts]
    assert out[:-1] == [None] * (len(parts) - 1)
    assert envelope.decode(out[-1]) == ("c-1", "telemetry", data, 1.5)
    return parts


def test_a_short_event_is_one_payload() -> None:
    assert len(_roundtrip({"seq": 7})) == 1


def test_a_long_event_is_cut_between_characters() -> None:
    # three- and four-byte characters so that a byte cut would land inside one
    data = {"names": ["Åkeri 東京 🚚" * 40 for _ in range(60)]}
    parts = _roundtrip(data, limit=500)
    assert len(parts) > 20


def test_parts_of_two_events_interleaved_come_apart() -> None:
    a = envelope.split(envelope.encode("a", "telemetry", "x" * 3000, 1.0), "ma", 1000)
    b = envelope.split(envelope.encode("b", "telemetry", "y" * 3000, 2.0), "mb", 1000)
    r = envelope.Reassembler()
    whole = [w for pair in zip(a, b, strict=True) for w in (r.feed(pair[0]), r.feed(pair[1])) if w]
    assert [envelope.decode(w)[0] for w in whole] == ["a", "b"]


@pytest.mark.parametrize("garbage", ["~only-a-header", "~m:5:2:x", "~m:x:y:z", "[1, 2]", "{]"])
def test_garbage_on_the_channel_is_refused_by_name(garbage: str) -> None:
    with pytest.raises(envelope.BadEnvelope):
        whole = envelope.Reassembler().feed(garbage)
        envelope.decode(whole if whole is not None else b"")


def test_channels_differ_per_schema_and_are_valid_identifiers() -> None:
    one, two = channel_name("test/t_aaaa"), channel_name("test/t_bbbb")
    assert one != two and len(one) <= 63 and one.isidentifier() and one == one.lower()


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.pg
@pytest.mark.skipif(not os.environ.get("MPRO_TEST_PG_URL"), reason="MPRO_TEST_PG_URL not set")
@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_the_stream_on_a_hears_an_ingest_on_b(tmp_path: Path) -> None:
    redis = {"MPRO_REDIS_URL": "redis://127.0.0.1:6379/0"}
    with portal_database("postgresql", tmp_path) as url:
        a = _start(url, tmp_path / "a", seeded=True, env=redis)
        b = _start(url, tmp_path / "b", env=redis)
        try:
            seed = a.seed
            stream = StreamLog(a.url, seed["admin_email"], seed["admin_password"])
            try:
                vin, token = sorted(seed["modules"].items())[0]
                _ingest(b, vin, token, _samples(50_000, 2))
                _, data = stream.wait_for(lambda n, d: n == "telemetry" and d["vin"] == vin)
                assert [s["seq"] for s in data["samples"]] == [50_000, 50_001]
            finally:
                stream.close()
        finally:
            b.stop()
            a.stop()


@pytest.mark.pg
@pytest.mark.skipif(not os.environ.get("MPRO_TEST_PG_URL"), reason="MPRO_TEST_PG_URL not set")
@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_live_samples_sent_while_the_subscription_was_down_still_arrive(
        tmp_path: Path) -> None:
    """CLIENT KILL of the portals' subscriptions (by their name, which carries this
    schema's channel: other portals on the same Redis are left alone) while B ingests."""
    import redis as redis_lib
    from sqlalchemy import create_engine

    env = {"MPRO_REDIS_URL": "redis://127.0.0.1:6379/0"}
    with portal_database("postgresql", tmp_path) as url:
        a = _start(url, tmp_path / "a", seeded=True, env=env)
        b = _start(url, tmp_path / "b", env=env)
        engine = create_engine(a.database_url)
        name = f"mpro-fanout-{channel_name(cluster_scope(engine))}"
        engine.dispose()
        admin = redis_lib.Redis.from_url(env["MPRO_REDIS_URL"])

        def cut_off() -> int:
            ids = [c["id"] for c in admin.client_list(_type="pubsub") if c.get("name") == name]
            return sum(int(admin.client_kill_filter(_id=i)) for i in ids)

        try:
            samples_survive_a_cut_off_listener(a, b, cut_off, first_seq=400_000)
        finally:
            admin.close()
            b.stop()
            a.stop()
