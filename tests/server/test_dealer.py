"""The dealer counter (issue 10; R4, R10-R12; API.md "Dealer") on SQLite and PostgreSQL.

A dealer signs in (its own token kind, ``actor: "dealer"``), finds the customer by
e-mail, verifies their identity against an ID document and opens a support session with
the user's support password; the session's token acts as that user (company, roles)
until it ends or expires. Every step is in the customer company's audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select, update

from embedded_server.accounts.service import create_user
from embedded_server.dealer import service as dealer_service
from embedded_server.dealer.models import IdentityVerification, SupportSession
from embedded_server.models import User
from embedded_server.security import hash_password
from tests.server.conftest import VIN1, VIN2

DEALER_PASSWORD = "dealer secret 1"
SUPPORT_PASSWORD = "Stöd-123"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def make_dealer(portal_app: Any, dealer_id: str | None = None) -> dict[str, Any]:
    dealer_id = dealer_id or f"D-{uuid.uuid4().hex[:6]}"
    email = f"{dealer_id.lower()}@dealer.example.com"
    with portal_app.state.session_factory() as s:
        dealer_service.create_dealer(
            s, dealer_id=dealer_id, name="Bilhallen AB", email=email, password=DEALER_PASSWORD
        )
        s.commit()
    return {"dealer_id": dealer_id, "email": email}


@pytest.fixture
def dealer(portal_app: Any, portal_client: Any) -> dict[str, Any]:
    """A dealer, signed in: ``headers`` carry its own (dealer) token."""
    d = make_dealer(portal_app)
    r = portal_client.post(
        "/api/v1/dealer/login", json={"email": d["email"], "password": DEALER_PASSWORD}
    )
    assert r.status_code == 200, r.text
    d["login"] = r.json()
    d["headers"] = _bearer(r.json()["access_token"])
    return d


def set_support_password(portal_app: Any, user_id: str, password: str = SUPPORT_PASSWORD) -> None:
    with portal_app.state.session_factory() as s:
        s.execute(
            update(User).where(User.id == user_id).values(
                support_password_hash=hash_password(password)
            )
        )
        s.commit()


def open_session(client: Any, dealer: dict[str, Any], email: str,
                 password: str = SUPPORT_PASSWORD) -> Any:
    return client.post(
        "/api/v1/dealer/support-sessions",
        json={"user_email": email, "support_password": password},
        headers=dealer["headers"],
    )


def audit(client: Any, admin: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/v1/audit", params={"limit": 500, **params}, headers=admin["headers"])
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def add_member(portal_app: Any, company_id: str, roles: list[str], **kw: Any) -> str:
    email = f"member-{uuid.uuid4().hex[:8]}@example.com"
    with portal_app.state.session_factory() as s:
        user = create_user(
            s, company_id=company_id, email=email, password="correct horse battery",
            first_name=kw.get("first_name", "Erik"), last_name=kw.get("last_name", "Johansson"),
            roles=roles, birth_date=kw.get("birth_date", dt.date(1990, 1, 1)),
        )
        s.commit()
        return user.email


# --- sign-in (R4) ---------------------------------------------------------------------


def test_dealer_login_gives_a_dealer_token(portal_client: Any, dealer: dict[str, Any]) -> None:
    body = dealer["login"]
    assert body["actor"] == "dealer" and body["token_type"] == "bearer"
    assert body["access_token"].startswith("dt_") and body["expires_in"] > 0
    assert body["dealer"]["dealer_id"] == dealer["dealer_id"]
    assert body["dealer"]["name"] == "Bilhallen AB"
    assert "password" not in str(body["dealer"]).lower()


def test_dealer_login_refuses_alike_and_is_throttled(
    portal_client: Any, dealer: dict[str, Any]
) -> None:
    """A wrong password and an unknown address get the same answer (no enumeration), and
    both are locked after 10 consecutive failures (429 + Retry-After), as a user's are."""
    wrong = portal_client.post(
        "/api/v1/dealer/login", json={"email": dealer["email"], "password": "nope nope"}
    )
    unknown = portal_client.post(
        "/api/v1/dealer/login", json={"email": "nobody@dealer.example.com", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    for email in (dealer["email"], "nobody@dealer.example.com"):
        codes = [
            portal_client.post(
                "/api/v1/dealer/login", json={"email": email, "password": "nope nope"}
            ).status_code
            for _ in range(10)
        ]
        assert codes[-1] == 429 and 401 in codes, codes
        r = portal_client.post(
            "/api/v1/dealer/login", json={"email": email, "password": DEALER_PASSWORD}
        )
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_user_cannot_sign_in_as_dealer_nor_a_dealer_as_user(
    portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    r = portal_client.post(
        "/api/v1/dealer/login", json={"email": acct["email"], "password": acct["password"]}
    )
    assert r.status_code == 401
    r = portal_client.post(
        "/api/v1/auth/login", json={"email": dealer["email"], "password": DEALER_PASSWORD}
    )
    assert r.status_code == 401


# --- token kinds (R4): the permission table for the dealer actor -----------------------


def _operations(client: Any) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").json()
    return [
        (m.upper(), p, op)
        for p, item in spec["paths"].items()
        for m, op in item.items()
        if m in ("get", "post", "put", "patch", "delete")
    ]


def _url(path: str) -> str:
    return path.replace("{", "").replace("}", "")  # any id: the refusal comes first


def test_a_dealer_token_is_refused_on_every_company_route(
    portal_client: Any, dealer: dict[str, Any]
) -> None:
    """Every operation needing a company permission answers a dealer's own token 403
    ``support_session_required``; every dealer operation accepts it."""
    company_ops = dealer_ops = 0
    for method, path, op in _operations(portal_client):
        permission = op["x-permission"]
        if permission == "public" or path == "/api/v1/stream":
            continue
        body = {} if method in ("POST", "PUT", "PATCH") else None
        r = portal_client.request(method, _url(path), json=body, headers=dealer["headers"])
        code = r.json().get("code") if r.content else None
        if path == "/api/v1/dealer/orders/{order_id}/confirm":
            # API.md: confirming needs a support session on the order's company (issue 11)
            assert (r.status_code, code) == (403, "support_session_required"), r.text
        elif permission == "dealer":
            dealer_ops += 1
            assert r.status_code != 403 and r.status_code != 401, (method, path, r.text)
        else:
            company_ops += 1
            assert (r.status_code, code) == (403, "support_session_required"), (
                method, path, r.status_code, r.text[:200])
    r = portal_client.get("/api/v1/stream", headers=dealer["headers"])
    assert r.status_code == 403 and r.json()["code"] == "support_session_required"
    assert company_ops > 15 and dealer_ops >= 5


def test_a_company_token_is_refused_on_every_dealer_route(
    portal_client: Any, account: Any
) -> None:
    admin = account("Admin AB")
    ops = [op for op in _operations(portal_client) if op[2]["x-permission"] == "dealer"]
    assert {p for _m, p, _op in ops} >= {
        "/api/v1/dealer/users", "/api/v1/dealer/verifications", "/api/v1/dealer/support-sessions",
        "/api/v1/dealer/support-sessions/{session_id}",
    }
    for method, path, _op in ops:
        body = {} if method in ("POST", "PUT", "PATCH") else None
        r = portal_client.request(method, _url(path), json=body, headers=admin["headers"])
        assert r.status_code == 403 and r.json()["code"] == "insufficient_role", (path, r.text)


def test_tokens_of_the_wrong_kind_or_made_up_are_401(portal_client: Any) -> None:
    for token in ("dt_madeup", "st_madeup", "at_madeup"):
        r = portal_client.get("/api/v1/dealer/users", params={"email": "a@b.se"},
                              headers=_bearer(token))
        assert r.status_code == 401, token
        r = portal_client.get("/api/v1/vehicles", headers=_bearer(token))
        assert r.status_code == 401, token


# --- the customer at the counter ------------------------------------------------------


def test_find_customer_by_email_is_audited(
    portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct, other = account("Kund AB"), account("Annan AB")
    r = portal_client.get(
        "/api/v1/dealer/users", params={"email": acct["email"].upper()}, headers=dealer["headers"]
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "id": acct["user"]["id"], "first_name": "Test", "last_name": "Admin", "verified": False,
        "company": {"id": acct["company"]["id"], "name": "Kund AB"},
    }
    r = portal_client.get(
        "/api/v1/dealer/users", params={"email": "nobody@example.com"}, headers=dealer["headers"]
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    entries = [e for e in audit(portal_client, acct) if e["action"] == "dealer.customer_lookup"]
    assert len(entries) == 1
    assert entries[0]["actor_dealer_id"] == dealer["dealer_id"]
    assert entries[0]["target_id"] == acct["user"]["id"]
    assert not [e for e in audit(portal_client, other) if e["action"].startswith("dealer.")]


@pytest.mark.parametrize("params", [{}, {"email": ""}, {"email": "x" * 300}])
def test_find_customer_bad_input_is_422(
    portal_client: Any, dealer: dict[str, Any], params: dict[str, str]
) -> None:
    r = portal_client.get("/api/v1/dealer/users", params=params, headers=dealer["headers"])
    assert r.status_code == 422 and r.json()["code"] == "validation_error"


# --- identity verification (R11) ------------------------------------------------------


def _verify(client: Any, dealer: dict[str, Any], user_id: str, **doc: Any) -> Any:
    document = {"first_name": "Test", "last_name": "Admin", "birth_date": "1985-05-05",
                "document_number": "SE-123456", **doc}
    return client.post("/api/v1/dealer/verifications",
                       json={"user_id": user_id, "id_document": document},
                       headers=dealer["headers"])


def test_verification_matches_names_loosely_and_marks_the_user(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    uid = acct["user"]["id"]
    r = _verify(portal_client, dealer, uid, first_name="  tEST ", last_name="ADMIN",
                document_number="P 998877")
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["id"] == uid and user["verified"] is True
    assert user["verified_by"] == dealer["dealer_id"]
    verified_at = dt.datetime.fromisoformat(user["verified_at"].replace("Z", "+00:00"))
    assert abs((dt.datetime.now(dt.UTC) - verified_at).total_seconds()) < 60
    me = portal_client.get("/api/v1/me", headers=acct["headers"]).json()
    assert me["verified"] is True
    with portal_app.state.session_factory() as s:
        rows = list(s.scalars(select(IdentityVerification)))
    assert [(v.user_id, v.dealer_id, v.document_number) for v in rows] == [
        (uid, dealer["dealer_id"], "P 998877")]
    entries = [e for e in audit(portal_client, acct) if e["action"] == "dealer.user_verified"]
    assert entries and entries[0]["actor_dealer_id"] == dealer["dealer_id"]
    # the change feed tells the company's desktops
    changes = portal_client.get("/api/v1/changes", headers=acct["headers"]).json()["changes"]
    fed = [c for c in changes if c["entity"] == "user" and c["id"] == uid]
    assert fed and fed[-1]["data"]["verified"] is True


def test_verification_names_compare_whitespace_case_and_unicode_form(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    company = acct["company"]["id"]
    cases = [
        ("José  María", "Ñúñez-Öberg", "JOSE\u0301 MARI\u0301A", " n\u0303u\u0301n\u0303ez-o\u0308berg "),
        ("Strauß", "Łukasz", "STRAUSS", "łukasz"),
    ]
    for first, last, doc_first, doc_last in cases:
        email = add_member(portal_app, company, ["driver"], first_name=first, last_name=last)
        uid = portal_client.get("/api/v1/dealer/users", params={"email": email},
                                headers=dealer["headers"]).json()["id"]
        r = _verify(portal_client, dealer, uid, first_name=doc_first, last_name=doc_last,
                    birth_date="1990-01-01")
        assert r.status_code == 200, (first, last, r.text)


def test_a_mismatch_names_the_fields_and_changes_nothing(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    uid = acct["user"]["id"]
    before = portal_client.get("/api/v1/me", headers=acct["headers"]).json()
    r = _verify(portal_client, dealer, uid, last_name="Admins", birth_date="1985-05-06")
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "identity_mismatch"
    assert r.json()["mismatched_fields"] == ["last_name", "birth_date"]
    r = _verify(portal_client, dealer, uid, first_name="Tes t")
    assert r.status_code == 409 and r.json()["mismatched_fields"] == ["first_name"]
    after = portal_client.get("/api/v1/me", headers=acct["headers"]).json()
    assert after == before and after["verified"] is False
    with portal_app.state.session_factory() as s:
        assert list(s.scalars(select(IdentityVerification))) == []
        user = s.get(User, uid)
        assert user is not None and user.verified_by is None and user.verified_at is None
    refused = [e for e in audit(portal_client, acct) if e["action"] == "dealer.verification_mismatch"]
    assert len(refused) == 2 and refused[-1]["detail"]["mismatched_fields"] == [
        "last_name", "birth_date"]


def test_a_user_without_birth_date_never_matches(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    with portal_app.state.session_factory() as s:
        s.execute(update(User).where(User.id == acct["user"]["id"]).values(birth_date=None))
        s.commit()
    r = _verify(portal_client, dealer, acct["user"]["id"])
    assert r.status_code == 409 and r.json()["mismatched_fields"] == ["birth_date"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"user_id": "x"},
        {"user_id": "x", "id_document": {"first_name": "A", "last_name": "B",
                                         "birth_date": "not a date", "document_number": "1"}},
        {"user_id": "x", "id_document": {"first_name": "", "last_name": "B",
                                         "birth_date": "1985-05-05", "document_number": "1"}},
        {"user_id": "x", "id_document": {"first_name": "A", "last_name": "B",
                                         "birth_date": "1985-05-05"}},
        {"user_id": "x", "extra": 1, "id_document": {"first_name": "A", "last_name": "B",
                                                     "birth_date": "1985-05-05",
                                                     "document_number": "1"}},
        {"user_id": "x\u0000", "id_document": {"first_name": "A", "last_name": "B",
                                               "birth_date": "1985-05-05",
                                               "document_number": "1"}},
        {"user_id": 5, "id_document": []},
    ],
)
def test_verification_bad_input_is_422(
    portal_client: Any, dealer: dict[str, Any], body: dict[str, Any]
) -> None:
    r = portal_client.post("/api/v1/dealer/verifications", json=body, headers=dealer["headers"])
    assert r.status_code == 422 and r.json()["code"] == "validation_error", r.text


def test_verifying_an_unknown_user_is_404(portal_client: Any, dealer: dict[str, Any]) -> None:
    r = _verify(portal_client, dealer, str(uuid.uuid4()))
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_malformed_json_is_400(portal_client: Any, dealer: dict[str, Any]) -> None:
    r = portal_client.post(
        "/api/v1/dealer/verifications", content=b"{not json",
        headers={**dealer["headers"], "Content-Type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["code"] == "malformed_json"


# --- support sessions (R12) -----------------------------------------------------------


def test_a_support_session_acts_as_the_user(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    before = dt.datetime.now(dt.UTC)
    r = open_session(portal_client, dealer, acct["email"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["access_token"].startswith("st_") and body["actor"] == "support_session"
    assert body["acting_as"] == {
        "user_id": acct["user"]["id"], "name": "Test Admin", "roles": ["company_admin"],
        "company": {"id": acct["company"]["id"], "name": "Kund AB"},
    }
    expires = dt.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert 3590 <= (expires - before).total_seconds() <= 3610  # default 60 min
    support = _bearer(body["access_token"])
    me = portal_client.get("/api/v1/me", headers=support)
    assert me.status_code == 200 and me.json()["id"] == acct["user"]["id"]
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=support)
    assert r.status_code == 201, r.text  # the admin's roles
    listed = portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"]
    assert [v["vin"] for v in listed] == [VIN1]


def test_every_request_in_a_support_session_is_audited_acting_as(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    body = open_session(portal_client, dealer, acct["email"]).json()
    support = _bearer(body["access_token"])
    portal_client.get("/api/v1/vehicles", headers=support)
    portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=support)
    portal_client.post("/api/v1/vehicles", json={"vin": "bad"}, headers=support)  # 422 too
    portal_client.get("/api/v1/company", headers=support)
    entries = audit(portal_client, acct, action="support.")
    requests = [e for e in entries if e["action"] == "support.request"][::-1]
    assert [(e["detail"]["method"], e["detail"]["path"]) for e in requests] == [
        ("GET", "/api/v1/vehicles"), ("POST", "/api/v1/vehicles"), ("POST", "/api/v1/vehicles"),
        ("GET", "/api/v1/company"),
    ]
    for e in requests:
        assert e["actor_dealer_id"] == dealer["dealer_id"]
        assert e["acting_as_user_id"] == acct["user"]["id"]
        assert e["target_id"] == body["id"]
    opened = [e for e in entries if e["action"] == "support.session_opened"]
    assert len(opened) == 1 and opened[0]["actor_dealer_id"] == dealer["dealer_id"]
    # the audit log filtered by the user shows what was done in their name
    by_user = audit(portal_client, acct, user=acct["user"]["id"], action="support.request")
    assert len(by_user) == 4


def test_a_support_session_has_the_users_roles_only(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    email = add_member(portal_app, acct["company"]["id"], ["driver"])
    with portal_app.state.session_factory() as s:
        driver = s.scalars(select(User).where(User.email == email)).one()
        driver_id = driver.id
    set_support_password(portal_app, driver_id)
    body = open_session(portal_client, dealer, email).json()
    assert body["acting_as"]["roles"] == ["driver"]
    support = _bearer(body["access_token"])
    assert portal_client.get("/api/v1/vehicles", headers=support).status_code == 200
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=support)
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    r = portal_client.get("/api/v1/audit", headers=support)
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"


def test_a_support_session_sees_only_that_company(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct, other = account("Kund AB"), account("Annan AB")
    theirs = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=other["headers"])
    set_support_password(portal_app, acct["user"]["id"])
    support = _bearer(open_session(portal_client, dealer, acct["email"]).json()["access_token"])
    vid = theirs.json()["id"]
    r = portal_client.get(f"/api/v1/vehicles/{vid}", headers=support)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = portal_client.delete(f"/api/v1/vehicles/{vid}", headers=support)
    assert r.status_code == 404
    assert portal_client.get("/api/v1/vehicles", headers=support).json()["items"] == []
    users = portal_client.get("/api/v1/users", headers=support).json()["items"]
    assert {u["id"] for u in users} == {acct["user"]["id"]}
    # nothing of it in the other company's audit log
    assert not [e for e in audit(portal_client, other) if e["actor_dealer_id"]]


def test_wrong_unknown_and_unset_support_passwords_look_alike(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    with_password, without = account("Kund AB"), account("Utan AB")
    set_support_password(portal_app, with_password["user"]["id"])
    answers = [
        open_session(portal_client, dealer, with_password["email"], "wrong-pass"),
        open_session(portal_client, dealer, without["email"], SUPPORT_PASSWORD),
        open_session(portal_client, dealer, "nobody@example.com", SUPPORT_PASSWORD),
        # the user's LOGIN password is not a support password
        open_session(portal_client, dealer, without["email"], without["password"]),
    ]
    assert {r.status_code for r in answers} == {403}
    assert len({r.text for r in answers}) == 1
    assert answers[0].json()["code"] == "invalid_support_password"
    with portal_app.state.session_factory() as s:
        assert list(s.scalars(select(SupportSession))) == []
    refused = [e for e in audit(portal_client, with_password)
               if e["action"] == "support.session_refused"]
    assert refused and refused[0]["actor_dealer_id"] == dealer["dealer_id"]


def test_support_password_guessing_is_rate_limited_per_user(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    """5 wrong guesses for one address (known or not) lock it, even for the right password
    and for another dealer; answers for known and unknown addresses are the same."""
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    for email in (acct["email"], "nobody@example.com"):
        codes = [open_session(portal_client, dealer, email, f"guess-{i}").status_code
                 for i in range(5)]
        assert codes == [403, 403, 403, 403, 429], (email, codes)
        r = open_session(portal_client, dealer, email, SUPPORT_PASSWORD)
        assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"
        assert int(r.headers["Retry-After"]) > 60
    second = make_dealer(portal_app)
    token = portal_client.post("/api/v1/dealer/login", json={
        "email": second["email"], "password": DEALER_PASSWORD}).json()["access_token"]
    r = open_session(portal_client, {"headers": _bearer(token)}, acct["email"])
    assert r.status_code == 429


def test_support_password_guessing_is_rate_limited_per_dealer(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    """One dealer spreading guesses over many addresses is stopped after 20 a window."""
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    codes = [
        open_session(portal_client, dealer, f"victim{i}@example.com", "guess").status_code
        for i in range(20)
    ]
    assert codes[:19] == [403] * 19 and codes[19] == 429
    r = open_session(portal_client, dealer, acct["email"])
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # a correct password from another dealer still works: the limit was this dealer's
    second = make_dealer(portal_app)
    token = portal_client.post("/api/v1/dealer/login", json={
        "email": second["email"], "password": DEALER_PASSWORD}).json()["access_token"]
    assert open_session(portal_client, {"headers": _bearer(token)}, acct["email"]).status_code == 201


def test_a_right_password_resets_the_users_count(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    for _ in range(3):
        for i in range(4):
            assert open_session(portal_client, dealer, acct["email"], f"g{i}").status_code == 403
        assert open_session(portal_client, dealer, acct["email"]).status_code == 201


def test_an_expired_support_session_is_refused_on_the_next_request(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    body = open_session(portal_client, dealer, acct["email"]).json()
    support = _bearer(body["access_token"])
    assert portal_client.get("/api/v1/vehicles", headers=support).status_code == 200
    with portal_app.state.session_factory() as s:
        s.execute(update(SupportSession).where(SupportSession.id == body["id"]).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        s.commit()
    for method, path, payload in (("GET", "/api/v1/vehicles", None),
                                  ("POST", "/api/v1/vehicles", {"vin": VIN1}),
                                  ("GET", "/api/v1/me", None),
                                  ("GET", "/api/v1/dealer/users", None)):
        r = portal_client.request(method, path, json=payload, headers=support)
        assert r.status_code == 401 and r.json()["code"] == "support_session_ended", path
    assert portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"] == []


def test_the_session_length_is_a_setting(portal_db_url: str, tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from embedded_server.app import create_app
    from embedded_server.config import Settings
    from tests.portal_fixtures import register_company

    app = create_app(Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail"),
                              support_session_ttl_s=120))
    try:
        with TestClient(app) as client:
            acct = register_company(client, "Kort AB")
            set_support_password(app, acct["user"]["id"])
            d = make_dealer(app)
            token = client.post("/api/v1/dealer/login", json={
                "email": d["email"], "password": DEALER_PASSWORD}).json()["access_token"]
            r = open_session(client, {"headers": _bearer(token)}, acct["email"])
            assert r.status_code == 201 and r.json()["expires_in"] == 120
            expires = dt.datetime.fromisoformat(r.json()["expires_at"].replace("Z", "+00:00"))
            assert (expires - dt.datetime.now(dt.UTC)).total_seconds() <= 121
    finally:
        app.state.engine.dispose()


def test_the_dealer_ends_a_session(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    first = open_session(portal_client, dealer, acct["email"]).json()
    second = open_session(portal_client, dealer, acct["email"]).json()
    # with the session's own token: /current
    r = portal_client.delete("/api/v1/dealer/support-sessions/current",
                             headers=_bearer(first["access_token"]))
    assert r.status_code == 204
    r = portal_client.get("/api/v1/me", headers=_bearer(first["access_token"]))
    assert r.status_code == 401 and r.json()["code"] == "support_session_ended"
    # another dealer can't end it (404, not theirs); the dealer's own token can, by id
    other = make_dealer(portal_app)
    token = portal_client.post("/api/v1/dealer/login", json={
        "email": other["email"], "password": DEALER_PASSWORD}).json()["access_token"]
    r = portal_client.delete(f"/api/v1/dealer/support-sessions/{second['id']}",
                             headers=_bearer(token))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert portal_client.get("/api/v1/me", headers=_bearer(second["access_token"])).status_code == 200
    r = portal_client.delete(f"/api/v1/dealer/support-sessions/{second['id']}",
                             headers=dealer["headers"])
    assert r.status_code == 204
    assert portal_client.get("/api/v1/me", headers=_bearer(second["access_token"])).status_code == 401
    # ending again changes nothing; /current with a dealer's own token has no session
    r = portal_client.delete(f"/api/v1/dealer/support-sessions/{second['id']}",
                             headers=dealer["headers"])
    assert r.status_code == 204
    r = portal_client.delete("/api/v1/dealer/support-sessions/current", headers=dealer["headers"])
    assert r.status_code == 404
    ended = [e for e in audit(portal_client, acct) if e["action"] == "support.session_ended"]
    assert len(ended) == 2 and {e["actor_dealer_id"] for e in ended} == {dealer["dealer_id"]}


def test_the_users_roles_are_read_at_every_request(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    acct = account("Kund AB")
    email = add_member(portal_app, acct["company"]["id"], ["fleet_manager"])
    with portal_app.state.session_factory() as s:
        uid = s.scalars(select(User).where(User.email == email)).one().id
    set_support_password(portal_app, uid)
    support = _bearer(open_session(portal_client, dealer, email).json()["access_token"])
    with portal_app.state.session_factory() as s:
        s.execute(update(User).where(User.id == uid).values(roles=[]))
        s.commit()
    # roles are read at every request: a user who lost a role loses it in the session too
    r = portal_client.get("/api/v1/vehicles", headers=support)
    assert r.status_code == 403


@pytest.mark.parametrize(
    "body",
    [{}, {"user_email": "a@b.se"}, {"support_password": "x"},
     {"user_email": "", "support_password": "x"}, {"user_email": "a@b.se", "support_password": ""},
     {"user_email": "a@b.se", "support_password": "x", "roles": ["company_admin"]},
     {"user_email": ["a"], "support_password": 1}],
)
def test_open_session_bad_input_is_422(
    portal_client: Any, dealer: dict[str, Any], body: dict[str, Any]
) -> None:
    r = portal_client.post("/api/v1/dealer/support-sessions", json=body, headers=dealer["headers"])
    assert r.status_code == 422 and r.json()["code"] == "validation_error", r.text


def test_a_deleted_company_ends_the_session_and_opens_none(
    portal_app: Any, portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    """R8: access ends for everyone, support sessions included."""
    from embedded_server.models import Company

    acct = account("Kund AB")
    set_support_password(portal_app, acct["user"]["id"])
    support = _bearer(open_session(portal_client, dealer, acct["email"]).json()["access_token"])
    with portal_app.state.session_factory() as s:
        s.execute(update(Company).where(Company.id == acct["company"]["id"]).values(
            deleted_at=dt.datetime.now(dt.UTC)))
        s.commit()
    r = portal_client.get("/api/v1/vehicles", headers=support)
    assert r.status_code == 401 and r.json()["code"] == "support_session_ended"
    r = open_session(portal_client, dealer, acct["email"])
    assert r.status_code == 403 and r.json()["code"] == "invalid_support_password"


def test_the_users_own_support_password_opens_a_session_and_the_export_has_the_check(
    portal_client: Any, account: Any, dealer: dict[str, Any]
) -> None:
    """End to end with the user's side: PUT /me/support-password, then the counter; the
    verification (with its document number) is in the user's data export (R26)."""
    acct = account("Kund AB")
    r = portal_client.put("/api/v1/me/support-password",
                          json={"password": "Hemligt1", "confirm": "Hemligt1"},
                          headers=acct["headers"])
    assert r.status_code == 204, r.text
    assert open_session(portal_client, dealer, acct["email"], "Hemligt1").status_code == 201
    assert _verify(portal_client, dealer, acct["user"]["id"],
                   document_number="ID-42").status_code == 200
    export = portal_client.get("/api/v1/me/export", headers=acct["headers"])
    assert export.status_code == 200, export.text
    rows = export.json()["tables"]["identity_verifications"]
    assert [(v["dealer_id"], v["document_number"]) for v in rows] == [
        (dealer["dealer_id"], "ID-42")]
