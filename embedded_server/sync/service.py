"""The sync endpoints' rules: pulling the change feed and the idempotent mutations.

The log itself (append, seq, compaction) is ``feed.changelog``, which the domains call;
this module is the domain-facing side that reads it and applies pushed mutations.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from embedded_server.accounts.repository import lock_company
from embedded_server.authorization import INSUFFICIENT_ROLE, INSUFFICIENT_ROLE_DETAIL, refused
from embedded_server.errors import ProblemError
from embedded_server.feed import changelog
from embedded_server.sync import repository as repo
from embedded_server.sync.mutation_types import MutationConflict, MutationRejected, Pushed
from embedded_server.sync.registry import REGISTRY
from embedded_server.sync.schemas import MutationIn
from embedded_server.validation import ascii_int, printable


def make_cursor(epoch: str, seq: int) -> str:
    return f"{epoch}.{seq}"


def _resync() -> ProblemError:
    return ProblemError(410, "resync_required",
                        "The change history was reset; drop the local copy and pull from the beginning.")


def _invalid_cursor() -> ProblemError:
    return ProblemError(400, "invalid_cursor",
                        "The cursor is not one this portal issued; send a next_cursor unchanged, "
                        "or none to pull from the beginning.", fields=["cursor"])


def parse_cursor(cursor: str | None, epoch: str) -> int:
    """The seq of a ``<epoch>.<seq>`` cursor (0 for none).

    400 ``invalid_cursor`` when it is not of that form (``seq`` plain ASCII digits within
    BIGINT); 410 ``resync_required`` when it is well formed but from another epoch.
    """
    if not cursor:
        return 0
    got_epoch, dot, seq_text = cursor.partition(".")
    seq = ascii_int(seq_text)
    if not dot or not got_epoch or seq is None:
        raise _invalid_cursor()
    if got_epoch != epoch:
        raise _resync()
    return seq


def pull_changes(
    session: Session, *, company_id: str, cursor: str | None, limit: int
) -> dict[str, Any]:
    epoch = repo.history_epoch(session)
    after = parse_cursor(cursor, epoch)
    if after > changelog.current_seq(session, company_id):
        raise _resync()
    rows = changelog.changes_after(session, company_id, after, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else after
    # Lets a client show "n of N" during a long initial sync (only counted when needed).
    remaining = changelog.count_changes_after(session, company_id, last) if has_more else 0
    return {
        "changes": [
            {"seq": r.seq, "entity": r.entity, "id": r.entity_id, "op": r.op,
             "data": r.data, "version": r.version}
            for r in rows
        ],
        "next_cursor": make_cursor(epoch, last),
        "has_more": has_more,
        "remaining": remaining,
    }


def current_seq(session: Session, *, company_id: str) -> int:
    return changelog.current_seq(session, company_id)


def _outcome(
    session: Session, company_id: str, roles: tuple[str, ...], m: MutationIn,
    auth: Any = None, settings: Any = None,
) -> dict[str, Any]:
    """Apply one mutation in a savepoint; return its outcome (never raises for bad input)."""
    kind = REGISTRY[m.type]
    if refused(roles, kind.permission):
        return {"result": "rejected", "code": INSUFFICIENT_ROLE, "detail": INSUFFICIENT_ROLE_DETAIL}
    try:
        payload = kind.payload.model_validate(m.payload)
        pushed = Pushed(company_id, payload, m.base_version, m.age_s or 0.0, auth, settings)
        with session.begin_nested():
            entity = kind.apply(session, pushed)
        return {"result": "applied", "entity": entity}
    except MutationConflict as conflict:
        session.refresh(conflict.obj)
        return {"result": "conflict", "code": conflict.code, "detail": conflict.detail,
                "entity": conflict.render(conflict.obj)}
    except ValidationError as exc:
        # the names may be the client's own keys: made storable, as the outcome is stored
        fields = sorted({printable(".".join(str(p) for p in e["loc"])) for e in exc.errors()})
        return {"result": "rejected", "code": "validation_error",
                "detail": "Invalid payload fields: " + ", ".join(fields)}
    except MutationRejected as exc:
        out: dict[str, Any] = {"result": "rejected", "code": exc.code, "detail": exc.detail}
        if exc.entity is not None:
            out["entity"] = exc.entity
        return out
    except ProblemError as exc:
        return {"result": "rejected", "code": exc.code, "detail": exc.detail}


def _storable(outcome: dict[str, Any], type_: str) -> dict[str, Any]:
    """The outcome as recorded: without the entity's reply-only keys (secrets)."""
    kind = REGISTRY.get(type_)
    entity = outcome.get("entity")
    if kind is None or not kind.reply_only or not isinstance(entity, dict):
        return outcome
    return {**outcome, "entity": {k: v for k, v in entity.items() if k not in kind.reply_only}}


def apply_mutations(
    session: Session,
    *,
    company_id: str,
    roles: tuple[str, ...],
    client_id: str,
    mutations: list[MutationIn],
    auth: Any = None,
    settings: Any = None,
) -> list[dict[str, Any]]:
    """Apply in order under the company lock; every outcome is stored with its effect.

    - The outcome of EVERY mutation (applied, conflict, rejected) is recorded under
      (company, mutation_id) in the same transaction as its effect, so any retry gets
      ``duplicate`` with the first outcome's code/detail/entity and changes nothing.
    - Order rule: per (company, client_id), a NEW mutation_id whose client_seq is lower
      than the highest client_seq already recorded for that client is rejected
      ``out_of_order`` (the outbox is replayed strictly in order; an older entry turning
      up after a newer one was processed must not overwrite newer state). Equal
      client_seq is accepted; a retried old id is always ``duplicate``; a mutation
      without client_seq is not ordered.
    """
    lock_company(session, company_id)
    high = repo.max_client_seq(session, company_id, client_id)
    results: list[dict[str, Any]] = []
    for m in mutations:
        stored = repo.get_applied(session, company_id, m.mutation_id)
        if stored is not None:
            first = dict(stored.result or {})
            results.append({"mutation_id": m.mutation_id, "result": "duplicate",
                            "original_result": first.get("result", "applied"),
                            **{k: first[k] for k in ("code", "detail", "entity") if first.get(k) is not None}})
            continue
        if m.client_seq is not None and high is not None and m.client_seq < high:
            outcome: dict[str, Any] = {
                "result": "rejected", "code": "out_of_order",
                "detail": f"client_seq {m.client_seq} is older than {high}, already processed for this client."}
        else:
            outcome = _outcome(session, company_id, roles, m, auth, settings)
        repo.record_applied(session, company_id=company_id, mutation_id=m.mutation_id,
                            client_id=client_id, type_=m.type, client_seq=m.client_seq,
                            result=_storable(outcome, m.type))
        if m.client_seq is not None:
            high = m.client_seq if high is None else max(high, m.client_seq)
        results.append({"mutation_id": m.mutation_id, **outcome})
    return results
