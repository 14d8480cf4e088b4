"""Test-wide settings: offscreen Qt, a private data dir, cheap (still real) argon2."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Real argon2id, with parameters cheap enough for a 2-core CI box; the production
# parameters are asserted by tests/server/test_security.py.
os.environ.setdefault("MPRO_ARGON2_TIME_COST", "1")
os.environ.setdefault("MPRO_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("MPRO_SSE_HEARTBEAT_S", "1")

pytest_plugins = ["tests.portal_fixtures"]


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):
    """Each test reads and writes its own settings file, never the developer's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
