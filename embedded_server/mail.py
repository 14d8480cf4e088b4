"""How the embedded portal delivers mail (R15: "an inspectable outbox").

Requests only queue a row in ``mail_outbox``; a task in the app's lifespan delivers the
queue every ``Settings.mail_interval_s``, never inside a request. A ``password_reset``
row is queued without a body for known and unknown addresses alike; delivery makes the
token and the text (``accounts.service.password_reset_body``) or drops the row when no
account has the address, so neither the answer nor its timing depends on that, and
the plaintext token goes only into the delivered message. The embedded portal has no
SMTP server: delivering means
writing the message as one ``<id>.eml`` file (RFC 5322, owner-only 0600, in a 0700
folder) into the mail folder, which is the "inbox" a tester or a demo user opens. Once
delivered, the row keeps only its metadata (to, subject, created, ``sent_at``) and its
body is cleared; a reset token is only ever stored as a SHA-256 hash (``auth_tokens``).
A real portal would hand the message to SMTP at the same point.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from embedded_server.accounts.service import RESET_MAIL_KIND, password_reset_body
from embedded_server.config import Settings, default_data_dir
from embedded_server.db import utcnow
from embedded_server.models import MailOutbox
from mpro_common.private_files import private_dir, private_file

log = logging.getLogger("embedded_server.mail")

SENDER = "MPRO <no-reply@mpro.invalid>"
BATCH = 100


def mail_dir(settings: Settings) -> Path:
    """``Settings.mail_dir``, else ``mail/`` beside a SQLite database, else the data dir's."""
    if settings.mail_dir:
        return Path(settings.mail_dir)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent / "mail"
    return default_data_dir() / "mail"


def _message(row: MailOutbox) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = SENDER
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Date"] = row.created_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    msg["Message-ID"] = f"<{row.id}.{int(row.created_at.timestamp())}@mpro.invalid>"
    msg.set_content(row.body)
    return msg.as_bytes()


def _write(folder: Path, row: MailOutbox) -> None:
    path = private_file(folder / f"{row.id:08d}.eml")
    with open(path, "wb") as fh:  # noqa: PTH123 - private_file made it 0600 first
        fh.write(_message(row))
        fh.flush()
        os.fsync(fh.fileno())


def deliver_pending(factory: Callable[..., Session], folder: Path, settings: Settings) -> int:
    """Deliver queued mail (oldest first); returns how many were sent. A crash between
    writing the file and the commit delivers that mail again (same file name; a reset
    link from the lost transaction never worked)."""
    private_dir(folder, fix_existing=False)
    sent = 0
    with factory() as session:
        rows = list(
            session.scalars(
                select(MailOutbox)
                .where(MailOutbox.sent_at.is_(None))
                .order_by(MailOutbox.id)
                .limit(BATCH)
            )
        )
        for row in rows:
            if row.kind == RESET_MAIL_KIND:
                body = password_reset_body(session, email=row.to_addr, settings=settings)
                if body is None:
                    session.delete(row)
                    continue
                row.body = body
            _write(folder, row)
            row.body = ""
            row.sent_at = utcnow()
            sent += 1
        session.commit()
    return sent


def delivered(folder: Path, to_addr: str | None = None) -> list[EmailMessage]:
    """The delivered messages in ``folder`` (oldest first), e.g. to find a reset link."""
    out = []
    for path in sorted(folder.glob("*.eml")):
        msg = email.message_from_bytes(
            path.read_bytes(), _class=EmailMessage, policy=email.policy.SMTP
        )
        if to_addr is None or msg["To"] == to_addr:
            out.append(msg)
    return out
