"""Company rules: edit (R6 country immutable, R7 one address), a new contract version on a
change of base data (R6), deletion in steps (R8). The caller commits."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from embedded_server.accounts import repository as accounts_repo
from embedded_server.accounts.schemas import CompanyOut
from embedded_server.audit import service as audit
from embedded_server.config import Settings
from embedded_server.db import utcnow
from embedded_server.errors import ProblemError
from embedded_server.feed.changelog import append_change
from embedded_server.models import (
    AuthToken,
    Company,
    ContractVersion,
    PostalAddress,
    Subscription,
    User,
    Vehicle,
)
from embedded_server.products.service import deactivate_vehicle_services
from embedded_server.security import token_hash
from embedded_server.tenancy import AuthContext, owned, owned_column
from embedded_server.vehicles.entity import touch_vehicle

BASE_FIELDS = ("name", "address", "org_number")  # R6: a change versions every contract
NOTICE_DAYS = 14  # R8


def _company(session: Session, auth: AuthContext) -> Company:
    company = accounts_repo.lock_company(session, auth.company_id)
    if company is None:
        raise ProblemError(404, "not_found", "Company not found.")
    return company


def _versions(session: Session, auth: AuthContext, sub_id: str) -> list[ContractVersion]:
    return list(session.scalars(owned(ContractVersion, auth, ContractVersion.subscription_id
                                      == sub_id).order_by(ContractVersion.version)))


def feed_company(session: Session, c: Company) -> None:
    append_change(session, company_id=c.id, entity="company", entity_id=c.id, op="upsert",
                  data=CompanyOut.dump(c), version=c.version)


def update_company(session: Session, *, auth: AuthContext, changes: dict[str, Any]) -> Company:
    c = _company(session, auth)
    country = changes.pop("country", None)
    if country is not None and country != c.country:
        raise ProblemError(422, "country_immutable",
                           "The country of a company cannot be changed after registration.",
                           fields=["country"])
    now = utcnow()
    before = {"name": c.name, "address": (c.street, c.postal_code, c.city),
              "org_number": c.org_number, "phone": c.phone}
    active = list(session.scalars(owned(Subscription, auth, Subscription.state == "active")))
    old_versions = {s.id: _versions(session, auth, s.id) for s in active}
    if "address" in changes and changes["address"] is not None:
        a = changes.pop("address")
        c.address = PostalAddress(a["street"], a["postal_code"], a["city"])
    for key in ("name", "org_number", "phone"):
        if changes.get(key) is not None:
            setattr(c, key, changes[key])
    after = {"name": c.name, "address": (c.street, c.postal_code, c.city),
             "org_number": c.org_number, "phone": c.phone}
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        return c
    if any(k in BASE_FIELDS for k in changed):
        for sub in active:  # R6: old version kept (made now if the contract had none yet)
            versions = old_versions[sub.id]
            if not versions:
                old = ContractVersion(
                    company_id=c.id, subscription_id=sub.id, version=1,
                    company_name=before["name"], street=before["address"][0],
                    postal_code=before["address"][1], city=before["address"][2],
                    org_number=before["org_number"], valid_from=sub.start_at)
                session.add(old)
                versions = [old]
            versions[-1].valid_to = now
            session.add(ContractVersion(
                company_id=c.id, subscription_id=sub.id, version=versions[-1].version + 1,
                company_name=c.name, street=c.street, postal_code=c.postal_code, city=c.city,
                org_number=c.org_number, valid_from=now))
    c.version += 1
    c.updated_at = now
    session.flush()
    feed_company(session, c)
    audit.record(session, company_id=c.id, actor_user_id=auth.user_id, action="company.updated",
                 target_type="company", target_id=c.id, detail={"fields": changed})
    return c


def list_contracts(session: Session, *, auth: AuthContext) -> list[dict[str, Any]]:
    c = accounts_repo.get_company(session, auth.company_id)
    assert c is not None
    subs = list(session.scalars(owned(Subscription, auth).order_by(Subscription.start_at,
                                                                     Subscription.id)))
    vehicles = {v.id: v.public_id for v in session.scalars(owned(Vehicle, auth))}
    out = []
    for s in subs:
        versions: list[Any] = _versions(session, auth, s.id)
        if not versions:  # never versioned: one version, the company as it is
            versions = [{"version": 1, "company_name": c.name,
                         "address": {"street": c.street, "postal_code": c.postal_code,
                                     "city": c.city},
                         "org_number": c.org_number, "valid_from": s.start_at, "valid_to": None}]
        out.append({"id": s.id, "product_id": s.product_id, "vehicle_id": vehicles.get(s.vehicle_id, ""),
                    "state": s.state,
                    "ends_on": c.contracts_end_on or (s.end_at.date() if s.end_at else None),
                    "versions": versions})
    return out


def request_deletion(session: Session, *, auth: AuthContext,
                     settings: Settings) -> tuple[str, dt.datetime]:
    """R8 step 1: a confirmation code (stored hashed, expiring), also mailed."""
    c = _company(session, auth)
    code = f"{secrets.randbelow(10**8):08d}"
    c.deletion_code_hash = token_hash(code)
    c.deletion_code_expires_at = utcnow() + dt.timedelta(seconds=settings.deletion_code_ttl_s)
    me = accounts_repo.get_user(session, auth.user_id)
    if me is not None:
        accounts_repo.add_mail(
            session, to_addr=me.email, subject="Confirm the deletion of your MPRO company account",
            body=(f"Someone asked to delete the company account {c.name}. To confirm, enter this "
                  f"code: {code}\nIt is valid until {c.deletion_code_expires_at:%Y-%m-%d %H:%M} "
                  "UTC. All connectivity services end at once; contracts end 14 days after the "
                  "confirmation.\n"))
    audit.record(session, company_id=c.id, actor_user_id=auth.user_id,
                 action="company.deletion_requested", target_type="company", target_id=c.id)
    return code, c.deletion_code_expires_at


def confirm_deletion(session: Session, *, auth: AuthContext, code: str) -> dict[str, Any]:
    """R8 step 2: every connectivity service off at once, contracts end on today + 14
    days, every token of the company's users revoked (access ends)."""
    c = _company(session, auth)
    now = utcnow()
    if c.deletion_code_hash is None:
        raise ProblemError(409, "deletion_not_requested", "Request the deletion first.")
    if c.deletion_code_hash != token_hash(code.strip()) or (
            c.deletion_code_expires_at is not None and c.deletion_code_expires_at <= now):
        raise ProblemError(422, "invalid_deletion_code",
                           "The confirmation code is wrong or expired.",
                           fields=["confirmation_code"])
    for v in session.scalars(owned(Vehicle, auth, Vehicle.removed_at.is_(None))):
        was_active = v.module_active
        deactivate_vehicle_services(session, vehicle=v)
        if was_active:
            touch_vehicle(session, v)
    c.deletion_code_hash = c.deletion_code_expires_at = None
    c.deleted_at = now
    c.contracts_end_on = now.date() + dt.timedelta(days=NOTICE_DAYS)
    c.version += 1
    c.updated_at = now
    user_ids = owned_column(User, User.id, auth)
    session.execute(update(AuthToken).where(AuthToken.user_id.in_(user_ids),
                                            AuthToken.revoked_at.is_(None)).values(revoked_at=now))
    session.flush()
    feed_company(session, c)
    audit.record(session, company_id=c.id, actor_user_id=auth.user_id, action="company.deleted",
                 target_type="company", target_id=c.id,
                 detail={"contracts_end_on": c.contracts_end_on.isoformat()})
    return {"services_deactivated_at": now, "contracts_end_on": c.contracts_end_on}
