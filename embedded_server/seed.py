"""Idempotent demo seed (docs/contracts.md "Demo seed file") for trainers and demo mode."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.accounts import service as accounts
from embedded_server.dealer.seed import ensure_demo_dealer, ensure_support_password
from embedded_server.models import Company, User, Vehicle
from embedded_server.orders import service as orders_service
from embedded_server.orders.models import Order
from embedded_server.products.catalogue import FLEET_MANAGEMENT
from embedded_server.products.service import REMOTE_SERVICES, assign_service, ensure_subscription
from embedded_server.security import hash_password, verify_password
from embedded_server.tenancy import AuthContext, owned
from embedded_server.terms import repository as terms_repo
from embedded_server.terms import service as terms_service
from embedded_server.vehicles import service as vehicles
from mpro_common.private_files import private_dir
from mpro_desktop.domain.vin import VIN_ALPHABET, normalize_vin

COMPANY_NAME = "Demo Transport AB"
ADMIN_EMAIL = "admin@demo-transport.se"
N_DIESEL = 15
N_ELECTRIC = 10

PEOPLE = [
    ("fleet@demo-transport.se", "Frida", "Lindqvist", ["fleet_manager"]),
    ("erik.driver@demo-transport.se", "Erik", "Johansson", ["driver"]),
    ("sara.driver@demo-transport.se", "Sara", "Nilsson", ["driver"]),
    ("ali.driver@demo-transport.se", "Ali", "Hassan", ["driver"]),
    ("maja.driver@demo-transport.se", "Maja", "Berg", ["driver"]),
]
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUWXYZ"
#: people of the demo company one can sign in as (``mpro-desktop --demo --as PERSON``):
#: the seed file carries ``<person>_email`` and ``<person>_password``
LOGINS = {"fleet_manager": "fleet@demo-transport.se", "driver": "erik.driver@demo-transport.se"}
#: a second company whose only user is not verified yet (R10: orders wait for a dealer,
#: invitations are refused) - registered like any newcomer
NEWCOMER_COMPANY = "Nystart Åkeri AB"
NEWCOMER_EMAIL = "karin@nystart-akeri.se"
#: the newcomer's vans, on an order that waits for a dealer (name, plate, fuel, model)
NEWCOMER_VANS = (("Nystart 1", "NYS 101", "diesel", "Sprinter"),
                 ("Nystart 2", "NYS 102", "electric", "eVito"))


def demo_vin(i: int) -> str:
    """Deterministic valid VIN: W1V (Sprinter/Vito style) + digits from the index."""
    wmi = "W1V" if i < N_DIESEL else "W1Y"
    body = f"{9076350 + i:07d}DEMO{i:03d}"[:14]
    vin = (wmi + body).replace("O", "0")
    assert all(c in VIN_ALPHABET for c in vin) and len(vin) == 17
    return normalize_vin(vin)


def demo_vans() -> list[dict[str, Any]]:
    vans = []
    for i in range(N_DIESEL + N_ELECTRIC):
        electric = i >= N_DIESEL
        model = ("eSprinter" if i % 2 else "eVito") if electric else ("Sprinter" if i % 3 else "Vito")
        plate = f"{PLATE_LETTERS[i % 22]}{PLATE_LETTERS[(i * 7) % 22]}{PLATE_LETTERS[(i * 3) % 22]} {100 + i * 17:03d}"
        vans.append({"vin": demo_vin(i), "name": f"Van {i + 1:02d}", "license_plate": plate,
                     "fuel_type": "electric" if electric else "diesel", "model": model})
    return vans


def _read_seed_file(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return None


def _write_seed_file(path: Path, data: dict[str, Any]) -> None:
    """Write with mode 0600 from the first byte (the file holds credentials)."""
    private_dir(path.parent, fix_existing=False)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _ensure_newcomer_order(session: Session, user: User) -> None:
    """The newcomer's order for two vans waits for a dealer (R10, R20), so the dealer
    counter's "Pending orders" can be tried in ``--demo --as dealer`` (created once: a
    dealer's confirmation is kept on a later start)."""
    if session.scalars(owned(Order, user.company_id)).first() is not None:
        return
    auth = AuthContext(user_id=user.id, company_id=user.company_id, roles=tuple(user.roles))
    vans = []
    for i, (name, plate, fuel, model) in enumerate(NEWCOMER_VANS):
        vin = demo_vin(100 + i)
        van = session.scalars(owned(Vehicle, user.company_id, Vehicle.vin == vin)).first()
        vans.append(van or vehicles.add_vehicle(
            session, company_id=user.company_id, vin=vin, name=name, license_plate=plate,
            fuel_type=fuel, model=model))
    for term in terms_repo.current_terms(session):
        terms_service.accept(session, auth=auth, term_id=term.id, version=None, lang="sv")
    orders_service.place_order(session, auth=auth, order_id=None, items=[
        {"product_id": FLEET_MANAGEMENT, "vehicle_ids": [v.public_id for v in vans],
         "term_months": 24}])


def _ensure_newcomer(session: Session) -> User:
    """The unverified second company (created once)."""
    user = session.scalars(select(User).where(User.email == NEWCOMER_EMAIL)).first()
    if user is not None:
        return user
    company = accounts.create_company(
        session, name=NEWCOMER_COMPANY, country="SE", street="Hamngatan 3", postal_code="411 06",
        city="Göteborg", org_number="559900-1122", phone="+46311234567")
    user = accounts.create_user(
        session, company_id=company.id, email=NEWCOMER_EMAIL, password=secrets.token_urlsafe(12),
        first_name="Karin", last_name="Ek", roles=["company_admin"], birth_date=dt.date(1985, 9, 3),
        mobile="+46731112233", language="sv", verified=False)
    accounts.publish_account_state(session, company, [user])
    return user


def seed_demo(session: Session, *, seed_file: Path) -> dict[str, Any]:
    """Create the demo company once; later runs keep ids and reuse a working seed file."""
    company = session.scalars(select(Company).where(Company.name == COMPANY_NAME)).first()
    created = company is None
    if company is None:
        company = accounts.create_company(
            session, name=COMPANY_NAME, country="SE", street="Sveavägen 44",
            postal_code="111 34", city="Stockholm", org_number="556677-8899", phone="+46812345678",
        )
    admin = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).first()
    password = secrets.token_urlsafe(12)
    users: list[User] = []
    if admin is None:
        admin = accounts.create_user(
            session, company_id=company.id, email=ADMIN_EMAIL, password=password, first_name="Anna",
            last_name="Andersson", roles=["company_admin"], birth_date=dt.date(1980, 4, 12),
            mobile="+46701234567", language="sv", verified=True)
        users.append(admin)
        for email, first, last, roles in PEOPLE:
            users.append(accounts.create_user(
                session, company_id=company.id, email=email, password=secrets.token_urlsafe(12),
                first_name=first, last_name=last, roles=roles, birth_date=dt.date(1990, 1, 1),
                mobile="+46709876543", language="sv", verified=True))
    if created:
        accounts.publish_account_state(session, company, users)
    newcomer = _ensure_newcomer(session)
    _ensure_newcomer_order(session, newcomer)
    people = {p: session.scalars(owned(User, company.id, User.email == e)).one()
              for p, e in LOGINS.items()}
    old = _read_seed_file(seed_file)
    dealer = ensure_demo_dealer(session, old, support_user_email=ADMIN_EMAIL)
    dealer["newcomer_support_password"] = ensure_support_password(
        session, newcomer, (old or {}).get("newcomer_support_password"))
    file_ok = (
        not created
        and old is not None
        and all(old.get(k) == v for k, v in dealer.items())
        and isinstance(old.get("admin_password"), str)
        and verify_password(admin.password_hash, old["admin_password"])
        and all(isinstance(old.get(f"{p}_password"), str)
                and verify_password(u.password_hash, old[f"{p}_password"]) for p, u in people.items())
        and old.get("newcomer_email") == NEWCOMER_EMAIL
        and isinstance(old.get("newcomer_password"), str)
        and verify_password(newcomer.password_hash, old["newcomer_password"])
        and isinstance(old.get("modules"), dict)
        and len(old["modules"]) == N_DIESEL + N_ELECTRIC
    )
    fuel: dict[str, str] = {}
    fleet: list[Vehicle] = []
    for van in demo_vans():
        fuel[van["vin"]] = van["fuel_type"]
        vehicle = session.scalars(
            owned(Vehicle, company.id, Vehicle.vin == van["vin"], Vehicle.removed_at.is_(None))
        ).first()
        if vehicle is None:
            vehicle = vehicles.add_vehicle(session, company_id=company.id, **van)
            file_ok = False
        fleet.append(vehicle)
    for vehicle in fleet:
        # demo mode sends remote commands: every van holds Remote services (also when an
        # older demo database is re-seeded); never re-issues module tokens
        ensure_subscription(session, vehicle=vehicle, product_id=REMOTE_SERVICES)
    if file_ok and old is not None and set(old["modules"]) == set(fuel):
        session.commit()
        return old
    modules: dict[str, str] = {}
    for vehicle in fleet:
        token = assign_service(session, vehicle=vehicle, product_id=FLEET_MANAGEMENT)
        if token:
            modules[vehicle.vin] = token
    admin.password_hash = hash_password(password)
    admin.failed_logins = 0
    admin.locked_until = None
    data = {"company": COMPANY_NAME, "admin_email": ADMIN_EMAIL, "admin_password": password,
            "modules": modules, "vehicles": fuel, **dealer}
    for person, user in {**people, "newcomer": newcomer}.items():
        secret = secrets.token_urlsafe(12)
        user.password_hash = hash_password(secret)
        user.failed_logins = 0
        user.locked_until = None
        data[f"{person}_email"], data[f"{person}_password"] = user.email, secret
    session.flush()
    session.commit()
    _write_seed_file(seed_file, data)
    return data
