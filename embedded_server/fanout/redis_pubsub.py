"""Fan-out through Redis pub/sub (``MPRO_REDIS_URL``): no payload limit, and the
database carries no NOTIFY traffic. Same channel name as the PostgreSQL one."""

from __future__ import annotations

from collections.abc import Callable

import redis

from embedded_server.fanout.base import Deliver, Resume, ThreadedFanout

TIMEOUT_S = 5.0
POLL_S = 0.5


class RedisFanout(ThreadedFanout):
    kind = "Redis fan-out"

    def __init__(
        self,
        url: str,
        channel: Callable[[], str],
        deliver: Deliver,
        on_resume: Resume | None = None,
    ) -> None:
        super().__init__(channel, deliver, on_resume)
        self._url = url

    def _client(self) -> redis.Redis:
        return redis.Redis.from_url(
            self._url,
            socket_connect_timeout=TIMEOUT_S,
            socket_timeout=TIMEOUT_S,
            health_check_interval=10,
        )

    def _connect_sender(self) -> redis.Redis:
        client = self._client()
        client.ping()
        return client

    def _send(self, conn: redis.Redis, batch: list[bytes]) -> None:
        pipe = conn.pipeline(transaction=False)
        for payload in batch:
            pipe.publish(self.channel, payload)
        pipe.execute()

    def _listen(self) -> None:
        client = self._client()
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            while not self.stopping:
                message = pubsub.get_message(timeout=POLL_S)
                if message is None:
                    continue
                if message["type"] == "subscribe":
                    self._subscribed()
                elif message["type"] == "message":
                    self._heard(message["data"])
        finally:
            pubsub.close()
            client.close()
