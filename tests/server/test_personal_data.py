"""Personal data (R7, R12, R26): PATCH /me validation, the support password, the export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import embedded_server.app  # noqa: F401 - every domain's tables on the metadata
from embedded_server.accounts.personal import EXPORTERS
from embedded_server.models import Base, User
from tests.server.accounts_fixtures import verify


def test_patch_me_validates(portal_client: Any, account: Any) -> None:
    acct = account("Me AB")
    h = acct["headers"]
    today = dt.date.today()
    bad = {"email": "no-at-sign", "mobile": "0701234567",
           "birth_date": (today + dt.timedelta(days=1)).isoformat()}
    r = portal_client.patch("/api/v1/me", json=bad, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    assert set(r.json()["fields"]) == {"email", "mobile", "birth_date"}
    minor = today.replace(year=today.year - 17).isoformat()
    r = portal_client.patch("/api/v1/me", json={"birth_date": minor}, headers=h)
    assert r.status_code == 422 and r.json()["fields"] == ["birth_date"]
    r = portal_client.patch("/api/v1/me", json={"unknown": 1}, headers=h)
    assert r.status_code == 422
    r = portal_client.patch("/api/v1/me", headers=h, json={
        "first_name": "Nytt", "mobile": "+46 70 000 00 00", "birth_date": "1960-12-31",
        "email": "renamed@example.com"})
    assert r.status_code == 200, r.text
    me = r.json()
    assert (me["first_name"], me["mobile"], me["email"]) == ("Nytt", "+46700000000",
                                                             "renamed@example.com")
    r = portal_client.post("/api/v1/auth/login",
                           json={"email": "renamed@example.com", "password": acct["password"]})
    assert r.status_code == 200  # the login identity moved with it
    other = account("Other AB")
    r = portal_client.patch("/api/v1/me", json={"email": other["email"]}, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "email_taken"


def test_support_password_rules(portal_app: Any, portal_client: Any, account: Any) -> None:
    acct = account("Support AB")
    h = acct["headers"]
    url = "/api/v1/me/support-password"
    for pw, confirm, problem in (("abc12", "abc12", "too_short"),
                                 ("a" * 21, "a" * 21, "too_long"),
                                 ("abc 123", "abc 123", "whitespace"),
                                 ("abc123", "abc124", "mismatch")):
        r = portal_client.put(url, json={"password": pw, "confirm": confirm}, headers=h)
        assert r.status_code == 422 and r.json()["code"] == "invalid_support_password", r.text
        assert problem in r.json()["problems"]
    r = portal_client.put(url, json={"password": "abc123"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    for pw in ("abc123", "x" * 20):  # a new one needs no old one
        r = portal_client.put(url, json={"password": pw, "confirm": pw}, headers=h)
        assert r.status_code == 204
    with portal_app.state.session_factory() as s:
        stored = s.get(User, acct["user"]["id"]).support_password_hash
    assert stored.startswith("$argon2id$") and "x" * 20 not in stored
    for path in ("/api/v1/me", "/api/v1/users", "/api/v1/me/export"):
        text = portal_client.get(path, headers=h).text
        assert stored not in text and "support_password_hash" not in text


def _personal_tables() -> set[str]:
    return {t.name for t in Base.metadata.tables.values()
            if any(c.info.get("personal") for c in t.columns)}


def test_the_export_covers_every_table_with_personal_data(
        portal_app: Any, portal_client: Any, account: Any) -> None:
    tables = _personal_tables()
    assert {"users", "identities", "invitations", "audit_log", "mail_outbox"} <= tables
    assert tables <= set(EXPORTERS), f"add an exporter for {tables - set(EXPORTERS)}"
    inviter = account("Inviter AB")
    verify(portal_app, inviter["user"]["id"])
    inv = portal_client.post("/api/v1/invitations", headers=inviter["headers"],
                             json={"email": "export@example.com", "roles": ["driver"]}).json()
    portal_client.post(f"/api/v1/invitations/{inv['token']}/accept", json={
        "password": "export password", "first_name": "Ex", "last_name": "Port",
        "birth_date": "1980-01-01"})
    tok = portal_client.post("/api/v1/auth/login", json={
        "email": "export@example.com", "password": "export password"}).json()
    h = {"Authorization": f"Bearer {tok['access_token']}"}
    r = portal_client.get("/api/v1/me/export", headers=h)
    assert r.status_code == 200
    out = r.json()
    assert set(out["tables"]) >= tables
    for table in tables:
        assert out["tables"][table], f"nothing exported from {table}"
    user = out["tables"]["users"][0]
    assert (user["first_name"], user["birth_date"], user["email"]) == (
        "Ex", "1980-01-01", "export@example.com")
    text = r.text
    assert "password_hash" not in text and "token_hash" not in text
    assert inviter["email"] not in text  # nobody else's data


def test_age_18_is_counted_to_the_day_and_e164_is_strict(portal_client: Any, account: Any) -> None:
    """R7 at the edges: 18 today is allowed, 18 tomorrow is not; a mobile must be E.164
    (a leading +, a country code, at most 15 digits); an unparseable date is 422."""
    h = account("Kant AB")["headers"]
    today = dt.date.today()

    def years_ago(n: int, d: dt.date) -> dt.date:
        try:
            return d.replace(year=d.year - n)
        except ValueError:  # 29 February
            return d.replace(year=d.year - n, day=28)

    eighteen_today = years_ago(18, today)
    eighteen_tomorrow = years_ago(18, today + dt.timedelta(days=1))
    r = portal_client.patch("/api/v1/me", json={"birth_date": eighteen_tomorrow.isoformat()}, headers=h)
    assert r.status_code == 422 and r.json()["fields"] == ["birth_date"], r.text
    r = portal_client.patch("/api/v1/me", json={"birth_date": eighteen_today.isoformat()}, headers=h)
    assert r.status_code == 200 and r.json()["birth_date"] == eighteen_today.isoformat(), r.text
    for bad in ("2001-02-30", "yesterday", ""):
        r = portal_client.patch("/api/v1/me", json={"birth_date": bad}, headers=h)
        assert r.status_code == 422, (bad, r.text)
    for bad in ("46701234567", "+0701234567", "+4670123456789012", "+46 70 abc", "+"):
        r = portal_client.patch("/api/v1/me", json={"mobile": bad}, headers=h)
        assert r.status_code == 422 and r.json()["fields"] == ["mobile"], (bad, r.text)
    me = portal_client.get("/api/v1/me", headers=h).json()
    assert me["birth_date"] == eighteen_today.isoformat()  # nothing of the refusals stuck


def test_support_password_refuses_every_kind_of_whitespace(portal_client: Any, account: Any) -> None:
    """R12: "no whitespace" means tabs, newlines and non-breaking spaces too; 6 and 20
    characters are the inclusive limits."""
    h = account("Blank AB")["headers"]
    url = "/api/v1/me/support-password"
    for pw in ("abc\t123", "abc\n123", "abc\u00a0123", " abc123", "abc123 "):
        r = portal_client.put(url, json={"password": pw, "confirm": pw}, headers=h)
        assert r.status_code == 422 and "whitespace" in r.json()["problems"], (repr(pw), r.text)
    for pw in ("a" * 6, "å" * 20):
        assert portal_client.put(url, json={"password": pw, "confirm": pw}, headers=h).status_code == 204
    r = portal_client.put(url, json={"password": "a" * 5, "confirm": "a" * 5}, headers=h)
    assert "too_short" in r.json()["problems"]
