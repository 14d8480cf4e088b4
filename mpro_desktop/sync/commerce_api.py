"""The commerce calls that are online by nature (API.md "Vehicles, products, orders").

An order costs money and makes the accepted terms binding (R20, R21), so it is never
queued: the user sees the portal's answer there and then. Accepting terms, reading them
and provisioning a (simulated) module are online for the same reason. Views call these
through ``run_in_background``; only :func:`remember_order` writes the cache.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mpro_common.private_files import private_file

from .client import PortalClient, PortalError
from .entities import order

if TYPE_CHECKING:
    from .cache import Cache


class CommerceApi:
    """Online commerce calls of a signed-in user, over the worker's client."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    def terms(self) -> list[dict]:
        """Every current terms document (in the client's language) with the caller's
        acceptance (``accepted_at`` null: this version is not accepted yet)."""
        data = self.client.get("terms")
        return list(data.get("items") or []) if isinstance(data, dict) else []

    def accept_term(self, term_id: str, version: int) -> dict:
        """Accept the version the user read (409 ``term_version_outdated`` if a newer
        one was published meanwhile)."""
        return self.client.post(f"terms/{term_id}/accept", {"version": int(version)})

    def place_order(self, items: Sequence[Mapping[str, Any]], order_id: str | None = None) -> dict:
        """``POST /orders`` with a client-chosen id: an answer lost on the way is found
        again by that id (409 ``id_conflict``) instead of ordering twice."""
        order_id = order_id or str(uuid.uuid4())
        body = {"id": order_id, "items": [dict(i) for i in items]}
        try:
            return self.client.post("orders", body, retry=False)
        except PortalError as exc:
            if exc.code != "id_conflict":
                raise
        for o in self.client.get("orders").get("items") or []:
            if o.get("id") == order_id:
                return o
        raise PortalError(409, "id_conflict", "An order with this id exists.")

    def provision_module(self, vehicle_id: str) -> str:
        """A new module token for the vehicle's simulated module, shown once (older ones
        stop working)."""
        data = self.client.post(f"vehicles/{vehicle_id}/module", {}, retry=False)
        return str(data["module_token"])


def write_modules_file(
    api: CommerceApi, vehicles: Sequence[Mapping[str, Any]], path: Path | str
) -> int:
    """A trainer's ``mpro-sim --modules`` file for ``vehicles``: a new module token for
    each (``POST /vehicles/{id}/module``; older tokens of those vans stop working) and
    its fuel type, as ``{"modules": {vin: token}, "vehicles": {vin: fuel_type}}``.

    The tokens are secrets: the file is owner-only from its first byte and appears under
    its name only when complete. Returns the number of vans written.
    """
    path = Path(path)
    modules: dict[str, str] = {}
    fuels: dict[str, str] = {}
    for v in vehicles:
        vin = str(v["vin"])
        modules[vin] = api.provision_module(str(v["id"]))
        fuels[vin] = str(v.get("fuel_type") or "diesel")
    if not modules:
        raise ValueError("no vehicle to write")
    tmp = path.with_name(f".{path.name}.part")
    private_file(tmp)
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"modules": modules, "vehicles": fuels}, fh, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(modules)


def remember_order(cache: Cache, data: Mapping[str, Any]) -> None:
    """The portal's answer to an order, in the cache until the feed repeats it."""
    with cache.write() as conn:
        order.store(conn, data)
