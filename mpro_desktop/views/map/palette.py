"""The map's colours for the current palette: a light and a dark basemap, and one
colour per van activity (the semantic ones from ``models.colors``, so a red van on the
map is the red of an error everywhere else)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from mpro_desktop.domain import vehicles as rules
from mpro_desktop.models.colors import colors, is_dark

#: (light, dark) basemap colours
_BASE = {
    "sea": ("#cfe2f0", "#0e2133"),
    "unmapped": ("#e2e2e2", "#1e1e1e"),
    "land": ("#f5f3ee", "#3a3c40"),
    "coast": ("#8fb0c8", "#5a7a92"),
    "border": ("#a58fc4", "#6f5f8f"),
    "city": ("#5b5b5b", "#b8b8b8"),
    "label": ("#303030", "#e2e2e2"),
    "halo": ("#f5f3ee", "#3a3c40"),
    "charging": ("#6a3fb0", "#c39af5"),
    "trail": ("#1f5fa8", "#8ab4f8"),
    "replay": ("#c2410c", "#ffa96b"),
}


@dataclass(frozen=True)
class MapPalette:
    sea: QColor
    unmapped: QColor
    land: QColor
    coast: QColor
    border: QColor
    city: QColor
    label: QColor
    halo: QColor
    trail: QColor
    #: a replayed trip's route and marker
    replay: QColor
    #: the outline of a van marker (stands out on land and sea alike)
    outline: QColor
    activity: dict[str, QColor]


def map_palette(palette: QPalette | None = None) -> MapPalette:
    palette = palette if palette is not None else QGuiApplication.palette()
    dark = is_dark(palette)
    pick = {k: QColor(v[1 if dark else 0]) for k, v in _BASE.items()}
    c = colors(palette)
    activity = {
        rules.DRIVING: c.ok,
        rules.PARKED: c.info,
        rules.CHARGING: pick.pop("charging"),
        rules.ALERT: c.error,
        rules.STALE: c.muted,
    }
    return MapPalette(outline=QColor("#101010" if dark else "#ffffff"), activity=activity, **pick)
