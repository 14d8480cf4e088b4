"""The demo seed is idempotent and produces 25 vans with modules (docs/contracts.md)."""

from __future__ import annotations

import json

from sqlalchemy import select

from embedded_server.models import Company, Vehicle
from embedded_server.seed import COMPANY_NAME, NEWCOMER_COMPANY, seed_demo
from mpro_desktop.domain.vin import is_valid_vin


def _vans(session, company: str = COMPANY_NAME) -> list[Vehicle]:
    return list(session.scalars(
        select(Vehicle).join(Company, Company.id == Vehicle.company_id).where(Company.name == company)))


def test_seed_twice_keeps_ids(portal_app, tmp_path) -> None:
    seed_file = tmp_path / "demo-credentials.json"
    with portal_app.state.session_factory() as s:
        first = seed_demo(s, seed_file=seed_file)
    with portal_app.state.session_factory() as s:
        ids1 = {v.vin: v.id for v in _vans(s)}
    with portal_app.state.session_factory() as s:
        second = seed_demo(s, seed_file=seed_file)
    assert second == first, "a working seed file is kept"
    seed_file.unlink()
    with portal_app.state.session_factory() as s:
        third = seed_demo(s, seed_file=seed_file)
        ids3 = {v.vin: v.id for v in _vans(s)}
    assert ids3 == ids1 and len(ids1) == 25
    assert third["admin_password"] != first["admin_password"], "re-issued when the file is gone"
    assert json.loads(seed_file.read_text()) == third
    assert all(is_valid_vin(v) for v in third["vehicles"])
    assert list(third["vehicles"].values()).count("electric") == 10
    assert set(third["modules"]) == set(third["vehicles"])


def test_every_demo_van_holds_remote_services_also_after_reseeding_an_old_db(portal_app, tmp_path) -> None:
    from sqlalchemy import update

    from embedded_server.models import Subscription
    from embedded_server.products.service import REMOTE_SERVICES, has_product

    seed_file = tmp_path / "demo-credentials.json"
    factory = portal_app.state.session_factory
    with factory() as s:
        first = seed_demo(s, seed_file=seed_file)
    with factory() as s:  # an older demo database, seeded before Remote services existed
        s.execute(update(Subscription).where(Subscription.product_id == REMOTE_SERVICES).values(state="ended"))
        s.commit()
    with factory() as s:
        again = seed_demo(s, seed_file=seed_file)
    assert again == first, "module tokens and password are kept"
    with factory(readonly=True) as s:
        vans = _vans(s)
        assert len(vans) == 25 and all(has_product(s, v.id, REMOTE_SERVICES) for v in vans)


def test_every_demo_person_can_sign_in_with_the_seed_file(portal_app, portal_client, tmp_path) -> None:
    """``--demo --as admin|fleet_manager|driver|dealer`` and the unverified newcomer (issue 10)."""
    with portal_app.state.session_factory() as s:
        seed = seed_demo(s, seed_file=tmp_path / "demo-credentials.json")
    roles = {}
    for person in ("admin", "fleet_manager", "driver", "newcomer"):
        r = portal_client.post("/api/v1/auth/login", json={
            "email": seed[f"{person}_email"], "password": seed[f"{person}_password"]})
        assert r.status_code == 200, (person, r.text)
        roles[person] = (r.json()["user"]["roles"], r.json()["user"]["verified"])
    assert roles == {"admin": (["company_admin"], True), "fleet_manager": (["fleet_manager"], True),
                     "driver": (["driver"], True), "newcomer": (["company_admin"], False)}
    r = portal_client.post("/api/v1/dealer/login", json={
        "email": seed["dealer_email"], "password": seed["dealer_password"]})
    assert r.status_code == 200, r.text
    with portal_app.state.session_factory() as s:
        again = seed_demo(s, seed_file=tmp_path / "demo-credentials.json")
    assert again == seed, "a working seed file is kept, logins included"


def test_the_newcomers_order_waits_for_a_dealer(portal_app, portal_client, tmp_path) -> None:
    """R10 in the demo: the unverified newcomer's order for its two vans is
    ``pending_dealer_confirmation``, and the seed file's ``newcomer_support_password``
    opens a support session, so ``--demo --as dealer`` can confirm it; reseeding keeps
    both (and places no second order)."""
    factory = portal_app.state.session_factory
    seed_file = tmp_path / "demo-credentials.json"
    with factory() as s:
        seed = seed_demo(s, seed_file=seed_file)
    with factory() as s:
        assert seed_demo(s, seed_file=seed_file) == seed
    with factory(readonly=True) as s:
        assert sorted(v.name for v in _vans(s, NEWCOMER_COMPANY)) == ["Nystart 1", "Nystart 2"]
    login = portal_client.post("/api/v1/auth/login", json={
        "email": seed["newcomer_email"], "password": seed["newcomer_password"]}).json()
    orders = portal_client.get("/api/v1/orders", headers={
        "Authorization": f"Bearer {login['access_token']}"}).json()["items"]
    assert [(o["state"], len(o["items"][0]["vehicle_ids"]), o["items"][0]["term_months"])
            for o in orders] == [("pending_dealer_confirmation", 2, 24)]
    dealer = portal_client.post("/api/v1/dealer/login", json={
        "email": seed["dealer_email"], "password": seed["dealer_password"]}).json()
    r = portal_client.post("/api/v1/dealer/support-sessions", headers={
        "Authorization": f"Bearer {dealer['access_token']}"}, json={
        "user_email": seed["newcomer_email"], "support_password": seed["newcomer_support_password"]})
    assert r.status_code == 201, r.text
    assert r.json()["acting_as"]["company"]["name"] == NEWCOMER_COMPANY
