"""``mpro-server``: run the embedded portal as a child process of the desktop or a trainer.

Binds the socket itself (so ``--port 0`` works), prints ``MPRO-SERVER READY <url>`` once
uvicorn serves, and shuts down gracefully on SIGTERM/SIGINT or, with
``--exit-with-stdin``, when stdin reaches EOF (the parent went away). ``--workers N``
(PostgreSQL): N processes on the one address (``workers``).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from embedded_server.app import create_app, prepare_database
from embedded_server.config import Settings, default_data_dir, default_database_url
from embedded_server.db import DEFAULT_MAX_OVERFLOW, DEFAULT_POOL_SIZE, is_sqlite
from embedded_server.dealer import cli as dealer_cli
from embedded_server.metrics import MULTIPROC_ENV
from embedded_server.seed import seed_demo
from embedded_server.workers import Supervisor, connection_budget_warning, make_server
from mpro_common.private_files import private_dir
from mpro_common.readiness import server_ready_line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"mpro-server: error: {message} (see --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mpro-server", description="MPRO embedded reference portal "
                "(mpro-server add-dealer --help: create a dealer account; mpro-server migrate --help: "
                "upgrade the database and exit)")
    p.add_argument("--database-url", default=None,
                   help="SQLAlchemy URL (default: sqlite file under $MPRO_DATA_DIR or the user data dir)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--seed-demo", action="store_true", help="create the demo company (idempotent)")
    p.add_argument("--seed-file", default=None, help="where to write the demo credentials (0600)")
    p.add_argument("--exit-with-stdin", action="store_true", help="shut down when stdin closes")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--workers", type=int, default=1,
                   help="portal processes on the one address (PostgreSQL only; default 1)")
    p.add_argument("--pool-size", type=int, default=None,
                   help=f"PostgreSQL connections kept per process (default {DEFAULT_POOL_SIZE}, "
                        "or MPRO_DB_POOL_SIZE)")
    p.add_argument("--max-overflow", type=int, default=None,
                   help="extra connections per process under load "
                        f"(default {DEFAULT_MAX_OVERFLOW}, or MPRO_DB_MAX_OVERFLOW)")
    return p


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None


def default_seed_file(url: str) -> Path:
    path = _sqlite_path(url)
    return (path.parent if path else default_data_dir()) / "demo-credentials.json"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["add-dealer"]:  # a subcommand: create a dealer account (R4)
        return dealer_cli.main(argv[1:], default_database_url())
    if argv[:1] == ["migrate"]:  # a subcommand: bring the schema to head, then exit
        return migrate(argv[1:])
    args = build_parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        sys.stderr.write("mpro-server: error: --port must be between 0 and 65535\n")
        return 2
    problem = _check_scale_args(args)
    if problem:
        sys.stderr.write(f"mpro-server: error: {problem}\n")
        return 2
    url = args.database_url or default_database_url()
    if args.workers > 1 and is_sqlite(url):
        sys.stderr.write("mpro-server: error: --workers needs a PostgreSQL --database-url "
                         "(the SQLite portal is one process)\n")
        return 2
    db_path = _sqlite_path(url)
    if db_path is not None and str(db_path) not in ("", ":memory:"):
        # 0700: the default data folders (also fixed when an older version made them), and
        # the folders created for a --database-url (a folder the user named stays as it is)
        if args.database_url is None:
            private_dir(db_path.parent.parent)
        private_dir(db_path.parent, fix_existing=args.database_url is None)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")

    settings = Settings.from_env(database_url=url, db_pool_size=args.pool_size,
                                 db_max_overflow=args.max_overflow)
    app = None
    try:
        if args.workers == 1:
            app = create_app(settings)
            factory = app.state.session_factory
        else:  # migrate (and seed) once here; the workers find the schema at head
            engine, factory = prepare_database(settings)
            budget_warning = connection_budget_warning(engine, args.workers, settings)
            if budget_warning:
                sys.stderr.write(f"mpro-server: warning: {budget_warning}\n")
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        sys.stderr.write(f"mpro-server: error: cannot open database {_shown(url)!r}: {_reason(exc)}\n")
        return 1
    if args.seed_demo:
        seed_file = Path(args.seed_file) if args.seed_file else default_seed_file(url)
        with factory() as session:
            seed_demo(session, seed_file=seed_file)

    try:
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when
        # the proto says TCP; with proto 0 every response's body waited ~40 ms for the
        # client's delayed ACK (Nagle) after its headers went out
        sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET,
                             socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((args.host, args.port))
    except OSError as exc:
        sys.stderr.write(f"mpro-server: error: cannot listen on {args.host}:{args.port}: {exc.strerror}\n")
        return 1
    port = sock.getsockname()[1]
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "127.0.0.1") else args.host

    def ready() -> None:
        print(server_ready_line(f"http://{shown_host}:{port}"), flush=True)

    if app is None:
        engine.dispose()  # type: ignore[attr-defined]
        return _run_workers(sock, args, settings, ready)
    broker = app.state.broker
    server = make_server(app, args.log_level, on_started=ready)

    if args.exit_with_stdin:
        def watch_stdin() -> None:
            # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader
            # aborts the interpreter at exit ("could not acquire lock for stdin").
            try:
                while os.read(0, 65536):
                    pass
            except OSError:
                pass
            broker.close()
            server.should_exit = True

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()

    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        app.state.engine.dispose()
    return 0


def migrate(argv: list[str]) -> int:
    """``mpro-server migrate --database-url URL``: the start-up migration on its own (an
    upgrade: run it once, then start the new portal processes)."""
    p = _Parser(prog="mpro-server migrate", description="bring the portal database to the "
                "schema of this version (Alembic) and exit")
    p.add_argument("--database-url", default=None, help="as for mpro-server")
    args = p.parse_args(argv)
    url = args.database_url or default_database_url()
    try:
        engine, _factory = prepare_database(Settings.from_env(database_url=url))
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        sys.stderr.write(f"mpro-server: error: cannot migrate {_shown(url)!r}: {_reason(exc)}\n")
        return 1
    engine.dispose()  # type: ignore[attr-defined]
    print(f"mpro-server: {_shown(url)} is at the schema of this version")
    return 0


def _check_scale_args(args: argparse.Namespace) -> str | None:
    if not 1 <= args.workers <= 64:
        return "--workers must be between 1 and 64"
    if args.pool_size is not None and not 1 <= args.pool_size <= 1000:
        return "--pool-size must be between 1 and 1000"
    if args.max_overflow is not None and not 0 <= args.max_overflow <= 1000:
        return "--max-overflow must be between 0 and 1000"
    return None


def _reason(exc: BaseException) -> str:
    """The driver's own words on one line (SQLAlchemy adds a second line of background)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not even a URL: say so as it was given
        return url


def _run_workers(sock: socket.socket, args: argparse.Namespace, settings: Settings,
                 ready: Callable[[], None]) -> int:
    """``--workers N``: the settings reach the workers through the environment; metrics
    are shared through a multiprocess folder (``metrics``), made here unless given."""
    os.environ["MPRO_DATABASE_URL"] = settings.database_url
    os.environ["MPRO_DB_POOL_SIZE"] = str(settings.db_pool_size)
    os.environ["MPRO_DB_MAX_OVERFLOW"] = str(settings.db_max_overflow)
    own_dir = None
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        metrics_dir = Path(given)
        metrics_dir.mkdir(parents=True, exist_ok=True)
        for stale in metrics_dir.glob("*.db"):  # prometheus-client: wipe between runs
            stale.unlink()
    else:
        own_dir = metrics_dir = Path(tempfile.mkdtemp(prefix="mpro-metrics-"))
        os.environ[MULTIPROC_ENV] = str(metrics_dir)
    supervisor = Supervisor(sock, args.workers, args.log_level, on_ready=ready)
    if args.exit_with_stdin:
        def watch_stdin() -> None:
            try:
                while os.read(0, 65536):
                    pass
            except OSError:
                pass
            supervisor.should_exit.set()

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    try:
        return supervisor.run()
    finally:
        sock.close()
        if own_dir is not None:
            shutil.rmtree(own_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
