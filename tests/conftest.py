"""Test-wide settings: offscreen Qt, a private data dir, cheap (still real) argon2."""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Real argon2id, with parameters cheap enough for a 2-core CI box; the production
# parameters are asserted by tests/server/test_security.py.
os.environ.setdefault("MPRO_ARGON2_TIME_COST", "1")
os.environ.setdefault("MPRO_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("MPRO_SSE_HEARTBEAT_S", "1")

pytest_plugins = ["tests.portal_fixtures"]


@pytest.fixture(autouse=True)
def _gc_on_the_ui_thread():
    """As the program does (mpro_desktop.main_thread_gc): once a Qt application exists,
    cycles are collected on the main thread only - a collection in a worker thread can
    deadlock a later Qt destructor. Between tests the due generations are collected
    here, at a safe point, so tests without an event loop don't pile up garbage."""

    def collector():
        if "PySide6.QtCore" not in sys.modules:
            return None
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is None:
            return None
        from mpro_desktop import main_thread_gc

        return main_thread_gc.install(app)

    collector()
    yield
    found = collector()
    if found is not None:
        found.collect_due()


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):
    """Each test reads and writes its own settings file, never the developer's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
