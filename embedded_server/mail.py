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
With ``MPRO_SMTP_URL`` (``Settings.smtp_url``) set, delivery hands each message to that
SMTP server instead (:func:`smtp_send`); a failed hand-over leaves the row queued.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
SENDER_ADDR = "no-reply@mpro.invalid"
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


def smtp_send(url: str, row: MailOutbox) -> None:
    """Hand one message to the SMTP server of ``url`` (R15): ``smtp://[user:pass@]host[:port]``
    (STARTTLS when the server offers it, port 25 by default) or ``smtps://...`` (TLS from the
    start, port 465); user and password (URL-encoded) log in when given."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"MPRO_SMTP_URL must be smtp:// or smtps://, not {parts.scheme!r}")
    host = parts.hostname
    timeout = 30
    client: smtplib.SMTP
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, parts.port or 465, timeout=timeout,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, parts.port or 25, timeout=timeout)
    with client:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.sendmail(SENDER_ADDR, [row.to_addr], _message(row))


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
            if settings.smtp_url:
                try:
                    smtp_send(settings.smtp_url, row)
                except (OSError, smtplib.SMTPException):
                    log.warning("SMTP delivery of mail %s failed; retrying later", row.id,
                                exc_info=True)
                    if row.kind == RESET_MAIL_KIND:
                        row.body = ""  # its link is made again next time; no plaintext kept
                    break
            else:
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
