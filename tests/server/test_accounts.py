"""Registration, login, token refresh/expiry, throttling, password reset (R5, R15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    assert (
        users["items"][0]["roles"] == ["company_admin"] and users["items"][0]["verified"] is False
    )


def test_register_invalid_data(portal_client) -> None:
    body = register_body("Y", "kid@example.com", "long enough pw")
    body["user"]["birth_date"] = (dt.date.today() - dt.timedelta(days=365 * 10)).isoformat()
    body["user"]["mobile"] = "0701234567"
    r = portal_client.post("/api/v1/register", json=body)
    assert r.status_code == 422
    assert set(r.json()["fields"]) >= {"user.birth_date", "user.mobile"}


def test_login_refresh_rotates(portal_client, account) -> None:
    acct = account()
    r = portal_client.post(
        "/api/v1/auth/login", json={"email": acct["email"], "password": "wrong!!!"}
    )
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    r = portal_client.post("/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]})
    assert r.status_code == 200
    new = r.json()
    assert new["access_token"] != acct["token"] and new["expires_in"] == 3600
    assert (
        portal_client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {new['access_token']}"}
        ).status_code
        == 200
    )
    newer = portal_client.post("/api/v1/auth/refresh", json={"refresh_token": new["refresh_token"]})
    assert newer.status_code == 200 and newer.json()["refresh_token"] != new["refresh_token"]


def test_missing_bad_and_expired_tokens_are_401(portal_client, portal_app, account) -> None:
    acct = account()
    assert portal_client.get("/api/v1/me").status_code == 401
    assert (
        portal_client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    with portal_app.state.session_factory() as s:
        s.execute(
            update(AuthToken)
            .where(AuthToken.token_hash == token_hash(acct["token"]))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
        s.commit()
    r = portal_client.get("/api/v1/me", headers=acct["headers"])
    assert r.status_code == 401 and r.json()["code"] == "token_expired"


def test_login_throttled_after_ten_failures(portal_client, account) -> None:
    acct = account()
    for _ in range(9):
        r = portal_client.post(
            "/api/v1/auth/login", json={"email": acct["email"], "password": "bad-pass"}
        )
        assert r.status_code == 401
    r = portal_client.post(
        "/api/v1/auth/login", json={"email": acct["email"], "password": "bad-pass"}
    )
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    r = portal_client.post(
        "/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]}
    )
    assert r.status_code == 429, "a locked account stays locked even with the right password"


def _reset_mails(portal_app, email: str) -> list[MailOutbox]:
    with portal_app.state.session_factory() as s:
        return [
            m
            for m in s.query(MailOutbox).order_by(MailOutbox.id)
            if m.subject.startswith("Reset") and m.to_addr == email
        ]


def _deliver(portal_app) -> Any:
    """Run the mail delivery job now (the lifespan runs it every ``mail_interval_s``)."""
    from embedded_server.mail import deliver_pending, mail_dir

    folder = mail_dir(portal_app.state.settings)
    deliver_pending(portal_app.state.session_factory, folder, portal_app.state.settings)
    return folder


def test_password_reset_is_202_either_way_and_mails_known(
    portal_client, portal_app, account
) -> None:
    """Both requests queue the same body-less row; delivery mails the known address only."""
    from embedded_server.mail import delivered

    acct = account()
    for email in (acct["email"], "nobody@example.com"):
        r = portal_client.post("/api/v1/auth/password-reset", json={"email": email})
        assert r.status_code == 202
    queued = [
        (m.kind, m.body)
        for e in (acct["email"], "nobody@example.com")
        for m in _reset_mails(portal_app, e)
    ]
    assert queued == [("password_reset", ""), ("password_reset", "")]
    folder = _deliver(portal_app)
    [sent] = _reset_mails(portal_app, acct["email"])
    assert sent.sent_at is not None and sent.body == ""
    assert _reset_mails(portal_app, "nobody@example.com") == []
    [msg] = [m for m in delivered(folder, acct["email"]) if m["Subject"].startswith("Reset")]
    assert "password-reset?token=" in msg.get_content()
    assert not [m for m in delivered(folder, "nobody@example.com")]


# -- issue 8: enumeration, spraying, token families, reset mail -------------------------


def _fail(client, email: str) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": "bad-pass"})


def test_unknown_address_is_throttled_like_an_existing_one(portal_client, account) -> None:
    """#7: the 10th failure is 429 + Retry-After for an unknown address too, same words."""
    acct = account()
    answers = {}
    for email in (acct["email"], "nobody-here@example.com"):
        seen = [_fail(portal_client, email) for _ in range(11)]
        assert [r.status_code for r in seen] == [401] * 9 + [429, 429], email
        assert int(seen[9].headers["retry-after"]) > 0 and int(seen[10].headers["retry-after"]) > 0
        answers[email] = [
            (r.status_code, r.json()["code"], r.json()["detail"].split(" in ")[0]) for r in seen
        ]
    assert answers[acct["email"]] == answers["nobody-here@example.com"]


def test_per_client_limit_allows_sixty_a_minute_then_429(portal_app, account) -> None:
    """#7: spraying many addresses from one client ends in 429; API.md: >= 60 a minute pass.
    Another client address is not affected."""
    from fastapi.testclient import TestClient

    settings = portal_app.state.settings
    assert settings.login_client_max_failures > 60 and settings.login_client_window_s <= 60
    with TestClient(portal_app, client=("203.0.113.7", 4000)) as sprayer:
        codes = [
            _fail(sprayer, f"victim{i}@example.com").status_code
            for i in range(settings.login_client_max_failures + 1)
        ]
        assert codes[:60] == [401] * 60
        assert codes[-2:] == [429, 429] and set(codes[:-2]) == {401}
        r = sprayer.post(
            "/api/v1/auth/login", json={"email": "x@example.com", "password": "bad-pass"}
        )
        assert (
            r.status_code == 429 and int(r.headers["retry-after"]) <= settings.login_client_window_s
        )
    with TestClient(portal_app, client=("198.51.100.9", 4000)) as other:
        assert _fail(other, "victim1@example.com").status_code == 401
        acct = account()
        ok = other.post(
            "/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]}
        )
        assert ok.status_code == 200


def test_register_with_a_known_email_looks_like_a_new_one(
    portal_client, portal_app, account
) -> None:
    """#7 / R1: same status and shape, nothing of the other account revealed or changed;
    the address's owner gets a mail; the new company's membership stays pending (the
    sign-in still lands in the owner's company) until the owner confirms it."""
    from embedded_server.models import Company

    acct = account("Owner AB")
    fresh = portal_client.post(
        "/api/v1/register", json=register_body("Fresh AB", "fresh@example.com", "long enough pw")
    )
    known = portal_client.post(
        "/api/v1/register", json=register_body("Intruder AB", acct["email"], "long enough pw")
    )
    assert fresh.status_code == known.status_code == 201

    def shape(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: shape(v) for k, v in x.items()}
        return type(x).__name__

    assert shape(known.json()) == shape(fresh.json())
    body = known.json()
    assert body["company"]["name"] == "Intruder AB" and body["user"]["email"] == acct["email"]
    assert (
        body["user"]["id"] != acct["user"]["id"] and body["company"]["id"] != acct["company"]["id"]
    )
    assert body["user"]["roles"] == ["company_admin"] and body["user"]["verified"] is False
    with portal_app.state.session_factory() as s:
        names = sorted(c.name for c in s.query(Company))
        mails = [m.subject for m in s.query(MailOutbox).filter(MailOutbox.to_addr == acct["email"])]
    assert "Intruder AB" in names  # made, but nobody can act for it before the confirmation
    assert mails == ["Welcome to MPRO", "Your MPRO registration"]
    ok = portal_client.post(
        "/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]}
    )
    assert ok.status_code == 200 and ok.json()["user"]["company_id"] == acct["company"]["id"]


def _median_ms(samples: list[float]) -> float:
    import statistics

    return statistics.median(samples) * 1000


def test_register_known_and_new_email_take_the_same_time(portal_client, account) -> None:
    """#7: timing does not tell a known address from a new one (interleaved medians)."""
    import time

    acct = account()
    known_t, new_t = [], []
    for i in range(40):
        pair = [(acct["email"], known_t), (f"new{i}@example.com", new_t)]
        if i % 2:  # alternate which goes first, so neither gains from the other's warm-up
            pair.reverse()
        for email, out in pair:
            t0 = time.perf_counter()
            r = portal_client.post(
                "/api/v1/register", json=register_body("T AB", email, "long enough pw")
            )
            out.append(time.perf_counter() - t0)
            assert r.status_code == 201
    known_ms, new_ms = _median_ms(known_t), _median_ms(new_t)
    assert abs(known_ms - new_ms) < max(1.0, 0.15 * new_ms), (known_ms, new_ms)


def test_reusing_a_rotated_refresh_token_revokes_its_family(portal_client, account) -> None:
    """#13: reuse means theft: the successor pair dies too; another sign-in is untouched."""
    acct = account()
    other = portal_client.post(
        "/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]}
    ).json()
    first = portal_client.post(
        "/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]}
    )
    assert first.status_code == 200
    successor = first.json()
    reuse = portal_client.post(
        "/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]}
    )
    assert reuse.status_code == 401 and reuse.json()["code"] == "invalid_refresh_token"
    bearer = {"Authorization": f"Bearer {successor['access_token']}"}
    assert portal_client.get("/api/v1/me", headers=bearer).status_code == 401
    r = portal_client.post(
        "/api/v1/auth/refresh", json={"refresh_token": successor["refresh_token"]}
    )
    assert r.status_code == 401
    assert (
        portal_client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {other['access_token']}"}
        ).status_code
        == 200
    )
    assert (
        portal_client.post(
            "/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]}
        ).status_code
        == 200
    )


def test_reset_mails_are_throttled_per_address(portal_client, portal_app, account) -> None:
    """#14: at most 3 reset mails an hour per address (known or not); further requests
    still answer 202 and queue nothing."""
    acct = account()
    for email in (acct["email"], "nobody@example.com"):
        for _ in range(6):
            r = portal_client.post("/api/v1/auth/password-reset", json={"email": email})
            assert r.status_code == 202 and r.json() == {"status": "accepted"}
        assert len(_reset_mails(portal_app, email)) == 3
    _deliver(portal_app)
    assert len(_reset_mails(portal_app, acct["email"])) == 3
    with portal_app.state.session_factory() as s:
        resets = s.query(AuthToken).filter(AuthToken.kind == "reset").count()
    assert resets == 3


def test_reset_token_is_kept_hashed_and_the_sent_mail_cleared(
    portal_client, portal_app, account, tmp_path
) -> None:
    """#8: the database never keeps the reset token in plaintext once the mail is
    delivered (into the mail folder, 0600); the link then works exactly once (API.md)."""
    import os
    import stat

    from sqlalchemy import text

    from embedded_server.mail import delivered

    acct = account()
    assert (
        portal_client.post("/api/v1/auth/password-reset", json={"email": acct["email"]}).status_code
        == 202
    )
    folder = _deliver(portal_app)
    assert folder == tmp_path / "mail"
    [msg] = [m for m in delivered(folder, acct["email"]) if m["Subject"].startswith("Reset")]
    token = msg.get_content().split("token=", 1)[1].split()[0]
    files = list(folder.glob("*.eml"))
    assert files and all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    with portal_app.state.session_factory() as s:
        bodies = [m.body for m in s.query(MailOutbox)]
        assert all(b == "" for b in bodies) and all(m.sent_at for m in s.query(MailOutbox))
        dump = "\n".join(
            str(row)
            for t in ("mail_outbox", "auth_tokens", "idempotency_keys", "throttle_counters")
            for row in s.execute(text(f"SELECT * FROM {t}"))
        )
    assert token not in dump and token_hash(token) in dump
    new_pw = "a brand new password"
    r = portal_client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": new_pw}
    )
    assert r.status_code == 204
    again = portal_client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": new_pw}
    )
    assert again.status_code == 400 and again.json()["code"] == "invalid_reset_token"
    assert (
        portal_client.post(
            "/api/v1/auth/refresh", json={"refresh_token": acct["refresh_token"]}
        ).status_code
        == 401
    )
    assert portal_client.get("/api/v1/me", headers=acct["headers"]).status_code == 401
    assert (
        portal_client.post(
            "/api/v1/auth/login", json={"email": acct["email"], "password": new_pw}
        ).status_code
        == 200
    )


def test_password_reset_takes_the_same_time_for_known_and_unknown(portal_db_url, tmp_path) -> None:
    """#14: first requests for 100 known and 100 unknown addresses in pairs (alternating
    which goes first, so load drift and order cancel out); the median of the pairwise
    differences must stay under 0.6 ms. The old code measured +0.9 to +3.1 ms here (a
    known address wrote a token and a mail, an unknown one nothing); this code -0.3 to
    +0.1 ms, on a loaded 2-core box. The mail limit is lifted and delivery held back."""
    import statistics
    import time

    from fastapi.testclient import TestClient

    from embedded_server.app import create_app
    from embedded_server.config import Settings

    app = create_app(
        Settings(
            database_url=portal_db_url,
            mail_dir=str(tmp_path / "m2"),
            reset_mails_per_window=10**6,
            mail_interval_s=3600,
        )
    )
    try:
        with TestClient(app) as client:
            known = [f"known{i}@example.com" for i in range(110)]
            for email in known:
                r = client.post(
                    "/api/v1/register", json=register_body("T AB", email, "long enough pw")
                )
                assert r.status_code == 201
            diffs = []
            for i, email in enumerate(known):
                took = {}
                pair = [email, f"ghost{i}@example.com"]
                for addr in pair if i % 2 else pair[::-1]:
                    t0 = time.perf_counter()
                    r = client.post("/api/v1/auth/password-reset", json={"email": addr})
                    took[addr] = time.perf_counter() - t0
                    assert r.status_code == 202
                diffs.append(took[pair[0]] - took[pair[1]])
    finally:
        app.state.engine.dispose()
    median_ms = statistics.median(diffs[10:]) * 1000
    assert abs(median_ms) < 0.6, f"known - unknown: {median_ms:+.3f} ms"


def test_parallel_guesses_do_not_pass_the_limit(live_portal_factory, portal_db_url) -> None:
    """#7: 30 wrong passwords in flight together: at most 9 are checked (401), the rest
    429; then the right password is refused too (the block stands)."""
    from tests.server.test_idempotency import _burst

    portal = live_portal_factory(database_url=portal_db_url)
    acct = portal.register("Parallel AB")
    out = _burst(
        portal.url,
        "POST",
        "/api/v1/auth/login",
        {},
        {"email": acct["email"], "password": "wrong password"},
        30,
    )
    codes = sorted(status for status, _, _ in out)
    assert codes.count(401) <= 9 and set(codes) <= {401, 429}, codes
    with portal.client() as c:
        r = c.post(
            "/api/v1/auth/login", json={"email": acct["email"], "password": acct["password"]}
        )
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_an_expired_reset_token_is_refused_and_the_default_life_is_an_hour(
    portal_client, portal_app, account
) -> None:
    """R15 / API.md: the reset token expires (default 1 h); an expired one sets nothing,
    the old password still signs in, and a made-up token is refused alike."""
    from embedded_server.config import Settings
    from embedded_server.mail import delivered

    assert Settings.__dataclass_fields__["reset_token_ttl_s"].default == 3600
    acct = account()
    portal_client.post("/api/v1/auth/password-reset", json={"email": acct["email"]})
    folder = _deliver(portal_app)
    [msg] = [m for m in delivered(folder, acct["email"]) if m["Subject"].startswith("Reset")]
    token = msg.get_content().split("token=", 1)[1].split()[0]
    with portal_app.state.session_factory() as s:
        [row] = s.query(AuthToken).filter(AuthToken.kind == "reset").all()
        life = row.expires_at - row.created_at
        assert dt.timedelta(minutes=59) < life <= dt.timedelta(hours=1)
        s.execute(update(AuthToken).where(AuthToken.kind == "reset")
                  .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        s.commit()
    for t in (token, "made-up-token"):
        r = portal_client.post("/api/v1/auth/password-reset/confirm",
                               json={"token": t, "password": "a new password here"})
        assert r.status_code == 400 and r.json()["code"] == "invalid_reset_token", r.text
    r = portal_client.post("/api/v1/auth/login",
                           json={"email": acct["email"], "password": acct["password"]})
    assert r.status_code == 200
