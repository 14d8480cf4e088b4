"""The order wizard (R17, R19-R21): products -> vehicles -> cost -> terms -> result.

Online only: the order is placed with the portal there and then (it costs money and
makes the accepted terms binding), never queued. Every call runs off the UI thread.
The cost is ``domain.pricing.quote`` (the portal prices the order with the same
function); which vehicles may be chosen is ``domain.order_eligibility``.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mpro_desktop.domain import order_eligibility as elig
from mpro_desktop.domain import pricing
from mpro_desktop.models.products import money_text, monthly_ore, months_text
from mpro_desktop.views.common.check_list import checkable_item, checked_keys, filter_items
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.common.style import error_label, muted_label
from mpro_desktop.views.products.pane import price_lists

ACTIVE, PENDING = "active", elig.PENDING


def vehicle_label(v: dict) -> str:
    name = v.get("name") or v.get("vin") or v.get("id") or ""
    extra = [x for x in (v.get("license_plate"), v.get("vin") if v.get("name") else None) if x]
    return f"{name} ({', '.join(extra)})" if extra else str(name)


def reason_text(code: str) -> str:
    return {
        elig.NO_EVAN: QCoreApplication.translate("OrderWizard", "not an eVan"),
        elig.NO_COMM_MODULE: QCoreApplication.translate("OrderWizard", "no communication module"),
        elig.ALREADY_SUBSCRIBED: QCoreApplication.translate(
            "OrderWizard", "already has this product (or it is on order)"
        ),
    }.get(code, code)


def order_error_text(exc: BaseException, names: dict[str, str]) -> str:
    """The portal's refusal of an order in a sentence, naming the vehicles."""
    from mpro_desktop.sync.client import PortalError

    if isinstance(exc, PortalError):
        body = exc.body if isinstance(exc.body, dict) else {}
        vids = list(body.get("vehicle_ids") or [])
        vids += [c.get("vehicle_id") for c in body.get("conflicts") or [] if c.get("vehicle_id")]
        which = ", ".join(dict.fromkeys(names.get(v, v) for v in vids))
        texts = {
            "requires_evan": QCoreApplication.translate(
                "OrderWizard", "Only eVans can get this product: %1."
            ),
            "requires_comm_module": QCoreApplication.translate(
                "OrderWizard", "These vehicles have no communication module: %1."
            ),
            "already_subscribed": QCoreApplication.translate(
                "OrderWizard", "These vehicles already have a product of this order: %1."
            ),
            "terms_missing": QCoreApplication.translate(
                "OrderWizard",
                "Accept the terms listed below first (a new version may have been published).",
            ),
            "term_version_outdated": QCoreApplication.translate(
                "OrderWizard", "A newer version of the terms was published: read and accept it."
            ),
            "vehicle_removed": QCoreApplication.translate(
                "OrderWizard", "A vehicle was removed from the account: %1."
            ),
            "insufficient_role": QCoreApplication.translate(
                "OrderWizard", "Your role may not place orders."
            ),
        }
        if exc.code in texts:
            return texts[exc.code].replace("%1", which or "–")
    return online_error_text(exc)


class _ProductsPage(QWizardPage):
    def __init__(self, wizard: OrderWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Products"))
        self.setSubTitle(
            self.tr(
                "Choose products or a package and the term. Ordering needs a connection to "
                "the portal: the order and the terms you accept are binding, nothing is "
                "queued offline."
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Products to order"))
        for p in wizard.orderable:
            self.list.addItem(checkable_item("", p["id"]))
        self.term = QComboBox()
        self.term.setAccessibleName(self.tr("Term"))
        for t in pricing.TERMS:
            self.term.addItem(months_text(t), t)
        self.error = error_label()
        self.list.itemChanged.connect(lambda _i: self.completeChanged.emit())
        self.term.currentIndexChanged.connect(self._term_changed)
        form = QFormLayout()
        form.addRow(self.tr("Term:"), self.term)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._term_changed()

    def _term_changed(self) -> None:
        term = self.chosen_term()
        for i in range(self.list.count()):
            item = self.list.item(i)
            p = self.w.product(item.data(Qt.ItemDataRole.UserRole))
            price = monthly_ore(p, term)
            price_txt = (
                self.tr("%1 per vehicle and month").replace(
                    "%1", money_text(price, p.get("currency") or "SEK")
                )
                if price is not None
                else self.tr("not sold for this term")
            )
            item.setText(f"{p.get('name') or p['id']} — {price_txt}")
        self.completeChanged.emit()

    def chosen_term(self) -> int:
        return int(self.term.currentData() or pricing.DEFAULT_TERM)

    def chosen(self) -> list[str]:
        return checked_keys(self.list)

    def problem(self) -> str | None:
        chosen = self.chosen()
        if not chosen:
            return ""
        both = elig.overlapping(chosen, self.w.catalogue)
        if both:
            a, b = (self.w.product(x).get("name") or x for x in both)
            return (
                self.tr("%1 and %2 share a product: choose one of them.")
                .replace("%1", a)
                .replace("%2", b)
            )
        term = self.chosen_term()
        for pid in chosen:
            if monthly_ore(self.w.product(pid), term) is None:
                return self.tr("%1 is not sold for this term.").replace(
                    "%1", self.w.product(pid).get("name") or pid
                )
        return None

    def isComplete(self) -> bool:
        problem = self.problem()
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))
        return problem is None


class _VehiclesPage(QWizardPage):
    def __init__(self, wizard: OrderWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Vehicles"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search vehicles…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Vehicles to order for"))
        self.list.setUniformItemSizes(True)
        self.list.itemChanged.connect(lambda _i: self._count_changed())
        self.all_button = QPushButton(self.tr("Select all that can"))
        self.all_button.clicked.connect(self._select_all)
        self.count = muted_label()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)

    def initializePage(self) -> None:
        needs = self.w.needs()
        names = ", ".join(self.w.product(p).get("name") or p for p in self.w.chosen_products())
        self.setSubTitle(
            self.tr("Which vehicles get %1? Vehicles that cannot say why.").replace("%1", names)
        )
        was = set(self.chosen())
        self.list.blockSignals(True)
        self.list.clear()
        self.eligible = 0
        for v in self.w.vehicles:
            reason = elig.why_ineligible(v, needs, self.w.held.get(str(v["id"]), ()))
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, v["id"])
            label = vehicle_label(v)
            if reason is None:
                self.eligible += 1
                item.setText(label)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(
                    Qt.CheckState.Checked if v["id"] in was else Qt.CheckState.Unchecked
                )
            else:
                item.setText(f"{label} — {reason_text(reason)}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setData(Qt.ItemDataRole.UserRole + 1, reason)
                item.setToolTip(reason_text(reason))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.search.text())
        self._count_changed()

    def _filter(self, text: str) -> None:
        filter_items(self.list, text)

    def _select_all(self) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and not item.isHidden():
                item.setCheckState(Qt.CheckState.Checked)
        self.list.blockSignals(False)
        self._count_changed()

    def chosen(self) -> list[str]:
        return checked_keys(self.list)

    def _count_changed(self) -> None:
        self.count.setText(
            self.tr("%1 chosen; %2 of %3 vehicles can get these products.")
            .replace("%1", str(len(self.chosen())))
            .replace("%2", str(self.eligible))
            .replace("%3", str(len(self.w.vehicles)))
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.chosen())


class _CostPage(QWizardPage):
    def __init__(self, wizard: OrderWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Cost"))
        self.setSubTitle(self.tr("What the order costs, per month and over the whole term."))
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Cost of the order"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)

    def initializePage(self) -> None:
        self.view.setHtml(self.cost_html(self.w.quote()))

    def cost_html(self, q: pricing.Quote) -> str:
        esc = html.escape
        cur = q.currency
        head = [
            self.tr("Product"),
            self.tr("Vehicles"),
            self.tr("Term"),
            self.tr("Per vehicle and month"),
            self.tr("Per month"),
            self.tr("Whole term"),
        ]
        rows = []
        for line in q.lines:
            p = self.w.product(line.product_id)
            cells = [
                p.get("name") or line.product_id,
                str(line.vehicles),
                months_text(line.term_months),
                money_text(line.unit_monthly_ore, cur),
                money_text(line.monthly_ore, cur),
                money_text(line.total_ore, cur),
            ]
            rows.append(
                "<tr>"
                + "".join(
                    f"<td style='padding:2px 8px' align='{'left' if i == 0 else 'right'}'>"
                    f"{esc(c)}</td>"
                    for i, c in enumerate(cells)
                )
                + "</tr>"
            )
            if line.parts_monthly_ore is not None and line.saving_ore:
                saving = (
                    self.tr(
                        "Package: the parts one by one cost %1 per vehicle and month; "
                        "you save %2 over the term."
                    )
                    .replace("%1", money_text(line.parts_monthly_ore, cur))
                    .replace("%2", money_text(line.saving_ore, cur))
                )
                rows.append(
                    f"<tr><td colspan='6' style='padding:0 8px'><i>{esc(saving)}</i></td></tr>"
                )
        header = "".join(f"<th style='padding:2px 8px'>{esc(h)}</th>" for h in head)
        totals = [
            (self.tr("Per month"), money_text(q.monthly_ore, cur)),
            (self.tr("Per year"), money_text(q.yearly_ore, cur)),
        ]
        for term, total in sorted(q.per_term.items()):
            totals.append(
                (self.tr("Total over %1").replace("%1", months_text(term)), money_text(total, cur))
            )
        if q.saving_ore:
            totals.append((self.tr("Package saving"), money_text(q.saving_ore, cur)))
        total_rows = "".join(
            f"<tr><td style='padding:2px 8px'><b>{esc(k)}</b></td>"
            f"<td style='padding:2px 8px' align='right'><b>{esc(v)}</b></td></tr>"
            for k, v in totals
        )
        vat = esc(self.tr("Prices excluding VAT, billed monthly per vehicle."))
        return (
            f"<table>{'<tr>' + header + '</tr>'}{''.join(rows)}</table><br>"
            f"<table>{total_rows}</table><p>{vat}</p>"
        )


class _TermsPage(QWizardPage):
    """The terms the products need that this user has not accepted (in this version):
    each shown with its text and a checkbox; accepted and ordered on "Place order"."""

    def __init__(self, wizard: OrderWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Terms"))
        self.setSubTitle(
            self.tr(
                "Read the terms these products need and accept each one you have not accepted yet."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Place order"))
        self.status = muted_label()
        self.status.setWordWrap(True)
        self.box = QVBoxLayout()
        self.error = error_label()
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(self.box, 1)
        layout.addWidget(self.error)
        self.checks: dict[str, QCheckBox] = {}
        self.missing: list[dict] = []
        self.loaded = False
        self.busy = False
        self.placed: dict | None = None

    def initializePage(self) -> None:
        self.error.hide()
        self.load_terms()

    def load_terms(self) -> None:
        self.loaded = False
        self.status.setText(self.tr("Reading the terms from the portal…"))
        self.completeChanged.emit()
        run_in_background(self.w.api.terms, self._terms_read, self._failed, owner=self)

    def _terms_read(self, terms: list[dict]) -> None:
        needed = self.w.needs().terms
        self.missing = [t for t in terms if t.get("id") in needed and not t.get("accepted_at")]
        accepted = [t for t in terms if t.get("id") in needed and t.get("accepted_at")]
        while self.box.count():
            widget = self.box.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.checks = {}
        for t in self.missing:
            group = QGroupBox(
                self.tr("%1 (version %2)")
                .replace("%1", str(t.get("title") or t["id"]))
                .replace("%2", str(t.get("version")))
            )
            text = QTextBrowser()
            text.setPlainText(str(t.get("body") or ""))
            text.setMaximumHeight(90)
            check = QCheckBox(
                self.tr("I have read and accept “%1”").replace("%1", str(t.get("title") or t["id"]))
            )
            check.toggled.connect(lambda _on: self.completeChanged.emit())
            inner = QVBoxLayout(group)
            inner.addWidget(text)
            inner.addWidget(check)
            self.box.addWidget(group)
            self.checks[str(t["id"])] = check
        titles = ", ".join(str(t.get("title") or t["id"]) for t in accepted)
        if self.missing:
            text = self.tr("Not accepted yet: %1.").replace(
                "%1", ", ".join(str(t.get("title") or t["id"]) for t in self.missing)
            )
            if titles:
                text += " " + self.tr("Already accepted: %1.").replace("%1", titles)
        else:
            text = self.tr("You have accepted every term these products need: %1.").replace(
                "%1", titles or "–"
            )
        text += " " + self.tr(
            "Your acceptance is recorded with version and time and becomes binding with the order."
        )
        self.status.setText(text)
        spacer = QWidget()
        self.box.addWidget(spacer, 1)
        self.loaded = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.error.setText(order_error_text(exc, self.w.vehicle_names))
        self.error.show()
        self.w.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.loaded and not self.busy and all(c.isChecked() for c in self.checks.values())

    def validatePage(self) -> bool:
        if self.placed is not None:
            return True
        if not self.isComplete():
            return False
        self.busy = True
        self.error.hide()
        self.status.setText(self.tr("Placing the order with the portal…"))
        self.w.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.completeChanged.emit()
        api, missing, items = self.w.api, list(self.missing), self.w.order_items()
        order_id = self.w.order_id

        def submit() -> dict:
            for t in missing:
                api.accept_term(str(t["id"]), int(t["version"]))
            return api.place_order(items, order_id)

        run_in_background(submit, self._placed, self._refused, owner=self)
        return False

    def _placed(self, order: dict) -> None:
        self.busy = False
        self.placed = order
        self.w.sig_order_placed.emit(order)
        self.w.next()

    def _refused(self, exc: BaseException) -> None:
        from mpro_desktop.sync.client import PortalError

        self._failed(exc)
        if isinstance(exc, PortalError) and exc.code in ("terms_missing", "term_version_outdated"):
            self.load_terms()  # list what is missing now (a new version, say)


class _ResultPage(QWizardPage):
    def __init__(self, wizard: OrderWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Order placed"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        order = self.w.terms_page.placed or {}
        self.text.setText(self.result_html(order))

    def result_html(self, order: dict) -> str:
        esc = html.escape
        total = order.get("total") or {}
        monthly = order.get("monthly") or {}
        from mpro_desktop.models.products import amount_ore

        cur = str(total.get("currency") or "SEK")
        cost = (
            self.tr("%1 per month, %2 in total.")
            .replace("%1", money_text(amount_ore(monthly), cur))
            .replace("%2", money_text(amount_ore(total), cur))
        )
        if order.get("state") == PENDING:
            head = self.tr("Your order is waiting for a dealer to confirm it.")
            body = self.tr(
                "Your user is not verified yet, so the purchase cannot be completed online. "
                "Show your ID document at an authorised MPRO dealer: the dealer verifies you "
                "and confirms the order. The subscriptions start, and the vehicles' modules "
                "are activated, when the dealer has confirmed it."
            )
        else:
            head = self.tr("Your order is active.")
            body = self.tr(
                "The subscriptions started today and the vehicles' communication modules are "
                "activated. You find them under Subscriptions."
            )
        ref = self.tr("Order number: %1").replace("%1", str(order.get("id") or ""))
        return f"<h3>{esc(head)}</h3><p>{esc(body)}</p><p>{esc(cost)}</p><p>{esc(ref)}</p>"


class OrderWizard(QWizard):
    """Order products for vehicles; ``sig_order_placed`` carries the portal's order."""

    sig_order_placed = Signal(dict)

    def __init__(
        self,
        api: Any,
        *,
        products: Sequence[dict],
        vehicles: Sequence[dict],
        subscriptions: Sequence[dict],
        orders: Sequence[dict],
        account: Account | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.account = account
        self.products = list(products)
        self.catalogue = {str(p["id"]): p for p in self.products}
        self.prices = price_lists(self.products)
        self.orderable = [
            p for p in self.products if not p.get("free") and str(p["id"]) in self.prices
        ]
        self.vehicles = [v for v in vehicles if v.get("pending_op") != "add"]
        self.vehicle_names = {str(v["id"]): vehicle_label(v) for v in vehicles}
        self.held = elig.held_products(subscriptions, orders, self.catalogue)
        #: one id for every attempt: a lost answer is found again, never ordered twice
        self.order_id = str(uuid.uuid4())
        self.setWindowTitle(self.tr("Order products"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.products_page = _ProductsPage(self)
        self.vehicles_page = _VehiclesPage(self)
        self.cost_page = _CostPage(self)
        self.terms_page = _TermsPage(self)
        self.result_page = _ResultPage(self)
        for page in (
            self.products_page,
            self.vehicles_page,
            self.cost_page,
            self.terms_page,
            self.result_page,
        ):
            self.addPage(page)
        self.resize(720, 560)

    def product(self, product_id: str) -> dict:
        return self.catalogue.get(str(product_id)) or {"id": product_id}

    def chosen_products(self) -> list[str]:
        return self.products_page.chosen()

    def needs(self) -> elig.Needs:
        return elig.needs_of(self.chosen_products(), self.catalogue)

    def order_items(self) -> list[dict]:
        term = self.products_page.chosen_term()
        vids = self.vehicles_page.chosen()
        return [
            {"product_id": pid, "vehicle_ids": list(vids), "term_months": term}
            for pid in self.chosen_products()
        ]

    def quote(self) -> pricing.Quote:
        """The ONE pricing function, over what the user chose."""
        return pricing.quote(
            [
                (i["product_id"], len(i["vehicle_ids"]), i["term_months"])
                for i in self.order_items()
            ],
            self.prices,
        )
