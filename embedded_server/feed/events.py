"""Stream events: queued on the session, published after a successful commit.

Every event goes through one :class:`Publisher` per database: the fan-out the app of that
database routed here (``embedded_server.fanout``: PostgreSQL LISTEN/NOTIFY or Redis, which
reach every portal process of the database), else :data:`IN_PROCESS`, which hands events
to the SSE brokers of the apps in this process (the embedded SQLite portal). No caller
knows which.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session

_QUEUED = "events"


class Publisher(Protocol):
    def publish(self, company_id: str, name: str, data: Any) -> None: ...


class InProcessPublisher:
    """Hands each event to every attached subscriber (the apps' brokers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Publisher] = []

    def attach(self, subscriber: Publisher) -> None:
        with self._lock:
            self._subscribers.append(subscriber)

    def detach(self, subscriber: Publisher) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def publish(self, company_id: str, name: str, data: Any) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber.publish(company_id, name, data)


IN_PROCESS = InProcessPublisher()
#: database (``db.database_key``) -> the fan-outs of the apps serving it in this process;
#: the first one publishes (all of them listen on the same channel)
_routes: dict[str, list[Publisher]] = {}
_override: Publisher | None = None


def queue_event(session: Session, company_id: str, event_name: str, data: Any) -> None:
    """Queue a stream event to publish after commit (never for rolled-back work)."""
    session.info.setdefault(_QUEUED, []).append((company_id, event_name, data))


def use_publisher(publisher: Publisher | None) -> None:
    """Route every event of this process through ``publisher`` whatever its database (a
    test's recorder); None (or :data:`IN_PROCESS`) goes back to the routes."""
    global _override
    _override = None if publisher is IN_PROCESS else publisher


def route(database: str, publisher: Publisher) -> None:
    """Events of sessions on ``database`` go to ``publisher`` (an app's fan-out)."""
    _routes.setdefault(database, []).append(publisher)


def unroute(database: str, publisher: Publisher) -> None:
    publishers = _routes.get(database, [])
    if publisher in publishers:
        publishers.remove(publisher)
    if not publishers:
        _routes.pop(database, None)


def _publisher_of(session: Session) -> Publisher:
    if _override is not None:
        return _override
    if _routes:
        bind = session.get_bind()
        publishers = _routes.get(bind.url.render_as_string(hide_password=True))
        if publishers:
            return publishers[0]
    return IN_PROCESS


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    queued = session.info.pop(_QUEUED, None)
    if queued:
        publisher = _publisher_of(session)
        for company_id, name, data in queued:
            publisher.publish(company_id, name, data)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)
