"""Sentences for the account refusals (the portal's stable ``code`` words, R3, R6, R10,
R13, R14): one wording for a disabled action's tooltip and for a refused change alike."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mpro_desktop.domain.accounts import Permission

#: the codes :func:`refusal_text` has its own sentence for
ACCOUNT_CODES = frozenset(
    {
        "insufficient_role",
        "verification_required",
        "self_role_change",
        "last_admin",
        "self_delete",
        "country_immutable",
        "offline",
        "invitation_not_pending",
    }
)


def refusal_text(code: str | None, permission: Permission | None = None) -> str:
    """One sentence for a refusal ``code`` (the portal's or the local rule's)."""
    if code == "insufficient_role":
        return role_text(permission)
    texts = {
        "verification_required": QCoreApplication.translate(
            "Permissions",
            "Only a verified administrator can invite users — show your ID at a dealer "
            "to verify your account.",
        ),
        "self_role_change": QCoreApplication.translate(
            "Permissions",
            "You cannot change your own roles. Ask another administrator to do it.",
        ),
        "last_admin": QCoreApplication.translate(
            "Permissions",
            "The company must keep at least one administrator. Make another user an "
            "administrator first.",
        ),
        "self_delete": QCoreApplication.translate(
            "Permissions",
            "You cannot delete your own user. Ask another administrator to do it.",
        ),
        "country_immutable": QCoreApplication.translate(
            "Permissions",
            "The country cannot be changed after registration. A company in another "
            "country needs a company account of its own.",
        ),
        "offline": QCoreApplication.translate(
            "Permissions", "This needs a connection to the portal. Try again when online."
        ),
        "invitation_not_pending": QCoreApplication.translate(
            "Permissions", "Only a pending invitation can be revoked."
        ),
    }
    if code in texts:
        return texts[code]
    return QCoreApplication.translate("Permissions", "The portal refused the change (%1).").replace(
        "%1", code or "?"
    )


def role_text(permission: Permission | None) -> str:
    """Why a user without the roles for ``permission`` may not."""
    if permission is Permission.MANAGE_USERS:
        return QCoreApplication.translate(
            "Permissions", "Only a company administrator can invite, change or delete users."
        )
    if permission is Permission.MANAGE_VEHICLES:
        return QCoreApplication.translate(
            "Permissions",
            "Only a company administrator or a fleet manager can add, rename or remove vehicles.",
        )
    if permission is Permission.MANAGE_COMPANY:
        return QCoreApplication.translate(
            "Permissions",
            "Only a company administrator can change or delete the company account and "
            "read the audit log.",
        )
    if permission is Permission.MANAGE_ORDERS:
        return QCoreApplication.translate(
            "Permissions", "Only a company administrator or a fleet manager can order products."
        )
    if permission is Permission.MANAGE_ALERTS:
        return QCoreApplication.translate(
            "Permissions",
            "Only a company administrator or a fleet manager can acknowledge alerts.",
        )
    return QCoreApplication.translate("Permissions", "Your roles do not allow this.")
