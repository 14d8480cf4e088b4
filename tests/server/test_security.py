"""Password hashing parameters and token storage."""

from __future__ import annotations

from sqlalchemy import select

from embedded_server import security
from embedded_server.models import AuthToken, User


def test_production_argon2_parameters(monkeypatch) -> None:
    monkeypatch.delenv("MPRO_ARGON2_TIME_COST", raising=False)
    monkeypatch.delenv("MPRO_ARGON2_MEMORY_KIB", raising=False)
    params = security.argon2_parameters()
    assert params["time_cost"] == 3 and params["memory_cost"] == 65536
    hasher = security.password_hasher()
    assert hasher.time_cost == 3 and hasher.memory_cost == 65536
    assert hasher.type.name == "ID"


def test_passwords_and_tokens_are_stored_hashed(portal_client, portal_app, account) -> None:
    acct = account()
    with portal_app.state.session_factory() as s:
        user = s.scalars(select(User).where(User.email == acct["email"])).one()
        assert user.password_hash.startswith("$argon2id$")
        assert acct["password"] not in user.password_hash
        hashes = set(s.scalars(select(AuthToken.token_hash)))
    assert acct["token"] not in hashes and security.token_hash(acct["token"]) in hashes
