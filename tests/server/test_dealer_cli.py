"""``mpro-server add-dealer`` and the demo dealer of ``--seed-demo``, as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from embedded_server.app import create_app
from embedded_server.config import Settings
from tests.portal_fixtures import REPO_ROOT

PASSWORD = "counter secret 7"


def add_dealer(url: str, *args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "embedded_server.cli", "add-dealer", "--database-url", url, *args],
        input=None if password is None else password + "\n",
        capture_output=True, text=True, timeout=120, cwd=str(REPO_ROOT), env=env,
    )


def _login(url: str, tmp_path: Path, email: str, password: str) -> Any:
    app = create_app(Settings(database_url=url, mail_dir=str(tmp_path / "mail")))
    try:
        with TestClient(app) as client:
            return client.post("/api/v1/dealer/login", json={"email": email, "password": password})
    finally:
        app.state.engine.dispose()


def test_add_dealer_creates_a_dealer_that_can_sign_in(portal_db_url: str, tmp_path: Path) -> None:
    """On a database nobody migrated yet: add-dealer migrates it first."""
    r = add_dealer(portal_db_url, "--email", "Kontor@Bilhallen.se", "--name", "Bilhallen AB",
                   "--dealer-id", "BH-42")
    assert r.returncode == 0, r.stderr
    assert "BH-42" in r.stdout and PASSWORD not in r.stdout + r.stderr
    login = _login(portal_db_url, tmp_path, "kontor@bilhallen.se", PASSWORD)
    assert login.status_code == 200, login.text
    assert login.json()["actor"] == "dealer"
    assert login.json()["dealer"] == {
        "id": login.json()["dealer"]["id"], "dealer_id": "BH-42", "name": "Bilhallen AB",
        "email": "kontor@bilhallen.se",
    }
    # a taken e-mail (any case) or dealer id: exit 2 with a message, nothing changed
    taken = add_dealer(portal_db_url, "--email", "KONTOR@bilhallen.se", "--name", "Other",
                       "--dealer-id", "BH-43")
    assert taken.returncode == 2 and "exists" in taken.stderr
    taken = add_dealer(portal_db_url, "--email", "ny@bilhallen.se", "--name", "Other",
                       "--dealer-id", "BH-42")
    assert taken.returncode == 2 and "exists" in taken.stderr
    assert _login(portal_db_url, tmp_path, "ny@bilhallen.se", PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--email", "not-an-email", "--name", "B", "--dealer-id", "D1"], PASSWORD, "e-mail"),
        (["--email", "a@b.se", "--name", "B", "--dealer-id", "D1"], "", "password"),
        (["--email", "a@b.se", "--name", "B", "--dealer-id", "D1"], None, "password"),
        (["--email", "a@b.se", "--name", "B", "--dealer-id", "D1"], "short", "password"),
        (["--email", "a@b.se", "--name", "  ", "--dealer-id", "D1"], PASSWORD, "name"),
        (["--email", "a@b.se", "--name", "B", "--dealer-id", "has space"], PASSWORD, "dealer id"),
        (["--email", "a@b.se", "--name", "B"], PASSWORD, "--dealer-id"),
        (["--email", "a@b.se", "--name", "B", "--dealer-id", "D1", "--bogus"], PASSWORD, "bogus"),
    ],
)
def test_add_dealer_bad_input_exits_2(
    tmp_path: Path, args: list[str], password: str | None, message: str
) -> None:
    url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    r = add_dealer(url, *args, password=password)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.startswith("mpro-server add-dealer: error:")


def test_add_dealer_unreachable_database_exits_1(tmp_path: Path) -> None:
    r = add_dealer("postgresql+psycopg://nobody@127.0.0.1:1/none", "--email", "a@b.se",
                   "--name", "B", "--dealer-id", "D1")
    assert r.returncode == 1 and "cannot open database" in r.stderr


def test_seed_demo_has_a_dealer_that_signs_in(seeded_portal: Any) -> None:
    seed = seeded_portal.seed
    assert {"admin_email", "admin_password", "modules", "vehicles", "company"} <= set(seed)
    with seeded_portal.client() as c:
        r = c.post("/api/v1/dealer/login",
                   json={"email": seed["dealer_email"], "password": seed["dealer_password"]})
        assert r.status_code == 200, r.text
        assert r.json()["actor"] == "dealer" and r.json()["dealer"]["name"] == "Bilhallen AB"
        admin = c.post("/api/v1/auth/login",
                       json={"email": seed["admin_email"], "password": seed["admin_password"]})
        assert admin.status_code == 200
        # the demo admin has a support password: a support session can be tried in --demo
        assert seed["support_user_email"] == seed["admin_email"]
        r = c.post("/api/v1/dealer/support-sessions",
                   json={"user_email": seed["support_user_email"],
                         "support_password": seed["support_password"]},
                   headers={"Authorization": f"Bearer {r.json()['access_token']}"})
        assert r.status_code == 201, r.text
        assert r.json()["acting_as"]["company"]["name"] == seed["company"]


def test_reseeding_keeps_the_dealer_password(portal_app: Any, tmp_path: Path) -> None:
    from embedded_server.seed import seed_demo

    seed_file = tmp_path / "demo-credentials.json"
    with portal_app.state.session_factory() as s:
        first = seed_demo(s, seed_file=seed_file)
    with portal_app.state.session_factory() as s:
        second = seed_demo(s, seed_file=seed_file)
    assert second["dealer_password"] == first["dealer_password"]
    assert second["support_password"] == first["support_password"]
    seed_file.unlink()
    with portal_app.state.session_factory() as s:
        third = seed_demo(s, seed_file=seed_file)
    assert third["dealer_password"] != first["dealer_password"]
    assert json.loads(seed_file.read_text())["dealer_email"] == third["dealer_email"]
    with TestClient(portal_app) as client:
        r = client.post("/api/v1/dealer/login",
                        json={"email": third["dealer_email"], "password": third["dealer_password"]})
        assert r.status_code == 200
        r = client.post("/api/v1/dealer/login",
                        json={"email": first["dealer_email"], "password": first["dealer_password"]})
        assert r.status_code == 401
