"""Display formatting shared by models and views (numbers, times, states)."""

from __future__ import annotations

import math
import time
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale


def number(value: float | None, decimals: int = 0, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = QLocale().toString(float(value), "f", decimals)
    return f"{text} {unit}".rstrip()


def when(epoch: float | None) -> str:
    """Local date+time of an epoch timestamp; clocks are for display only (DESIGN.md)."""
    if not epoch:
        return "–"
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


def clock(epoch: float, now: float | None = None) -> str:
    """14:02 today, else 2026-11-30 14:02 (the moment old data is from)."""
    stamp = datetime.fromtimestamp(epoch)
    today = datetime.fromtimestamp(time.time() if now is None else now).date()
    return stamp.strftime("%H:%M") if stamp.date() == today else stamp.strftime("%Y-%m-%d %H:%M")


def when_short(epoch: float | None, now: float | None = None) -> str:
    """14:02:05 today, else 2026-11-30 14:02 (a table cell; :func:`when` in its tooltip)."""
    if not epoch:
        return "–"
    stamp = datetime.fromtimestamp(epoch)
    today = datetime.fromtimestamp(time.time() if now is None else now).date()
    return stamp.strftime("%H:%M:%S") if stamp.date() == today else clock(epoch, now)


def as_of(epoch: float | None, now: float | None = None) -> str:
    """ "as of 14:02" (today) or "as of 2026-11-30 14:02": data that is not live."""
    if not epoch:
        return "–"
    return QCoreApplication.translate("format", "as of %1").replace("%1", clock(epoch, now))


def ago(epoch: float | None, now: float) -> str:
    if not epoch:
        return QCoreApplication.translate("format", "never")
    s = max(0, int(now - epoch))
    if s < 60:
        return QCoreApplication.translate("format", "%1 s ago").replace("%1", str(s))
    minutes, hours = s // 60, s // 3600
    if s < 3600:
        return QCoreApplication.translate("format", "%1 min ago").replace("%1", str(minutes))
    if s < 86400:
        return QCoreApplication.translate("format", "%1 h ago").replace("%1", str(hours))
    return when(epoch)


def iso_to_epoch(value: str | float | None) -> float | None:
    """Epoch seconds of an ISO-8601 text (live samples) or an epoch number (backfills)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
