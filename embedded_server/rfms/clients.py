"""rFMS clients: a company admin creates and revokes them (API.md "Integration").

The secret is made here, returned once and kept only as an argon2 hash (the same hasher
as passwords, ``security``); revoking a client deletes its tokens, so they stop working
at once (the token check also refuses a revoked client's)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.audit import service as audit
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.rfms import repository as repo
from embedded_server.rfms.models import RfmsClient
from embedded_server.rfms.schemas import RfmsClientCreated, RfmsClientOut
from embedded_server.security import hash_password, new_token
from embedded_server.tenancy import AuthContext

CLIENT_ID_PREFIX = "rfms_"
SECRET_PREFIX = "rfs_"


def _actor(auth: AuthContext) -> dict[str, Any]:
    """Audit fields of the caller (a dealer acting in a support session is named too)."""
    if auth.dealer_id is not None:
        return {"actor_dealer_id": auth.dealer_id, "acting_as_user_id": auth.user_id}
    return {"actor_user_id": auth.user_id}


def create_client(session: Session, *, auth: AuthContext, name: str) -> dict[str, Any]:
    """A new client of the caller's company with a fresh secret (in the answer only)."""
    secret = new_token(SECRET_PREFIX)
    client = RfmsClient(
        id=str(uuid.uuid4()),
        company_id=auth.company_id,
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(12),
        name=name,
        secret_hash=hash_password(secret),
        created_by=auth.user_id,
        created_at=utcnow(),
    )
    session.add(client)
    session.flush()
    audit.record(
        session,
        company_id=auth.company_id,
        **_actor(auth),
        action="rfms_client.created",
        target_type="rfms_client",
        target_id=client.id,
        detail={"name": name, "client_id": client.client_id},
    )
    return RfmsClientCreated.dump({**RfmsClientOut.dump(client), "client_secret": secret})


def list_clients(session: Session, *, auth: AuthContext) -> list[RfmsClient]:
    return repo.list_clients(session, auth)


def revoke_client(session: Session, *, auth: AuthContext, client_pk: str) -> None:
    """Revoke (idempotent for an already revoked one); 404 for another company's."""
    client = repo.get_client(session, auth, client_pk)
    if client is None:
        raise ProblemError(404, "not_found", "rFMS client not found.")
    repo.drop_tokens(session, client.id)
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        audit.record(
            session,
            company_id=auth.company_id,
            **_actor(auth),
            action="rfms_client.revoked",
            target_type="rfms_client",
            target_id=client.id,
            detail={"name": client.name, "client_id": client.client_id},
        )
