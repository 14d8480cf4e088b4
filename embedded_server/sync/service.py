"""Change feed (append/pull) and the idempotent mutation endpoint.

Seq assignment happens under the company's row lock (PostgreSQL) or the single
BEGIN IMMEDIATE writer (SQLite), so seq order equals commit order and a pull never
skips a row that commits late. The log is compacted to one row per entity id, so a
pull from the beginning yields the full current state.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from embedded_server.accounts.repository import current_change_seq, lock_company, next_change_seq
from embedded_server.db import queue_event
from embedded_server.errors import ProblemError
from embedded_server.models import ChangeLog
from embedded_server.sync import repository as repo
from embedded_server.sync.schemas import PAYLOADS, MutationIn


def append_change(
    session: Session,
    *,
    company_id: str,
    entity: str,
    entity_id: str,
    op: str,
    data: dict[str, Any] | None,
    version: int,
) -> int:
    seq = next_change_seq(session, company_id)
    repo.compact_entity(session, company_id, entity, entity_id)
    repo.insert_change(session, ChangeLog(company_id=company_id, seq=seq, entity=entity,
                                          entity_id=entity_id, op=op, data=data, version=version))
    queue_event(session, company_id, "change", {"seq": seq})
    return seq


def make_cursor(epoch: str, seq: int) -> str:
    return f"{epoch}.{seq}"


def _resync() -> ProblemError:
    return ProblemError(410, "resync_required",
                        "The change history was reset; drop the local copy and pull from the beginning.")


def parse_cursor(cursor: str | None, epoch: str) -> int:
    if not cursor:
        return 0
    got_epoch, _, seq_text = cursor.partition(".")
    if got_epoch != epoch or not seq_text.isdigit():
        raise _resync()
    return int(seq_text)


def pull_changes(
    session: Session, *, company_id: str, cursor: str | None, limit: int
) -> dict[str, Any]:
    epoch = repo.history_epoch(session)
    after = parse_cursor(cursor, epoch)
    if after > current_change_seq(session, company_id):
        raise _resync()
    rows = repo.changes_after(session, company_id, after, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else after
    return {
        "changes": [
            {"seq": r.seq, "entity": r.entity, "id": r.entity_id, "op": r.op,
             "data": r.data, "version": r.version}
            for r in rows
        ],
        "next_cursor": make_cursor(epoch, last),
        "has_more": has_more,
    }


def current_seq(session: Session, *, company_id: str) -> int:
    return current_change_seq(session, company_id)


def _apply_one(session: Session, company_id: str, m: MutationIn) -> dict[str, Any]:
    from embedded_server.vehicles import service as vehicles

    payload = PAYLOADS[m.type].model_validate(m.payload)
    data = payload.model_dump(exclude_unset=True)
    if m.type == "vehicle.add":
        vid = data.pop("id", None)
        if vid is not None:
            try:
                vid = str(uuid.UUID(vid))
            except ValueError:
                raise ProblemError(422, "validation_error", "id must be a UUID.", fields=["id"]) from None
        v = vehicles.add_vehicle(session, company_id=company_id, vehicle_id=vid, **data)
    elif m.type == "vehicle.update":
        vid = data.pop("vehicle_id")
        v = vehicles.update_vehicle(session, company_id=company_id, vehicle_id=vid,
                                    changes=data, base_version=m.base_version)
    else:
        v = vehicles.remove_vehicle(session, company_id=company_id, vehicle_id=data["vehicle_id"],
                                    base_version=m.base_version)
    return vehicles.vehicle_json(v)


def apply_mutations(
    session: Session, *, company_id: str, client_id: str, mutations: list[MutationIn]
) -> list[dict[str, Any]]:
    """Apply in order, each in its own savepoint; the mutation id is stored with the effect."""
    from embedded_server.vehicles.service import VersionConflict, vehicle_json

    lock_company(session, company_id)
    results: list[dict[str, Any]] = []
    for m in mutations:
        base = {"mutation_id": m.mutation_id}
        if repo.get_applied(session, company_id, m.mutation_id) is not None:
            stored = repo.get_applied(session, company_id, m.mutation_id)
            assert stored is not None
            results.append({**base, "result": "duplicate", "entity": stored.result.get("entity")})
            continue
        try:
            with session.begin_nested():
                entity = _apply_one(session, company_id, m)
                repo.record_applied(session, company_id=company_id, mutation_id=m.mutation_id,
                                    client_id=client_id, type_=m.type, result={"entity": entity})
            results.append({**base, "result": "applied", "entity": entity})
        except VersionConflict as conflict:
            results.append({**base, "result": "conflict", "code": "version_conflict",
                            "detail": "The object was changed since your version; review and retry.",
                            "entity": vehicle_json(conflict.vehicle)})
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
            results.append({**base, "result": "rejected", "code": "validation_error",
                            "detail": "Invalid payload fields: " + ", ".join(fields)})
        except ProblemError as exc:
            results.append({**base, "result": "rejected", "code": exc.code, "detail": exc.detail})
    return results
