"""The account calls that are online by nature (API.md "Accounts", "Dealer"): no outbox.

Signing up, a password reset, a support password, a data export, the company's deletion,
the audit log and everything at a dealer's counter need the portal's answer there and
then, so they are never queued (issue 10: "say so in the UI and queue nothing"). Views
call these through ``run_in_background``; nothing here touches Qt or the cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mpro_common.private_files import private_file

from .client import NotAPortal, PortalClient, PortalError, samples_from_response


def _client(url: str) -> PortalClient:
    return PortalClient(url)


# -- before anyone is signed in --------------------------------------------------------------


def register(url: str, body: Mapping[str, Any]) -> dict:
    """``POST /register``: the company and its first user (R5). The answer is the same
    for a known e-mail (R1): the mail says how to go on."""
    with _client(url) as c:
        return c.post("register", dict(body), auth=False)


def request_password_reset(url: str, email: str) -> None:
    """``POST /auth/password-reset``: 202 whether or not the address is known (R15)."""
    with _client(url) as c:
        c.post("auth/password-reset", {"email": email.strip()}, auth=False)


def confirm_password_reset(url: str, token: str, password: str) -> None:
    with _client(url) as c:
        c.post(
            "auth/password-reset/confirm",
            {"token": token.strip(), "password": password},
            auth=False,
            retry=False,
        )


def dealer_login(url: str, email: str, password: str) -> dict:
    """``POST /dealer/login`` -> tokens with ``actor: "dealer"``."""
    with _client(url) as c:
        return c.post("dealer/login", {"email": email.strip(), "password": password}, auth=False)


def accept_invitation(url: str, token: str, body: Mapping[str, Any]) -> dict:
    """``POST /invitations/{token}/accept`` -> the new user (R13). Sent once: the token
    is single-use, so a retry after a lost answer would only be refused."""
    with _client(url) as c:
        return c.post(f"invitations/{token.strip()}/accept", dict(body), auth=False, retry=False)


# -- the signed-in user ----------------------------------------------------------------------


class AccountApi:
    """Online calls of a signed-in user, over a client that renews its own tokens."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    def me(self) -> dict:
        return self.client.get("me")

    def update_me(self, changes: Mapping[str, Any]) -> dict:
        """``PATCH /me`` (R7: the portal checks e-mail, E.164, birth date, age >= 18)."""
        return self.client.patch("me", dict(changes))

    def set_support_password(self, password: str, confirm: str) -> None:
        """``PUT /me/support-password`` (R12); the password is never stored here."""
        self.client.put(
            "me/support-password", {"password": password, "confirm": confirm}, retry=False
        )

    def export_me(
        self, path: Path, progress: Callable[[int, int | None], None] | None = None
    ) -> int:
        """``GET /me/export`` into ``path`` (mode 0600 from the first byte; R26).

        Written to a private temporary file next to it and renamed when complete, so a
        failed export never leaves half a file under the chosen name.
        """
        path = Path(path)
        tmp = path.with_name(f".{path.name}.part")
        private_file(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            with os.fdopen(fd, "wb") as fh:
                size = self.client.download("me/export", fh.write, progress)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return size

    def company(self) -> dict:
        return self.client.get("company")

    def contracts(self) -> list[dict]:
        """``GET /company/contracts``: every version of every contract (R6)."""
        data = self.client.get("company/contracts")
        if isinstance(data, dict):
            return list(data.get("items") or [])
        return list(data or [])

    def request_company_deletion(self) -> dict:
        """``POST /company/deletion`` -> ``{confirmation_code}`` (also mailed, R8)."""
        return self.client.post("company/deletion", {})

    def confirm_company_deletion(self, code: str) -> dict:
        """-> ``{services_deactivated_at, contracts_end_on}``."""
        return self.client.post(
            "company/deletion/confirm", {"confirmation_code": code.strip()}, retry=False
        )

    def trips(self, vehicle_id: str, *, since: str | None = None, until: str | None = None) -> list:
        """``GET /vehicles/{id}/trips`` (oldest first, at most 1,000: a period narrows it)."""
        params = {k: v for k, v in (("from", since), ("to", until)) if v}
        page = self.client.get(f"vehicles/{quote(vehicle_id, safe='')}/trips", params=params)
        items = page.get("items") if isinstance(page, dict) else None
        return items if isinstance(items, list) else []

    def history(self, vehicle_id: str, since: float, until: float, *, fields: Sequence[str],
                max_points: int) -> list[dict]:
        """``GET /vehicles/{id}/telemetry`` with ``max_points``: a days-long range
        downsampled by the portal (min and max of each bucket kept), oldest first."""
        body = self.client.telemetry(quote(vehicle_id, safe=""), since, until, fields=fields,
                                     max_points=max_points)
        return samples_from_response(body)

    def audit(
        self,
        *,
        cursor: str | None = None,
        limit: int = 50,
        user_id: str | None = None,
        action: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> dict:
        """One page of ``GET /audit`` (``{"items", "next_cursor"}``), filtered."""
        params: dict[str, Any] = {"limit": limit}
        for key, value in (
            ("cursor", cursor),
            ("user", user_id),
            ("action", action),
            ("from", since),
            ("to", until),
        ):
            if value:
                params[key] = value
        return self.client.get("audit", params=params)

    # -- rFMS clients (API.md "Integration"): a company admin's, online only -------------

    @property
    def portal_url(self) -> str:
        """The portal's address (an rFMS client needs it for /oauth/token and /rfms)."""
        return self.client.base_url

    def rfms_clients(self) -> list[dict]:
        """``GET /integrations/rfms-clients``: the company's clients, without secrets."""
        return list(self.client.get("integrations/rfms-clients").get("items") or [])

    def create_rfms_client(self, name: str) -> dict:
        """``POST /integrations/rfms-clients`` -> ``{id, client_id, client_secret, ...}``.
        Sent once: a resent request would make a second client (the secret is never
        replayed), so a lost answer means: look at the list, revoke the stray one."""
        return self.client.post("integrations/rfms-clients", {"name": name.strip()}, retry=False)

    def revoke_rfms_client(self, client_pk: str) -> None:
        """``DELETE /integrations/rfms-clients/{id}``: its tokens stop working at once."""
        self.client.delete(f"integrations/rfms-clients/{client_pk}")


# -- at a dealer's counter -------------------------------------------------------------------


class DealerApi:
    """What a signed-in dealer does (R4, R10–R12); every call is audited by the portal."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    @classmethod
    def signed_in(cls, url: str, tokens: Mapping[str, Any]) -> DealerApi:
        return cls(
            PortalClient(
                url,
                access_token=str(tokens["access_token"]),
                refresh_token=tokens.get("refresh_token"),
            )
        )

    def find_customer(self, email: str) -> dict:
        """``GET /dealer/users?email=`` (404 ``PortalError`` when unknown)."""
        return self.client.get("dealer/users", params={"email": email.strip()})

    def verify(self, user_id: str, document: Mapping[str, str]) -> dict:
        """``POST /dealer/verifications``; 409 ``identity_mismatch`` names the fields."""
        return self.client.post(
            "dealer/verifications", {"user_id": user_id, "id_document": dict(document)}
        )

    def open_support_session(self, user_email: str, support_password: str) -> dict:
        """-> ``{access_token, expires_at, acting_as}`` (R12); 403 on a wrong password."""
        return self.client.post(
            "dealer/support-sessions",
            {"user_email": user_email.strip(), "support_password": support_password},
            retry=False,
        )

    def end_support_session(self, session: Mapping[str, Any]) -> None:
        """End it on the portal where it can be ended early; it ends at expiry anyway."""
        sid = session.get("id") or session.get("session_id")
        path = f"dealer/support-sessions/{sid}" if sid else "dealer/support-sessions/current"
        try:
            self.client.delete(path)
        except PortalError as exc:
            if exc.status not in (404, 405):
                raise

    def in_session(self, session: Mapping[str, Any]) -> SupportSessionApi:
        """The calls made with an open support session's own token (``acting_as``)."""
        return SupportSessionApi(
            PortalClient(
                self.client.base_url,
                access_token=str(session["access_token"]),
                language=self.client.language,
            )
        )

    def close(self) -> None:
        self.client.close()


#: an order waiting for a dealer (R10, API.md ``state``)
PENDING_DEALER_CONFIRMATION = "pending_dealer_confirmation"
#: vehicles named per order line at the counter (the rest are counted): bounded work
#: for an order of hundreds of vans
VEHICLES_NAMED_PER_LINE = 5


class SupportSessionApi:
    """What a dealer does inside an open support session (R10, R12, R20): every call
    carries the session's token, so the portal acts as the customer with their roles and
    writes each request to their company's audit log. No refresh token: the session
    ends at its expiry and is not renewed."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    def pending_orders(self) -> list[dict]:
        """The company's orders waiting for a dealer, each line with its product's name
        and the first vehicles' names: ``{..order, "lines": [{"product", "vehicles",
        "more_vehicles", ..line}], "ordered_by_name"}``, oldest first."""
        data = self.client.get("orders")
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise NotAPortal(self.client.base_url, "GET orders", "no list of items")
        orders = [
            o
            for o in items
            if isinstance(o, dict) and o.get("state") == PENDING_DEALER_CONFIRMATION
        ]
        if not orders:
            return []
        products = {str(p["id"]): p for p in self.client.products()}
        users = {str(u["id"]): u for u in self.client.users()}
        vehicles: dict[str, dict | None] = {}

        def vehicle(vid: str) -> dict | None:
            if vid not in vehicles:
                try:
                    vehicles[vid] = self.client.vehicle(vid)
                except PortalError as exc:
                    if exc.status != 404:
                        raise
                    vehicles[vid] = None  # removed meanwhile: the id is shown
            return vehicles[vid]

        out = []
        for order in sorted(orders, key=lambda o: str(o.get("created_at") or "")):
            lines = []
            for item in order.get("items") or []:
                ids = [str(v) for v in item.get("vehicle_ids") or []]
                named = [vehicle(v) or {"id": v} for v in ids[:VEHICLES_NAMED_PER_LINE]]
                product = products.get(str(item.get("product_id")), {})
                lines.append(
                    {
                        **item,
                        "product": product.get("name") or str(item.get("product_id")),
                        "vehicles": named,
                        "more_vehicles": max(0, len(ids) - len(named)),
                    }
                )
            who = users.get(str(order.get("ordered_by")), {})
            name = f"{who.get('first_name') or ''} {who.get('last_name') or ''}".strip()
            out.append({**order, "lines": lines, "ordered_by_name": name})
        return out

    def confirm_order(self, order_id: str) -> dict:
        """``POST /dealer/orders/{id}/confirm`` -> the order, ``active`` (R10, R20); sent
        once (a repeat would only hear 409 ``order_not_pending``)."""
        return self.client.post(f"dealer/orders/{order_id}/confirm", {}, retry=False)

    def close(self) -> None:
        self.client.close()


def mismatched_fields(exc: PortalError) -> list[str]:
    """The fields a 409 ``identity_mismatch`` names (R11), in the order the portal sent."""
    body = exc.body if isinstance(exc.body, dict) else {}
    fields = body.get("mismatched_fields") or body.get("fields") or []
    return [str(f) for f in fields]
