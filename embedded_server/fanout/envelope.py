"""The bytes of one event on a channel, and its split into NOTIFY-sized parts.

An event is ``[company_id, name, data, sent_at]`` as JSON (``sent_at``: epoch seconds when
the publishing process handed it over; the receiver's lag metric). PostgreSQL caps a
NOTIFY payload below 8000 bytes and a telemetry event carries up to 100 samples, so a
longer event travels as ``~<message id>:<index>:<count>:<part>`` pieces, cut on UTF-8
character boundaries and put back together by :class:`Reassembler`.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

#: payload bytes per NOTIFY (PostgreSQL's limit is 8000 including the terminator)
NOTIFY_LIMIT = 7900
#: room for the ``~id:i:n:`` header of a part
_HEADER_ROOM = 64


class BadEnvelope(ValueError):
    """Something on the channel that is not one of our events."""


def encode(company_id: str, name: str, data: Any, sent_at: float) -> bytes:
    return orjson.dumps([company_id, name, data, sent_at])


def decode(raw: bytes | str) -> tuple[str, str, Any, float]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadEnvelope(f"not JSON: {exc}") from None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not isinstance(value[0], str)
        or not isinstance(value[1], str)
        or not isinstance(value[3], int | float)
    ):
        raise BadEnvelope("not [company_id, name, data, sent_at]")
    return value[0], value[1], value[2], float(value[3])


def split(payload: bytes, message_id: str, limit: int = NOTIFY_LIMIT) -> list[str]:
    """``payload`` as one text, or as parts of at most ``limit`` bytes each."""
    if len(payload) <= limit:
        return [payload.decode("utf-8")]
    step = limit - _HEADER_ROOM
    parts: list[bytes] = []
    start = 0
    while start < len(payload):
        end = min(start + step, len(payload))
        while end < len(payload) and payload[end] & 0xC0 == 0x80:  # inside a character
            end -= 1
        parts.append(payload[start:end])
        start = end
    n = len(parts)
    return [f"~{message_id}:{i}:{n}:" + part.decode("utf-8") for i, part in enumerate(parts)]


class Reassembler:
    """Collects the parts of split events; whole texts pass straight through. Parts of a
    message not complete after ``max_age_s`` (its sender died mid-way) are dropped."""

    def __init__(self, max_age_s: float = 30.0) -> None:
        self.max_age_s = max_age_s
        self._partial: dict[str, tuple[float, list[str | None]]] = {}

    def feed(self, text: str) -> bytes | None:
        if not text.startswith("~"):
            return text.encode("utf-8")
        try:
            message_id, index, count, body = text[1:].split(":", 3)
            i, n = int(index), int(count)
        except ValueError:
            raise BadEnvelope("malformed part header") from None
        if not 0 <= i < n <= 10_000:
            raise BadEnvelope("part index out of range")
        now = time.monotonic()
        started, parts = self._partial.setdefault(message_id, (now, [None] * n))
        if len(parts) != n:
            raise BadEnvelope("part count changed")
        parts[i] = body
        if any(p is None for p in parts):
            self._expire(now)
            return None
        del self._partial[message_id]
        return "".join(parts).encode("utf-8")  # type: ignore[arg-type]

    def _expire(self, now: float) -> None:
        for key in [k for k, (t, _) in self._partial.items() if now - t > self.max_age_s]:
            del self._partial[key]
