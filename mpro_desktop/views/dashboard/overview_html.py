"""The cost overview's sections as HTML tables (Qt rich text): the Dashboard shows them
in labels, the PDF prints them; one wording for both. Every value is escaped.

Safe to call off the UI thread (``QCoreApplication.translate`` and ``QLocale`` are).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain.cost_overview import CostOverview
from mpro_desktop.domain.pricing import TERMS
from mpro_desktop.models.products import amount_ore, money_text, monthly_ore, months_text
from mpro_desktop.models.subscriptions import date_text

_CELL = "style='padding:2px 10px 2px 0'"
_NUM = "style='padding:2px 10px 2px 0' align='right'"
_HEAD = "style='padding:2px 10px 2px 0; font-weight:600' align='left'"
_HEAD_NUM = "style='padding:2px 10px 2px 0; font-weight:600' align='right'"


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(header: Sequence[tuple[str, bool]], rows: Sequence[Sequence[tuple[str, bool]]]) -> str:
    """``header``/cells are ``(text, numeric)``; texts are escaped here."""
    head = "".join(f"<th {_HEAD_NUM if num else _HEAD}>{_e(t)}</th>" for t, num in header)
    body = "".join(
        "<tr>" + "".join(f"<td {_NUM if num else _CELL}>{_e(t)}</td>" for t, num in row) + "</tr>"
        for row in rows
    )
    # <thead>: a table that runs over a page break repeats its header (the PDF)
    return f"<table cellspacing='0'><thead><tr>{head}</tr></thead>{body}</table>"


def costs_html(overview: CostOverview) -> str:
    """Per product and term: vehicles, price per vehicle and month, per month; the totals."""
    if not overview.lines:
        return _e(QCoreApplication.translate("CostOverview", "No active paid subscriptions."))
    cur = overview.currency
    rows = [
        [
            (line.product_name, False),
            (months_text(line.term_months), False),
            (str(line.vehicles), True),
            (money_text(line.unit_monthly_ore, cur), True),
            (money_text(line.monthly_ore, cur), True),
        ]
        for line in overview.lines
    ]
    rows.append(
        [
            (QCoreApplication.translate("CostOverview", "Per month"), False),
            ("", False),
            ("", True),
            ("", True),
            (money_text(overview.monthly_ore, cur), True),
        ]
    )
    rows.append(
        [
            (QCoreApplication.translate("CostOverview", "Per year"), False),
            ("", False),
            ("", True),
            ("", True),
            (money_text(overview.yearly_ore, cur), True),
        ]
    )
    header = [
        (QCoreApplication.translate("CostOverview", "Product"), False),
        (QCoreApplication.translate("CostOverview", "Term"), False),
        (QCoreApplication.translate("CostOverview", "Vehicles"), True),
        (QCoreApplication.translate("CostOverview", "Per vehicle and month"), True),
        (QCoreApplication.translate("CostOverview", "Per month"), True),
    ]
    text = _table(header, rows)
    if overview.unpriced:
        text += (
            "<p>"
            + _e(
                QCoreApplication.translate(
                    "CostOverview", "Subscriptions without a known price, not included: %1."
                ).replace("%1", str(overview.unpriced))
            )
            + "</p>"
        )
    return text


def subscriptions_html(overview: CostOverview, limit: int | None = None) -> str:
    """Active subscriptions, the soonest end first: product, vehicle, term, ends / renews."""
    subs = overview.subscriptions
    if not subs:
        return _e(QCoreApplication.translate("CostOverview", "No active subscriptions."))
    shown = subs if limit is None else subs[:limit]
    rows = []
    for s in shown:
        if s.end_at:
            ends = QCoreApplication.translate("CostOverview", "Ends %1").replace(
                "%1", date_text(s.end_at)
            )
        else:
            ends = QCoreApplication.translate("CostOverview", "Renews %1").replace(
                "%1", date_text(s.term_end_at)
            )
        rows.append(
            [
                (s.product_name, False),
                (s.vehicle_name, False),
                (months_text(s.term_months), False),
                (money_text(s.monthly_ore, overview.currency), True),
                (ends, False),
            ]
        )
    header = [
        (QCoreApplication.translate("CostOverview", "Product"), False),
        (QCoreApplication.translate("CostOverview", "Vehicle"), False),
        (QCoreApplication.translate("CostOverview", "Term"), False),
        (QCoreApplication.translate("CostOverview", "Per month"), True),
        (QCoreApplication.translate("CostOverview", "End date"), False),
    ]
    return _table(header, rows) + _more(len(subs), len(shown))


def names_html(names: Sequence[str], limit: int | None = None) -> str:
    """Vehicle names, comma separated, the first ``limit`` and how many more."""
    if not names:
        return _e(QCoreApplication.translate("CostOverview", "None."))
    shown = names if limit is None else names[:limit]
    text = ", ".join(shown)
    if len(names) > len(shown):
        text += " " + QCoreApplication.translate("CostOverview", "and %1 more").replace(
            "%1", str(len(names) - len(shown))
        )
    return _e(text)


def _more(total: int, shown: int) -> str:
    """ "and 12 more (all in the Subscriptions pane)." under a shortened table."""
    if total <= shown:
        return ""
    text = QCoreApplication.translate(
        "CostOverview", "and %1 more (all in the Subscriptions pane)."
    ).replace("%1", str(total - shown))
    return f"<p>{_e(text)}</p>"


def pending_orders_html(
    overview: CostOverview, product_names: Mapping[str, str], limit: int | None = None
) -> str:
    """Orders waiting for a dealer: the first ``limit`` (a rich-text table in a label
    lays out slowly: 40 rows took a second of the UI thread) and how many more."""
    orders = overview.pending_orders
    if not orders:
        return _e(QCoreApplication.translate("CostOverview", "No orders waiting."))
    shown = orders if limit is None else orders[:limit]
    rows = []
    for o in shown:
        items = ", ".join(
            QCoreApplication.translate("CostOverview", "%1 × %2")
            .replace("%1", product_names.get(str(i.get("product_id")), str(i.get("product_id"))))
            .replace("%2", str(len(i.get("vehicle_ids") or ())))
            for i in (o.get("items") or ())
            if isinstance(i, Mapping)
        )
        currency = _currency(o.get("monthly")) or overview.currency
        rows.append(
            [
                (date_text(o.get("created_at")), False),
                (items, False),
                (money_text(amount_ore(o.get("monthly")), currency), True),
                (money_text(amount_ore(o.get("total")), currency), True),
            ]
        )
    header = [
        (QCoreApplication.translate("CostOverview", "Ordered"), False),
        (QCoreApplication.translate("CostOverview", "Products × vehicles"), False),
        (QCoreApplication.translate("CostOverview", "Per month"), True),
        (QCoreApplication.translate("CostOverview", "Whole term"), True),
    ]
    note = QCoreApplication.translate(
        "CostOverview", "Waiting for a dealer to confirm them (the ordering user is not verified)."
    )
    return _table(header, rows) + _more(len(orders), len(shown)) + f"<p>{_e(note)}</p>"


def _currency(money: Any) -> str | None:
    return money.get("currency") if isinstance(money, Mapping) else None


def products_html(products: Sequence[Mapping[str, Any]]) -> str:
    """The catalogue: each product's monthly price per vehicle for 12, 24 and 36 months."""
    if not products:
        return _e(QCoreApplication.translate("CostOverview", "No products yet."))
    free = QCoreApplication.translate("CostOverview", "Free")
    rows = []
    for p in products:
        cur = p.get("currency") or "SEK"
        prices = []
        for term in TERMS:
            ore = None if p.get("free") else monthly_ore(p, term)
            prices.append((free if p.get("free") else money_text(ore, cur), True))
        rows.append([(str(p.get("name") or p.get("id") or ""), False), *prices])
    header = [
        (QCoreApplication.translate("CostOverview", "Product"), False),
        *(
            (
                QCoreApplication.translate("CostOverview", "%1 months").replace("%1", str(t)),
                True,
            )
            for t in TERMS
        ),
    ]
    note = QCoreApplication.translate(
        "CostOverview", "Prices per vehicle and month; a longer term costs less per month."
    )
    return _table(header, rows) + f"<p>{_e(note)}</p>"
