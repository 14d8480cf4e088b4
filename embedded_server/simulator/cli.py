"""``mpro-sim``: drive N simulated vans and upload their telemetry to a portal.

Runs as its own process (DESIGN: demo mode uses child processes, a readiness line on
stdout, exit when stdin closes). One timer-driven loop samples every van per tick
on a monotonic schedule (no per-van sleeps, no drift); upload worker threads drain the
backlog every ``--upload-every`` seconds. Logs go to stderr so stdout carries only the
readiness line.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import queue
import signal
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import orjson

from embedded_server.simulator.diskbuffer import DiskBuffer
from embedded_server.simulator.remote import CommandPoller, DeadZones, result_body
from embedded_server.simulator.uploader import Buffer, MemoryBuffer, Uploader
from embedded_server.simulator.vehicle import Van
from mpro_common.readiness import sim_ready_line
from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_TYPES

log = logging.getLogger("mpro-sim")

READY_AFTER_S = 5.0
STATE_SAVE_EVERY_S = 10.0
BACKLOG_HOURS = 24.0
#: total buffered samples across all vans (~0.5 kB each) before per-van caps shrink
BACKLOG_TOTAL_MAX = 2_000_000
MAX_CATCH_UP_S = 10.0


class ConfigError(Exception):
    """A user-facing configuration problem: reported in one line, exit code 2."""


@dataclass(frozen=True, slots=True)
class Module:
    vin: str
    token: str
    fuel_type: str


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1): {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mpro-sim", description="Simulate vans sending telemetry to an MPRO portal.")
    p.add_argument("--server", required=True, metavar="URL", help="portal base URL")
    p.add_argument(
        "--modules",
        required=True,
        metavar="FILE",
        help="demo seed file with modules {vin: token} and vehicles {vin: fuel type}",
    )
    p.add_argument("--vehicles", type=_positive_int, metavar="N", help="use the first N vans")
    p.add_argument("--rate", type=_positive_float, default=1.0, metavar="HZ", help="samples/s/van")
    p.add_argument(
        "--upload-every", type=_positive_float, default=1.0, metavar="S", help="upload period"
    )
    p.add_argument("--seed", type=int, default=1, metavar="N", help="random seed (routes etc.)")
    p.add_argument("--duration", type=_positive_float, metavar="S", help="stop after S seconds")
    p.add_argument(
        "--parked-at-depot",
        type=_positive_float,
        metavar="MIN",
        help="start every van parked at its depot, loaded and (eVans) plugged in, leaving in MIN minutes",
    )
    p.add_argument(
        "--night-rest",
        action="store_true",
        help="park the vans at their depots from 18:00 to about 06:30 (default: tours round the clock)",
    )
    p.add_argument(
        "--exit-with-stdin", action="store_true", help="exit when stdin reaches EOF (parent died)"
    )
    p.add_argument(
        "--state",
        metavar="FILE",
        help="where each van's next seq and odometer survive restarts "
        "(default: <modules FILE>.simstate.json; 'none' to disable)",
    )
    p.add_argument(
        "--buffer",
        metavar="FILE",
        help="durable SQLite backlog of unacknowledged samples, also holding each van's "
        "next seq (default: next to the state file, <state>.buffer.sqlite3; 'memory' for "
        "the in-memory backlog, which is also the default with --state none)",
    )
    p.add_argument(
        "--journal",
        action="store_true",
        help="also record (vin, seq, ts) of every generated sample in the buffer file "
        "(a test oracle; grows without bound)",
    )
    p.add_argument(
        "--dead-zones",
        type=_fraction,
        default=0.0,
        metavar="P",
        help="share of time each van spends without network (deterministic per seed and "
        "VIN); it keeps sampling into its buffer and sends later",
    )
    p.add_argument(
        "--dead-zone-length",
        type=_positive_float,
        default=60.0,
        metavar="S",
        help="mean length of one dead-zone period",
    )
    p.add_argument(
        "--commands",
        choices=("on", "off"),
        default="on",
        help="long-poll the portal for remote commands",
    )
    p.add_argument(
        "--command-wait",
        type=_positive_float,
        default=20.0,
        metavar="S",
        help="long-poll wait per request (shrunk when vans outnumber --command-polls)",
    )
    p.add_argument(
        "--command-polls",
        type=_positive_int,
        default=64,
        metavar="N",
        help="long-polls open at once",
    )
    p.add_argument(
        "--retry-max",
        type=_positive_float,
        default=30.0,
        metavar="S",
        help="longest back-off while the portal is unreachable",
    )
    p.add_argument(
        "--batch-max", type=_positive_int, default=500, metavar="N", help="samples per request"
    )
    p.add_argument("--workers", type=_positive_int, default=4, help="upload threads")
    p.add_argument(
        "--max-buffered",
        type=_positive_int,
        default=BACKLOG_TOTAL_MAX,
        metavar="N",
        help="samples held in memory across all vans while the portal is unreachable "
        "(~0.5 kB each; per van at most 24 h)",
    )
    p.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING, ERROR")
    return p


def load_modules(path: str) -> list[Module]:
    """Read the seed file (or a plain {vin: token} map); raise ``ConfigError`` if unusable."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read modules file {path}: {exc.strerror or exc}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ConfigError(f"modules file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"modules file {path} must hold a JSON object")
    if "modules" in data:
        modules, vehicles = data["modules"], data.get("vehicles", {})
    elif data and all(isinstance(v, str) for v in data.values()):
        modules, vehicles = data, {}
    else:
        raise ConfigError(f"modules file {path} has no 'modules' object")
    if not isinstance(modules, dict) or not modules:
        raise ConfigError(f"modules file {path}: 'modules' must be a non-empty object")
    if not isinstance(vehicles, dict):
        raise ConfigError(f"modules file {path}: 'vehicles' must be an object")
    out = []
    for vin, token in modules.items():
        if not isinstance(token, str) or not token:
            raise ConfigError(f"modules file {path}: token of {vin} must be a non-empty string")
        fuel = vehicles.get(vin, FUEL_DIESEL)
        if fuel not in FUEL_TYPES:
            raise ConfigError(f"modules file {path}: {vin} has unknown fuel type {fuel!r}")
        out.append(Module(vin, token, fuel))
    return out


class StateStore:
    """Persists each van's snapshot so a restart never reuses a seq (contracts.md).

    Periodic saves reserve seqs ahead of what was produced, so even after a crash the
    next run starts above every seq the portal may have seen; the clean-exit save is
    exact, which keeps seq contiguous across normal restarts.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._warned = False

    def load(self) -> dict[str, dict[str, Any]]:
        if self.path is None:
            return {}
        try:
            data = orjson.loads(self.path.read_bytes())
            vans = data.get("vans", {}) if isinstance(data, dict) else {}
            return {k: v for k, v in vans.items() if isinstance(v, dict)}
        except FileNotFoundError:
            return {}
        except (OSError, orjson.JSONDecodeError, AttributeError) as exc:
            log.warning("ignoring unreadable state file %s: %s", self.path, exc)
            return {}

    def save(self, vans: list[Van], reserve: int = 0) -> None:
        if self.path is None:
            return
        snaps = {}
        for van in vans:
            snap = van.snapshot()
            snap["seq"] += reserve
            snaps[van.vin] = snap
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(orjson.dumps({"version": 1, "vans": snaps}))
            os.replace(tmp, self.path)
        except OSError as exc:
            if not self._warned:
                self._warned = True
                log.warning("cannot save simulator state to %s: %s", self.path, exc)


class DiskStateStore:
    """Van snapshots kept in the ``DiskBuffer`` file: seq is exact (no reserve needed),
    because the buffer commits each tick's samples and every acknowledgement's next seq."""

    def __init__(self, buffer: DiskBuffer) -> None:
        self.buffer = buffer

    def load(self) -> dict[str, dict[str, Any]]:
        return self.buffer.load_states()

    def save(self, vans: list[Van], reserve: int = 0) -> None:
        del reserve  # the buffer file already knows every seq that was used
        self.buffer.save_states({v.vin: v.snapshot() for v in vans})


class Simulation:
    """The timer loop: sample all vans each tick, kick uploads, announce readiness."""

    def __init__(
        self,
        vans: list[Van],
        uploader: Uploader,
        buffer: Buffer,
        *,
        rate: float,
        upload_every: float,
        duration: float | None,
        state: StateStore | DiskStateStore,
        stop: threading.Event,
        out: Any = None,
        dead_zones: DeadZones | None = None,
        commands: CommandPoller | None = None,
        remember_command: Any = None,
    ) -> None:
        self.vans = vans
        self.uploader = uploader
        self.buffer = buffer
        self.period = 1.0 / rate
        self.rate = rate
        self.upload_every = upload_every
        self.duration = duration
        self.state = state
        self.stop = stop
        self.out = out if out is not None else sys.stdout
        self.ready = False
        self.samples = 0
        self.dead_zones = dead_zones
        self.commands = commands
        self.by_vin = {v.vin: v for v in vans}
        seen: set[str] = set()

        def remember_in_memory(cid: str, _vin: str) -> bool:
            if cid in seen:
                return False
            seen.add(cid)
            return True

        self.remember_command = remember_command or remember_in_memory
        self.commands_executed = 0
        self.commands_ignored = 0

    def _run_commands(self) -> None:
        """Execute delivered commands before the tick's samples, so they show the effect."""
        poller = self.commands
        if poller is None:
            return
        while True:
            try:
                vin, cmd = poller.inbox.get_nowait()
            except queue.Empty:
                return
            van = self.by_vin.get(vin)
            cid = str(cmd["id"])
            if van is None or not self.remember_command(cid, vin):
                self.commands_ignored += 1
                log.info("ignoring repeated command %s for %s", cid, vin)
                continue
            params = cmd.get("params") if isinstance(cmd.get("params"), dict) else {}
            result = van.execute(str(cmd.get("type")), params)
            self.commands_executed += 1
            log.info("command %s %s on %s: %s", cid, cmd.get("type"), vin, result)
            poller.submit_result(cid, result_body(vin, result))

    def announce_ready(self) -> None:
        if not self.ready:
            self.ready = True
            try:
                self.out.write(sim_ready_line(len(self.vans)) + "\n")
                self.out.flush()
            except (OSError, ValueError):  # the parent stopped reading: nothing to tell
                pass

    def _tick(self, active: list[Van], wall: float) -> None:
        dumps = orjson.dumps
        items = []
        period = self.period
        self._run_commands()
        for van in active:
            s = van.step(period, wall)
            items.append((van.vin, s["seq"], dumps(s)))
        self.buffer.append_many(items)
        self.samples += len(items)

    def run(self) -> None:
        period = self.period
        mono0 = time.monotonic()
        wall0 = time.time()
        k = 0  # next tick index; tick k is due at mono0 + k * period
        next_upload = mono0 + self.upload_every
        next_save = mono0 + STATE_SAVE_EVERY_S
        next_status = mono0 + 60.0
        blocked_seen = -1
        active = self.vans
        reserve = int(math.ceil(STATE_SAVE_EVERY_S * 2 * self.rate)) + 1
        while True:
            now = time.monotonic()
            if len(self.uploader.blocked) != blocked_seen:  # 403: that van stops transmitting
                blocked_seen = len(self.uploader.blocked)
                active = [v for v in self.vans if v.vin not in self.uploader.blocked]
            if self.dead_zones is not None:
                self.uploader.offline = set(self.dead_zones.update(now))
            due = int((now - mono0) / period)
            if due - k > MAX_CATCH_UP_S / period:  # suspended or starved: skip, don't spiral
                log.warning("sampling fell %.1f s behind; skipping ahead", (due - k) * period)
                k = due
            while k <= due:
                self._tick(active, wall0 + k * period)
                k += 1
            if now >= next_upload:
                self.uploader.kick()
                next_upload += self.upload_every
                if next_upload <= now:
                    next_upload = now + self.upload_every
            if not self.ready and (
                self.uploader.first_ack.is_set() or now - mono0 >= READY_AFTER_S
            ):
                self.announce_ready()
            if now >= next_save:
                self.state.save(self.vans, reserve)
                next_save = now + STATE_SAVE_EVERY_S
            if now >= next_status:
                next_status = now + 60.0
                st = self.uploader.stats
                log.info(
                    "%d samples, %d buffered, %d accepted, %d duplicates, portal %s",
                    self.samples,
                    self.buffer.pending(),
                    st.accepted,
                    st.duplicates,
                    "down" if self.uploader.portal_down else "up",
                )
            if self.duration is not None and now - mono0 >= self.duration:
                return
            wake = min(mono0 + k * period, next_upload)
            if not self.ready:
                wake = min(wake, mono0 + READY_AFTER_S)
            if self.duration is not None:
                wake = min(wake, mono0 + self.duration)
            if self.stop.wait(max(0.0, wake - time.monotonic())):
                return


def _watch_stdin(stop: threading.Event) -> None:
    """Exit when the parent closes our stdin (or dies), so no orphan keeps running."""
    stream = sys.stdin.buffer if sys.stdin is not None else None
    try:
        while stream is not None and stream.read1(65536):
            pass
    except (OSError, ValueError):
        pass
    stop.set()


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
        stream=sys.stderr,
        format="mpro-sim %(levelname)s %(message)s",
    )
    if logging.getLogger().level > logging.DEBUG:  # httpx logs every request at INFO
        logging.getLogger("httpx").setLevel(logging.WARNING)
    if not args.server.startswith(("http://", "https://")):
        raise ConfigError(f"--server must be an http(s) URL, got {args.server!r}")
    modules = load_modules(args.modules)
    if args.vehicles is not None:
        if args.vehicles > len(modules):
            raise ConfigError(
                f"--vehicles {args.vehicles}: modules file has only {len(modules)} vehicles"
            )
        modules = modules[: args.vehicles]

    if args.state is None:
        state_path: Path | None = Path(args.modules + ".simstate.json")
    elif args.state.lower() == "none":
        state_path = None
    else:
        state_path = Path(args.state)
    if args.buffer is None:
        buffer_path = None if state_path is None else state_path.with_suffix(".buffer.sqlite3")
    elif args.buffer.lower() == "memory":
        buffer_path = None
    else:
        buffer_path = Path(args.buffer)
    if args.journal and buffer_path is None:
        raise ConfigError("--journal needs a buffer file (--buffer FILE)")

    per_van = int(BACKLOG_HOURS * 3600 * args.rate)
    disk: DiskBuffer | None = None
    state: StateStore | DiskStateStore
    if buffer_path is not None:
        try:
            disk = DiskBuffer(buffer_path, max_per_vin=per_van, journal=args.journal)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open buffer file {buffer_path}: {exc}") from None
        buffer: Buffer = disk
        legacy = StateStore(state_path).load()  # a JSON state file from before the buffer
        state = DiskStateStore(disk)
        saved = {**legacy, **state.load()}
    else:
        state = StateStore(state_path)
        saved = state.load()
        cap = min(per_van, max(1, args.max_buffered // len(modules)))
        if cap < per_van:
            log.warning(
                "backlog capped at %d samples per van (%.1f h)", cap, cap / args.rate / 3600
            )
        buffer = MemoryBuffer(cap)
    vans = []
    for m in modules:
        van = Van(m.vin, m.fuel_type, seed=args.seed, night_rest=args.night_rest)
        if m.vin in saved:
            van.restore(saved[m.vin])
        if args.parked_at_depot:
            van.park_at_depot(args.parked_at_depot)
        vans.append(van)

    tokens = {m.vin: m.token for m in modules}
    uploader = Uploader(
        args.server,
        tokens,
        buffer,
        workers=args.workers,
        batch_max=args.batch_max,
        backoff_max=args.retry_max,
        backoff_min=min(1.0, args.retry_max),
    )
    dead_zones = (
        DeadZones(
            tokens, args.dead_zones, args.dead_zone_length, seed=args.seed, now=time.monotonic()
        )
        if args.dead_zones
        else None
    )
    poller = None
    if args.commands == "on":
        poller = CommandPoller(
            args.server,
            tokens,
            wait=args.command_wait,
            concurrency=args.command_polls,
            offline=lambda vin: vin in uploader.offline or vin in uploader.blocked,
        )
    stop = threading.Event()
    signalled: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        signalled.append(signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if args.exit_with_stdin:
        threading.Thread(target=_watch_stdin, args=(stop,), name="stdin", daemon=True).start()

    sim = Simulation(
        vans,
        uploader,
        buffer,
        rate=args.rate,
        upload_every=args.upload_every,
        duration=args.duration,
        state=state,
        stop=stop,
        dead_zones=dead_zones,
        commands=poller,
        remember_command=disk.remember_command if disk is not None else None,
    )
    uploader.start()
    if poller is not None:
        poller.start()
    try:
        sim.run()
        # deliver what is buffered; brief when asked to stop, longer at a planned end
        grace = 2.0 if stop.is_set() else 5.0
        if uploader.portal_down:  # a dead portal won't take the backlog in the next seconds
            grace = min(grace, 1.0)
        drained = uploader.drain(grace)
        if not drained:
            log.warning("exiting with %d samples not delivered", buffer.pending())
        sim.announce_ready()  # the contract promises the line once per run
    finally:
        if poller is not None:
            poller.close()
        uploader.close()
        state.save(vans)
        if disk is not None:
            disk.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Console entry point: exit 2 with one line on configuration errors, 0 on signals."""
    try:
        return run(argv)
    except ConfigError as exc:
        sys.stderr.write(f"mpro-sim: error: {exc}\n")
        return 2
    except KeyboardInterrupt:  # Ctrl-C before the handlers were installed
        return 0


if __name__ == "__main__":
    sys.exit(main())
