"""Run the embedded portal and the vehicle simulator as child processes (demo mode).

Children rather than threads (DESIGN.md, "Pitfalls"): no GIL jank in the GUI, no
threads alive at interpreter exit, a clean memory figure for the desktop. Each child
prints one readiness line on stdout and exits when its stdin closes, so a crashed
desktop never leaves a portal running.
"""

from __future__ import annotations

import json
import logging
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mpro_common.private_files import private_file
from mpro_common.readiness import SERVER_READY, SIM_READY
from mpro_desktop import paths

log = logging.getLogger(__name__)


class ChildFailed(RuntimeError):
    """A child process did not become ready; the message says why, for the user."""


class ChildProcess:
    """One child with a readiness line on stdout; stderr goes to a log file."""

    def __init__(self, name: str, argv: list[str], log_path: Path) -> None:
        self.name = name
        self.argv = argv
        self.log_path = log_path
        private_file(log_path)
        self._log_file = open(log_path, "ab")  # noqa: SIM115 - kept open for the child's life
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
            encoding="utf-8",
        )

    def wait_ready(self, prefix: str, timeout: float) -> str:
        """Return the readiness line (without newline) or raise :class:`ChildFailed`."""
        lines: queue.Queue[str | None] = queue.Queue()
        assert self.proc.stdout is not None
        stdout = self.proc.stdout

        def read() -> None:  # ends after the ready line or EOF
            while True:
                line = stdout.readline()
                if not line:
                    lines.put(None)
                    return
                if line.startswith(prefix):
                    lines.put(line.strip())
                    return

        reader = threading.Thread(target=read, name=f"{self.name}-ready", daemon=True)
        reader.start()
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise ChildFailed(
                f"The {self.name} did not start within {timeout:.0f} s; see {self.log_path}."
            ) from None
        finally:
            reader.join(timeout=1)
        if line is None:
            code = self.proc.wait(timeout=5)
            raise ChildFailed(
                f"The {self.name} exited with code {code} while starting; see {self.log_path}."
            )
        return line

    def stop(self, timeout: float = 5.0) -> None:
        """Close stdin (the child's cue to exit), then escalate if it lingers."""
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        self._log_file.close()


@dataclass
class DemoSeed:
    """What ``mpro-server --seed-demo`` wrote for us (file mode 0600)."""

    admin_email: str
    admin_password: str
    path: Path
    #: the whole file: ``<person>_email`` / ``<person>_password`` for ``--as``
    data: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> DemoSeed:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(data["admin_email"], data["admin_password"], path, dict(data))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ChildFailed(f"The demo credentials file {path} is unreadable: {exc}") from exc

    def credentials(self, person: str) -> tuple[str, str] | None:
        """E-mail and password of ``person`` (admin, fleet_manager, driver, dealer)."""
        if person == "admin":
            return self.admin_email, self.admin_password
        email, password = self.data.get(f"{person}_email"), self.data.get(f"{person}_password")
        if isinstance(email, str) and isinstance(password, str):
            return email, password
        people = self.data.get("users")
        if isinstance(people, dict) and isinstance(people.get(person), dict):
            who = people[person]
            if isinstance(who.get("email"), str) and isinstance(who.get("password"), str):
                return who["email"], who["password"]
        return None


class DemoPlatform:
    """Embedded portal (SQLite in the data dir, free localhost port) + simulator."""

    def __init__(self, base_dir: Path | None = None, vehicles: int | None = None) -> None:
        self.base_dir = base_dir or paths.demo_dir()
        self.vehicles = vehicles
        self.server: ChildProcess | None = None
        self.sim: ChildProcess | None = None
        self.url = ""
        self.seed: DemoSeed | None = None
        self._stopping = False
        # start() runs off the UI thread; stop() (a signal, a closed window) may come
        # while it is between two children: each spawn and the stop flag share a lock,
        # so no child is started after stop() and none is left running.
        self._lock = threading.Lock()

    def _spawn(self, attr: str, name: str, argv: list[str], log_path: Path) -> ChildProcess:
        with self._lock:
            if self._stopping:
                raise ChildFailed("The demo was stopped while starting.")
            child = ChildProcess(name, argv, log_path)
            setattr(self, attr, child)
            return child

    @property
    def seed_file(self) -> Path:
        return self.base_dir / "demo-credentials.json"

    def existing_seed(self) -> DemoSeed | None:
        """The seed of an earlier run (the demo cache then exists too), or None."""
        if not self.seed_file.exists():
            return None
        try:
            return DemoSeed.load(self.seed_file)
        except ChildFailed:
            return None

    def start(self, timeout: float = 60.0) -> DemoPlatform:
        started = time.monotonic()
        db = self.base_dir / "portal.sqlite3"
        logs = paths.log_dir()
        server = self._spawn(
            "server",
            "embedded portal",
            [
                sys.executable,
                "-m",
                "embedded_server.cli",
                "--database-url",
                f"sqlite:///{db}",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--seed-demo",
                "--seed-file",
                str(self.seed_file),
                "--exit-with-stdin",
            ],
            logs / "portal.log",
        )
        line = server.wait_ready(SERVER_READY, timeout)
        if self._stopping:  # the desktop closed while the portal was starting
            raise ChildFailed("The demo was stopped while starting.")
        self.url = line[len(SERVER_READY) :].strip()
        self.seed = DemoSeed.load(self.seed_file)
        argv = [
            sys.executable,
            "-m",
            "embedded_server.simulator.cli",
            "--server",
            self.url,
            "--modules",
            str(self.seed_file),
            "--exit-with-stdin",
        ]
        if self.vehicles:
            argv += ["--vehicles", str(self.vehicles)]
        sim = self._spawn("sim", "vehicle simulator", argv, logs / "simulator.log")
        remaining = max(5.0, timeout - (time.monotonic() - started))
        sim.wait_ready(SIM_READY, remaining)
        log.info("demo platform up at %s in %.1f s", self.url, time.monotonic() - started)
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            children = (self.sim, self.server)
            self.sim = self.server = None
        for child in children:
            if child is not None:
                child.stop()
