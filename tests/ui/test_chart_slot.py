"""The chart slot paints before pyqtgraph loads and gets its chart after (start-up)."""

from __future__ import annotations

from mpro_desktop.views.common import chart_slot
from mpro_desktop.views.common.chart_slot import ChartSlot, PendingChart
from mpro_desktop.views.common.telemetry_chart import TelemetryChart


def test_a_deferred_slot_shows_a_placeholder_until_the_charts_load(qtbot) -> None:
    chart_slot.defer_charts()
    try:
        slot = ChartSlot()
        qtbot.addWidget(slot)
        assert not slot.installed and isinstance(slot.chart, PendingChart)
        assert slot.chart.point_count() == 0 and slot.chart.accessibleName()
        with qtbot.waitSignal(slot.sig_installed, timeout=1000):
            chart_slot.load_charts()
    finally:
        chart_slot.load_charts()  # leave the default (charts at once) for other tests
    assert slot.installed and isinstance(slot.chart, TelemetryChart)
    assert ChartSlot().installed  # built after loading: a chart from the start
