"""DiskBuffer: the durable (vin, seq) backlog and the van state in one SQLite file."""

from __future__ import annotations

import inspect
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from embedded_server.simulator.diskbuffer import DiskBuffer
from embedded_server.simulator.uploader import Buffer, MemoryBuffer


def items(vin: str, seqs: range) -> list[tuple[str, int, bytes]]:
    return [(vin, s, b'{"seq":%d,"ts":"t","odometer_km":%d.5}' % (s, s)) for s in seqs]


@pytest.fixture
def buf(tmp_path: Path) -> DiskBuffer:
    return DiskBuffer(tmp_path / "b.sqlite3", max_per_vin=100)


#: The protocol's methods (``typing.get_protocol_members`` needs Python 3.13).
BUFFER_METHODS = sorted(
    n for n, v in vars(Buffer).items() if inspect.isfunction(v) and not n.startswith("_")
)


@pytest.mark.parametrize("impl", [DiskBuffer, MemoryBuffer])
def test_implements_buffer_protocol(impl: type, tmp_path: Path) -> None:
    """Every protocol method exists with the protocol's exact signature (names, kinds,
    defaults, resolved annotations), so the uploader can use either buffer."""
    assert BUFFER_METHODS == ["ack", "append_many", "discard", "peek", "pending", "vins_pending"]
    instance = DiskBuffer(tmp_path / "b.sqlite3") if impl is DiskBuffer else MemoryBuffer(10)
    try:
        assert isinstance(instance, Buffer)
    finally:
        if isinstance(instance, DiskBuffer):
            instance.close()
    for name in BUFFER_METHODS:
        want = inspect.signature(getattr(Buffer, name), eval_str=True)
        got = inspect.signature(getattr(impl, name), eval_str=True)
        assert got == want, f"{impl.__name__}.{name}{got} differs from Buffer.{name}{want}"


def test_append_peek_ack_order_per_vin(buf: DiskBuffer) -> None:
    buf.append_many(items("A", range(5)) + items("B", range(3)))
    assert [s for s, _ in buf.peek("A", 3)] == [0, 1, 2]
    assert buf.peek("B", 10)[-1] == (2, b'{"seq":2,"ts":"t","odometer_km":2.5}')
    assert buf.pending() == 8 and buf.pending("A") == 5
    assert sorted(buf.vins_pending()) == ["A", "B"]
    assert buf.ack("A", 2) == 3
    assert [s for s, _ in buf.peek("A", 10)] == [3, 4]  # hidden at once, before the flush
    assert buf.ack("A", 2) == 0  # a repeated acknowledgement is a no-op
    assert buf.ack("B", 2) == 3
    assert buf.vins_pending() == ["A"] and buf.pending() == 2
    assert buf.peek("nobody", 5) == []


def test_dedupes_seq_not_above_last(buf: DiskBuffer) -> None:
    buf.append_many(items("A", range(3)))
    buf.append_many(items("A", range(3)) + [("A", 1, b"{}")])  # replays are ignored
    assert buf.pending("A") == 3
    buf.ack("A", 2)
    buf.append_many(items("A", range(2, 4)))  # 2 was acknowledged: only 3 is new
    assert [s for s, _ in buf.peek("A", 10)] == [3]


def test_reopen_keeps_backlog_and_next_seq(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    b = DiskBuffer(path)
    b.append_many(items("A", range(10)) + items("B", range(4)))
    b.ack("A", 5)
    b.ack("B", 3)  # B fully acknowledged: only next_seq remembers it
    b.save_states({"A": {"seq": 10, "odometer_km": 1.0, "level_pct": 50.0}})
    b.close()

    b = DiskBuffer(path)
    assert [s for s, _ in b.peek("A", 10)] == [6, 7, 8, 9]
    assert b.pending("B") == 0
    assert b.next_seq("A") == 10 and b.next_seq("B") == 4 and b.next_seq("C") == 0
    states = b.load_states()
    assert states["A"]["seq"] == 10 and states["B"]["seq"] == 4
    b.append_many(items("B", range(3, 6)))  # seq 3 is already used: ignored
    assert [s for s, _ in b.peek("B", 10)] == [4, 5]
    b.close()


def test_unflushed_ack_after_crash_means_resend_not_loss(tmp_path: Path) -> None:
    """A kill between the portal's 200 and the batched delete re-sends; never skips."""
    path = tmp_path / "b.sqlite3"
    code = (
        "import os, sys\n"
        "from embedded_server.simulator.diskbuffer import DiskBuffer\n"
        "b = DiskBuffer(sys.argv[1])\n"
        "b.ack_flush_s = 1e9\n"
        "b.append_many([('A', s, b'{}') for s in range(10)])\n"
        "b.ack('A', 3)\n"
        "b.flush()\n"
        "b.ack('A', 7)\n"  # not flushed: lost with the process
        "b.append_many([('A', 10, b'{}')])\n"  # flushes the ack in the tick transaction
        "b.ack('A', 8)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(path)], cwd=Path(__file__).parents[2])
    assert r.returncode == -9
    b = DiskBuffer(path)
    assert [s for s, _ in b.peek("A", 20)] == [8, 9, 10]  # 8 is re-sent: harmless
    assert b.next_seq("A") == 11
    b.close()


def test_load_states_takes_odometer_from_newer_buffered_sample(tmp_path: Path) -> None:
    b = DiskBuffer(tmp_path / "b.sqlite3")
    b.save_states({"A": {"seq": 2, "odometer_km": 1.0, "level_pct": 60.0}})
    b.append_many(
        [
            ("A", 2, b'{"seq":2,"odometer_km":1.5}'),
            ("A", 3, b'{"seq":3,"odometer_km":2.0,"soc_pct":59.0}'),
        ]
    )
    st = b.load_states()["A"]
    assert st == {"seq": 4, "odometer_km": 2.0, "level_pct": 59.0}
    b.close()


def test_capacity_drops_oldest_and_counts(tmp_path: Path) -> None:
    b = DiskBuffer(tmp_path / "b.sqlite3", max_per_vin=5)
    b.append_many(items("A", range(4)))
    b.append_many(items("A", range(4, 8)))
    assert [s for s, _ in b.peek("A", 10)] == [3, 4, 5, 6, 7]
    assert b.dropped == 3 and b.pending("A") == 5
    b.ack("A", 4)
    b.append_many(items("A", range(8, 12)))  # acknowledged rows don't count
    assert [s for s, _ in b.peek("A", 10)] == [7, 8, 9, 10, 11]
    b.close()
    with sqlite3.connect(tmp_path / "b.sqlite3") as db:
        assert db.execute("select count(*) from samples").fetchone()[0] == 5


def test_discard_forgets_backlog_but_not_seq(buf: DiskBuffer) -> None:
    buf.append_many(items("A", range(4)))
    assert buf.discard("A") == 4
    assert buf.pending("A") == 0 and buf.next_seq("A") == 4


def test_remember_command_once(buf: DiskBuffer) -> None:
    assert buf.remember_command("c1", "A") is True
    assert buf.remember_command("c1", "A") is False
    assert buf.remember_command("c2", "A") is True


def test_journal_records_every_generated_sample(tmp_path: Path) -> None:
    b = DiskBuffer(tmp_path / "b.sqlite3", journal=True)
    b.append_many(items("A", range(3)))
    b.ack("A", 2)
    b.flush()
    b.close()
    with sqlite3.connect(tmp_path / "b.sqlite3") as db:
        assert db.execute("select seq, ts, odometer_km from journal order by seq").fetchall() == [
            (0, "t", 0.5),
            (1, "t", 1.5),
            (2, "t", 2.5),
        ]
        assert db.execute("select count(*) from samples").fetchone()[0] == 0


def test_concurrent_appends_and_acks(buf: DiskBuffer) -> None:
    buf.max_per_vin = 10_000
    errors: list[BaseException] = []

    def acker() -> None:
        try:
            for _ in range(300):
                batch = buf.peek("A", 7)
                if batch:
                    buf.ack("A", batch[-1][0])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    t = threading.Thread(target=acker)
    t.start()
    for k in range(200):
        buf.append_many(items("A", range(k * 5, k * 5 + 5)))
    t.join()
    assert not errors
    rest = [s for s, _ in buf.peek("A", 10_000)]
    assert rest == list(range(1000 - len(rest), 1000)) and buf.pending("A") == len(rest)
