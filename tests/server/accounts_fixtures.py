"""Helpers for the account tests (issue 10): verified admins, members with given roles,
the newest mail to an address, a sign-in."""

from __future__ import annotations

import re
import uuid
from typing import Any

from embedded_server.accounts.service import create_user
from embedded_server.db import utcnow
from embedded_server.models import MailOutbox, User

PASSWORD = "correct horse battery"


def verify(portal_app: Any, user_id: str, dealer_id: str = "D-TEST") -> None:
    with portal_app.state.session_factory() as s:
        u = s.get(User, user_id)
        u.verified, u.verified_at, u.verified_by = True, utcnow(), dealer_id
        s.commit()


def member(portal_app: Any, client: Any, company_id: str, roles: list[str],
           *, verified: bool = False) -> dict[str, Any]:
    """A user of ``company_id`` with ``roles``, signed in: ``{"id", "email", "headers"}``."""
    email = f"{'-'.join(roles)}-{uuid.uuid4().hex[:8]}@example.com"
    with portal_app.state.session_factory() as s:
        u = create_user(s, company_id=company_id, email=email, password=PASSWORD,
                        first_name="Mem", last_name="Ber", roles=roles, verified=verified)
        uid = u.id
        s.commit()
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"id": uid, "email": email,
            "headers": {"Authorization": f"Bearer {r.json()['access_token']}"}}


def last_mail(portal_app: Any, to: str) -> MailOutbox:
    with portal_app.state.session_factory() as s:
        rows = s.query(MailOutbox).filter(MailOutbox.to_addr == to).order_by(MailOutbox.id).all()
        assert rows, f"no mail to {to}"
        s.expunge_all()
        return rows[-1]


def token_in(body: str) -> str:
    m = re.search(r"token=(\S+)", body)
    assert m, body
    return m.group(1)


def changes(client: Any, headers: dict[str, str], entity: str) -> list[dict[str, Any]]:
    r = client.get("/api/v1/changes", headers=headers)
    assert r.status_code == 200, r.text
    return [c for c in r.json()["changes"] if c["entity"] == entity]
