"""Where the desktop keeps its files (DESIGN.md, "Conventions").

platformdirs' per-user data dir, overridable with ``MPRO_DATA_DIR`` (tests, trainers
with a USB stick). One cache file per (portal URL, user) so two accounts on one laptop
never see each other's data.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "mpro-desktop"


def data_dir() -> Path:
    override = os.environ.get("MPRO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, "MPRO"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_dir() -> Path:
    path = data_dir() / "demo"
    path.mkdir(parents=True, exist_ok=True)
    return path


def caches_dir() -> Path:
    path = data_dir() / "caches"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_path(portal_url: str, user_email: str) -> Path:
    key = f"{portal_url.rstrip('/').lower()}|{user_email.strip().lower()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return caches_dir() / f"cache-{digest}.sqlite3"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
