"""Qt translations following the OS locale (SPEC N2).

Our own catalogues live in ``resources/translations/mpro_<lang>.qm`` (package ``mpro_resources``); Qt's own
(dialog buttons) come from PySide6. A missing file just means English.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_DIR = Path(str(files("mpro_resources") / "translations"))
_installed: list[QTranslator] = []


def install_translators(app, locale: QLocale | None = None) -> list[str]:
    """Install Qt's and our translators for ``locale``; returns the catalogues loaded."""
    locale = locale or QLocale.system()
    loaded = []
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
        loaded.append("qtbase")
    ours = QTranslator(app)
    if ours.load(locale, "mpro", "_", str(TRANSLATIONS_DIR)):
        app.installTranslator(ours)
        _installed.append(ours)
        loaded.append("mpro")
    return loaded


def ui_language() -> str:
    """The language the window speaks, as an ``Accept-Language`` value: the installed
    catalogue's (``sv``), else English. The portal answers product names and
    descriptions in it, so they match the rest of the window."""
    for translator in _installed:
        if Path(translator.filePath()).parent == TRANSLATIONS_DIR:
            return translator.language().replace("_", "-").split("-")[0] or "en"
    return "en"
