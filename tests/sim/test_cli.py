"""``mpro-sim`` as a process: flags, readiness line, exit codes, restart continuity."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from embedded_server.simulator.cli import main
from tests.sim.fake_portal import FakePortal

ROOT = Path(__file__).resolve().parents[2]
VINS = ["YV1CLITEST0000001", "YV1CLITEST0000002", "YV1CLITEST0000003"]
TOKENS = {v: f"tok-{i}" for i, v in enumerate(VINS)}


@pytest.fixture
def portal() -> Iterator[FakePortal]:
    p = FakePortal(TOKENS).start()
    yield p
    p.stop()


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(
        json.dumps(
            {
                "admin_email": "a@example.com",
                "admin_password": "x",
                "modules": TOKENS,
                "vehicles": {VINS[0]: "diesel", VINS[1]: "electric", VINS[2]: "diesel"},
            }
        )
    )
    return path


def sim(*args: str, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "embedded_server.simulator.cli", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,  # type: ignore[call-overload]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_contiguous(portal: FakePortal, vin: str) -> list[int]:
    seqs = portal.seqs(vin)
    assert seqs and seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs
    return seqs


def test_runs_for_duration_and_restart_continues_seq(portal: FakePortal, modules: Path) -> None:
    args = ("--server", portal.url, "--modules", str(modules), "--vehicles", "2")
    p = sim(*args, "--duration", "2.5", "--upload-every", "0.5", "--rate", "2")
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert out == "MPRO-SIM READY 2 vehicles\n"
    first = {v: assert_contiguous(portal, v) for v in VINS[:2]}
    assert all(s[0] == 0 and len(s) >= 5 for s in first.values())
    assert portal.seqs(VINS[2]) == []
    electric = portal.received[VINS[1]][0]
    assert "soc_pct" in electric and "fuel_level_pct" not in electric

    p = sim(*args, "--duration", "1")  # the state file carries seq and odometer over
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    for vin in VINS[:2]:
        seqs = assert_contiguous(portal, vin)
        assert seqs[0] == 0 and len(seqs) > len(first[vin])
        recs = portal.received[vin]
        last_of_first_run = recs[first[vin][-1]]
        assert recs[first[vin][-1] + 1]["odometer_km"] >= last_of_first_run["odometer_km"]
    assert portal.duplicates == 0


def test_sigterm_exits_cleanly_while_portal_is_unreachable(modules: Path, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    p = sim("--server", url, "--modules", str(modules), "--state", str(tmp_path / "st.json"))
    try:
        t0 = time.monotonic()
        line = p.stdout.readline()  # type: ignore[union-attr]
        assert line == "MPRO-SIM READY 3 vehicles\n"
        assert 4.0 <= time.monotonic() - t0 < 10.0  # promised after 5 s even if unreachable
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=10)
    finally:
        p.kill()
    assert p.returncode == 0, err
    assert "Traceback" not in err
    assert out == ""


def test_exit_with_stdin_eof(portal: FakePortal, modules: Path) -> None:
    p = sim(
        "--server",
        portal.url,
        "--modules",
        str(modules),
        "--exit-with-stdin",
        "--state",
        "none",
        stdin=subprocess.PIPE,
    )
    try:
        assert p.stdout.readline() == "MPRO-SIM READY 3 vehicles\n"  # type: ignore[union-attr]
        p.stdin.close()  # type: ignore[union-attr]
        assert p.wait(timeout=10) == 0
    finally:
        p.kill()
    for vin in VINS:
        assert_contiguous(portal, vin)


def test_bad_invocation_is_one_line_exit_2_without_traceback(tmp_path: Path) -> None:
    p = sim("--server", "http://127.0.0.1:1", "--modules", str(tmp_path / "missing.json"))
    out, err = p.communicate(timeout=30)
    assert p.returncode == 2
    assert err.count("\n") == 1 and "missing.json" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--server", "http://x"],
        ["--server", "http://x", "--modules", "m.json", "--rate", "0"],
        ["--server", "http://x", "--modules", "m.json", "--vehicles", "two"],
        ["--server", "http://x", "--modules", "m.json", "--upload-every", "-1"],
        ["--server", "http://x", "--modules", "m.json", "--bogus"],
    ],
)
def test_bad_flags(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("mpro-sim: error:") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"admin_email": "a@b.c", "admin_password": 1}', "no 'modules'"),
        ('{"modules": {}}', "non-empty"),
        ('{"modules": {"V1": 5}}', "token of V1"),
        ('{"modules": {"V1": "t"}, "vehicles": {"V1": "petrol"}}', "fuel type"),
    ],
)
def test_malformed_modules_file(
    content: str, needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.json"
    path.write_text(content)
    assert main(["--server", "http://127.0.0.1:1", "--modules", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_too_many_vehicles_requested(modules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--server", "http://127.0.0.1:1", "--modules", str(modules), "--vehicles", "9"]
    assert main(argv) == 2
    assert "only 3 vehicles" in capsys.readouterr().err
