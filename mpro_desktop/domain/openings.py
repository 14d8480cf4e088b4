"""Which of a van's doors and side windows are open (SPEC R22), from its latest status.

One reading for the status drawing, its words and anything else that asks "which
door?": each door is True (open), False (closed) or None (not known); each window a
``domain.telemetry.WINDOW_STATES`` word or None. A status from a module that reports
only "a door is open" (``doors_open`` without the door fields) leaves the doors None
but keeps :attr:`Openings.any_door_open` True, so nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mpro_desktop.domain.telemetry import (
    DOORS,
    WINDOW_CLOSED,
    WINDOW_STATES,
    WINDOWS,
    door_field,
    window_field,
)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


@dataclass(frozen=True)
class Openings:
    doors: dict[str, bool | None]
    windows: dict[str, str | None]
    hood: bool | None
    any_door_open: bool | None
    any_window_open: bool | None

    def open_doors(self) -> list[str]:
        return [d for d in DOORS if self.doors.get(d)]

    def open_windows(self) -> list[str]:
        return [w for w in WINDOWS if self.windows.get(w) not in (None, WINDOW_CLOSED)]


def openings(status: Mapping[str, Any] | None) -> Openings:
    st = status or {}
    any_door = _bool(st.get("doors_open"))
    doors = {d: _bool(st.get(door_field(d))) for d in DOORS}
    if any_door is False:  # "no door is open" says it of every door
        doors = {d: False if v is None else v for d, v in doors.items()}
    if any(doors.values()):
        any_door = True
    any_window = _bool(st.get("windows_open"))
    windows = {
        w: v if (v := st.get(window_field(w))) in WINDOW_STATES else None for w in WINDOWS
    }
    if any_window is False:
        windows = {w: WINDOW_CLOSED if v is None else v for w, v in windows.items()}
    if any(v not in (None, WINDOW_CLOSED) for v in windows.values()):
        any_window = True
    return Openings(doors, windows, _bool(st.get("hood_open")), any_door, any_window)
