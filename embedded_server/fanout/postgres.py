"""Fan-out through PostgreSQL LISTEN/NOTIFY (no other service needed).

The sender sends a batch of events as ``pg_notify`` calls in one transaction on its own
autocommit connection (never inside a request's transaction: NOTIFY serialises commits
cluster-wide, an ingest should not wait on that). The listener holds one connection
with ``LISTEN`` and polls it twice a second for the stop flag.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg import sql

from embedded_server.fanout import envelope
from embedded_server.fanout.base import Deliver, Resume, ThreadedFanout

CONNECT_TIMEOUT_S = 10
POLL_S = 0.5


class PgFanout(ThreadedFanout):
    kind = "PostgreSQL fan-out"

    def __init__(
        self,
        conninfo: str,
        channel: Callable[[], str],
        deliver: Deliver,
        on_resume: Resume | None = None,
    ) -> None:
        super().__init__(channel, deliver, on_resume)
        self._conninfo = conninfo

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="mpro-fanout",
        )

    def _connect_sender(self) -> psycopg.Connection:
        return self._connect()

    def _send(self, conn: psycopg.Connection, batch: list[bytes]) -> None:
        rows = [
            (self.channel, part)
            for payload in batch
            for part in envelope.split(payload, self.message_id())
        ]
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany("SELECT pg_notify(%s, %s)", rows)

    def _listen(self) -> None:
        with self._connect() as conn:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
            self._subscribed()
            while not self.stopping:
                self._polling()
                for note in conn.notifies(timeout=POLL_S):
                    self._heard(note.payload)
                    if self.stopping:
                        break
