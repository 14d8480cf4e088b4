"""Start-up robustness of the real program (issue 8, #9 and #10), as a user runs it.

- A damaged cache must not end in a traceback: the program moves it aside, keeps the
  queued changes, says so in one sentence and opens.
- SIGTERM/SIGINT end the program cleanly in every state, the modal sign-in dialog and
  the demo's start-up splash included; ``--screenshot`` never waits for a password.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.outbox import add_vehicle

pytestmark = pytest.mark.slow

DAMAGE_SENTENCE = "The data stored on this computer was damaged, so it was moved to"


def _program() -> list[str]:
    exe = shutil.which("mpro-desktop", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "mpro_desktop.app"]


def _env(tmp_path: Path) -> dict[str, str]:
    """A private data dir, settings dir (QSettings) and no keychain: nothing remembered."""
    return {
        **os.environ,
        "MPRO_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def _log(tmp_path: Path) -> str:
    path = tmp_path / "data" / "logs" / "desktop.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[-1].startswith("Z"))


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def test_offline_start_on_a_truncated_cache_keeps_the_queue_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal_url, email = "http://portal.invalid:8765", "trainer@example.com"
    data = tmp_path / "data"
    data.mkdir()
    (data / "last-session.json").write_text(
        json.dumps({"portal_url": portal_url, "email": email, "cache_key": ""}), encoding="utf-8"
    )
    monkeypatch.setenv("MPRO_DATA_DIR", str(data))
    from mpro_desktop import paths

    cache_file = paths.cache_path(portal_url, email)  # the program's own naming rule
    cache = Cache(cache_file)
    for i in range(3):
        add_vehicle(cache, vin=f"W1V9066331{i:07d}", name=f"Van {i}")
    now = time.time()
    for v in range(5):
        ts = [now - i for i in range(4000)]
        cache.store_telemetry_columns(f"veh-{v}", {"ts": ts, "speed_kmh": [50.0] * len(ts)})
    cache.close()
    with cache_file.open("r+b") as f:
        f.truncate(cache_file.stat().st_size // 2)

    png = tmp_path / "shot.png"
    proc = subprocess.run(
        [*_program(), "--offline", "--screenshot", str(png), "--min-vehicles", "3"]
        + ["--min-points", "0", "--screenshot-timeout", "60"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "3 vehicles" in proc.stdout and png.exists()  # the rescued queued adds show
    moved = sorted(cache_file.parent.glob(f"{cache_file.stem}.damaged-*{cache_file.suffix}"))
    assert len(moved) == 1
    log = _log(tmp_path)
    assert DAMAGE_SENTENCE in log and str(moved[0]) in log
    assert DAMAGE_SENTENCE in proc.stderr  # one line, the same sentence
    assert "Traceback" not in log
    fresh = Cache(cache_file)
    try:
        assert len(fresh.outbox()) == 3
    finally:
        fresh.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_closes_the_sign_in_dialog(live_portal, tmp_path: Path, sig) -> None:
    proc = subprocess.Popen(
        [*_program(), "--server", live_portal.url],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: "sign-in dialog shown" in _log(tmp_path), 60, "the sign-in dialog")
        time.sleep(1)  # the dialog's own event loop is running now
        assert proc.poll() is None, proc.communicate()
        children = _children(proc.pid)
        sent = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert time.monotonic() - sent < 5, "took longer than a few seconds to exit"
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
    assert "closed on a signal" in _log(tmp_path)
    assert not [c for c in children if _alive(c)]


def test_sigterm_closes_an_error_message_box(tmp_path: Path) -> None:
    """A modal QMessageBox (here: --offline with no cache, with a screen) ends too."""
    err_file = tmp_path / "stderr.txt"
    with err_file.open("w") as err:
        proc = subprocess.Popen([*_program(), "--offline"], env=_env(tmp_path), stderr=err)
        try:
            _wait_for(lambda: "no cached data" in err_file.read_text(), 60, "the error box")
            time.sleep(1)
            assert proc.poll() is None, "the message box should wait for the user"
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 1  # the error it was showing stands
    assert "Traceback" not in err_file.read_text()


def test_screenshot_without_a_saved_sign_in_exits_2_at_once(live_portal, tmp_path: Path) -> None:
    started = time.monotonic()
    proc = subprocess.run(
        [*_program(), "--server", live_portal.url, "--screenshot", str(tmp_path / "x.png")],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert time.monotonic() - started < 30  # start-up only: no dialog to wait in
    assert "no saved sign-in" in proc.stderr and live_portal.url in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_sigterm_while_the_demo_starts_leaves_no_child(tmp_path: Path) -> None:
    """The splash state: the portal child is starting when the signal comes."""
    marker = str(tmp_path / "data")
    proc = subprocess.Popen(
        [*_program(), "--demo"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: bool(_children(proc.pid)), 60, "the embedded portal to start")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
    time.sleep(1)
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert left == [], f"children still running: {left}"
