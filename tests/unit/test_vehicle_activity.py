"""SPEC R22, issue 12: what a van is doing, in one word (the fleet map's colours).

One rule in ``domain.vehicles``; the first state that holds wins: stale data says
nothing else, then a live alert, charging, driving, parked."""

from __future__ import annotations

import pytest

from mpro_desktop.domain import vehicles as rules

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("status", "alerted", "expected"),
    [
        (None, False, None),
        ({}, False, None),
        ({"speed_kmh": 50.0}, False, None),  # no time: nothing known
        ({"ts_epoch": NOW, "ignition": True, "speed_kmh": 50.0}, False, rules.DRIVING),
        ({"ts_epoch": NOW, "ignition": True, "speed_kmh": 0.5}, False, rules.PARKED),
        ({"ts_epoch": NOW, "ignition": False, "speed_kmh": 0.0}, False, rules.PARKED),
        ({"ts_epoch": NOW, "plug_state": "connected"}, False, rules.CHARGING),
        ({"ts_epoch": NOW, "plug_state": "inserted"}, False, rules.PARKED),
        ({"ts_epoch": NOW, "plug_state": "connected"}, True, rules.ALERT),
        ({"ts_epoch": NOW, "ignition": True, "speed_kmh": 80.0}, True, rules.ALERT),
        (
            {"ts_epoch": NOW - rules.STALE_AFTER_S - 1, "ignition": True, "speed_kmh": 80.0},
            True,
            rules.STALE,
        ),
        ({"ts": "2027-01-14T08:00:00Z", "ignition": False}, False, rules.STALE),
    ],
)
def test_activity(status, alerted, expected):
    assert rules.activity(status, NOW, alerted=alerted) == expected


def test_every_activity_is_listed_once():
    assert len(set(rules.ACTIVITIES)) == len(rules.ACTIVITIES) == 5
