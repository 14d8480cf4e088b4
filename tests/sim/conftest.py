"""The simulator's end-to-end tests run against a seeded portal over each database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.portal_fixtures import DB_PARAMS, LivePortal, portal_database


@pytest.fixture(params=DB_PARAMS)
def seeded_portal(request: pytest.FixtureRequest, live_portal_factory: Any,
                  tmp_path: Path) -> Iterator[LivePortal]:
    with portal_database(request.param, tmp_path) as url:
        portal = live_portal_factory(seeded=True, database_url=url)
        yield portal
        portal.stop()  # before its PostgreSQL schema is dropped
