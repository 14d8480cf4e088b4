"""Users: the company's users, their roles, verification and invitations (R2, R3, R10,
R11, R13, R14).

Every change goes through the outbox (``user.invite``, ``user.set_roles``,
``user.remove``, ``invitation.revoke``), so it works offline and is sent later; the
portal's refusal comes back as a sentence here (and in Conflicts). Each action the
signed-in user may not take stays visible, disabled, with a tooltip saying why.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import invite_refusal, removal_refusal
from mpro_desktop.domain.accounts import COMPANY_ADMIN, Permission
from mpro_desktop.models.account_texts import refusal_text
from mpro_desktop.models.table import RowIdRole, RowTableModel
from mpro_desktop.models.users import InvitationTableModel, UserTableModel, user_name
from mpro_desktop.views.common.flow_layout import FlowLayout
from mpro_desktop.views.common.list_pane import ListPane
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import first, gate, why_not
from mpro_desktop.views.common.style import heading, set_tone
from mpro_desktop.views.common.table_layout import fit_columns
from mpro_desktop.views.users.dialogs import InviteDialog, RolesDialog

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)

#: the mutation types whose refusals this pane explains
ACCOUNT_MUTATIONS = ("user.invite", "user.set_roles", "user.remove", "invitation.revoke")


class UsersPane(ListPane):
    NAME = "users"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Users")
    ENTITIES = frozenset({"user", "invitation", "conflict"})
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.users: list[dict] = []
        self.refusal: dict | None = None
        self.invite_button = QPushButton(self.tr("Invite user…"))
        self.roles_button = QPushButton(self.tr("Change roles…"))
        self.delete_button = QPushButton(self.tr("Delete user…"))
        self.invite_button.clicked.connect(self.invite)
        self.roles_button.clicked.connect(self.change_roles)
        self.delete_button.clicked.connect(self.delete_user)
        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for b in (self.invite_button, self.roles_button, self.delete_button):
            bar.addWidget(b)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, bar)
        # A standing line for an unverified admin, and the latest refusal of a change.
        self.banner = heading("")
        self.banner.setWordWrap(True)
        self.banner.setFont(self.font())
        set_tone(self.banner, "warning")
        self.banner.hide()
        layout.insertWidget(2, self.banner)
        self.refusal_label = heading("")
        self.refusal_label.setFont(self.font())
        self.refusal_label.setWordWrap(True)
        set_tone(self.refusal_label, "error")
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(self.dismiss_refusal)
        refusal_row = QHBoxLayout()
        refusal_row.addWidget(self.refusal_label, 1)
        refusal_row.addWidget(self.dismiss_button)
        self.refusal_box = QWidget()
        self.refusal_box.setLayout(refusal_row)
        self.refusal_box.hide()
        layout.insertWidget(3, self.refusal_box)

        self.invitations_model = InvitationTableModel(self)
        self.invitations = QTableView()
        self.invitations.setAccessibleName(self.tr("Invitations"))
        self.invitations.setModel(self.invitations_model)
        self.invitations.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.invitations.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.invitations.verticalHeader().hide()
        self.invitations.horizontalHeader().setStretchLastSection(True)
        self.invitations.setTabKeyNavigation(False)
        self.revoke_button = QPushButton(self.tr("Revoke invitation"))
        self.revoke_button.clicked.connect(self.revoke)
        self.copy_button = QPushButton(self.tr("Copy invitation code"))
        self.copy_button.clicked.connect(self.copy_code)
        inv_bar = FlowLayout()
        inv_bar.addWidget(heading(self.tr("Invitations")), 1)
        inv_bar.addWidget(self.copy_button)
        inv_bar.addWidget(self.revoke_button)
        layout.addLayout(inv_bar)
        layout.addWidget(self.invitations, 1)
        layout.setStretchFactor(self.table, 2)
        self._invitations_sized = False
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.invitations.selectionModel().selectionChanged.connect(self.update_actions)
        self.invitations.doubleClicked.connect(lambda _i: None)
        context.sig_account_changed.connect(lambda _a: self.update_actions())
        self.update_actions()

    def make_model(self) -> RowTableModel:
        return UserTableModel(self)

    @staticmethod
    def read(cache: Cache) -> list[dict]:
        return cache.users()

    def note(self) -> str:
        return self.tr(
            "Changes are saved on this computer at once and sent to the portal, also "
            "after working offline."
        )

    # -- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        cache = self.cache

        def read() -> tuple[list[dict], list[dict], list[dict]]:
            refusals = [c for c in cache.conflicts() if c.get("type") in ACCOUNT_MUTATIONS]
            return cache.users(), cache.invitations(), refusals

        def done(found: tuple[list[dict], list[dict], list[dict]]) -> None:
            users, invitations, refusals = found
            self.users = users
            self.model.set_rows(users)
            self.proxy.sort(
                self.table.horizontalHeader().sortIndicatorSection(),
                self.table.horizontalHeader().sortIndicatorOrder(),
            )
            if not self._columns_sized and users:
                fit_columns(self.table)
                self._columns_sized = True
            self.invitations_model.set_rows(invitations)
            if invitations and not self._invitations_sized:
                fit_columns(self.invitations)
                self._invitations_sized = True
            self.refusal = refusals[0] if refusals else None
            self._show_refusal()
            self.update_actions()

        run_in_background(read, done, lambda exc: log.warning("reload failed: %s", exc), owner=self)

    # -- selection and what the user may do ---------------------------------------------
    def selected_user(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        uid = rows[0].data(RowIdRole)
        return next((u for u in self.users if u.get("id") == uid), None)

    def selected_invitation(self) -> dict | None:
        rows = self.invitations.selectionModel().selectedRows()
        if not rows:
            return None
        return self.invitations_model.row_dict(rows[0].row())

    def admin_ids(self) -> set[str]:
        return {
            u["id"]
            for u in self.users
            if COMPANY_ADMIN in (u.get("roles") or []) and u.get("pending_op") != "remove"
        }

    def invite_reason(self) -> str | None:
        account = self.context.account
        if account is None or not account.known:
            return None
        code = invite_refusal(account.roles, account.verified)
        return None if code is None else refusal_text(code, Permission.MANAGE_USERS)

    def roles_reason(self, user: dict | None) -> str | None:
        account = self.context.account
        return first(
            why_not(account, Permission.MANAGE_USERS),
            self.tr("Select a user in the list first.") if user is None else None,
            refusal_text("self_role_change")
            if user is not None and account is not None and user["id"] == account.user_id
            else None,
            self.tr("This user is being deleted.")
            if user is not None and user.get("pending_op") == "remove"
            else None,
        )

    def delete_reason(self, user: dict | None) -> str | None:
        account = self.context.account
        reason = first(
            why_not(account, Permission.MANAGE_USERS),
            self.tr("Select a user in the list first.") if user is None else None,
            self.tr("This user is being deleted.")
            if user is not None and user.get("pending_op") == "remove"
            else None,
        )
        if reason is None and user is not None and account is not None and account.known:
            code = removal_refusal(account.user_id, account.roles, user["id"], self.admin_ids())
            reason = None if code is None else refusal_text(code, Permission.MANAGE_USERS)
        return reason

    def revoke_reason(self, invitation: dict | None) -> str | None:
        return first(
            why_not(self.context.account, Permission.MANAGE_USERS),
            self.tr("Select an invitation first.") if invitation is None else None,
            refusal_text("invitation_not_pending")
            if invitation is not None
            and (invitation.get("state") != "pending" or invitation.get("pending_op"))
            else None,
        )

    def update_actions(self, *_args) -> None:
        user = self.selected_user()
        invitation = self.selected_invitation()
        gate(self.invite_button, self.invite_reason(), self.tr("Invite someone to the company"))
        gate(
            self.roles_button, self.roles_reason(user), self.tr("Change the selected user's roles")
        )
        gate(self.delete_button, self.delete_reason(user), self.tr("Delete the selected user"))
        gate(self.revoke_button, self.revoke_reason(invitation), self.tr("Revoke the invitation"))
        has_code = bool(invitation and invitation.get("token"))
        gate(
            self.copy_button,
            None
            if has_code
            else self.tr(
                "The invitation code is shown only on the computer it was sent from, "
                "once the portal has accepted the invitation."
            ),
            self.tr("Copy the code to hand it over to the invited person"),
        )
        account = self.context.account
        unverified_admin = (
            account is not None
            and account.known
            and COMPANY_ADMIN in account.roles
            and not account.verified
        )
        self.banner.setText(refusal_text("verification_required") if unverified_admin else "")
        self.banner.setVisible(unverified_admin)

    def _show_refusal(self) -> None:
        r = self.refusal
        if r is None:
            self.refusal_box.hide()
            return
        self.refusal_label.setText(
            self.tr("Not accepted by the portal: %1").replace(
                "%1", refusal_text(r.get("code"), Permission.MANAGE_USERS)
            )
        )
        self.refusal_box.show()

    def dismiss_refusal(self) -> None:
        if self.refusal is None:
            return
        conflict_id = int(self.refusal["id"])
        cache = self.cache
        run_write(
            lambda: cache.resolve_conflict(conflict_id),
            changes={"conflict"},
            listener=self.context,
            owner=self,
        )

    # -- actions --------------------------------------------------------------------------
    def _submit(self, mutation, *args, changes: set[str], **values) -> None:
        from mpro_desktop.sync import outbox

        cache = self.cache

        def failed(exc: BaseException) -> None:
            code = getattr(exc, "code", None)
            text = refusal_text(code, Permission.MANAGE_USERS) if code else str(exc)
            QMessageBox.warning(self, self.tr("Users"), text)

        run_write(
            lambda: outbox.submit(cache, mutation, *args, **values),
            changes=changes,
            listener=self.context,
            on_failure=failed,
            owner=self,
        )

    def _actor(self) -> dict:
        account = self.context.account
        if account is None:
            return {"actor_roles": (COMPANY_ADMIN,)}
        return {"actor_roles": account.roles if account.known else (COMPANY_ADMIN,)}

    def invite(self) -> None:
        if self.invite_reason() is not None:
            return
        from mpro_desktop.sync.entities import invitation

        dialog = InviteDialog(self, online=self.sync is not None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        account = self.context.account
        verified = True if account is None or not account.known else account.verified
        self._submit(
            invitation.INVITE,
            changes={"invitation"},
            actor_verified=verified,
            **self._actor(),
            **dialog.values(),
        )

    def change_roles(self) -> None:
        user = self.selected_user()
        if self.roles_reason(user) is not None or user is None:
            return
        from mpro_desktop.sync.entities import user as user_entity

        admins = self.admin_ids()
        dialog = RolesDialog(
            user_name(user) or user.get("email") or "",
            user.get("roles") or [],
            last_admin=admins <= {user["id"]},
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        account = self.context.account
        self._submit(
            user_entity.SET_ROLES,
            user["id"],
            dialog.roles_box.roles(),
            changes={"user"},
            actor_id=account.user_id if account is not None else "",
            **self._actor(),
        )

    def delete_user(self) -> None:
        user = self.selected_user()
        if self.delete_reason(user) is not None or user is None:
            return
        from mpro_desktop.sync.entities import user as user_entity

        name = user_name(user) or user.get("email") or ""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete user"),
            self.tr(
                "Delete %1 (%2)? They can no longer sign in to the company account and "
                "are told so by e-mail."
            )
            .replace("%1", name)
            .replace("%2", user.get("email") or ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        account = self.context.account
        self._submit(
            user_entity.REMOVE,
            user["id"],
            changes={"user"},
            actor_id=account.user_id if account is not None else "",
            **self._actor(),
        )

    def revoke(self) -> None:
        invitation = self.selected_invitation()
        if self.revoke_reason(invitation) is not None or invitation is None:
            return
        from mpro_desktop.sync.entities import invitation as invitation_entity

        self._submit(
            invitation_entity.REVOKE, invitation["id"], changes={"invitation"}, **self._actor()
        )

    def copy_code(self) -> None:
        invitation = self.selected_invitation()
        if invitation and invitation.get("token"):
            QGuiApplication.clipboard().setText(str(invitation["token"]))
