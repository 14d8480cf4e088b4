"""What the online-only views (sign-up, password reset, profile, company deletion, audit
log, dealer counter) say when the portal's answer is not the one hoped for."""

from __future__ import annotations

from mpro_desktop.models.account_texts import ACCOUNT_CODES, refusal_text


def online_error_text(exc: BaseException) -> str:
    """A sentence for a failed online call (shared by the online-only views)."""
    from PySide6.QtCore import QCoreApplication

    from mpro_desktop.sync.client import PortalError, PortalUnreachable

    if isinstance(exc, PortalUnreachable):
        return QCoreApplication.translate(
            "Online", "The portal cannot be reached. Check your network and try again."
        )
    if isinstance(exc, PortalError):
        if exc.code in ACCOUNT_CODES:
            return refusal_text(exc.code)
        if exc.status == 401:
            return QCoreApplication.translate(
                "Online", "Your session has ended. Sign in again to go on."
            )
        if exc.status == 404:
            return QCoreApplication.translate(
                "Online", "The portal does not offer this yet (or it was not found)."
            )
        if exc.status == 429:
            return QCoreApplication.translate(
                "Online", "Too many attempts. Wait a few minutes and try again."
            )
        return QCoreApplication.translate("Online", "The portal refused: %1").replace(
            "%1", exc.detail or exc.code or str(exc.status)
        )
    return QCoreApplication.translate("Online", "Something went wrong: %1").replace("%1", str(exc))
