"""Move vehicles to another account (SPEC R9, FAQ Q18), a guided path for an admin.

Accounts can't be merged, so the path is: remove the vehicles here (account A, through
the outbox like every change), make sure account B is ready, and B's admin adds them by
VIN. The portal refuses B's add with ``vin_taken`` while a VIN is still registered here
(R16), so the last page waits until the portal has applied every removal before it
says B can add them. What the removal ends here (R18) is said before it is done
(``domain.vehicle_move``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mpro_desktop.domain import vehicle_move as rule
from mpro_desktop.views.common.check_list import checkable_item, checked_keys, filter_items
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import PaneContext

#: how often the last page looks whether the portal applied the removals
POLL_MS = 1000


def _label(text: str = "", *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _name(vehicle: Mapping[str, Any]) -> str:
    return str(vehicle.get("name") or vehicle.get("vin") or "")


class _VehiclesPage(QWizardPage):
    """Which vehicles move, and what removing them ends in this account."""

    def __init__(self, wizard: MoveVehiclesDialog) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Move vehicles to another account"))
        self.setSubTitle(
            self.tr(
                "Company accounts can't be merged. To move vehicles: 1. remove them from "
                "this account, 2. the admin of the other account adds them there by VIN, "
                "3. delete this account when nothing in it is needed any more."
            )
        )
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Search name, VIN, plate…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Search vehicles"))
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Vehicles to move"))
        self.list.itemChanged.connect(lambda _item: self._changed())
        self.consequences = _label(rich=True)
        self.consequences.setAccessibleName(self.tr("What the removal ends in this account"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr("Vehicles to move:")))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.consequences)

    def fill(self, vehicles: Sequence[Mapping[str, Any]], checked: set[str]) -> None:
        self.list.blockSignals(True)
        for v in vehicles:
            plate = v.get("license_plate")
            text = f"{_name(v)} · {v.get('vin')}" + (f" · {plate}" if plate else "")
            self.list.addItem(checkable_item(text, str(v["id"]), str(v["id"]) in checked))
        self.list.blockSignals(False)
        self._changed()

    def _filter(self, text: str) -> None:
        filter_items(self.list, text)

    def checked_ids(self) -> list[str]:
        return checked_keys(self.list)

    def _changed(self) -> None:
        self.consequences.setText(self.wizard_.consequences_html())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.checked_ids())


class _ReadyPage(QWizardPage):
    """Account B is ready: what this program can't see from account A, confirmed."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Is the other account ready?"))
        self.setSubTitle(
            self.tr(
                "This program only sees this account. Ask the admin of the other account "
                "and tick what is true; the vehicles are removed here only then."
            )
        )
        self.checks = {
            "exists": QCheckBox(self.tr("The other company account exists (registered in MPRO).")),
            "verified": QCheckBox(
                self.tr(
                    "Its admin is verified by a dealer (otherwise its orders wait for a "
                    "dealer to confirm them and the vehicles send no data until then)."
                )
            ),
            "terms": QCheckBox(
                self.tr(
                    "Its admin has accepted the terms of the products the vehicles need "
                    "there (orders without them are refused)."
                )
            ),
        }
        layout = QVBoxLayout(self)
        for key, box in self.checks.items():
            layout.addWidget(box)
            self.registerField(f"b_{key}*", box)
        layout.addStretch(1)


class _RemovePage(QWizardPage):
    """Remove them here, follow the portal until it applied every removal, then say
    exactly what B's admin does."""

    def __init__(self, wizard: MoveVehiclesDialog) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Remove the vehicles from this account"))
        self.summary = _label(rich=True)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(wizard.remove)
        self.states = QListWidget()
        self.states.setAccessibleName(self.tr("Where each removal stands"))
        self.states.hide()
        self.next_steps = _label(rich=True)
        self.next_steps.setAccessibleName(self.tr("What the other account's admin does"))
        self.next_steps.hide()
        self.copy_button = QPushButton(self.tr("Copy the VINs"))
        self.copy_button.clicked.connect(wizard.copy_vins)
        self.copy_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.states, 1)
        layout.addWidget(self.next_steps)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        n = len(self.wizard_.chosen())
        self.summary.setText(self.wizard_.consequences_html())
        self.remove_button.setText(
            self.tr("Remove from this account: %1 vehicles").replace("%1", str(n))
        )

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.wizard_.b_can_add


class MoveVehiclesDialog(QWizard):
    """The guided R9 path. ``vehicles``: this account's vehicles (cache rows);
    ``subscriptions`` and ``product_names`` from the cache; ``selected``: checked at
    the start (the Vehicles pane's selection)."""

    sig_removed = Signal(list)
    """The removals were queued (the vehicle ids)."""

    def __init__(
        self,
        context: PaneContext,
        vehicles: Sequence[Mapping[str, Any]],
        subscriptions: Sequence[Mapping[str, Any]],
        product_names: Mapping[str, str],
        selected: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Move vehicles to another account"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.IndependentPages, False)
        self._vehicles = {str(v["id"]): v for v in vehicles}
        self._subscriptions = list(subscriptions)
        self._product_names = dict(product_names)
        #: once removed: the vehicles moved and where each removal stands
        self.removed: list[Mapping[str, Any]] = []
        self.removal_states: dict[str, str] = {}
        self.b_can_add = False
        self.vehicles_page = _VehiclesPage(self)
        self.ready_page = _ReadyPage()
        self.remove_page = _RemovePage(self)
        for page in (self.vehicles_page, self.ready_page, self.remove_page):
            self.addPage(page)
        self.vehicles_page.fill(vehicles, selected)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh_states)
        self.resize(640, 520)

    # -- what moves and what that ends -------------------------------------------------
    def chosen(self) -> list[Mapping[str, Any]]:
        if self.removed:
            return list(self.removed)
        return [self._vehicles[i] for i in self.vehicles_page.checked_ids()]

    def plan(self) -> rule.MovePlan:
        return rule.move_plan(self.chosen(), self._subscriptions)

    def consequences_html(self) -> str:
        plan = self.plan()
        if not plan.vehicles:
            return html.escape(self.tr("Tick the vehicles to move."))
        names = {str(v["id"]): _name(v) for v in plan.vehicles}
        parts = []
        if plan.ending:
            items = ", ".join(
                self.tr("%1 on %2")
                .replace("%1", self._product_names.get(str(s.get("product_id")), ""))
                .replace("%2", names.get(str(s.get("vehicle_id")), ""))
                for s in plan.ending
            )
            parts.append(
                self.tr(
                    "These subscriptions end at once and data transfer from the vehicles "
                    "stops; the other account orders its own: %1."
                ).replace("%1", items)
            )
        else:
            parts.append(self.tr("The vehicles hold no active subscription here."))
        if plan.keeps_a_service:
            parts.append(
                self.tr(
                    "Their history stays readable here while this account has an active "
                    "service; the other account does not get it."
                )
            )
        else:
            parts.append(
                "<b>"
                + html.escape(
                    self.tr(
                        "No active service is left in this account afterwards: the history "
                        "of removed vehicles is then deleted. Export what you want to keep "
                        "first (Logbook: Export CSV or PDF)."
                    )
                )
                + "</b>"
            )
        return "".join(f"<p>{p if p.startswith('<b>') else html.escape(p)}</p>" for p in parts)

    # -- removing them here --------------------------------------------------------
    def remove(self) -> None:
        """Queue ``vehicle.remove`` for every chosen vehicle in one local transaction
        per vehicle (the outbox); the portal applies them at the next sync."""
        chosen = self.chosen()
        if not chosen or self.removed:
            return
        from mpro_desktop.sync import outbox  # loads SQLAlchemy: on first use

        cache = self.context.cache
        ids = [str(v["id"]) for v in chosen]

        def write() -> list[str]:
            queued = []
            for vid in ids:
                try:
                    outbox.remove_vehicle(cache, vid)
                except outbox.UnknownVehicle:  # removed meanwhile (another window, a sync)
                    pass
                queued.append(vid)
            return queued

        def done(queued: list[str]) -> None:
            self.removed = chosen
            self.remove_page.remove_button.hide()
            self.button(QWizard.WizardButton.CancelButton).setText(self.tr("Close"))
            self.remove_page.states.show()
            self.sig_removed.emit(queued)
            self.refresh_states()
            self._poll.start()

        self.remove_page.remove_button.setEnabled(False)
        run_write(
            write,
            changes={"vehicle"},
            listener=self.context,
            on_success=done,
            on_failure=self._remove_failed,
            owner=self,
        )

    def _remove_failed(self, exc: BaseException) -> None:
        self.remove_page.remove_button.setEnabled(True)
        self.remove_page.summary.setText(
            html.escape(self.tr("The vehicles could not be removed: %1").replace("%1", str(exc)))
        )

    # -- following the portal ----------------------------------------------------------
    def refresh_states(self) -> None:
        """Read where each removal stands (off the UI thread) and show it."""
        if not self.removed:
            return
        cache = self.context.cache
        ids = [str(v["id"]) for v in self.removed]

        def read() -> dict[str, str]:
            queued = {str(r.get("entity_id")) for r in cache.outbox()}
            return {vid: rule.removal_state(cache.vehicle(vid), vid in queued) for vid in ids}

        run_in_background(read, self.show_states, lambda _exc: None, owner=self)

    def show_states(self, states: dict[str, str]) -> None:
        self.removal_states = states
        texts = {
            rule.WAITING: self.tr("waiting to upload: the other account can't add it yet"),
            rule.REMOVED: self.tr("removed from this account: the other account can add it"),
            rule.REFUSED: self.tr(
                "the portal refused the removal (see Conflicts): it is still in this account"
            ),
        }
        states_list = self.remove_page.states
        states_list.clear()
        for v in self.removed:
            state = states.get(str(v["id"]), rule.WAITING)
            states_list.addItem(f"{_name(v)} · {v.get('vin')}: {texts[state]}")
        was = self.b_can_add
        self.b_can_add = rule.b_can_add(
            states.get(str(v["id"]), rule.WAITING) for v in self.removed
        )
        if self.b_can_add:
            self._poll.stop()
            self.remove_page.next_steps.setText(self.next_steps_html())
            self.remove_page.next_steps.show()
            self.remove_page.copy_button.show()
        if was != self.b_can_add:
            self.remove_page.completeChanged.emit()

    def next_steps_html(self) -> str:
        vins = "<br>".join(html.escape(v) for v in rule.move_plan(self.removed, ()).vins)
        steps = [
            self.tr(
                "The admin of the other account signs in there and adds each vehicle by "
                "its VIN (Vehicles → Add vehicle…, or Import… for many):"
            ),
            self.tr(
                "Then orders the products the vehicles need there; they start sending data "
                "once a service is active."
            ),
            self.tr(
                "When nothing in this account is needed any more, its admin deletes it "
                "(Company → Delete company account…)."
            ),
        ]
        return (
            f"<p>1. {html.escape(steps[0])}</p><p style='margin-left:16px'><tt>{vins}</tt></p>"
            f"<p>2. {html.escape(steps[1])}</p><p>3. {html.escape(steps[2])}</p>"
        )

    def copy_vins(self) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join(rule.move_plan(self.removed or self.chosen(), ()).vins)
        )

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self._poll.stop()
        super().done(result)
