"""The alert rules of ``mpro_desktop.domain.alerts``, table-driven (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from mpro_desktop.domain import alerts as a

TH = a.Thresholds()
TYRES_OK = {f"tyre_{t}_kpa": 450.0 for t in a.TYRES}
DRIVING = {"ignition": True, "speed_kmh": 50.0, "locked": True, "doors_open": False, **TYRES_OK}
PARKED = {"ignition": False, "speed_kmh": 0.0, "locked": True, "doors_open": False, **TYRES_OK}


def run(steps: list[tuple[float, dict[str, Any]]], th: a.Thresholds = TH) -> dict[str, a.Condition]:
    """Feed statuses at the given seconds; the conditions after the last one."""
    memory, held = a.Memory(), {}
    for now, status in steps:
        memory = a.remember(memory, status, now, th)
        held = a.conditions(status, memory, now, th)
        memory = a.Memory.from_json(memory.to_json())  # as the portal stores it between ingests
    return held


CASES = [
    ("all well while driving", [(0, DRIVING)], {}),
    ("one tyre below the warning level", [(0, {**DRIVING, "tyre_rl_kpa": 370.0})],
     {a.TYRE_PRESSURE_LOW: a.WARNING}),
    ("one tyre below the critical level", [(0, {**DRIVING, "tyre_fr_kpa": 300.0})],
     {a.TYRE_PRESSURE_LOW: a.CRITICAL}),
    ("a fast drop within the window", [(0, DRIVING), (120, {**DRIVING, "tyre_fl_kpa": 415.0})],
     {a.TYRE_PRESSURE_DROP: a.CRITICAL}),
    ("a slow drop spread beyond the window",
     [(i * 300, {**DRIVING, "tyre_fl_kpa": 450.0 - i * 3}) for i in range(12)], {}),
    ("diesel low", [(0, {**DRIVING, "fuel_level_pct": 12.0})], {a.FUEL_LOW: a.WARNING}),
    ("diesel fine", [(0, {**DRIVING, "fuel_level_pct": 40.0})], {}),
    ("eVan low and unplugged", [(0, {**PARKED, "soc_pct": 10.0, "plug_state": "disconnected"})],
     {a.SOC_LOW: a.WARNING}),
    ("eVan low but charging", [(0, {**PARKED, "soc_pct": 10.0, "plug_state": "connected"})], {}),
    ("door open at a stop, not yet long", [(0, {**PARKED, "doors_open": True}),
                                           (300, {**PARKED, "doors_open": True})], {}),
    ("door open at a stop for 10 minutes", [(0, {**PARKED, "doors_open": True}),
                                            (600, {**PARKED, "doors_open": True})],
     {a.DOOR_OPEN_PARKED: a.WARNING}),
    ("door open while driving is not this rule", [(0, {**DRIVING, "doors_open": True}),
                                                  (900, {**DRIVING, "doors_open": True})], {}),
    ("unlocked parked for 15 minutes", [(0, {**PARKED, "locked": False}),
                                        (900, {**PARKED, "locked": False})],
     {a.UNLOCKED_PARKED: a.WARNING}),
    ("locked again in between resets the clock", [(0, {**PARKED, "locked": False}),
                                                  (600, PARKED), (900, {**PARKED, "locked": False})], {}),
    ("charging stopped half way", [(0, {**PARKED, "soc_pct": 50.0, "plug_state": "connected"}),
                                   (60, {**PARKED, "soc_pct": 51.0, "plug_state": "disconnected"})],
     {a.CHARGING_INTERRUPTED: a.WARNING}),
    ("charging finished", [(0, {**PARKED, "soc_pct": 96.0, "plug_state": "connected"}),
                           (60, {**PARKED, "soc_pct": 96.0, "plug_state": "disconnected"})], {}),
    ("interrupted, then plugged in again", [
        (0, {**PARKED, "soc_pct": 50.0, "plug_state": "connected"}),
        (60, {**PARKED, "soc_pct": 50.0, "plug_state": "disconnected"}),
        (120, {**PARKED, "soc_pct": 50.0, "plug_state": "connected"})], {}),
]


@pytest.mark.parametrize(("steps", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(steps: list[tuple[float, dict[str, Any]]], expected: dict[str, str]) -> None:
    held = run(steps)
    assert {t: c.severity for t, c in held.items()} == expected


def test_thresholds_are_the_company_s() -> None:
    strict = a.Thresholds(fuel_low_pct=50.0, door_open_parked_min=2.0)
    assert a.FUEL_LOW in run([(0, {**DRIVING, "fuel_level_pct": 40.0})], strict)
    assert a.DOOR_OPEN_PARKED in run([(0, {**PARKED, "doors_open": True}),
                                      (120, {**PARKED, "doors_open": True})], strict)


def test_no_contact() -> None:
    assert a.no_contact(None, 10_000, TH) is None
    assert a.no_contact(0, 7199, TH) is None
    assert a.no_contact(0, 7200, TH).severity == a.WARNING  # type: ignore[union-attr]


def test_threshold_bounds() -> None:
    assert a.threshold_errors(TH.as_dict()) == []
    assert a.threshold_errors({**TH.as_dict(), "fuel_low_pct": 0.0}) == ["fuel_low_pct"]
    assert a.threshold_errors({**TH.as_dict(), "tyre_critical_kpa": 400.0}) == ["tyre_critical_kpa"]
    assert a.Thresholds.from_mapping({"fuel_low_pct": 20, "unknown": 1}).fuel_low_pct == 20.0
