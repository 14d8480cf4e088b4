"""Stream events: queued on the session, published after a successful commit.

Every event goes through one :class:`Publisher`. Today that is :data:`IN_PROCESS`, which
fans out to the SSE brokers of the apps in this process; a publisher on PostgreSQL
LISTEN/NOTIFY (several portal processes) can replace it without touching a caller.
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
_publisher: Publisher = IN_PROCESS


def queue_event(session: Session, company_id: str, event_name: str, data: Any) -> None:
    """Queue a stream event to publish after commit (never for rolled-back work)."""
    session.info.setdefault(_QUEUED, []).append((company_id, event_name, data))


def use_publisher(publisher: Publisher) -> None:
    """Route every event of this process through ``publisher``."""
    global _publisher
    _publisher = publisher


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for company_id, name, data in session.info.pop(_QUEUED, []):
        _publisher.publish(company_id, name, data)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)
