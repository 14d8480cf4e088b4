"""OAuth 2.0 client credentials (RFC 6749 §4.4) for rFMS clients, and the token check.

``POST /oauth/token`` takes a form body ``grant_type=client_credentials[&scope=rfms]``
and the client's credentials as HTTP Basic (§2.3.1) or as ``client_id`` /
``client_secret`` form fields (never both). Failures are §5.2 error bodies. Guessing is
throttled like the user sign-in, by the same counters (``accounts.throttle``, with the
sign-in's limits): per client id, known or not, and per client address; the attempt is
counted and committed before the slow argon2 check.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from sqlalchemy.orm import Session

from embedded_server.accounts import throttle
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.models import Company
from embedded_server.rfms import repository as repo
from embedded_server.rfms.models import RfmsAccessToken
from embedded_server.rfms.query import RfmsError
from embedded_server.security import burn_password_check, new_token, token_hash, verify_password
from embedded_server.tenancy import CompanyScope
from embedded_server.validation import text_problem

GRANT_TYPE = "client_credentials"
SCOPE = "rfms"
TOKEN_PREFIX = "rfa_"
#: longer credentials are refused unread (a secret is ~47 characters)
CREDENTIAL_MAX = 200
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
REALM = 'Basic realm="rfms"'


class OAuthError(Exception):
    """An RFC 6749 §5.2 error: ``error`` code, status (400, 401 or 429) and headers."""

    def __init__(
        self, status: int, error: str, description: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def _invalid_request(why: str) -> OAuthError:
    return OAuthError(400, "invalid_request", why)


def _invalid_client(why: str = "Client authentication failed.") -> OAuthError:
    return OAuthError(401, "invalid_client", why, {"WWW-Authenticate": REALM})


@dataclass(frozen=True, slots=True)
class TokenRequest:
    client_id: str
    client_secret: str
    scope: str


def parse_token_request(content_type: str, body: bytes, authorization: str | None) -> TokenRequest:
    """The checked request, or the §5.2 error for it."""
    if content_type.split(";", 1)[0].strip().lower() != FORM_MEDIA_TYPE:
        raise _invalid_request(f"Send the parameters as {FORM_MEDIA_TYPE}.")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise _invalid_request("The form body is not valid.") from None
    form: dict[str, str] = {}
    for key, value in pairs:
        if key in form:
            raise _invalid_request(f"The parameter {key!r} is given more than once.")
        if text_problem(key) or text_problem(value):
            raise _invalid_request("The form body contains characters that are not allowed.")
        form[key] = value
    grant = form.get("grant_type")
    if not grant:
        raise _invalid_request("The parameter 'grant_type' is missing.")
    if grant != GRANT_TYPE:
        raise OAuthError(
            400, "unsupported_grant_type", f"Only grant_type={GRANT_TYPE} is supported."
        )
    scope = form.get("scope", SCOPE)
    if scope.split() != [SCOPE]:
        raise OAuthError(400, "invalid_scope", f"The only scope is {SCOPE!r}.")
    basic = _basic_credentials(authorization)
    in_body = "client_id" in form or "client_secret" in form
    if basic is not None and in_body:
        raise _invalid_request("Authenticate with HTTP Basic or with form fields, not both.")
    client_id, secret = (
        basic if basic is not None else (form.get("client_id", ""), form.get("client_secret", ""))
    )
    if not client_id or not secret:
        raise _invalid_client("Client credentials are missing.")
    if (
        len(client_id) > CREDENTIAL_MAX
        or len(secret) > CREDENTIAL_MAX
        or text_problem(client_id + secret)
    ):
        raise _invalid_client()
    return TokenRequest(client_id=client_id, client_secret=secret, scope=SCOPE)


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(id, secret) of an ``Authorization: Basic`` header (each part form-encoded,
    RFC 6749 §2.3.1), None without one; another scheme is a failed authentication."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise _invalid_client("Use HTTP Basic for the client credentials.")
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise _invalid_client("The Basic credentials are not valid base64 of id:secret.") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise _invalid_client("The Basic credentials are not valid base64 of id:secret.")
    return unquote_plus(client_id), unquote_plus(secret)


def _limits(settings: Settings) -> tuple[throttle.Limit, throttle.Limit]:
    """The sign-in's limits under rFMS names (a client id is counted like an e-mail)."""
    per_client = throttle.Limit(
        "rfms-client", settings.login_max_failures, None, settings.login_lockout_s
    )
    per_address = throttle.Limit(
        "rfms-address", settings.login_client_max_failures, settings.login_client_window_s
    )
    return per_client, per_address


def _too_many(retry_after: int) -> OAuthError:
    return OAuthError(
        429,
        "invalid_client",
        f"Too many failed attempts; try again in {retry_after} seconds.",
        {"Retry-After": str(retry_after)},
    )


class Refused(Exception):
    """A refusal whose throttle bookkeeping must be committed before answering."""

    def __init__(self, error: OAuthError) -> None:
        super().__init__(error.description)
        self.error = error


def issue_token(
    session: Session, *, request: TokenRequest, settings: Settings, address: str
) -> dict[str, Any]:
    """Check the credentials (throttled) and issue a token for the client's company."""
    per_client, per_address = _limits(settings)
    by_address = throttle.hit(session, per_address, address)
    if by_address.refused:
        session.commit()
        raise Refused(_too_many(by_address.retry_after))
    by_client = throttle.hit(session, per_client, request.client_id)
    session.commit()  # the attempt counts even if this process dies during the check
    if by_client.refused:
        raise Refused(_too_many(by_client.retry_after))
    client = repo.find_client(session, request.client_id)
    secret_hash = client.secret_hash if client is not None else None
    session.commit()  # no transaction open during the slow hash check
    if secret_hash is None:
        burn_password_check(request.client_secret)
        ok = False
    else:
        ok = verify_password(secret_hash, request.client_secret)
    if not ok:
        if by_client.blocked or by_address.blocked:
            raise Refused(_too_many(max(by_client.retry_after, by_address.retry_after)))
        raise Refused(_invalid_client())
    throttle.clear(session, per_client, request.client_id)
    throttle.undo(session, per_address, address, by_address)
    client = repo.find_client(session, request.client_id)
    company = session.get(Company, client.company_id) if client is not None else None
    if (
        client is None
        or client.revoked_at is not None
        or company is None
        or (company.deleted_at is not None)
    ):
        raise Refused(_invalid_client("The client is revoked."))
    now = utcnow()
    token = new_token(TOKEN_PREFIX)
    repo.drop_expired_tokens(session, now)
    session.add(
        RfmsAccessToken(
            token_hash=token_hash(token),
            client_pk=client.id,
            expires_at=now + dt.timedelta(seconds=settings.rfms_token_ttl_s),
            created_at=now,
        )
    )
    client.last_used_at = now
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": settings.rfms_token_ttl_s,
        "scope": SCOPE,
    }


@dataclass(frozen=True, slots=True)
class RfmsCaller:
    """An rFMS client acting for its company (read-only)."""

    company_id: str
    client_pk: str

    @property
    def scope(self) -> CompanyScope:
        return CompanyScope(self.company_id)


_BEARER = {"WWW-Authenticate": 'Bearer realm="rfms"'}


def _invalid_token(error: str, description: str) -> RfmsError:
    return RfmsError(401, error, description, _BEARER)


def authenticate(session: Session, authorization: str | None) -> RfmsCaller:
    """The caller of an ``Authorization: Bearer`` rFMS token. No header is the standard's
    400 ``NoBearerToken``; an unknown, expired or revoked token (or a portal user's token)
    is 401."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise RfmsError(400, "NoBearerToken", "No bearer token provided in the request.", _BEARER)
    row = repo.get_token(session, token_hash(token.strip()))
    if row is None or row.client.revoked_at is not None:
        raise _invalid_token("InvalidAccessToken", "The provided access token is not valid.")
    if row.expires_at <= utcnow():
        raise _invalid_token(
            "ExpiredAccessToken", "The access token has expired; request a new one at /oauth/token."
        )
    company = session.get(Company, row.client.company_id)
    if company is None or company.deleted_at is not None:
        raise _invalid_token("InvalidAccessToken", "The provided access token is not valid.")
    return RfmsCaller(company_id=row.client.company_id, client_pk=row.client.id)
