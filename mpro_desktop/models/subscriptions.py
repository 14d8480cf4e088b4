"""Subscriptions and orders as tables (issue 11, R20): the words for their states and
the dates they start and end."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from mpro_desktop.models.products import amount_ore, money_text, months_text
from mpro_desktop.models.table import Column, RowTableModel

PENDING = "pending_dealer_confirmation"


def parse_iso(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def date_text(value: object) -> str:
    """The local calendar date as 2026-12-07 (a table cell, like the other panes' times)."""
    stamp = parse_iso(value)
    if stamp is None:
        return "–"
    return stamp.astimezone().strftime("%Y-%m-%d")


def date_spelled(stamp: dt.datetime) -> str:
    """ "7 December 2027" / "7 december 2027": a date nobody can misread."""
    d = stamp.astimezone()
    return QLocale().toString(QDate(d.year, d.month, d.day), "d MMMM yyyy")


def status_text(row: dict) -> str:
    if row.get("pending_op") == "end_now":
        return QCoreApplication.translate("SubscriptionTableModel", "Ending now (not sent yet)")
    if row.get("pending_op") == "end":
        return QCoreApplication.translate(
            "SubscriptionTableModel", "Ending at term end (not sent yet)"
        )
    if row.get("state") == "active":
        if row.get("end_at"):
            return QCoreApplication.translate("SubscriptionTableModel", "Active, ends %1").replace(
                "%1", date_text(row.get("end_at"))
            )
        return QCoreApplication.translate("SubscriptionTableModel", "Active")
    if row.get("state") == "ended":
        return QCoreApplication.translate("SubscriptionTableModel", "Ended")
    return str(row.get("state") or "")


def order_state_text(row: dict) -> str:
    if row.get("state") == PENDING:
        return QCoreApplication.translate("OrderTableModel", "Waiting for dealer confirmation")
    if row.get("state") == "active":
        return QCoreApplication.translate("OrderTableModel", "Active")
    return str(row.get("state") or "")


def _price(row: dict) -> str:
    ore = amount_ore(row.get("price"))
    return money_text(ore, row.get("currency") or "SEK") if ore is not None else "–"


class SubscriptionTableModel(RowTableModel):
    """Rows: a subscription's cached JSON plus ``product_name`` and ``vehicle_name``."""

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "product",
                QCoreApplication.translate("SubscriptionTableModel", "Product"),
                lambda r: r.get("product_name") or r.get("product_id") or "",
            ),
            Column(
                "vehicle",
                QCoreApplication.translate("SubscriptionTableModel", "Vehicle"),
                lambda r: r.get("vehicle_name") or "",
            ),
            Column(
                "term",
                QCoreApplication.translate("SubscriptionTableModel", "Term"),
                lambda r: months_text(int(r.get("term_months") or 0)),
                sort_key=lambda r: r.get("term_months") or 0,
            ),
            Column(
                "price",
                QCoreApplication.translate("SubscriptionTableModel", "Per month"),
                _price,
                sort_key=lambda r: amount_ore(r.get("price")) or 0,
                align_right=True,
            ),
            Column(
                "start",
                QCoreApplication.translate("SubscriptionTableModel", "Start"),
                lambda r: date_text(r.get("start_at")),
                sort_key=lambda r: r.get("start_at") or "",
            ),
            Column(
                "end",
                QCoreApplication.translate("SubscriptionTableModel", "End"),
                lambda r: date_text(r.get("end_at")),
                sort_key=lambda r: r.get("end_at") or "",
            ),
            Column(
                "status",
                QCoreApplication.translate("SubscriptionTableModel", "Status"),
                status_text,
            ),
        ]


class OrderTableModel(RowTableModel):
    """Rows: an order's cached JSON plus ``product_names``."""

    def make_columns(self) -> list[Column]:

        def vehicles(r: dict) -> int:
            return len({v for i in r.get("items") or [] for v in i.get("vehicle_ids") or []})

        def money(key: str):
            def show(r: dict) -> str:
                m = r.get(key) or {}
                ore = amount_ore(m)
                return money_text(ore, str(m.get("currency") or "SEK")) if ore is not None else "–"

            return show

        return [
            Column(
                "placed",
                QCoreApplication.translate("OrderTableModel", "Placed"),
                lambda r: date_text(r.get("created_at")),
                sort_key=lambda r: r.get("created_at") or "",
            ),
            Column(
                "state", QCoreApplication.translate("OrderTableModel", "Status"), order_state_text
            ),
            Column(
                "products",
                QCoreApplication.translate("OrderTableModel", "Products"),
                lambda r: r.get("product_names") or "",
            ),
            Column(
                "vehicles",
                QCoreApplication.translate("OrderTableModel", "Vehicles"),
                lambda r: str(vehicles(r)),
                sort_key=vehicles,
                align_right=True,
            ),
            Column(
                "monthly",
                QCoreApplication.translate("OrderTableModel", "Per month"),
                money("monthly"),
                sort_key=lambda r: amount_ore(r.get("monthly")) or 0,
                align_right=True,
            ),
            Column(
                "total",
                QCoreApplication.translate("OrderTableModel", "Total"),
                money("total"),
                sort_key=lambda r: amount_ore(r.get("total")) or 0,
                align_right=True,
            ),
        ]
