"""The product catalogue with prices and terms (SPEC R19), and how money is written.

Money stays integer öre (``domain.pricing``) up to the text the user reads: no float
between the portal's ``Decimal`` text and the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from mpro_desktop.domain import pricing
from mpro_desktop.models import format as fmt
from mpro_desktop.models.table import Column, RowTableModel


def money_text(ore: int | None, currency: str = "SEK") -> str:
    """14900 öre -> "149,00 kr" (Swedish) / "SEK 149.00" style per the UI locale."""
    if ore is None:
        return "–"
    locale = QLocale()
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(int(ore)), 100)
    text = f"{sign}{locale.toString(kronor)}{locale.decimalPoint()}{rest:02d}"
    unit = "kr" if currency == "SEK" and locale.language() == QLocale.Language.Swedish else currency
    return f"{text} {unit}"


def amount_ore(value: Any) -> int | None:
    """The portal's ``Decimal`` text (or a ``{amount, currency}`` object) in öre; None if
    it is no exact amount."""
    if isinstance(value, Mapping):
        value = value.get("amount")
    if value is None or isinstance(value, bool | float):
        return None
    try:
        return pricing.to_ore(value)
    except (pricing.PricingError, TypeError):
        return None


def monthly_ore(row: Mapping[str, Any], term: int) -> int | None:
    """The product's monthly price per vehicle at ``term`` months, or None if not sold so."""
    prices = row.get("term_prices") or {}
    if str(term) in prices:
        return amount_ore(prices[str(term)])
    if not prices and int(row.get("term_months") or 0) == term:
        return amount_ore(row.get("price"))
    return None


def price_text(row: dict) -> str:
    if row.get("free"):
        return QCoreApplication.translate("ProductTableModel", "Free")
    ore = amount_ore(row.get("price"))
    if ore is None:
        return fmt.number(row.get("price"), 2, row.get("currency") or "")
    return money_text(ore, row.get("currency") or "SEK")


def term_text(row: dict) -> str:
    return months_text(int(row.get("term_months") or 0))


def months_text(months: int) -> str:
    if not months:
        return "–"
    if months == 1:
        return QCoreApplication.translate("ProductTableModel", "1 month")
    return QCoreApplication.translate("ProductTableModel", "%1 months").replace("%1", str(months))


def needs_text(row: Mapping[str, Any]) -> str:
    """What the vehicle must have: an eVan, a communication module, or nothing."""
    parts = []
    if row.get("requires_evan"):
        parts.append(QCoreApplication.translate("ProductTableModel", "needs eVan"))
    if row.get("requires_comm_module"):
        parts.append(QCoreApplication.translate("ProductTableModel", "needs communication module"))
    return ", ".join(parts) or "–"


def _term_price(term: int):
    def show(row: dict) -> str:
        if row.get("free"):
            return QCoreApplication.translate("ProductTableModel", "Free")
        ore = monthly_ore(row, term)
        return money_text(ore, row.get("currency") or "SEK") if ore is not None else "–"

    return show


def _term_key(term: int):
    return lambda row: 0 if row.get("free") else (monthly_ore(row, term) or 0)


class ProductTableModel(RowTableModel):
    """One row per product: the monthly price per vehicle for each term it is sold for
    and what the vehicle needs (the description is in the pane's detail and tooltips)."""

    def make_columns(self) -> list[Column]:
        per_month = QCoreApplication.translate(
            "ProductTableModel", "Price per vehicle and month with a %1-month term"
        )
        cols = [
            Column(
                "name",
                QCoreApplication.translate("ProductTableModel", "Product"),
                lambda r: r.get("name") or "",
                tooltip=lambda r: r.get("description") or None,
            ),
        ]
        for term in pricing.TERMS:
            cols.append(
                Column(
                    f"price_{term}",
                    QCoreApplication.translate("ProductTableModel", "%1 mo./month").replace(
                        "%1", str(term)
                    ),
                    _term_price(term),
                    sort_key=_term_key(term),
                    align_right=True,
                    header_tip=per_month.replace("%1", str(term)),
                )
            )
        cols += [
            Column(
                "needs",
                QCoreApplication.translate("ProductTableModel", "Needs"),
                needs_text,
                tooltip=lambda r: r.get("description") or None,
            ),
        ]
        return cols
