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

    def _client(self, client_name: str | None = None) -> redis.Redis:
        return redis.Redis.from_url(
            self._url,
            client_name=client_name,
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
        # named after the channel: an operator (or a test) can tell this portal's
        # subscriptions from others' in CLIENT LIST
        client = self._client(client_name=f"mpro-fanout-{self.channel}")
        pubsub = client.pubsub()
        subscribed = False
        try:
            pubsub.subscribe(self.channel)
            while not self.stopping:
                if subscribed:  # not before: the outage's ``since`` must stay as it was
                    self._polling()
                message = pubsub.get_message(timeout=POLL_S)
                if message is None:
                    continue
                if message["type"] == "subscribe":
                    subscribed = True
                    self._subscribed()
                elif message["type"] == "message":
                    self._heard(message["data"])
        finally:
            pubsub.close()
            client.close()
