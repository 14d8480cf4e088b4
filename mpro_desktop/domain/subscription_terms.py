"""When a subscription's term ends (R20): one home for the portal (ending at the term's
end, the sweep) and the desktop (the date the "End subscription" dialog spells out).

A term renews until the subscription is ended, so "the end of the current term" is the
first multiple of ``term_months`` after the start that lies in the future.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "current_term_end"]


def add_months(start: dt.datetime, months: int) -> dt.datetime:
    """``start`` plus ``months`` calendar months (the day clamped to the month's end)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def current_term_end(
    start: dt.datetime, term_months: int, now: dt.datetime, term_end_at: dt.datetime | None = None
) -> dt.datetime:
    """The end of the term running at ``now`` (the first committed one if not over)."""
    if term_months <= 0:
        raise ValueError("a term is at least one month")
    end = term_end_at or add_months(start, term_months)
    k = 1
    while end <= now:
        k += 1
        end = add_months(start, term_months * k)
    return end
