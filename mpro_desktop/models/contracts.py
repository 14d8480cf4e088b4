"""The company's contract history (R6) as table rows: one row per version of every
contract, named by product and vehicle, with the company data that version was made on.

``GET /company/contracts`` answers one item per contract with its ``versions`` list;
the names come from the cache, so this runs off the UI thread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication


def _day(value: Any) -> str:
    return str(value)[:10] if value else ""


def contract_version_rows(
    items: Iterable[Mapping[str, Any]],
    products: Iterable[Mapping[str, Any]] = (),
    vehicles: Iterable[Mapping[str, Any]] = (),
) -> list[list[str]]:
    """``[contract, version, company data, valid from, valid until]`` per version, newest
    contract versions last (the portal's order)."""
    names = {str(p.get("id")): str(p.get("name") or p.get("id")) for p in products}
    vans = {
        str(v.get("id")): str(v.get("name") or v.get("license_plate") or v.get("vin") or "")
        for v in vehicles
    }
    current = QCoreApplication.translate("CompanyPane", "current")
    rows: list[list[str]] = []
    for item in items:
        product = names.get(str(item.get("product_id")), str(item.get("product_id") or ""))
        van = vans.get(str(item.get("vehicle_id")), "")
        title = f"{product} · {van}" if van else product
        ends_on = _day(item.get("ends_on"))
        for v in item.get("versions") or [{}]:
            address = v.get("address") or {}
            company = ", ".join(
                str(x)
                for x in (v.get("company_name"), address.get("city"), v.get("org_number"))
                if x
            )
            until = _day(v.get("valid_to")) or ends_on or current
            rows.append(
                [title, str(v.get("version") or ""), company, _day(v.get("valid_from")), until]
            )
    return rows
