"""The log rotates and every file it leaves is owner-only, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
import sys

import pytest

from mpro_desktop.logs import PrivateRotatingFileHandler


@pytest.mark.skipif(sys.platform == "win32", reason="no POSIX modes")
def test_rotation_keeps_a_bounded_number_of_private_files(tmp_path):
    old = os.umask(0o022)
    try:
        handler = PrivateRotatingFileHandler(tmp_path / "desktop.log", 10_000, 3)
        logger = logging.getLogger("test-rotation")
        logger.propagate = False
        logger.addHandler(handler)
        for i in range(2_000):
            logger.warning("line %05d with some padding to fill the file quickly", i)
        handler.close()
        logger.removeHandler(handler)
    finally:
        os.umask(old)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["desktop.log", "desktop.log.1", "desktop.log.2", "desktop.log.3"]
    for name in files:
        path = tmp_path / name
        assert path.stat().st_size <= 10_100
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert "line 01999" in (tmp_path / "desktop.log").read_text()
