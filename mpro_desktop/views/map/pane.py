"""Fleet map pane: every van at its live position, coloured by what it does.

Reads vehicles and live alerts from the cache off the UI thread, follows live samples
(the model moves items in place), and draws on the offline basemap in resources/
(loaded off the UI thread too). A click on a van targets it in the Vehicles pane
(through ``PaneContext.request_vehicle``: that pane's selection stays the one target
of every action); a double click or "Open vehicle" also shows that pane. No online
tiles: the map needs no network at all.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.domain import alerts as alert_rules
from mpro_desktop.domain import vehicles as rules
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.trips import Trip, parse_trips, read_track
from mpro_desktop.sync.quick_read import CacheSnapshot
from mpro_desktop.views.common.flow_layout import FlowLayout, kept_together
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.style import set_tone
from mpro_desktop.views.map import basemap as basemap_file
from mpro_desktop.views.map.basemap import BasemapPainter
from mpro_desktop.views.map.model import TRAIL_S, FleetMapModel, activity_label
from mpro_desktop.views.map.palette import map_palette
from mpro_desktop.views.map.replay import TripReplay
from mpro_desktop.views.map.view import FleetScene, MapView, colour_of

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)

#: how often the clock alone may turn vans stale (no new data needed)
STALE_CHECK_MS = 30_000
#: above this many vans every trail together is a hairball: only the selected van's
#: is drawn until the user ticks "Trails" (bench "fleet map frame")
TRAILS_FOR_ALL_MAX = 200


def read_fleet(cache: Cache) -> tuple[list[dict], set[str]]:
    """The vehicles and the ids of those with a live alert (one background read)."""
    vehicles = cache.vehicles()
    alerted = {
        str(a.get("vehicle_id"))
        for a in cache.alerts()
        if a.get("state") in alert_rules.LIVE_STATES
    }
    return vehicles, alerted


def read_trails(cache: Cache, ids: list[str], since: float) -> dict[str, list[tuple]]:
    """The last hour of positions of each van from the cache's telemetry window."""
    out: dict[str, list[tuple]] = {}
    for vid in ids:
        cols = cache.telemetry(vid, since, ("lat", "lon"))
        points = [
            (float(t), float(la), float(lo))
            for t, la, lo in zip(cols["ts"], cols["lat"], cols["lon"], strict=True)
            if la == la and lo == lo
        ]  # NaN: a sample without position
        if points:
            out[vid] = points
    return out


class MapPane(Pane):
    NAME = "map"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Map")
    ENTITIES = frozenset({"vehicle", "vehicle_status", "alert", "telemetry"})
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = FleetMapModel(self)
        self.scene = FleetScene(self.model, self)
        self.view = MapView(self.scene, BasemapPainter(None))
        self.view.setAccessibleName(self.tr("Fleet map"))
        self.view.sig_van_clicked.connect(self._van_clicked)
        self.view.sig_van_activated.connect(self._van_activated)
        context.sig_vehicle_targeted.connect(self._on_targeted)
        self.target_id: str | None = None
        self._reloading = self._reload_again = False
        self._fitted = False
        self._trails_read = False
        self._basemap_requested = False

        self.fit_button = QPushButton(self.tr("Fit fleet"))
        self.fit_button.setToolTip(self.tr("Show every van (0 or F on the map)"))
        self.fit_button.clicked.connect(self.view.fit_fleet)
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_in.setAccessibleName(self.tr("Zoom in"))
        self.zoom_in.setToolTip(self.tr("Zoom in (+ or the mouse wheel)"))
        self.zoom_in.clicked.connect(lambda: self.view.zoom_by(1.5))
        self.zoom_out = QToolButton()
        self.zoom_out.setText("–")
        self.zoom_out.setAccessibleName(self.tr("Zoom out"))
        self.zoom_out.setToolTip(self.tr("Zoom out (- or the mouse wheel)"))
        self.zoom_out.clicked.connect(lambda: self.view.zoom_by(1 / 1.5))
        self.trails_box = QCheckBox(self.tr("Trails (last hour)"))
        self.trails_box.setChecked(True)
        self.trails_box.toggled.connect(self.scene.set_show_trails)
        self.count_label = QLabel()
        # the bar, the legend and the trips row wrap on a narrow window instead of
        # setting its minimum width (FlowLayout)
        bar = FlowLayout()
        bar.addWidget(kept_together(self.fit_button, self.zoom_in, self.zoom_out))
        bar.addWidget(self.trails_box)
        bar.addWidget(self.count_label)

        self.legend = FlowLayout(spacing=14)
        self.legend_labels: dict[str, QLabel] = {}
        for activity in (rules.DRIVING, rules.PARKED, rules.CHARGING, rules.ALERT, rules.STALE):
            swatch = QLabel()
            swatch.setObjectName(f"legend-{activity}")
            text = QLabel(activity_label(activity))
            self.legend_labels[activity] = swatch
            self.legend.addWidget(kept_together(swatch, text))
        self.target_label = QLabel(self.tr("Click a van to select it."))
        self.target_label.setMinimumWidth(80)
        self.target_label.setWordWrap(True)
        set_tone(self.target_label, "muted")
        self.open_button = QPushButton(self.tr("Open vehicle"))
        self.open_button.setToolTip(
            self.tr("Show the selected van in Vehicles (or double-click it)")
        )
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_target)
        bottom = QHBoxLayout()
        bottom.addWidget(self.target_label, 1)
        bottom.addWidget(self.open_button)

        # trip replay: the list is online only (trips are not in the cache)
        self.replay = TripReplay(self.scene, self)
        self.replay.sig_finished.connect(self._update_replay_buttons)
        self.trips: list[Trip] = []
        self._trips_for: str | None = None
        self.trip_box = QComboBox()
        self.trip_box.setAccessibleName(self.tr("Trips of the selected van"))
        self.trip_box.setMinimumContentsLength(12)
        self.trip_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.replay_button = QPushButton(self.tr("Replay trip"))
        self.replay_button.clicked.connect(self.replay_selected_trip)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.replay.stop)
        self.replay_note = QLabel()
        self.replay_note.setWordWrap(True)  # never what sets the window's minimum width
        set_tone(self.replay_note, "muted")
        trips_row = FlowLayout()
        trips_row.addWidget(
            kept_together(QLabel(self.tr("Trips:")), self.trip_box, stretch=self.trip_box), 1
        )
        trips_row.addWidget(kept_together(self.replay_button, self.stop_button))
        context.sig_online_changed.connect(lambda _up: self._load_trips(force=True))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.legend)
        layout.addLayout(bottom)
        layout.addLayout(trips_row)
        layout.addWidget(self.replay_note)
        self._paint_legend()
        self._show_trip_list()

        self.stale_timer = QTimer(self)
        self.stale_timer.setInterval(STALE_CHECK_MS)
        self.stale_timer.timeout.connect(self._clock_tick)
        self.stale_timer.start()
        self.model.modelReset.connect(self._update_count)
        self.model.dataChanged.connect(lambda *_: self._update_target_text())
        if context.targeted_vehicle is not None:  # built after the selection moved
            self._on_targeted(context.targeted_vehicle)

    # -- basemap ---------------------------------------------------------------------
    def load_basemap(self) -> None:
        """Decode the shipped basemap off the UI thread (once)."""
        if self._basemap_requested:
            return
        self._basemap_requested = True

        def loaded(painter: BasemapPainter) -> None:
            self.view.basemap = painter
            self.view.restyle()
            if not self._fitted:
                self.view.fit_fleet()

        def failed(exc: BaseException) -> None:
            log.warning("no basemap: %s", exc)
            self.count_label.setToolTip(
                self.tr("The map background could not be read; the vans are shown without it.")
            )

        run_in_background(lambda: BasemapPainter(basemap_file.load()), loaded, failed, owner=self)

    # -- loading ---------------------------------------------------------------------
    def reload(self) -> None:
        self.load_basemap()
        if isinstance(self.cache, CacheSnapshot):
            return  # the first paint's snapshot has no alerts: read once the cache opens
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        cache = self.cache

        def again() -> None:
            self._reloading = False
            if self._reload_again:  # asked again meanwhile (e.g. the cache has opened)
                self._reload_again = False
                self.reload()

        def done(found: tuple[list[dict], set[str]]) -> None:
            self.show_fleet(*found)
            again()

        def failed(exc: BaseException) -> None:
            log.warning("could not read the fleet from the cache: %s", exc)
            again()

        run_in_background(lambda: read_fleet(cache), done, failed, owner=self)

    def show_fleet(self, vehicles: list[dict], alerted: set[str]) -> None:
        from mpro_desktop.models.vehicles import normalise_vehicle_rows

        self.model.set_vehicles(normalise_vehicle_rows(vehicles), alerted)
        self._update_count()
        if self.target_id is not None:
            self.scene.select(self.target_id)
        if not self._fitted and any(v.lat is not None for v in self.model.vans()):
            self._fitted = True
            self.trails_box.setChecked(self.model.rowCount() <= TRAILS_FOR_ALL_MAX)
            self.view.fit_fleet()
        if not self._trails_read:
            self._read_trails()

    def _read_trails(self) -> None:
        ids = [v.id for v in self.model.vans() if v.lat is not None]
        if not ids:
            return
        self._trails_read = True
        cache, since = self.cache, time.time() - TRAIL_S
        run_in_background(
            lambda: read_trails(cache, ids, since),
            self.model.add_history,
            lambda exc: log.warning("could not read trails: %s", exc),
            owner=self,
        )

    def _update_count(self) -> None:
        vans = self.model.vans()
        placed = sum(1 for v in vans if v.lat is not None)
        if placed == len(vans):
            self.count_label.setText(self.tr("%n vans", "", placed))
        else:
            self.count_label.setText(
                self.tr("%1 of %2 vans have a position")
                .replace("%1", str(placed))
                .replace("%2", str(len(vans)))
            )

    def _clock_tick(self) -> None:
        self.model.refresh_activity()

    # -- navigation hooks --------------------------------------------------------------
    def on_entities_changed(self, entities: frozenset[str]) -> None:
        self.reload()

    def on_telemetry(self, samples_by_vehicle: dict[str, list[dict]]) -> None:
        self.model.apply_samples(samples_by_vehicle)

    def on_shown(self) -> None:
        self.reload()
        self.view.setFocus()

    # -- the one target ------------------------------------------------------------
    def _van_clicked(self, vehicle_id: str) -> None:
        self.context.request_vehicle(vehicle_id)

    def _van_activated(self, vehicle_id: str) -> None:
        self.context.request_vehicle(vehicle_id, show=True)

    def _open_target(self) -> None:
        if self.target_id is not None:
            self.context.request_vehicle(self.target_id, show=True)

    def _on_targeted(self, vehicle_id: str | None) -> None:
        self.target_id = vehicle_id
        self.scene.select(vehicle_id)
        self.open_button.setEnabled(vehicle_id is not None)
        self._update_target_text()
        self._load_trips()

    # -- trips and their replay (the list online only) -------------------------------
    def _load_trips(self, *, force: bool = False) -> None:
        """Ask the portal for the target van's trips (off the UI thread)."""
        vid = self.target_id
        if vid == self._trips_for and not force:
            return
        self._trips_for, self.trips = vid, []
        online = self.context.online
        if vid is None or online is None:
            self._show_trip_list()
            return
        self._show_trip_list(self.tr("Reading trips…"))

        def loaded(trips: list[Trip]) -> None:
            if self.target_id == vid:
                self.show_trips(trips)

        def failed(exc: BaseException) -> None:
            if self.target_id == vid:
                log.warning("could not read trips: %s", exc)
                self._show_trip_list(
                    self.tr("The trips could not be read: %1").replace("%1", str(exc))
                )

        run_in_background(
            lambda: parse_trips({"items": online.trips(vid)}), loaded, failed, owner=self
        )

    def show_trips(self, trips: list[Trip]) -> None:
        """The target van's trips (newest first) in the list."""
        self.trips = list(trips)
        self._show_trip_list(None if trips else self.tr("No trips yet."))

    def _show_trip_list(self, note: str | None = None) -> None:
        self.trip_box.clear()
        for trip in self.trips:
            self.trip_box.addItem(trip.label(), trip.id)
        if note is None and not self.trips:
            note = (
                self.tr("Select a van to see its trips.")
                if self.target_id is None
                else self.tr("Trips need a connection to the portal.")
            )
        self.replay_note.setText(note or "")
        self._update_replay_buttons()

    def _update_replay_buttons(self) -> None:
        self.trip_box.setEnabled(bool(self.trips))
        self.replay_button.setEnabled(bool(self.trips) and not self.replay.running)
        self.stop_button.setEnabled(self.replay.running or self.replay.path_item is not None)

    def replay_selected_trip(self) -> None:
        """Read the chosen trip's positions from the cache and drive them on the map."""
        i = self.trip_box.currentIndex()
        vid = self.target_id
        if vid is None or not 0 <= i < len(self.trips):
            return
        trip, cache = self.trips[i], self.cache

        def loaded(track: list[tuple[float, float, float]]) -> None:
            if len(track) < 2:
                self.replay_note.setText(
                    self.tr(
                        "No positions of this trip in the local history (it keeps the last days)."
                    )
                )
                return
            self.replay_note.setText("")
            self.replay.start(track)
            self.view.show_rect(self.replay.path_item.boundingRect())
            self._update_replay_buttons()

        run_in_background(
            lambda: read_track(cache, vid, trip),
            loaded,
            lambda exc: self.replay_note.setText(str(exc)),
            owner=self,
        )

    def _update_target_text(self) -> None:
        row = None if self.target_id is None else self.model.row_of(self.target_id)
        if row is None:
            self.target_label.setText(self.tr("Click a van to select it."))
            return
        self.target_label.setText(
            self.tr("Selected: %1").replace("%1", self.model.tooltip(self.model.van(row)))
        )

    # -- look --------------------------------------------------------------------------
    def _paint_legend(self) -> None:
        palette = map_palette()
        for activity, swatch in self.legend_labels.items():
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(0, 0, 0, 0))
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(palette.outline)
            p.setBrush(colour_of(palette, activity))
            p.drawEllipse(1, 1, 10, 10)
            p.end()
            swatch.setPixmap(pixmap)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self._paint_legend()
