"""R15: with MPRO_SMTP_URL the portal hands mail to a real SMTP server (aiosmtpd on
127.0.0.1, a free port): the password-reset link and an invitation arrive there."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from typing import Any

import pytest

from embedded_server.app import create_app
from embedded_server.config import Settings
from embedded_server.mail import deliver_pending, mail_dir
from tests.portal_fixtures import register_company
from tests.server.accounts_fixtures import verify

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Any:
    inbox = Inbox()
    port = _free_port()
    ctl = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        yield inbox, port
    finally:
        ctl.stop()


def test_reset_and_invitation_mails_reach_a_real_smtp_server(
        portal_db_url: str, tmp_path: Any, smtp_server: Any) -> None:
    from fastapi.testclient import TestClient

    inbox, port = smtp_server
    settings = Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail"),
                        smtp_url=f"smtp://127.0.0.1:{port}", mail_interval_s=3600)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            acct = register_company(client, "Smtp AB")
            verify(app, acct["user"]["id"])
            h = {"Authorization": f"Bearer {acct['token']}"}
            assert client.post("/api/v1/auth/password-reset",
                               json={"email": acct["email"]}).status_code == 202
            r = client.post("/api/v1/invitations", headers=h,
                            json={"email": "smtp-invitee@example.com", "roles": ["driver"]})
            assert r.status_code == 201
            sent = deliver_pending(app.state.session_factory, mail_dir(settings), settings)
            assert sent == 3  # welcome, reset, invitation
            by_to = {tuple(to): msg for to, msg in inbox.messages}
            reset = by_to[(acct["email"],)]
            assert reset["Subject"] in ("Reset your MPRO password", "Welcome to MPRO")
            subjects = {msg["Subject"] for to, msg in inbox.messages if to == [acct["email"]]}
            assert subjects == {"Welcome to MPRO", "Reset your MPRO password"}
            reset_body = next(m for to, m in inbox.messages
                              if m["Subject"] == "Reset your MPRO password").get_payload(decode=True)
            token = re.search(rb"token=(\S+)", reset_body).group(1).decode()
            r = client.post("/api/v1/auth/password-reset/confirm",
                            json={"token": token, "password": "a brand new password"})
            assert r.status_code == 204
            invite = by_to[("smtp-invitee@example.com",)]
            assert r"inv_" in invite.get_payload(decode=True).decode()
            assert not list((tmp_path / "mail").glob("*.eml"))  # SMTP, not the outbox folder
    finally:
        app.state.engine.dispose()


def test_an_unreachable_smtp_server_keeps_the_mail_queued(portal_db_url: str,
                                                          tmp_path: Any) -> None:
    from embedded_server.models import MailOutbox

    settings = Settings(database_url=portal_db_url, mail_dir=str(tmp_path / "mail"),
                        smtp_url=f"smtp://127.0.0.1:{_free_port()}", mail_interval_s=3600)
    app = create_app(settings)
    try:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            register_company(client, "Down AB")
        assert deliver_pending(app.state.session_factory, mail_dir(settings), settings) == 0
        with app.state.session_factory() as s:
            assert [m.sent_at for m in s.query(MailOutbox)] == [None]
    finally:
        app.state.engine.dispose()
