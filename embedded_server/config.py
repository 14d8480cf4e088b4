"""Runtime settings of the embedded portal, from CLI arguments and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from embedded_server.db import DEFAULT_MAX_OVERFLOW, DEFAULT_POOL_SIZE


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def default_data_dir() -> Path:
    """Where the portal keeps its database: $MPRO_DATA_DIR or the platformdirs data dir."""
    env = os.environ.get("MPRO_DATA_DIR")
    if env:
        base = Path(env)
    else:
        import platformdirs

        base = Path(platformdirs.user_data_dir("mpro-desktop", appauthor=False))
    return base / "portal"


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'portal.sqlite3'}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything create_app needs; tests build one directly."""

    database_url: str = field(default_factory=default_database_url)
    access_token_ttl_s: int = 3600
    refresh_token_ttl_s: int = 30 * 86400
    reset_token_ttl_s: int = 3600
    #: R1: the link confirming a second company membership of a login identity
    membership_token_ttl_s: int = 7 * 86400
    #: R13: how long an invitation can be accepted
    invitation_ttl_s: int = field(
        default_factory=lambda: int(_env_float("MPRO_INVITATION_TTL_S", 7 * 86400))
    )
    #: R8: how long the confirmation code of a company deletion is valid
    deletion_code_ttl_s: int = 3600
    #: R15: real SMTP delivery (smtp://user:pass@host:port, STARTTLS if offered; smtps://
    #: for TLS from the start); None: .eml files in ``mail_dir``
    smtp_url: str | None = field(default_factory=lambda: os.environ.get("MPRO_SMTP_URL") or None)
    #: per e-mail address, existing or not: the 10th consecutive failure answers 429
    login_max_failures: int = 10
    login_lockout_s: int = 60
    #: per client address: failures per window (API.md: at least 60 a minute must pass)
    login_client_max_failures: int = 100
    login_client_window_s: int = 60
    #: password-reset mails per address and window; more requests answer 202, mail nothing
    reset_mails_per_window: int = 3
    reset_mail_window_s: int = 3600
    #: Idempotency-Key records expire after this age; the purge runs every interval
    idempotency_ttl_s: float = field(
        default_factory=lambda: _env_float("MPRO_IDEMPOTENCY_TTL_S", 86400.0)
    )
    idempotency_purge_interval_s: float = field(
        default_factory=lambda: _env_float("MPRO_IDEMPOTENCY_PURGE_S", 600.0)
    )
    #: where the embedded portal delivers mail (one .eml file per message, see ``mail``);
    #: None: ``mail`` next to a SQLite database, else under the data dir
    mail_dir: str | None = field(default_factory=lambda: os.environ.get("MPRO_MAIL_DIR") or None)
    #: how often queued mail is delivered (never inside a request: no timing signal)
    mail_interval_s: float = field(default_factory=lambda: _env_float("MPRO_MAIL_INTERVAL_S", 2.0))
    sse_heartbeat_s: float = field(
        default_factory=lambda: _env_float("MPRO_SSE_HEARTBEAT_S", 15.0)
    )
    max_samples_per_request: int = 10_000
    #: a dealer's own access token (dealer routes only; sign in again after it)
    dealer_token_ttl_s: int = 8 * 3600
    #: R12: how long a dealer's support session acts as the user (default 60 min)
    support_session_ttl_s: int = field(
        default_factory=lambda: int(_env_float("MPRO_SUPPORT_SESSION_TTL_S", 3600))
    )
    #: wrong support passwords for one user (e-mail, known or not) before a lockout
    support_password_max_failures: int = 5
    support_password_lockout_s: int = 900
    #: wrong support passwords one dealer may enter per window, over all users
    support_dealer_max_failures: int = 20
    support_dealer_window_s: int = 3600
    #: rFMS (N4): lifetime of a client-credentials access token; items per rFMS page
    rfms_token_ttl_s: int = 3600
    rfms_page_size: int = field(
        default_factory=lambda: max(1, int(_env_float("MPRO_RFMS_PAGE_SIZE", 1000)))
    )
    #: period of the background sweep (command expiry, trailing vehicle_status flush)
    sweep_interval_s: float = field(
        default_factory=lambda: _env_float("MPRO_SWEEP_INTERVAL_S", 5.0)
    )

    #: PostgreSQL connection pool of each portal process (``db.make_engine``)
    db_pool_size: int = field(
        default_factory=lambda: int(_env_float("MPRO_DB_POOL_SIZE", DEFAULT_POOL_SIZE)))
    db_max_overflow: int = field(
        default_factory=lambda: int(_env_float("MPRO_DB_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW)))
    #: stream events through Redis pub/sub instead of PostgreSQL LISTEN/NOTIFY (``fanout``)
    redis_url: str | None = field(default_factory=lambda: os.environ.get("MPRO_REDIS_URL") or None)
    #: telemetry older than this is deleted (``jobs.retention``); None or 0: kept for ever
    telemetry_retention_days: float | None = field(
        default_factory=lambda: _env_float("MPRO_TELEMETRY_RETENTION_DAYS", 0.0) or None)
    retention_interval_s: float = field(
        default_factory=lambda: _env_float("MPRO_RETENTION_INTERVAL_S", 3600.0))
    #: ``GET /metrics`` wants ``Authorization: Bearer <this>`` when set
    metrics_token: str | None = field(
        default_factory=lambda: os.environ.get("MPRO_METRICS_TOKEN") or None)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings with MPRO_* environment overrides, then explicit ones."""
        values: dict[str, object] = {}
        if os.environ.get("MPRO_DATABASE_URL"):
            values["database_url"] = os.environ["MPRO_DATABASE_URL"]
        if os.environ.get("MPRO_ACCESS_TOKEN_TTL_S"):
            values["access_token_ttl_s"] = int(os.environ["MPRO_ACCESS_TOKEN_TTL_S"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
