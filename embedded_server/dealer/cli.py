"""``mpro-server add-dealer``: create a dealer account (R4) from the command line.

    printf '%s\\n' "$PASSWORD" | mpro-server add-dealer --database-url URL \\
        --email E --name "Bilhallen AB" --dealer-id D

The password is read from standard input (one line; a terminal is asked without echo),
never from the command line. The database is migrated first. Exit 0 on success, 2 with
a message on bad input (empty or short password, invalid e-mail, a taken e-mail or
dealer id), 1 when the database can't be opened.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from embedded_server import db
from embedded_server.dealer import service
from embedded_server.migrations import upgrade_to_head

PROG = "mpro-server add-dealer"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{PROG}: error: {message} (see --help)\n")
        raise SystemExit(2)


def build_parser(default_url: str) -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Create a dealer account; the password is read from stdin")
    p.add_argument("--database-url", default=default_url, help="SQLAlchemy URL of the portal")
    p.add_argument("--email", required=True, help="the dealer's sign-in e-mail address")
    p.add_argument("--name", required=True, help='the dealer\'s name, e.g. "Bilhallen AB"')
    p.add_argument("--dealer-id", required=True, help="the operator-given dealer id")
    return p


def _fail(message: str, code: int = 2) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return code


def read_password() -> str:
    """One line of stdin without its line ending (a terminal: asked without echo)."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass("Dealer password: ")
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def main(argv: list[str], default_url: str) -> int:
    args = build_parser(default_url).parse_args(argv)
    password = read_password().rstrip("\r")
    if not password:
        return _fail("no password on standard input (pipe it in, one line)")
    try:
        engine = db.make_engine(args.database_url)
        upgrade_to_head(engine)
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        return _fail(f"cannot open database {args.database_url!r}: {exc}", 1)
    try:
        with db.make_sessionmaker(engine)() as session:
            try:
                dealer = service.create_dealer(
                    session,
                    dealer_id=args.dealer_id,
                    name=args.name,
                    email=args.email,
                    password=password,
                )
            except service.InvalidDealer as exc:
                return _fail(str(exc))
            session.commit()
            print(f"dealer {dealer.dealer_id} ({dealer.name}, {dealer.email}) added")
    finally:
        engine.dispose()
    return 0
