"""The product catalogue with prices and terms (SPEC R19)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.models import format as fmt
from mpro_desktop.models.table import Column, RowTableModel


def price_text(row: dict) -> str:
    if row.get("free"):
        return QCoreApplication.translate("ProductTableModel", "Free")
    return fmt.number(row.get("price"), 2, row.get("currency") or "")


def term_text(row: dict) -> str:
    months = int(row.get("term_months") or 0)
    if not months:
        return "–"
    if months == 1:
        return QCoreApplication.translate("ProductTableModel", "1 month")
    return QCoreApplication.translate("ProductTableModel", "%1 months").replace("%1", str(months))


class ProductTableModel(RowTableModel):
    def make_columns(self) -> list[Column]:
        return [
            Column(
                "name",
                QCoreApplication.translate("ProductTableModel", "Product"),
                lambda r: r.get("name") or "",
            ),
            Column(
                "price",
                QCoreApplication.translate("ProductTableModel", "Price"),
                price_text,
                sort_key=lambda r: 0 if r.get("free") else r.get("price"),
                align_right=True,
            ),
            Column(
                "term",
                QCoreApplication.translate("ProductTableModel", "Term"),
                term_text,
                sort_key=lambda r: r.get("term_months") or 0,
            ),
            Column(
                "description",
                QCoreApplication.translate("ProductTableModel", "Description"),
                lambda r: r.get("description") or "",
            ),
        ]
