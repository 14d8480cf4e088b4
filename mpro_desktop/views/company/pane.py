"""Company: the account's base data (R5–R7), contract versions (R6) and deletion (R8).

Edits go through the outbox (``company.update``); the country is shown read-only with
the reason. The contract history and the deletion need the portal there and then
(online only, never queued).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.account_rules import is_e164
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.account_texts import refusal_text
from mpro_desktop.models.contracts import contract_version_rows
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import first, gate, why_not
from mpro_desktop.views.common.style import error_label, heading, note_label, set_tone

log = logging.getLogger(__name__)


class CompanyPane(Pane):
    NAME = "company"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Company")
    ENTITIES = frozenset({"company", "product", "vehicle"})  # the contracts' names
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.company: dict | None = None
        self._contract_items: list[dict] = []
        self.name_edit = QLineEdit()
        self.country_edit = QLineEdit()
        self.country_edit.setReadOnly(True)
        self.country_edit.setToolTip(refusal_text("country_immutable"))
        self.country_reason = note_label(refusal_text("country_immutable"))
        self.country_reason.setWordWrap(True)
        self.street_edit = QLineEdit()
        self.postal_edit = QLineEdit()
        self.city_edit = QLineEdit()
        self.org_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("+46812345678")
        self.edits = {
            "name": self.name_edit,
            "street": self.street_edit,
            "postal_code": self.postal_edit,
            "city": self.city_edit,
            "org_number": self.org_edit,
            "phone": self.phone_edit,
        }
        form = QFormLayout()
        form.addRow(self.tr("Company name"), self.name_edit)
        form.addRow(self.tr("Country"), self.country_edit)
        form.addRow("", self.country_reason)
        form.addRow(self.tr("Street"), self.street_edit)
        form.addRow(self.tr("Postal code"), self.postal_edit)
        form.addRow(self.tr("City"), self.city_edit)
        form.addRow(self.tr("Organisation number"), self.org_edit)
        form.addRow(self.tr("Phone"), self.phone_edit)
        for label, edit in (
            (self.tr("Company name"), self.name_edit),
            (self.tr("Country"), self.country_edit),
            (self.tr("Street"), self.street_edit),
            (self.tr("Postal code"), self.postal_edit),
            (self.tr("City"), self.city_edit),
            (self.tr("Organisation number"), self.org_edit),
            (self.tr("Phone"), self.phone_edit),
        ):
            edit.setAccessibleName(label)
        self.problem = error_label()
        self.state_label = note_label()
        self.save_button = QPushButton(self.tr("Save changes"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo edits"))
        self.revert_button.clicked.connect(self.show_company)
        data_box = QGroupBox(self.tr("Company data"))
        data_layout = QVBoxLayout(data_box)
        data_layout.addLayout(form)
        data_layout.addWidget(
            note_label(
                self.tr(
                    "A new name, address or organisation number creates a new version of "
                    "every active contract; the old versions stay in the contract history."
                )
            )
        )
        data_layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        data_layout.addLayout(buttons)
        data_layout.addStretch(1)  # fields, note and buttons together at the top

        self.contracts = QTableWidget(0, 5)
        self.contracts.setHorizontalHeaderLabels(
            [
                self.tr("Contract"),
                self.tr("Version"),
                self.tr("Company data"),
                self.tr("Valid from"),
                self.tr("Valid until"),
            ]
        )
        self.contracts.setAccessibleName(self.tr("Contract versions"))
        self.contracts.verticalHeader().hide()
        header = self.contracts.horizontalHeader()
        header.setStretchLastSection(False)
        for col, mode in enumerate(
            (
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(col, mode)
        self.contracts.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.contracts.setWordWrap(False)
        self.contracts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contracts.setTabKeyNavigation(False)
        self.contracts_status = note_label(
            self.tr("The contract history is kept on the portal; read it to see every version.")
        )
        self.contracts_status.setWordWrap(True)
        self.contracts_button = QPushButton(self.tr("Read from the portal"))
        self.contracts_button.clicked.connect(self.load_contracts)
        history = QGroupBox(self.tr("Contract versions"))
        history_layout = QVBoxLayout(history)
        top = QHBoxLayout()
        top.addWidget(self.contracts_status, 1)
        top.addWidget(self.contracts_button)
        history_layout.addLayout(top)
        history_layout.addWidget(self.contracts)

        self.delete_button = QPushButton(self.tr("Delete company account…"))
        self.delete_button.clicked.connect(self.delete_company)
        danger = QHBoxLayout()
        danger.addWidget(
            note_label(
                self.tr(
                    "Deleting the company ends all connectivity services at once and every "
                    "contract after 14 days' notice."
                )
            ),
            1,
        )
        danger.addWidget(self.delete_button)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(heading(self.title()))
        columns = QHBoxLayout()
        columns.addWidget(data_box, 1)
        columns.addWidget(history, 1)
        layout.addLayout(columns, 1)
        layout.addLayout(danger)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setAccessibleName(self.title())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        for edit in self.edits.values():
            edit.textChanged.connect(self.update_actions)
        context.sig_account_changed.connect(lambda _a: self.update_actions())
        context.sig_online_changed.connect(self._online_changed)
        self.update_actions()

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        def done(company: dict | None) -> None:
            self.company = company
            self.show_company()

        if self._contract_items:
            self._show_contracts(self._contract_items)  # names may have come meanwhile

        run_in_background(
            self.cache.company, done, lambda exc: log.warning("company: %s", exc), owner=self
        )

    def show_company(self) -> None:
        c = self.company or {}
        address = c.get("address") or {}
        values = {
            "name": c.get("name"),
            "street": address.get("street"),
            "postal_code": address.get("postal_code"),
            "city": address.get("city"),
            "org_number": c.get("org_number"),
            "phone": c.get("phone"),
        }
        for key, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setText(str(values[key] or ""))
            edit.blockSignals(False)
        self.country_edit.setText(str(c.get("country") or ""))
        self.state_label.setText(
            self.tr("Changes waiting to be sent to the portal.") if c.get("pending_op") else ""
        )
        self.update_actions()

    def changes(self) -> dict:
        c = self.company or {}
        address = c.get("address") or {}
        out: dict = {}
        for key in ("name", "org_number", "phone"):
            value = self.edits[key].text().strip()
            if value != (c.get(key) or ""):
                out[key] = value
        new_address = {k: self.edits[k].text().strip() for k in ("street", "postal_code", "city")}
        if new_address != {k: address.get(k) or "" for k in new_address}:
            out["address"] = new_address
        return out

    def problem_text(self) -> str | None:
        for edit in self.edits.values():
            if not edit.text().strip():
                return self.tr(
                    "Fill in every field: one postal address, a name, an "
                    "organisation number and a phone number."
                )
        if not is_e164(self.phone_edit.text()):
            return self.tr("Enter the phone number with its country code, e.g. +46812345678.")
        return None

    def edit_reason(self) -> str | None:
        return first(
            why_not(self.context.account, Permission.MANAGE_COMPANY),
            self.tr("The company data has not been loaded from the portal yet.")
            if self.company is None
            else None,
        )

    def update_actions(self, *_args) -> None:
        reason = self.edit_reason()
        for edit in self.edits.values():
            edit.setReadOnly(reason is not None)
            edit.setToolTip(reason or "")
        changed = bool(self.changes()) if self.company is not None else False
        problem = self.problem_text() if changed else None
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        gate(
            self.save_button,
            first(
                reason,
                None if changed else self.tr("Nothing has been changed."),
                problem,
            ),
            self.tr("Save the changes (sent to the portal, also after working offline)"),
        )
        self.revert_button.setEnabled(changed)
        online = self.context.online is not None
        gate(
            self.delete_button,
            first(
                why_not(self.context.account, Permission.MANAGE_COMPANY),
                None if online else refusal_text("offline"),
            ),
            self.tr("Delete the company account in three steps"),
        )
        gate(
            self.contracts_button,
            None if online else refusal_text("offline"),
            self.tr("Read every contract version from the portal"),
        )

    # -- actions --------------------------------------------------------------------------
    def save(self) -> None:
        changes = self.changes()
        if not changes or self.edit_reason() or self.problem_text():
            return
        from mpro_desktop.sync import outbox
        from mpro_desktop.sync.entities import company

        account = self.context.account
        roles = account.roles if account is not None and account.known else ("company_admin",)
        cache = self.cache

        def failed(exc: BaseException) -> None:
            code = getattr(exc, "code", None)
            QMessageBox.warning(self, self.title(), refusal_text(code) if code else str(exc))

        run_write(
            lambda: outbox.submit(cache, company.UPDATE, actor_roles=roles, **changes),
            changes={"company"},
            listener=self.context,
            on_failure=failed,
            owner=self,
        )

    def on_shown(self) -> None:
        super().on_shown()
        if self.context.online is not None and self.contracts.rowCount() == 0:
            self.load_contracts()

    def _online_changed(self, online: bool) -> None:
        """Signed in after the pane was shown: read the history then (not on a click)."""
        self.update_actions()
        if online and self.isVisible() and self.contracts.rowCount() == 0:
            self.load_contracts()

    def load_contracts(self) -> None:
        api = self.context.online
        if api is None:
            self.contracts_status.setText(refusal_text("offline"))
            return
        self.contracts_status.setText(self.tr("Reading the contract versions…"))
        set_tone(self.contracts_status, None)

        def done(items: list[dict]) -> None:
            self._contract_items = items
            self._show_contracts(items)

        def failed(exc: BaseException) -> None:
            self.contracts_status.setText(online_error_text(exc))
            set_tone(self.contracts_status, "error")

        run_in_background(api.contracts, done, failed, owner=self)

    def _show_contracts(self, items: list[dict]) -> None:
        """The portal's contracts as one row per version, named from the cache."""
        cache = self.cache

        def rows() -> list[list[str]]:
            return contract_version_rows(items, cache.products(), cache.vehicles())

        def show(rows: list[list[str]]) -> None:
            self.contracts.setRowCount(len(rows))
            for row, cells in enumerate(rows):
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.contracts.setItem(row, col, item)
            self.contracts_status.setText(
                self.tr("%n contract versions.", "", len(rows))
                if rows
                else self.tr("No contracts yet: they come with the first order.")
            )

        run_in_background(rows, show, lambda exc: log.warning("contracts: %s", exc), owner=self)

    def delete_company(self) -> None:
        if self.context.online is None:
            return
        from mpro_desktop.views.company.delete_wizard import DeleteCompanyDialog

        dialog = DeleteCompanyDialog(
            self.context.online, (self.company or {}).get("name", ""), self
        )
        dialog.exec()
