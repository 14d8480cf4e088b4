"""Dashboard: the fleet at a glance and what its services cost (SPEC R19, R20, FAQ Q4).

Counts, the monthly and yearly cost (``domain.cost_overview``, priced by the one
``pricing.quote``), active subscriptions with their end dates, vehicles without a
module or without a product, pending orders and the catalogue; all from the cache, so
offline too ("as of" the last sync once that is old), and exported as a PDF.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain import alerts as rules
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.domain.cost_overview import CostOverview, cost_overview
from mpro_desktop.domain.telemetry import FUEL_ELECTRIC
from mpro_desktop.domain.vehicles import is_driving, is_recent, status_epoch
from mpro_desktop.models import format as fmt
from mpro_desktop.models.products import money_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.style import heading, muted_label, set_font, set_tone
from mpro_desktop.views.dashboard import overview_html as sections
from mpro_desktop.views.dashboard.cost_pdf import overview_document_html, write_pdf

log = logging.getLogger(__name__)


def fleet_counts(vehicles: list[dict], users: list[dict], pending: int) -> dict[str, int]:
    """The dashboard's numbers, computed from cache rows (pure, testable)."""
    moving = sum(1 for v in vehicles if is_driving(v.get("status")))
    times = [t for v in vehicles if (t := status_epoch(v.get("status"))) is not None]
    return {
        # the newest live data of the fleet: "Driving now" is only as fresh as that
        "newest_data": int(max(times)) if times else 0,
        "vehicles": len(vehicles),
        "electric": sum(1 for v in vehicles if v.get("fuel_type") == FUEL_ELECTRIC),
        "diesel": sum(1 for v in vehicles if v.get("fuel_type") != FUEL_ELECTRIC),
        "moving": moving,
        "no_module": sum(1 for v in vehicles if not v.get("has_comm_module", True)),
        "users": len(users),
        "pending": pending,
    }


class _Tile(QFrame):
    def __init__(self, caption: str, point_size: float = 24) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The palette's own alternate base: follows light and dark without a literal.
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.value = QLabel("–")
        set_font(self.value, point_size)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = muted_label(caption)
        self.setAccessibleName(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str, as_of: str = "") -> None:
        """Show ``text``; ``as_of`` ("as of 14:02") marks a value from old data, drawn
        muted. A screen reader gets caption, value and age together."""
        self.value.setText(f"{text}\n{as_of}" if as_of else text)
        set_tone(self.value, "muted" if as_of else None)
        spoken = f"{self.caption.text()}: {text}"
        self.setAccessibleName(f"{spoken}, {as_of}" if as_of else spoken)


class _AlertsTile(_Tile):
    """ "Open alerts": the count, the count per severity under it, and a click (or
    Enter / Space with the keyboard) opens the Alerts pane."""

    clicked = Signal()

    def __init__(self, caption: str) -> None:
        super().__init__(caption)
        self.by_severity = muted_label()
        self.by_severity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout().insertWidget(1, self.by_severity)
        self.counts: dict[str, int] = {}
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("Open the Alerts"))

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        total = sum(counts.values())
        line = (
            self.tr("%1 critical · %2 warning · %3 info")
            .replace("%1", str(counts.get(rules.CRITICAL, 0)))
            .replace("%2", str(counts.get(rules.WARNING, 0)))
            .replace("%3", str(counts.get(rules.INFO, 0)))
        )
        self.value.setText(str(total))
        set_tone(
            self.value,
            "error" if counts.get(rules.CRITICAL) else "warning" if total else None,
        )
        self.by_severity.setText(line)
        self.setAccessibleName(f"{self.caption.text()}: {total} ({line})")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


#: how many names / subscriptions the Dashboard lists (the PDF lists all)
LIST_LIMIT = 12


def _section(title: str) -> tuple[QLabel, QLabel]:
    caption = QLabel(title)
    set_font(caption, 13)
    body = QLabel()
    body.setTextFormat(Qt.TextFormat.RichText)
    body.setWordWrap(True)
    body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    body.setAccessibleName(title)
    return caption, body


class DashboardPane(Pane):
    sig_pdf_written = Signal(str)
    """The cost overview PDF was written to this path."""

    NAME = "dashboard"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Dashboard")
    # What it counts; "command" and "conflict" change the changes waiting to upload.
    ENTITIES = frozenset(
        {
            "vehicle",
            "vehicle_status",
            "user",
            "product",
            "command",
            "conflict",
            "subscription",
            "order",
            "company",
            "alert",
        }
    )
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = True  # counts not read yet, or a sync arrived while hidden
        self._reading = False  # a read is on its way
        self._read_again = False  # and another was asked for meanwhile
        #: how many reads of the cache were started (a test counts them)
        self.reads_started = 0
        #: what the last read found (the PDF prints exactly what is shown)
        self.overview: CostOverview | None = None
        self.company_name = ""
        self.last_sync_at: float | None = None
        title = heading(self.tr("Dashboard"))
        self.alerts_tile = _AlertsTile(self.tr("Open alerts"))
        self.alerts_tile.clicked.connect(lambda: context.request_pane("alerts"))
        self.tiles = {
            "alerts": self.alerts_tile,
            "vehicles": _Tile(self.tr("Vehicles")),
            "moving": _Tile(self.tr("Driving now")),
            "diesel": _Tile(self.tr("Diesel")),
            "electric": _Tile(self.tr("Electric")),
            # money is a longer text: a smaller size keeps three tiles abreast at 1024 px
            "monthly": _Tile(self.tr("Cost per month"), 18),
            "yearly": _Tile(self.tr("Cost per year"), 18),
            "subscriptions": _Tile(self.tr("Active subscriptions")),
            "pending_orders": _Tile(self.tr("Orders waiting")),
            "no_module": _Tile(self.tr("Without module")),
            "no_product": _Tile(self.tr("Without product")),
            "users": _Tile(self.tr("Users")),
            "pending": _Tile(self.tr("Changes waiting to upload")),
        }
        self.grid = grid = QGridLayout()
        self._tile_columns = 0
        self._place_tiles(4)

        self.as_of_label = muted_label()
        self.as_of_label.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Export cost overview (PDF)…"))
        self.pdf_button.setToolTip(
            self.tr("Costs, subscriptions, orders and prices as a PDF, from the cached data")
        )
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        self.pdf_button.setEnabled(False)
        costs_title, self.costs_label = _section(self.tr("Costs"))
        bar = QHBoxLayout()
        bar.addWidget(costs_title)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        subs_title, self.subscriptions_label = _section(self.tr("Active subscriptions"))
        orders_title, self.orders_label = _section(self.tr("Pending orders"))
        attention_title, self.attention_label = _section(self.tr("Vehicles to look at"))
        products_title, self.products_label = _section(self.tr("Products"))

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.as_of_label)
        layout.addWidget(self.costs_label)
        for caption, body in (
            (subs_title, self.subscriptions_label),
            (orders_title, self.orders_label),
            (attention_title, self.attention_label),
            (products_title, self.products_label),
        ):
            layout.addSpacing(8)
            layout.addWidget(caption)
            layout.addWidget(body)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Dashboard"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _place_tiles(self, columns: int) -> None:
        """Tiles in ``columns`` columns (4 on a wide window, fewer on a narrow one, so
        the Dashboard never scrolls sideways)."""
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        """As many tile columns as the widest tile's text (e.g. a yearly cost) allows."""
        widest = max(t.sizeHint().width() for t in self.tiles.values())
        room = self.width() - 40  # the scroll bar and margins
        self._place_tiles(max(2, min(4, room // (widest + self.grid.spacing() + 2))))

    def reload(self) -> None:
        """Re-count from the cache; while hidden only remember to (a sync can arrive
        several times a second with a large fleet, and each count reads every vehicle).
        One read at a time: a reload asked for meanwhile runs once when it is done, so a
        burst of syncs with 10,000 vehicles never piles reads up on the thread pool."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self.reads_started += 1
        cache = self.cache

        def read() -> dict:
            vehicles = cache.vehicles()
            products = cache.products()
            overview = cost_overview(products, cache.subscriptions(), vehicles, cache.orders())
            company = cache.company() or {}
            return {
                "counts": fleet_counts(vehicles, cache.users(), cache.pending_count()),
                "alerts": rules.open_by_severity(cache.alerts()),
                "overview": overview,
                "company": str(company.get("name") or ""),
                "last_sync_at": fmt.iso_to_epoch(cache.get_state("last_sync_at")),
            }

        def finished() -> None:
            self._reading = False
            if self._read_again:
                self._read_again = False
                self.reload()

        def shown(result: dict) -> None:
            self._show(result)
            finished()

        def failed(exc: BaseException) -> None:
            log.warning("dashboard: %s", exc)
            finished()

        run_in_background(read, shown, failed, owner=self)

    def on_shown(self) -> None:
        """Nothing to do: ``showEvent`` re-counts if something changed while hidden."""

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def as_of_text(self) -> str:
        """ "as of 14:02" when the cached data is older than the staleness rule says is
        live (domain.vehicles.is_recent), "" while it is current."""
        when = self.last_sync_at
        if when is None:
            return self.tr("Not synced with the portal yet: figures from this computer only.")
        if is_recent({"ts_epoch": when}):
            return ""
        return self.tr("Figures %1 (the last sync).").replace("%1", fmt.as_of(when))

    def _show(self, result: dict) -> None:
        counts, overview = result["counts"], result["overview"]
        self.overview = overview
        self.company_name = result["company"]
        self.last_sync_at = result["last_sync_at"]
        newest = counts.get("newest_data") or None
        stale = newest is not None and not is_recent({"ts_epoch": newest})
        as_of = self.as_of_text()
        values = {
            **{k: str(v) for k, v in counts.items()},
            "monthly": money_text(overview.monthly_ore, overview.currency),
            "yearly": money_text(overview.yearly_ore, overview.currency),
            "subscriptions": str(len(overview.subscriptions)),
            "pending_orders": str(len(overview.pending_orders)),
            "no_module": str(len(overview.without_module)),
            "no_product": str(len(overview.without_product)),
        }
        synced = {"monthly", "yearly", "subscriptions", "pending_orders"}
        self.alerts_tile.set_counts(result["alerts"])
        for key, tile in self.tiles.items():
            if key == "alerts":
                continue
            if key == "moving":  # the other counts are cache facts, not live
                tile.set_value(values.get(key, "0"), fmt.as_of(newest) if stale else "")
            else:
                tile.set_value(values.get(key, "0"), as_of if key in synced and as_of else "")
        self.as_of_label.setText(as_of)
        self.as_of_label.setVisible(bool(as_of))
        self.costs_label.setText(sections.costs_html(overview))
        self.subscriptions_label.setText(sections.subscriptions_html(overview, LIST_LIMIT))
        self.orders_label.setText(sections.pending_orders_html(overview, self._product_names(), LIST_LIMIT))
        self.attention_label.setText(
            "<p><b>"
            + html.escape(self.tr("Without a communication module (no data, no paid service):"))
            + "</b> "
            + sections.names_html(overview.without_module, LIST_LIMIT)
            + "</p><p><b>"
            + html.escape(self.tr("With a module but no active product:"))
            + "</b> "
            + sections.names_html(overview.without_product, LIST_LIMIT)
            + "</p>"
        )
        self.products_label.setText(sections.products_html(overview.products))
        self.pdf_button.setEnabled(True)
        self._reflow()  # the new values may be wider

    def _product_names(self) -> dict[str, str]:
        products = self.overview.products if self.overview is not None else ()
        return {str(p.get("id")): str(p.get("name") or p.get("id")) for p in products}

    # -- the PDF ---------------------------------------------------------------------
    def choose_pdf_file(self) -> None:
        if self.overview is None:
            return
        suggested = self.tr("cost-overview") + f"-{dt.date.today().isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export cost overview"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.export_pdf(path)

    def export_pdf(self, path: str) -> None:
        """Write what the Dashboard shows to ``path`` as a PDF, off the UI thread."""
        overview = self.overview
        if overview is None:
            return
        title = self.tr("Cost overview")
        printed = self.tr("Printed %1").replace("%1", dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
        document = overview_document_html(
            overview,
            company=self.company_name,
            printed=printed,
            as_of=self.as_of_text(),
            product_names=self._product_names(),
        )
        self.pdf_button.setEnabled(False)

        def done(written: str) -> None:
            self.pdf_button.setEnabled(True)
            self.sig_pdf_written.emit(written)

        def failed(exc: BaseException) -> None:
            self.pdf_button.setEnabled(True)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            QMessageBox.warning(
                self,
                title,
                self.tr("The PDF could not be saved to %1: %2")
                .replace("%1", str(Path(path)))
                .replace("%2", reason),
            )

        run_in_background(lambda: write_pdf(path, document, title=title), done, failed, owner=self)
