"""Writing a logbook to disk: CSV (UTF-8 with BOM, so spreadsheet programs read the
Swedish letters) and PDF (the printable HTML of ``models.trips`` laid out on A4 with
``QPdfWriter``, the PDF writer Qt ships). Both write a temporary file next to the target
and rename it when complete, so a failed export never leaves half a file; both run off
the UI thread."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from mpro_desktop.models.trips import html_text


def _replace(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)


def write_csv(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8-sig", newline="")
        _replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_pdf(path: Path, title: str, period: str, rows: Sequence[dict]) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("MPRO Desktop")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(12, 12, 12, 12),
                QPageLayout.Unit.Millimeter,
            )
        )
        doc = QTextDocument()
        doc.setHtml(html_text(title, period, rows))
        doc.print_(writer)
        del writer  # flushes and closes the file
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise OSError(f"the PDF writer produced nothing at {tmp}")
        _replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
