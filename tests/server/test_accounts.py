"""Registration, login, token refresh/expiry, throttling, password reset (R5, R15)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from embedded_server.models import AuthToken, MailOutbox
from embedded_server.security import token_hash
from tests.portal_fixtures import register_body


def test_register_makes_unverified_company_admin(portal_client, account) -> None:
    acct = account("Alpha AB")
    assert acct["user"]["roles"] == ["company_admin"]
    assert acct["user"]["verified"] is False
    me = portal_client.get("/api/v1/me", headers=acct["headers"]).json()
    assert me["email"] == acct["email"]
    company = portal_client.get("/api/v1/company", headers=acct["headers"]).json()
    assert company["name"] == "Alpha AB" and company["country"] == "SE"
    users = portal_client.get("/api/v1/users", headers=acct["headers"]).json()
    assert [u["id"] for u in users["items"]] == [me["id"]] and users["next_cursor"] is None
    assert users["items"][0]["roles"] == ["company_admin"] and users["items"][0]["verified"] is False


def test_register_duplicate_email_and_invalid_data(portal_client, account) -> None:
    acct = account()
    r = portal_client.post("/api/v1/register", json=register_body("X", acct["email"], "long enough pw"))
    assert r.status_code == 409 and r.json()["code"] == "email_taken"
    body = register_body("Y", "kid@example.com", "long enough pw")
    body["user"]["birth_date"] = (dt.date.today() - dt.timedelta(days=365 * 10)).isoformat()
    body["user"]["mobile"] = "0701234567"
    r = portal_client.post("/api/v1/register", json=body)
    assert r.status_code == 422
    assert set(r.json()["fields"]) >= {"user.birth_date", "user.mobile"}


def test_login_refresh_rotates(portal_client, account) -> None:
    acct = account()
    r = portal_client.post("/api/v1/auth/login", json={"email": acct["email"], "password": "wrong!!!"})
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    r = portal_client.post("/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]})
    assert r.status_code == 200
    new = r.json()
    assert new["access_token"] != acct["token"] and new["expires_in"] == 3600
    again = portal_client.post("/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]})
    assert again.status_code == 401
    assert portal_client.get("/api/v1/me", headers={"Authorization": f"Bearer {new['access_token']}"}).status_code == 200


def test_missing_bad_and_expired_tokens_are_401(portal_client, portal_app, account) -> None:
    acct = account()
    assert portal_client.get("/api/v1/me").status_code == 401
    assert portal_client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    with portal_app.state.session_factory() as s:
        s.execute(update(AuthToken).where(AuthToken.token_hash == token_hash(acct["token"]))
                  .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        s.commit()
    r = portal_client.get("/api/v1/me", headers=acct["headers"])
    assert r.status_code == 401 and r.json()["code"] == "token_expired"


def test_login_throttled_after_ten_failures(portal_client, account) -> None:
    acct = account()
    for _ in range(9):
        r = portal_client.post("/api/v1/auth/login", json={"email": acct["email"], "password": "bad-pass"})
        assert r.status_code == 401
    r = portal_client.post("/api/v1/auth/login", json={"email": acct["email"], "password": "bad-pass"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    r = portal_client.post("/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]})
    assert r.status_code == 429, "a locked account stays locked even with the right password"


def test_password_reset_is_202_either_way_and_mails_known(portal_client, portal_app, account) -> None:
    acct = account()
    for email in (acct["email"], "nobody@example.com"):
        r = portal_client.post("/api/v1/auth/password-reset", json={"email": email})
        assert r.status_code == 202
    with portal_app.state.session_factory() as s:
        mails = s.query(MailOutbox).all()
    assert [m.to_addr for m in mails] == [acct["email"]]
    assert "password-reset?token=" in mails[0].body
