"""Vehicles table: the cache's vehicles plus their latest live status."""

from __future__ import annotations

import heapq
import re
import time
from collections.abc import Callable, Sequence
from itertools import repeat

from PySide6.QtCore import QCoreApplication, QTimer, Signal

from mpro_desktop.domain.telemetry import FUEL_DIESEL, FUEL_ELECTRIC, energy_field
from mpro_desktop.domain.vehicles import (
    DRIVING_MIN_KMH,
    MODULE_ACTIVE,
    MODULE_INACTIVE,
    MODULE_NONE,
    STALE_AFTER_S,
    is_recent,
    module_state,
    status_epoch,
)
from mpro_desktop.models import format as fmt
from mpro_desktop.models.colors import colors
from mpro_desktop.models.table import FIELD_SEPARATOR, Column, RowTableModel

_NO_STATUS: dict = {}


def _status(row: dict) -> dict:
    return row.get("status") or _NO_STATUS


def _status_keys(field: str) -> Callable[[Sequence[dict]], list]:
    """The value of one status field for many rows (the batch twin of a sort key)."""

    def keys(rows: Sequence[dict]) -> list:
        statuses = [s or _NO_STATUS for s in map(dict.get, rows, repeat("status"))]
        return list(map(dict.get, statuses, repeat(field)))

    return keys


def _energy_keys(rows: Sequence[dict]) -> list:
    return [
        (r.get("status") or _NO_STATUS).get(
            "soc_pct" if r.get("fuel_type") == FUEL_ELECTRIC else "fuel_level_pct"
        )
        for r in rows
    ]


#: Live columns whose sort key is one status field.
_LIVE_SORT_FIELDS = {"speed": "speed_kmh", "odometer": "odometer_km", "updated": "ts_epoch"}


def _text_keys(field: str) -> Callable[[Sequence[dict]], list]:
    def keys(rows: Sequence[dict]) -> list:
        return [(r.get(field) or "").lower() for r in rows]

    return keys


#: A search text whose fields need their blanks collapsed (rare): whitespace other than
#: single inner spaces, e.g. a double space or a tab in a name.
#: Compiled on first use (≈ 10 ms at import, and the first paint rarely needs it).
_NEEDS_COLLAPSE = r"[^\S \x1f]|  |(?:^|\x1f) | (?:\x1f|$)"
_ASCII_BLANKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e"


def _needs_collapse(text: str) -> bool:
    return re.search(_NEEDS_COLLAPSE, text) is not None  # re caches the compiled pattern


def _may_need_collapse(texts: list[str]) -> bool:
    """False if no text has a blank to collapse (C-level scans of all texts at once;
    True may be a false alarm, e.g. a non-ASCII printable-format character)."""
    if not texts:
        return False
    big = "\x1f".join(texts)  # a field boundary between two texts, like inside one
    if big[0] == " " or big[-1] == " " or "  " in big or " \x1f" in big or "\x1f " in big:
        return True
    if big.isascii():
        return any(c in big for c in _ASCII_BLANKS)
    return not big.replace("\x1f", "").isprintable()


#: sort order of the module column: none, not activated, active
_MODULE_ORDER = {MODULE_NONE: 0, MODULE_INACTIVE: 1, MODULE_ACTIVE: 2}


def _module_text(row: dict) -> str:
    state = module_state(row)
    if state == MODULE_NONE:
        return QCoreApplication.translate("VehicleTableModel", "None")
    if state == MODULE_INACTIVE:
        return QCoreApplication.translate("VehicleTableModel", "Inactive")
    return QCoreApplication.translate("VehicleTableModel", "Active")


def _module_tip(row: dict) -> str:
    state = module_state(row)
    if state == MODULE_NONE:
        return QCoreApplication.translate(
            "VehicleTableModel",
            "No communication module built in: the vehicle can be administered but sends no data.",
        )
    if state == MODULE_INACTIVE:
        return QCoreApplication.translate(
            "VehicleTableModel",
            "Communication module not activated: it starts when a paid service is booked "
            "for the vehicle.",
        )
    return QCoreApplication.translate(
        "VehicleTableModel", "Communication module active: the vehicle sends data."
    )


def _module_keys(rows: Sequence[dict]) -> list:
    return [_MODULE_ORDER[module_state(r)] for r in rows]


def _products_text(row: dict) -> str:
    return ", ".join(row.get("products") or ()) or "–"


def _products_keys(rows: Sequence[dict]) -> list:
    # vehicles without a product last in ascending order; then by their names
    return [(not r.get("products"), ", ".join(r.get("products") or ()).lower()) for r in rows]


def _energy(row: dict) -> float | None:
    return _status(row).get(energy_field(row.get("fuel_type") or ""))


def _sync_text(row: dict) -> str:
    op = row.get("pending_op")
    if not op:
        return QCoreApplication.translate("VehicleTableModel", "Synced")
    return {
        "add": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (new)"),
        "update": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (changed)"),
        "remove": QCoreApplication.translate("VehicleTableModel", "Waiting to upload (removed)"),
    }.get(op, QCoreApplication.translate("VehicleTableModel", "Waiting to upload"))


def _state_text(row: dict, now: float) -> str:
    st = _status(row)
    if not st:
        return (
            QCoreApplication.translate("VehicleTableModel", "No data")
            if row.get("has_comm_module", True)
            else QCoreApplication.translate("VehicleTableModel", "No module")
        )
    if st.get("ignition"):
        word = (
            QCoreApplication.translate("VehicleTableModel", "Driving")
            if (st.get("speed_kmh") or 0) > DRIVING_MIN_KMH
            else QCoreApplication.translate("VehicleTableModel", "Ignition on")
        )
    else:
        word = QCoreApplication.translate("VehicleTableModel", "Parked")
    if not is_recent(st, now):  # yesterday's "Driving" must not read as now
        epoch = status_epoch(st)
        if epoch:
            # e.g. "Driving, as of 14:02": one sentence, so a language can order it
            return (
                QCoreApplication.translate("VehicleTableModel", "%1, as of %2")
                .replace("%1", word)
                .replace("%2", fmt.clock(epoch, now))
            )
    return word


def _stale(row: dict, now: float) -> bool:
    """Live columns of a row whose data is old are drawn muted (and say "as of")."""
    st = _status(row)
    return bool(st) and not is_recent(st, now)


def _updated_text(row: dict, now: float) -> str:
    ts = _status(row).get("ts_epoch")
    return fmt.as_of(ts, now) if _stale(row, now) else fmt.when_short(ts, now)


# How often rows are checked for data that has become old (no new data needed).
STALE_CHECK_MS = 30_000
# The columns whose text or colour says whether the data is live (state … last data).
LIVE_COLUMNS = ("state", "speed", "energy", "odometer", "updated")


class VehicleTableModel(RowTableModel):
    """Rows come from ``Cache.vehicles()``; live samples update one row at a time; the
    clock turns rows old (``stale_timer``)."""

    sig_turned_stale = Signal(object)
    """list[str]: ids of the vehicles whose data has just become old (repaint them)."""

    def make_columns(self) -> list[Column]:
        now = self.now
        muted = colors

        def live_foreground(r: dict):
            return muted().muted if _stale(r, now()) else None

        def energy_foreground(r: dict):
            if (_energy(r) or 100) < 15:
                return muted().error
            return live_foreground(r)

        return [
            Column(
                "name",
                QCoreApplication.translate("VehicleTableModel", "Name"),
                lambda r: r.get("name") or "",
                tooltip=lambda r: r.get("name") or None,
                sort_keys=_text_keys("name"),
            ),
            Column(
                "vin",
                QCoreApplication.translate("VehicleTableModel", "VIN"),
                lambda r: r["vin"],
                sort_keys=_text_keys("vin"),
            ),
            Column(
                "license_plate",
                QCoreApplication.translate("VehicleTableModel", "Plate"),
                lambda r: r.get("license_plate") or "",
                sort_keys=_text_keys("license_plate"),
            ),
            Column(
                "fuel_type",
                QCoreApplication.translate("VehicleTableModel", "Fuel type"),
                header_tip=QCoreApplication.translate("VehicleTableModel", "Diesel or electric"),
                display=lambda r: (
                    QCoreApplication.translate("VehicleTableModel", "Electric")
                    if r.get("fuel_type") == FUEL_ELECTRIC
                    else QCoreApplication.translate("VehicleTableModel", "Diesel")
                ),
            ),
            Column(
                "module",
                QCoreApplication.translate("VehicleTableModel", "Module"),
                _module_text,
                header_tip=QCoreApplication.translate(
                    "VehicleTableModel", "Communication module: none, inactive or active"
                ),
                tooltip=_module_tip,
                sort_key=lambda r: _MODULE_ORDER[module_state(r)],
                sort_keys=_module_keys,
                foreground=lambda r: None if module_state(r) == MODULE_ACTIVE else muted().muted,
            ),
            Column(
                "products",
                QCoreApplication.translate("VehicleTableModel", "Products"),
                _products_text,
                header_tip=QCoreApplication.translate(
                    "VehicleTableModel", "The vehicle's active paid products"
                ),
                tooltip=lambda r: ", ".join(r.get("products") or ()) or None,
                sort_key=lambda r: _products_keys([r])[0],
                sort_keys=_products_keys,
            ),
            Column(
                "state",
                QCoreApplication.translate("VehicleTableModel", "State"),
                lambda r: _state_text(r, now()),
                tooltip=lambda r: _state_text(r, now()),
                foreground=live_foreground,
            ),
            Column(
                "speed",
                QCoreApplication.translate("VehicleTableModel", "Speed"),
                lambda r: fmt.number(_status(r).get("speed_kmh"), 0, "km/h"),
                header_tip=QCoreApplication.translate("VehicleTableModel", "Current speed"),
                sort_key=lambda r: _status(r).get("speed_kmh"),
                sort_keys=_status_keys("speed_kmh"),
                align_right=True,
                foreground=live_foreground,
            ),
            Column(
                "energy",
                QCoreApplication.translate("VehicleTableModel", "Energy"),
                lambda r: fmt.number(_energy(r), 0, "%"),
                header_tip=QCoreApplication.translate(
                    "VehicleTableModel", "Fuel level (diesel) or state of charge (electric)"
                ),
                sort_key=_energy,
                sort_keys=_energy_keys,
                align_right=True,
                foreground=energy_foreground,
            ),
            Column(
                "odometer",
                QCoreApplication.translate("VehicleTableModel", "Odometer"),
                lambda r: fmt.number(_status(r).get("odometer_km"), 0, "km"),
                header_tip=QCoreApplication.translate("VehicleTableModel", "Odometer reading"),
                sort_key=lambda r: _status(r).get("odometer_km"),
                sort_keys=_status_keys("odometer_km"),
                align_right=True,
                foreground=live_foreground,
            ),
            Column(
                "updated",
                QCoreApplication.translate("VehicleTableModel", "Last contact"),
                lambda r: _updated_text(r, now()),
                header_tip=QCoreApplication.translate(
                    "VehicleTableModel",
                    'When the vehicle last sent data ("as of" once older than %1 minutes)',
                ).replace("%1", str(int(STALE_AFTER_S // 60))),
                sort_key=lambda r: _status(r).get("ts_epoch"),
                sort_keys=_status_keys("ts_epoch"),
                tooltip=lambda r: fmt.when(_status(r).get("ts_epoch")) if _status(r) else None,
                foreground=live_foreground,
            ),
            Column(
                "sync",
                QCoreApplication.translate("VehicleTableModel", "Sync"),
                _sync_text,
                tooltip=_sync_text,
                foreground=lambda r: colors().warning if r.get("pending_op") else None,
            ),
        ]

    def __init__(self, parent=None, *, clock: Callable[[], float] = time.time) -> None:
        # The wall clock the "as of" texts are measured against (tests inject one).
        self.clock = clock
        super().__init__(parent)
        # Translated drive labels, looked up once rather than once per row.
        display = self._columns[self.column_index("fuel_type")].display
        self._drive_words = {f: display({"fuel_type": f}) for f in (FUEL_DIESEL, FUEL_ELECTRIC)}
        live = [self.column_index(k) for k in LIVE_COLUMNS]
        self._live_span = (min(live), max(live))
        # (moment the row's live data turns old, row id), soonest first
        self._expiries: list[tuple[float, str]] = []
        self._watched: set[str] = set()
        # After set_rows: the moment of the load; the heap is built from the rows then
        # live at the first check (lazily, one pass), not row by row while loading.
        self._watch_from: float | None = None
        # Repaints rows whose data turned old since the last tick: no database, no new
        # data, just the clock (the data that arrives repaints its rows itself).
        self.stale_timer = QTimer(self)
        self.stale_timer.setInterval(STALE_CHECK_MS)
        self.stale_timer.timeout.connect(self.refresh_staleness)
        self.stale_timer.start()

    def now(self) -> float:
        return self.clock()

    # -- staleness: rows turn old by the clock alone -------------------------------
    def _watch(self, rows) -> None:
        """Remember when each row's live data turns old (one heap entry per vehicle)."""
        if self._watch_from is not None:
            return  # the whole-table pass to come reads every row as it is then
        for row in rows:
            ts = _status(row).get("ts_epoch")
            if ts and row["id"] not in self._watched:
                self._watched.add(row["id"])
                heapq.heappush(self._expiries, (ts + STALE_AFTER_S, row["id"]))

    def _watch_loaded_rows(self) -> None:
        """The deferred part of :meth:`set_rows`: one pass over the rows, one heapify.

        Watches the rows whose data was live at the load (``_watch_from``) or is newer,
        so a van whose data turned old since the load still turns stale at this check.
        """
        since, self._watch_from = self._watch_from, None
        if since is None:
            return
        horizon = since - STALE_AFTER_S
        expiries = []
        for row in self._rows:
            st = row.get("status")
            if not st:
                continue
            ts = st.get("ts_epoch")
            if ts is None:
                ts = status_epoch(st)
            if ts and ts >= horizon:
                expiries.append((ts + STALE_AFTER_S, row["id"]))
        heapq.heapify(expiries)
        self._expiries = expiries
        self._watched = {vid for _due, vid in expiries}

    def set_rows(self, rows) -> None:
        rows = list(rows)
        super().set_rows(rows)
        # Which rows can turn old is worked out at the first check, not here: a load of
        # 100,000 rows then costs no per-row freshness test (bench "vehicles table").
        self._expiries, self._watched = [], set()
        self._watch_from = self.now()

    def update_rows(self, changes: dict[str, dict], *, searchable: bool = True) -> int:
        n = super().update_rows(changes, searchable=searchable)
        self._watch(
            self.row_dict(i)
            for vid, change in changes.items()
            if "status" in change and (i := self.row_for_id(vid)) is not None
        )
        return n

    def refresh_staleness(self) -> list[str]:
        """Repaint the live columns of rows whose data has become old; returns their
        ids. Emits ``dataChanged`` for those columns of those rows only; reads no
        database and touches no other row."""
        self._watch_loaded_rows()
        now = self.now()
        turned: list[int] = []
        again: list[dict] = []
        while self._expiries and self._expiries[0][0] < now:
            _due, vid = heapq.heappop(self._expiries)
            self._watched.discard(vid)
            i = self.row_for_id(vid)
            if i is None:
                continue
            if is_recent(_status(self.row_dict(i)), now):
                again.append(self.row_dict(i))  # newer data came meanwhile
            else:
                turned.append(i)
        self._watch(again)
        if not turned:
            return []
        self.refresh_cells(sorted(turned), *self._live_span)
        ids = [self.row_dict(i)["id"] for i in turned]
        self.sig_turned_stale.emit(ids)
        return ids

    def search_text(self, row: dict) -> str:
        # Search what a fleet manager types: name, VIN, plate, model, drive; not live
        # numbers. Five fields (an empty one stays empty), blanks collapsed, lower case.
        parts = (
            row.get("name") or "",
            row.get("vin") or "",
            row.get("license_plate") or "",
            row.get("model") or "",
            self._drive_words.get(row.get("fuel_type") or "diesel", ""),
        )
        return FIELD_SEPARATOR.join(" ".join(p.split()) for p in parts).lower()

    def search_texts_for(self, rows: Sequence[dict]) -> list[str]:
        return self.load_columns(rows)[0]

    def load_columns(self, rows: Sequence[dict]) -> tuple[list[str], dict[int, list]]:
        """The search texts and the sort keys of name, VIN, plate and the live columns,
        column by column: C-level maps and joins instead of ten Python calls per row
        (a load of 100,000 vehicles). Blanks to collapse (a double space or a tab in a
        name) are rare: one test over all the texts at once, and only then the per-row
        path for the rows that have them."""
        words = self._drive_words
        drive = {**words, None: words.get(FUEL_DIESEL, ""), "": words.get(FUEL_DIESEL, "")}

        def field(key: str) -> list[str]:
            return [v or "" for v in map(dict.get, rows, repeat(key))]

        names, vins, plates = field("name"), field("vin"), field("license_plate")
        texts = list(
            map(
                str.lower,
                map(
                    FIELD_SEPARATOR.join,
                    zip(
                        names,
                        vins,
                        plates,
                        field("model"),
                        map(drive.get, map(dict.get, rows, repeat("fuel_type")), repeat("")),
                        strict=True,
                    ),
                ),
            )
        )
        if _may_need_collapse(texts) or any(map(_needs_collapse, words.values())):
            for i, text in enumerate(texts):
                if _needs_collapse(text):
                    texts[i] = self.search_text(rows[i])
        keys = {
            self.column_index("name"): list(map(str.lower, names)),
            self.column_index("vin"): list(map(str.lower, vins)),
            self.column_index("license_plate"): list(map(str.lower, plates)),
        }
        statuses = [s or _NO_STATUS for s in map(dict.get, rows, repeat("status"))]
        for key, status_field in _LIVE_SORT_FIELDS.items():
            keys[self.column_index(key)] = list(map(dict.get, statuses, repeat(status_field)))
        keys[self.column_index("energy")] = _energy_keys(rows)
        return texts, keys

    def apply_samples(self, samples_by_vehicle: dict[str, list[dict]]) -> int:
        """Fold the newest live sample of each vehicle into its status (one repaint)."""
        changes: dict[str, dict] = {}
        for vid, samples in samples_by_vehicle.items():
            i = self.row_for_id(vid)
            if not samples or i is None:
                continue
            last = samples[-1]
            status = dict(self.row_dict(i).get("status") or {})
            ts = last.get("ts_epoch") or fmt.iso_to_epoch(last.get("ts")) or time.time()
            if ts < (status.get("ts_epoch") or 0):
                continue
            status.update({k: v for k, v in last.items() if k not in ("seq", "ts")})
            status["ts_epoch"] = ts
            changes[vid] = {"status": status}
        return self.update_rows(changes, searchable=False)


def attach_products(
    rows: list[dict], subscriptions: Sequence[dict], products: Sequence[dict]
) -> list[dict]:
    """Each vehicle row with ``products``: the names of its active subscriptions'
    products, sorted (a tuple, so an unchanged reload compares equal). Off the UI
    thread, with the rows of ``Cache.subscriptions()`` and ``Cache.products()``."""
    names = {p.get("id"): p.get("name") or p.get("id") for p in products}
    held: dict[str, set[str]] = {}
    for sub in subscriptions:
        if sub.get("state") == "active" and sub.get("vehicle_id"):
            pid = sub.get("product_id")
            held.setdefault(sub["vehicle_id"], set()).add(str(names.get(pid) or pid))
    empty: tuple[str, ...] = ()
    return [
        {**row, "products": tuple(sorted(held[row["id"]])) if row["id"] in held else empty}
        for row in rows
    ]


def normalise_vehicle_rows(rows: list[dict]) -> list[dict]:
    """Give each cached status an epoch timestamp once, so sorting never parses dates."""
    out = []
    for row in rows:
        st = row.get("status")
        if st and "ts_epoch" not in st:
            st = {
                **st,
                "ts_epoch": fmt.iso_to_epoch(st.get("ts"))
                if isinstance(st.get("ts"), str)
                else st.get("ts"),
            }
            row = {**row, "status": st}
        out.append(row)
    return out
