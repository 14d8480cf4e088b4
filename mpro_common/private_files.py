"""Owner-only folders (0700) and files (0600) for what the portal, the simulator and the
desktop keep on disk: databases, caches, logs, credentials.

One home for both programs (the desktop imports it like ``readiness``; stdlib only).
Modes are set with ``chmod`` after creating, never through the umask. SQLite gives its
``-wal``/``-shm`` files the main file's mode, so a database file is created empty with
0600 before SQLite opens it. Where the OS or file system has no POSIX modes, chmod is a
no-op or fails; that is ignored.

Windows: ``os.chmod`` only sets or clears the read-only flag there, so these modes do
nothing. The equivalent comes from where the files are: the default data folder is
under ``%LOCALAPPDATA%`` in the user's profile, whose inherited ACL grants access to that
user, SYSTEM and the Administrators only, which is what 0700/0600 say on Linux and
macOS. A folder named with ``MPRO_DATA_DIR`` or ``--database-url`` keeps its own ACL
(README, "Building installers": where data lives).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def private_dir(path: Path | str, *, fix_existing: bool = True) -> Path:
    """Create ``path`` and its missing parents with 0700 (as XDG asks for data dirs);
    an existing ``path`` is made 0700 too unless ``fix_existing`` is False (a folder the
    user chose, e.g. the parent of ``--database-url sqlite:////tmp/x.db``)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        _chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    if fix_existing and not missing:
        _chmod(path, DIR_MODE)
    return path


def private_file(path: Path | str) -> Path:
    """Make ``path`` an owner-only file: created empty with 0600 if missing (so whatever
    opens it next, a logger or SQLite, writes into a private file), else chmod 0600."""
    path = Path(path)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    except OSError:
        return path  # e.g. the folder is missing: the caller's open reports it
    _chmod(path, FILE_MODE)
    return path


def private_sqlite_file(path: Path | str) -> Path:
    """``private_file`` for a SQLite database and the ``-wal``/``-shm``/``-journal``
    files an earlier run may have left with wider modes."""
    path = private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        sibling = path.with_name(path.name + suffix)
        if sibling.exists():
            _chmod(sibling, FILE_MODE)
    return path
