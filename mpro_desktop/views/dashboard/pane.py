"""Dashboard: fleet counts at a glance and the product overview (SPEC R19, R27)."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain.accounts import Permission
from mpro_desktop.domain.telemetry import FUEL_ELECTRIC
from mpro_desktop.domain.vehicles import is_driving, is_recent, status_epoch
from mpro_desktop.models import format as fmt
from mpro_desktop.models.products import price_text, term_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.style import heading, muted_label, set_font, set_tone

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
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The palette's own alternate base: follows light and dark without a literal.
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.value = QLabel("–")
        set_font(self.value, 24)
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


class DashboardPane(Pane):
    NAME = "dashboard"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Dashboard")
    # What it counts; "command" and "conflict" change the changes waiting to upload.
    ENTITIES = frozenset({"vehicle", "vehicle_status", "user", "product", "command", "conflict"})
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = True  # counts not read yet, or a sync arrived while hidden
        title = heading(self.tr("Dashboard"))
        self.tiles = {
            "vehicles": _Tile(self.tr("Vehicles")),
            "moving": _Tile(self.tr("Driving now")),
            "diesel": _Tile(self.tr("Diesel")),
            "electric": _Tile(self.tr("Electric")),
            "users": _Tile(self.tr("Users")),
            "pending": _Tile(self.tr("Changes waiting to upload")),
        }
        grid = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 3, i % 3)
        self.products_label = QLabel()
        self.products_label.setTextFormat(Qt.TextFormat.RichText)
        self.products_label.setWordWrap(True)
        self.products_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        products_title = QLabel(self.tr("Products"))
        set_font(products_title, 13)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(products_title)
        layout.addWidget(self.products_label, 1)

    def reload(self) -> None:
        """Re-count from the cache; while hidden only remember to (a sync can arrive
        several times a second with a large fleet, and each count reads every vehicle)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        cache = self.cache

        def read() -> tuple[dict, list[dict]]:
            counts = fleet_counts(cache.vehicles(), cache.users(), cache.pending_count())
            return counts, cache.products()

        run_in_background(
            read, self._show, lambda exc: log.warning("dashboard: %s", exc), owner=self
        )

    def on_shown(self) -> None:
        """Nothing to do: ``showEvent`` re-counts if something changed while hidden."""

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _show(self, result: tuple[dict, list[dict]]) -> None:
        counts, products = result
        newest = counts.get("newest_data") or None
        stale = newest is not None and not is_recent({"ts_epoch": newest})
        for key, tile in self.tiles.items():
            live = key == "moving" and stale  # the other counts are cache facts, not live
            tile.set_value(str(counts.get(key, 0)), fmt.as_of(newest) if live else "")
        rows = "".join(
            f"<tr><td style='padding:2px 12px 2px 0'>{html.escape(p.get('name', ''))}</td>"
            f"<td style='padding:2px 12px' align='right'>{html.escape(price_text(p))}</td>"
            f"<td style='padding:2px 12px'>{html.escape(term_text(p))}</td></tr>"
            for p in sorted(products, key=lambda p: (not p.get("free"), p.get("name", "")))
        )
        self.products_label.setText(
            f"<table>{rows}</table>" if rows else self.tr("No products yet.")
        )
