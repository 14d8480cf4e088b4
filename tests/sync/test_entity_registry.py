"""The sync entities' registry: a new entity is one module and one registry line.

``Note`` below is a test-only entity written the way ``mpro_desktop/sync/entities``'s
modules are (its table, row <-> JSON, a local mutation and its results); the engine,
the outbox and the conflict records handle it without any change to their code.
"""

from __future__ import annotations

import ast
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import mpro_desktop.sync as sync_pkg
from mpro_desktop.domain import wire
from mpro_desktop.sync import conflicts, outbox
from mpro_desktop.sync.cache import Cache, vehicle_row, vehicles_t
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.entities import ENTITIES, REGISTRY, Registry, vehicle
from mpro_desktop.sync.entities.base import Mutation, PushContext, Staged, SyncEntity
from mpro_desktop.sync.queued import Queued
from mpro_desktop.sync.schema import metadata, upsert

# -- a test-only entity, as a module under sync/entities would hold it ------------------------

note_metadata = sa.MetaData()  # the test creates its table (a real one gets a migration)
notes_t = sa.Table(
    "notes",
    note_metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("text", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending", sa.Boolean),
)


def note_row(data: Mapping[str, Any], *, pending: bool = False) -> dict:
    return {
        "id": str(data["id"]),
        "text": data.get("text"),
        "version": int(data.get("version") or 0),
        "pending": pending,
    }


class CreateNote(Mutation):
    type = "note.create"
    entity = "note"

    def stage(self, conn: sa.Connection, *, text: str) -> Staged:
        if not text.strip():
            raise ValueError("a note needs text")
        note_id = str(uuid.uuid4())
        conn.execute(
            notes_t.insert().values(**note_row({"id": note_id, "text": text}, pending=True))
        )
        return Staged(note_id, {"id": note_id, "text": text})

    def confirmed(
        self, conn: sa.Connection, queued_row: Queued, result: wire.MutationResult, ctx: PushContext
    ) -> None:
        upsert(conn, notes_t, [note_row(result.entity or {"id": queued_row.entity_id})], "id")

    def refused(self, conn, queued_row, result, outcome, ctx) -> None:  # noqa: ANN001
        conn.execute(notes_t.delete().where(notes_t.c.id == queued_row.entity_id))


CREATE = CreateNote()


class NoteEntity(SyncEntity):
    name = "note"
    table = notes_t
    data_model = wire.WireModel
    mutations = (CREATE,)

    def row(self, change: wire.Change) -> dict:
        return note_row({"id": change.id, **(change.data or {})})


NOTE = NoteEntity()


# -- a portal that speaks notes -------------------------------------------------------------


class NotePortal:
    """Just enough of :class:`PortalClient` for a sync round: ``/changes``, ``/mutations``
    and the (empty) catalogue a sync re-reads in its language."""

    base_url = "http://notes.invalid"
    language = "en"

    def __init__(self) -> None:
        self.pages: list[dict] = []
        self.verdict = "applied"
        self.pushed: list[dict] = []

    def feed(self, *changes: dict) -> None:
        self.pages.append({"changes": list(changes), "next_cursor": "c", "has_more": False})

    def changes(self, cursor: str | None, limit: int = 500) -> wire.ChangesOut:
        page = (
            self.pages.pop(0)
            if self.pages
            else {"changes": [], "next_cursor": "c", "has_more": False}
        )
        return wire.check_changes(page)  # what the real client hands the engine

    def products(self) -> list[dict]:
        return []

    def push(self, envelope: Mapping[str, Any]) -> dict:
        results = []
        for m in envelope["mutations"]:
            self.pushed.append(m)
            entity = {**m["payload"], "version": 1}
            if self.verdict == "applied":
                results.append(
                    {"mutation_id": m["mutation_id"], "result": "applied", "entity": entity}
                )
            else:
                results.append(
                    {"mutation_id": m["mutation_id"], "result": "rejected", "code": "note_too_rude"}
                )
        return {"results": results}


def _change(seq: int, note_id: str, op: str = "upsert", **data: Any) -> dict:
    return {
        "seq": seq,
        "entity": "note",
        "id": note_id,
        "op": op,
        "data": data or None,
        "version": 1,
    }


@pytest.fixture
def cache(tmp_path: Path):
    c = Cache(tmp_path / "cache.sqlite")
    with c.write() as conn:
        note_metadata.create_all(conn)
    yield c
    c.close()


def _notes(cache: Cache) -> dict[str, dict]:
    with cache.read() as conn:
        return {r.id: dict(r._mapping) for r in conn.execute(sa.select(notes_t))}


def test_the_engine_applies_a_registered_entitys_feed(cache: Cache) -> None:
    portal = NotePortal()
    engine = SyncEngine(cache, portal, entities=(*ENTITIES, NOTE))  # type: ignore[arg-type]
    portal.feed(
        _change(1, "n1", text="first"),
        _change(2, "n2", text="second"),
        _change(3, "n1", text="first, edited"),  # the last change of an id wins
        {"seq": 4, "entity": "gadget", "id": "g1", "op": "upsert", "data": {}, "version": 1},
    )
    report = engine.sync_once()
    assert not report.offline and report.pulled == 4
    assert report.changed_entities == {"note"}  # the unknown entity is skipped
    assert {k: v["text"] for k, v in _notes(cache).items()} == {
        "n1": "first, edited",
        "n2": "second",
    }

    portal.feed(_change(5, "n2", op="delete"))
    assert engine.sync_once().changed_entities == {"note"}
    assert set(_notes(cache)) == {"n1"}


def test_the_engine_pushes_a_registered_entitys_mutation(cache: Cache) -> None:
    portal = NotePortal()
    engine = SyncEngine(cache, portal, entities=(*ENTITIES, NOTE))  # type: ignore[arg-type]
    note_id = outbox.submit(cache, CREATE, text="buy tyres")
    assert _notes(cache)[note_id]["pending"] is True
    (queued,) = cache.outbox()
    assert queued["type"] == "note.create" and queued["entity_id"] == note_id

    report = engine.sync_once()
    assert report.pushed == 1 and "note" in report.changed_entities and cache.pending_count() == 0
    assert portal.pushed[0]["payload"] == {"id": note_id, "text": "buy tyres"}
    assert _notes(cache)[note_id] == {
        "id": note_id,
        "text": "buy tyres",
        "version": 1,
        "pending": False,
    }

    portal.verdict = "rejected"
    refused_id = outbox.submit(cache, CREATE, text="something rude")
    report = engine.sync_once()
    assert [r["code"] for r in report.rejected] == ["note_too_rude"]
    assert refused_id not in _notes(cache)
    (record,) = cache.conflicts()
    assert record["type"] == "note.create" and record["entity_id"] == refused_id
    assert conflicts.differences(record) == [] and not conflicts.can_keep_mine(record)

    with pytest.raises(ValueError):
        outbox.submit(cache, CREATE, text="  ")  # the entity's own rule; nothing written
    assert cache.pending_count() == 0 and len(_notes(cache)) == 1


# -- the registry itself ---------------------------------------------------------------------


def test_registry_matches_the_wire_models_and_the_migrated_cache(tmp_path: Path) -> None:
    """Each entity declares the wire shape the client checks its data against, and its
    table is the one its migration created (columns by name)."""
    assert {e.name: e.data_model for e in ENTITIES} == wire.ENTITY_DATA
    cache = Cache(tmp_path / "c.sqlite")
    try:
        with cache.read() as conn:
            inspector = sa.inspect(conn)
            for entity in ENTITIES:
                assert entity.table.metadata is metadata, entity.name
                migrated = {c["name"] for c in inspector.get_columns(entity.table.name)}
                assert migrated == set(entity.table.c.keys()), entity.name
    finally:
        cache.close()
    assert set(REGISTRY.mutations) == {
        "vehicle.add",
        "vehicle.update",
        "vehicle.remove",
        "command.send",
        "user.invite",
        "user.set_roles",
        "user.remove",
        "invitation.revoke",
        "company.update",
        "alert.acknowledge",
        "alert.close",
        "subscription.end",
    }


def test_registry_refuses_two_entities_of_one_name_or_one_mutation_type() -> None:
    with pytest.raises(ValueError, match="name"):
        Registry((*ENTITIES, ENTITIES[0]))

    class Impostor(NoteEntity):
        name = "impostor"
        mutations = (vehicle.ADD,)

    with pytest.raises(ValueError, match="type"):
        Registry((*ENTITIES, Impostor()))


GENERIC_MODULES = ("engine.py", "outbox.py", "conflicts.py", "cache_recovery.py")


@pytest.mark.parametrize("module", GENERIC_MODULES)
def test_generic_sync_modules_name_no_entity(module: str) -> None:
    """No branch on an entity or mutation type outside the entity modules: the engine,
    the outbox, conflicts and cache recovery go through the registry."""
    names = {e.name for e in ENTITIES} | set(REGISTRY.mutations)
    tree = ast.parse((Path(sync_pkg.__file__).parent / module).read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and (node.value in names or node.value.split(".", 1)[0] in names and "." in node.value)
    ]
    assert not found, f"{module} names entities: {found}"


# -- editable fields come from the domain (EDITABLE_FIELDS includes "model") -----------------


def test_model_is_editable_and_a_refused_model_edit_can_be_kept(cache: Cache) -> None:
    with cache.write() as conn:
        conn.execute(
            vehicles_t.insert().values(
                **vehicle_row({"id": "v1", "vin": "WDB9066331S000001", "version": 2})
            )
        )
    outbox.update_vehicle(cache, "v1", model="eSprinter")
    (queued,) = cache.outbox()
    assert queued["payload"] == {"vehicle_id": "v1", "model": "eSprinter"}
    assert queued["base_version"] == 2 and cache.vehicle("v1")["model"] == "eSprinter"

    refused = {
        "id": 1,
        "type": "vehicle.update",
        "result": "conflict",
        "entity_id": "v1",
        "payload": queued["payload"],
        "entity": {"id": "v1", "model": "Sprinter", "version": 3},
    }
    assert conflicts.differences(refused) == [conflicts.FieldDiff("model", "eSprinter", "Sprinter")]
    with cache.write() as conn:
        conn.execute(sa.text("DELETE FROM outbox"))
    conflicts.keep_mine(cache, refused)
    (again,) = cache.outbox()
    assert again["payload"] == {"vehicle_id": "v1", "model": "eSprinter"}
    assert again["base_version"] == 3  # the portal version the user compared with


def test_a_queued_model_edit_stays_on_top_of_the_feed(cache: Cache) -> None:
    """The feed's copy of a vehicle with a queued edit keeps the edit (every editable field)."""

    class FeedOnly(NotePortal):
        def push(self, envelope: Mapping[str, Any]) -> dict:
            raise AssertionError("this round only pulls")

    with cache.write() as conn:
        conn.execute(
            vehicles_t.insert().values(
                **vehicle_row({"id": "v1", "vin": "WDB9066331S000001", "version": 1})
            )
        )
    outbox.update_vehicle(cache, "v1", model="eVito", name="Blue van")
    portal = FeedOnly()
    portal.feed(
        {
            "seq": 1,
            "entity": "vehicle",
            "id": "v1",
            "op": "upsert",
            "version": 2,
            "data": {"vin": "WDB9066331S000001", "name": "Red van", "model": "Vito", "version": 2},
        }
    )
    SyncEngine(cache, portal).pull()  # type: ignore[arg-type]
    v = cache.vehicle("v1")
    assert (v["name"], v["model"], v["version"], v["pending_op"]) == (
        "Blue van",
        "eVito",
        2,
        "update",
    )


def test_a_model_edit_reaches_the_real_portal(sync_portal, tmp_path: Path) -> None:
    account = sync_portal.register("Model AB")
    client = PortalClient(sync_portal.url, access_token=account["token"])
    cache = Cache(tmp_path / "m.sqlite")
    try:
        engine = SyncEngine(cache, client)
        vid = outbox.add_vehicle(cache, vin="WDB9066331S000007", name="Van")
        outbox.update_vehicle(cache, vid, model="eSprinter")
        report = engine.sync_once()
        assert report.pushed == 2 and not report.rejected + report.conflicts
        assert client.vehicle(vid)["model"] == "eSprinter"
        assert cache.vehicle(vid)["model"] == "eSprinter" and cache.pending_count() == 0
    finally:
        cache.close()
        client.close()
