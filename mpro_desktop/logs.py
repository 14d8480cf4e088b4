"""The desktop's log file: rotated, owner-only (a log can name vehicles and users).

``RotatingFileHandler`` opens each new file with the process umask (often 0644);
this handler creates it owner-only first, so rotation never widens what others may
read. The rotated files keep their mode through the rename.
"""

from __future__ import annotations

import logging.handlers
from pathlib import Path

from mpro_common.private_files import private_file

MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def __init__(
        self, path: Path, max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT
    ) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")

    def _open(self):  # noqa: ANN202 - the stdlib's signature
        private_file(self.baseFilename)
        return super()._open()
