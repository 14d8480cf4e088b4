"""Typed user settings over QSettings, one declaration per option (Picard's ``config.py``).

Why: every key, its type and its default live here once, so a pane cannot misspell a
key or read a geometry as a string; and a settings file written by an older version is
upgraded in one place (``UPGRADES``) instead of being misread.

Usage::

    from mpro_desktop import settings
    settings.WINDOW_GEOMETRY.set(window.saveGeometry())
    window.restoreGeometry(settings.WINDOW_GEOMETRY.get())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

#: The layout of the settings file; bump it and add an upgrade when a key changes meaning.
VERSION = 2
_VERSION_KEY = "settings/version"

OPTIONS: dict[str, Option[Any]] = {}


def store() -> QSettings:
    """The settings of the current user (organisation and application set by app.py)."""
    return QSettings()


@dataclass(frozen=True)
class Option(Generic[T]):
    """One typed setting; reading a missing or malformed value gives the default."""

    key: str
    default: T
    convert: Callable[[Any], T]

    def __post_init__(self) -> None:
        if self.key in OPTIONS:
            raise ValueError(f"setting {self.key!r} declared twice")
        OPTIONS[self.key] = self

    def get(self, settings: QSettings | None = None) -> T:
        raw = (settings or store()).value(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def set(self, value: T, settings: QSettings | None = None) -> None:
        (settings or store()).setValue(self.key, value)

    def remove(self, settings: QSettings | None = None) -> None:
        (settings or store()).remove(self.key)


def _text(raw: Any) -> str:
    if isinstance(raw, list | tuple | dict | QByteArray):
        raise ValueError("not text")
    return str(raw)


def _bytes(raw: Any) -> QByteArray:
    if isinstance(raw, QByteArray):
        return raw
    if isinstance(raw, bytes | bytearray):
        return QByteArray(bytes(raw))
    raise ValueError("not bytes")


def _ints(raw: Any) -> list[int]:
    if isinstance(raw, str):  # QSettings gives a one-element list back as a string
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise ValueError("not a list")
    return [int(v) for v in raw]


def _flag(raw: Any) -> bool:
    """QSettings gives back "true"/"false" from an INI file, a bool elsewhere."""
    if isinstance(raw, bool):
        return raw
    if str(raw).lower() in ("true", "1", "yes"):
        return True
    if str(raw).lower() in ("false", "0", "no"):
        return False
    raise ValueError(raw)


def flag(key: str, default: bool) -> Option[bool]:
    return Option(key, default, _flag)


def text(key: str, default: str = "") -> Option[str]:
    return Option(key, default, _text)


def sizes(key: str) -> Option[list[int]]:
    """Pixel sizes, e.g. of a splitter's panes (empty: none saved)."""
    return Option(key, [], _ints)


def blob(key: str) -> Option[QByteArray]:
    """Qt's own saveGeometry()/saveState() bytes."""
    return Option(key, QByteArray(), _bytes)


class BlobFamily:
    """One blob option per name (a table header per pane): ``key`` has one ``{}``.

    The panes come from the registry, so their names are not known here; each name's
    option is still declared once, on first use.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self._options: dict[tuple[str, ...], Option[QByteArray]] = {}

    def of(self, *names: str) -> Option[QByteArray]:
        if names not in self._options:
            self._options[names] = blob(self.key.format(*names))
        return self._options[names]


# -- the options ---------------------------------------------------------------------
LOGIN_SERVER = text("login/server")
LOGIN_EMAIL = text("login/email")
WINDOW_GEOMETRY = blob("window/geometry")
WINDOW_STATE = blob("window/state")
LAST_PANE = text("window/last_pane", "vehicles")
#: tray notifications for new warning and critical alerts (File menu)
ALERT_NOTIFICATIONS = flag("alerts/notify", True)
#: Table and detail widths: plain sizes, since QSplitter.restoreState() rescales them.
VEHICLES_SPLITTER = sizes("vehicles/splitter_sizes")
#: Version 1: a pane's table header, whatever the language (upgrade 1 -> 2 drops it).
PANE_HEADER = BlobFamily("{}/header")
VEHICLES_HEADER = PANE_HEADER.of("vehicles")
#: A pane's table header (column widths, order, sort column) by pane name and UI
#: language: widths fitted to English texts cut or wrap Swedish ones ("12 månader").
LANGUAGE_HEADER = BlobFamily("{}/header/{}")


def pane_header(name: str, language: str | None = None) -> Option[QByteArray]:
    """The header option of pane ``name`` in ``language`` (default: the window's)."""
    if language is None:
        from mpro_desktop.i18n import ui_language

        language = ui_language()
    return LANGUAGE_HEADER.of(name, language)


# -- upgrades ------------------------------------------------------------------------
def _upgrade_0_to_1(settings: QSettings) -> None:
    """Version 0 (no version key) had only login/server and login/email: nothing to do."""


def _upgrade_1_to_2(settings: QSettings) -> None:
    """Version 1 kept one header per pane for every language; which one it was fitted
    to is unknown, so the panes fit their columns again once (``pane_header``)."""
    for key in settings.allKeys():
        if key.count("/") == 1 and key.endswith("/header"):
            settings.remove(key)


#: from-version -> function bringing a file of that version to the next one.
UPGRADES: dict[int, Callable[[QSettings], None]] = {0: _upgrade_0_to_1, 1: _upgrade_1_to_2}


def upgrade(settings: QSettings | None = None) -> int:
    """Bring the settings file to :data:`VERSION`; returns the version it had.

    A file from a newer program is left alone (its options read as defaults if they
    no longer parse), so a downgrade never destroys the newer layout.
    """
    settings = settings or store()
    try:
        found = int(settings.value(_VERSION_KEY, 0))
    except (TypeError, ValueError):
        found = 0
    version = found
    while version < VERSION:
        UPGRADES[version](settings)
        version += 1
    if found < VERSION:
        settings.setValue(_VERSION_KEY, VERSION)
    return found
