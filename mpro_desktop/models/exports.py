"""The vehicle list and the subscriptions as CSV files (issue 11).

Built from cache rows off the UI thread (``QCoreApplication.translate`` is thread-safe)
and written by ``domain.vehicle_csv.write_csv``: UTF-8 with a byte-order mark, the
locale's list separator (``;`` where the decimal mark is a comma, as Swedish Excel
expects; see that module). The vehicle file's first five columns carry the names and
values the importer reads, so an export can be edited and imported into another
account (R9: move vehicles to another account).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain import vehicle_csv
from mpro_desktop.domain.pricing import PricingError, from_ore, to_ore
from mpro_desktop.domain.vehicles import MODULE_ACTIVE, MODULE_NONE, module_state, status_epoch
from mpro_desktop.models import format as fmt

VEHICLE_HEADER = (
    "vin", "name", "license_plate", "fuel_type", "model", "module", "products", "last_contact",
)  # fmt: skip
SUBSCRIPTION_HEADER = (
    "vehicle_vin", "vehicle_name", "product", "state", "price_per_month", "currency",
    "term_months", "start", "end", "term_end",
)  # fmt: skip


def _module_word(row: dict) -> str:
    state = module_state(row)
    if state == MODULE_NONE:
        return QCoreApplication.translate("Export", "none")
    if state == MODULE_ACTIVE:
        return QCoreApplication.translate("Export", "active")
    return QCoreApplication.translate("Export", "inactive")


def vehicles_csv(rows: Sequence[dict], *, separator: str) -> bytes:
    """Vehicle rows (``Cache.vehicles()`` with ``attach_products``) as a CSV file."""
    return vehicle_csv.write_csv(
        VEHICLE_HEADER,
        (
            (
                r.get("vin"),
                r.get("name"),
                r.get("license_plate"),
                r.get("fuel_type") or "diesel",
                r.get("model"),
                _module_word(r),
                ", ".join(r.get("products") or ()),
                _local_time(status_epoch(r.get("status"))),
            )
            for r in rows
        ),
        separator=separator,
    )


def money_text(amount, decimal_point: str) -> str:
    """A catalogue amount ("149.00", Decimal) as exact text with the locale's decimal
    mark ("149,00"), through the pricing module's öre (never a float)."""
    if amount is None:
        return ""
    try:
        text = str(from_ore(to_ore(amount)))
    except (PricingError, TypeError):
        return ""
    return text.replace(".", decimal_point)


def subscriptions_csv(
    subscriptions: Sequence[dict],
    vehicles: Sequence[dict],
    products: Sequence[dict],
    *,
    separator: str,
) -> bytes:
    """Subscription rows (``Cache.subscriptions()``) with their vehicle and product."""
    decimal_point = "," if separator == ";" else "."
    vins = {v.get("id"): v.get("vin") for v in vehicles}
    names = {p.get("id"): p.get("name") for p in products}
    return vehicle_csv.write_csv(
        SUBSCRIPTION_HEADER,
        (
            (
                vins.get(s.get("vehicle_id"), ""),
                s.get("vehicle_name"),
                names.get(s.get("product_id")) or s.get("product_id"),
                state_word(s),
                money_text(s.get("price"), decimal_point),
                s.get("currency"),
                s.get("term_months"),
                _local_date(s.get("start_at")),
                _local_date(s.get("end_at")),
                _local_date(s.get("term_end_at")),
            )
            for s in subscriptions
        ),
        separator=separator,
    )


def state_word(subscription: dict) -> str:
    """Active, Ending (cancelled, runs to its end date) or Ended."""
    if subscription.get("state") == "active":
        if subscription.get("end_at") or subscription.get("pending_op"):
            return QCoreApplication.translate("Export", "ending")
        return QCoreApplication.translate("Export", "active")
    return QCoreApplication.translate("Export", "ended")


def _local_time(epoch: float | None) -> str:
    return fmt.when(epoch) if epoch else ""


def _local_date(iso: str | None) -> str:
    epoch = fmt.iso_to_epoch(iso) if iso else None
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d") if epoch else ""
