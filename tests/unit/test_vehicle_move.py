"""R9's rule (domain.vehicle_move): what removing vehicles from account A ends (R18),
and when account B can add them (R16: one account per VIN)."""

from __future__ import annotations

from mpro_desktop.domain import vehicle_move as rule

VANS = [{"id": "v1", "vin": "W1V9066331S220011"}, {"id": "v2", "vin": "W1V9066331S220012"}]


def _sub(sid: str, vid: str, state: str = "active") -> dict:
    return {"id": sid, "vehicle_id": vid, "product_id": "fleet_management", "state": state}


def test_the_moved_vans_subscriptions_end_and_a_keeps_a_service_elsewhere() -> None:
    subs = [_sub("s1", "v1"), _sub("s2", "v2"), _sub("s3", "v1", "ended")]
    plan = rule.move_plan(VANS[:1], subs)
    assert [s["id"] for s in plan.ending] == ["s1"] and plan.keeps_a_service
    assert plan.vins == ["W1V9066331S220011"]


def test_moving_the_last_serviced_van_means_the_history_goes() -> None:
    plan = rule.move_plan(VANS, [_sub("s1", "v1"), _sub("s2", "v2", "ended")])
    assert [s["id"] for s in plan.ending] == ["s1"] and not plan.keeps_a_service
    assert not rule.move_plan(VANS[:1], []).keeps_a_service


def test_b_can_add_only_once_every_removal_reached_the_portal() -> None:
    assert rule.removal_state({"id": "v1", "pending_op": "remove"}, True) == rule.WAITING
    assert rule.removal_state({"id": "v1", "pending_op": "remove"}, False) == rule.WAITING
    assert rule.removal_state(None, True) == rule.WAITING
    assert rule.removal_state(None, False) == rule.REMOVED
    assert rule.removal_state({"id": "v1", "pending_op": None}, False) == rule.REFUSED
    assert rule.b_can_add([rule.REMOVED, rule.REMOVED])
    assert not rule.b_can_add([rule.REMOVED, rule.WAITING])
    assert not rule.b_can_add([rule.REFUSED])
