"""Where the desktop keeps its files (DESIGN.md, "Conventions").

platformdirs' per-user data dir, overridable with ``MPRO_DATA_DIR`` (tests, trainers
with a USB stick). One cache file per (portal URL, user) so two accounts on one laptop
never see each other's data. Every folder here is owner-only (0700) and so are the files
written into it (``private_file``): caches, logs, the demo portal's database.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

from mpro_common.private_files import private_dir, private_file

APP_NAME = "mpro-desktop"


def data_dir() -> Path:
    override = os.environ.get("MPRO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, "MPRO"))
    return private_dir(path)


def demo_dir() -> Path:
    return private_dir(data_dir() / "demo")


def caches_dir() -> Path:
    return private_dir(data_dir() / "caches")


def cache_path(portal_url: str, user_email: str) -> Path:
    key = f"{portal_url.rstrip('/').lower()}|{user_email.strip().lower()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return caches_dir() / f"cache-{digest}.sqlite3"


#: The desktop program's own log (rotated by ``logs.PrivateRotatingFileHandler``).
DESKTOP_LOG = "desktop.log"


def log_dir() -> Path:
    return private_dir(data_dir() / "logs")


def log_file(name: str) -> Path:
    """``logs/<name>``, created owner-only before a logger or a child process writes it."""
    return private_file(log_dir() / name)
