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
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import orjson

from embedded_server.simulator.uploader import MemoryBuffer, Uploader
from embedded_server.simulator.vehicle import Van
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
        "--exit-with-stdin", action="store_true", help="exit when stdin reaches EOF (parent died)"
    )
    p.add_argument(
        "--state",
        metavar="FILE",
        help="where each van's next seq and odometer survive restarts "
        "(default: <modules FILE>.simstate.json; 'none' to disable)",
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


class Simulation:
    """The timer loop: sample all vans each tick, kick uploads, announce readiness."""

    def __init__(
        self,
        vans: list[Van],
        uploader: Uploader,
        buffer: MemoryBuffer,
        *,
        rate: float,
        upload_every: float,
        duration: float | None,
        state: StateStore,
        stop: threading.Event,
        out: Any = None,
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

    def announce_ready(self) -> None:
        if not self.ready:
            self.ready = True
            try:
                self.out.write(f"MPRO-SIM READY {len(self.vans)} vehicles\n")
                self.out.flush()
            except (OSError, ValueError):  # the parent stopped reading: nothing to tell
                pass

    def _tick(self, active: list[Van], wall: float) -> None:
        dumps = orjson.dumps
        items = []
        period = self.period
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
    state = StateStore(state_path)
    saved = state.load()
    vans = []
    for m in modules:
        van = Van(m.vin, m.fuel_type, seed=args.seed)
        if m.vin in saved:
            van.restore(saved[m.vin])
        vans.append(van)

    per_van = int(BACKLOG_HOURS * 3600 * args.rate)
    cap = min(per_van, max(1, args.max_buffered // len(vans)))
    if cap < per_van:
        log.warning("backlog capped at %d samples per van (%.1f h)", cap, cap / args.rate / 3600)
    buffer = MemoryBuffer(cap)
    uploader = Uploader(
        args.server, {m.vin: m.token for m in modules}, buffer, workers=args.workers
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
    )
    uploader.start()
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
        state.save(vans)
        uploader.close()
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
