"""``mpro-server``: run the embedded portal as a child process of the desktop or a trainer.

Binds the socket itself (so ``--port 0`` works), prints ``MPRO-SERVER READY <url>`` once
uvicorn serves, and shuts down gracefully on SIGTERM/SIGINT or, with
``--exit-with-stdin``, when stdin reaches EOF (the parent went away).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from embedded_server.app import create_app
from embedded_server.config import Settings, default_data_dir, default_database_url
from embedded_server.dealer import cli as dealer_cli
from embedded_server.seed import seed_demo
from mpro_common.private_files import private_dir
from mpro_common.readiness import server_ready_line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"mpro-server: error: {message} (see --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mpro-server", description="MPRO embedded reference portal "
                "(mpro-server add-dealer --help: create a dealer account)")
    p.add_argument("--database-url", default=None,
                   help="SQLAlchemy URL (default: sqlite file under $MPRO_DATA_DIR or the user data dir)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--seed-demo", action="store_true", help="create the demo company (idempotent)")
    p.add_argument("--seed-file", default=None, help="where to write the demo credentials (0600)")
    p.add_argument("--exit-with-stdin", action="store_true", help="shut down when stdin closes")
    p.add_argument("--log-level", default="warning")
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
    args = build_parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        sys.stderr.write("mpro-server: error: --port must be between 0 and 65535\n")
        return 2
    url = args.database_url or default_database_url()
    db_path = _sqlite_path(url)
    if db_path is not None and str(db_path) not in ("", ":memory:"):
        # 0700: the default data folders (also fixed when an older version made them), and
        # the folders created for a --database-url (a folder the user named stays as it is)
        if args.database_url is None:
            private_dir(db_path.parent.parent)
        private_dir(db_path.parent, fix_existing=args.database_url is None)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")

    import uvicorn

    try:
        app = create_app(Settings.from_env(database_url=url))
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        sys.stderr.write(f"mpro-server: error: cannot open database {url!r}: {exc}\n")
        return 1
    if args.seed_demo:
        seed_file = Path(args.seed_file) if args.seed_file else default_seed_file(url)
        with app.state.session_factory() as session:
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
    broker = app.state.broker

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            broker.close()  # let open SSE streams end before uvicorn waits for them
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """Exit with code 0 after a graceful SIGTERM/SIGINT (uvicorn would re-raise it)."""
            with super().capture_signals():
                yield
                self._captured_signals.clear()

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                print(server_ready_line(f"http://{shown_host}:{port}"), flush=True)

    config = uvicorn.Config(app, log_level=args.log_level, timeout_graceful_shutdown=2,
                            lifespan="on", access_log=False)
    server = Server(config)

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


if __name__ == "__main__":
    raise SystemExit(main())
