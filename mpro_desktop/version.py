"""The program's version: pyproject.toml's ``version``, read from the installed metadata.

One home for the number (``--version``, the About box, the bundles' version resources
all read it here or from the same metadata); no second constant to forget. Stdlib only,
so ``mpro-desktop --version`` answers without loading Qt.
"""

from __future__ import annotations

DISTRIBUTION = "mpro-desktop"


def app_version() -> str:
    # importlib.metadata (and the email package it pulls in) is imported on first use:
    # the window's first paint does without it (≈ 40 ms of a 0.3 s baseline).
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # running from a source tree never installed
        return "?"
