"""Rules of the portal's house, checked on its source rather than remembered."""

from __future__ import annotations

import re
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "embedded_server"
#: a hand-written tenant criterion (``Vehicle.company_id == ...``) in a query
HAND_TENANT_FILTER = re.compile(r"\b[A-Z]\w*\.company_id\s*(==|!=|\.in_\b|\.is_\b)")


def _sources() -> list[Path]:
    return sorted(p for p in PORTAL.rglob("*.py") if "migrations" not in p.parts)


def test_the_tenant_filter_is_applied_in_one_place() -> None:
    """Queries limit rows to the caller's company only through ``tenancy.owned`` (and its
    siblings), so a new query cannot forget it."""
    offenders = [
        f"{path.relative_to(PORTAL.parent)}:{n}: {line.strip()}"
        for path in _sources()
        if path.name != "tenancy.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if HAND_TENANT_FILTER.search(line)
    ]
    assert not offenders, "use embedded_server.tenancy.owned():\n" + "\n".join(offenders)
