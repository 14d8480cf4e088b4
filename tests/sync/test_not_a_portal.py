"""Issue 8, High #2 and Medium #15: an answer that is not an MPRO portal's settles nothing.

A proxy's 404/413/400/502 page, a captive portal, a wrong server, a mangled or cut body:
before the fix every queued mutation left the outbox as a ``rejected`` conflict and the
queued vehicle adds vanished (3 -> 0), sign-in showed "Expecting value: line 1 column 1"
or accepted ``access_token: 5``, and a ``/changes`` page of the wrong shape went into
the cache. Now such an answer raises ``NotAPortal``: the outbox and the cache stay as
they were, the user reads one sentence, and the sync retries with backoff.

Fake servers are real HTTP servers on 127.0.0.1 (``bogus_portal.py``); the last tests
put a mangling proxy in front of the REAL portal (SQLite and PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mpro_desktop.sync.cache import Cache  # noqa: E402
from mpro_desktop.sync.client import NotAPortal, PortalClient, PortalError  # noqa: E402
from mpro_desktop.sync.engine import SyncEngine  # noqa: E402
from mpro_desktop.sync.outbox import add_vehicle  # noqa: E402
from tests.portal_fixtures import LivePortal  # noqa: E402

from .bogus_portal import MALFORMED_MODES, MUTATION_MODES, BogusPortal, ManglingProxy  # noqa: E402
from .harness import fast_retries  # noqa: E402

MUTATIONS = "/api/v1/mutations"
_TAG = iter(range(10**6))


def _vins(n: int = 3) -> list[str]:
    tag = (os.getpid() % 10000) * 1000 + next(_TAG)
    return [f"W1V{tag:08d}R{i:05d}" for i in range(n)]


def _queue_adds(path: Path, n: int = 3) -> list[str]:
    """``n`` offline vehicle adds, as the user makes them; returns their ids."""
    cache = Cache(path)
    try:
        return [add_vehicle(cache, vin=v, name=f"Van {i}") for i, v in enumerate(_vins(n))]
    finally:
        cache.close()


def _assert_untouched(path: Path, ids: list[str]) -> None:
    cache = Cache(path)
    try:
        assert cache.pending_count() == len(ids), cache.outbox()
        assert sorted(v["id"] for v in cache.vehicles()) == sorted(ids)
        assert all(v["pending_op"] == "add" for v in cache.vehicles())
        assert cache.conflicts(include_resolved=True) == []
    finally:
        cache.close()


@pytest.fixture
def bogus() -> Iterator[BogusPortal]:
    server = BogusPortal().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _quick_client_retries() -> Iterator[None]:
    with fast_retries():
        yield


# -- the engine, one round per answer -----------------------------------------------------


@pytest.mark.parametrize("mode", MUTATION_MODES + MALFORMED_MODES)
def test_push_keeps_the_outbox_on_an_answer_that_is_not_the_portals(
    mode: str, bogus: BogusPortal, tmp_path: Path
) -> None:
    path = tmp_path / "cache.sqlite3"
    ids = _queue_adds(path)
    bogus.answers[MUTATIONS] = mode
    cache = Cache(path)
    client = PortalClient(bogus.url, access_token="token", timeout=5.0)
    try:
        report = SyncEngine(cache, client).sync_once()
    finally:
        client.close()
        cache.close()
    assert bogus.times(MUTATIONS), "the push never reached the server"
    assert report.offline and report.not_portal, report
    assert "not an MPRO portal response" in (report.error or "")
    assert report.rejected == [] and report.conflicts == [] and report.pushed == 0
    _assert_untouched(path, ids)


@pytest.mark.parametrize(
    ("mode", "code", "posts"),
    [("portal_422", "validation_error", 1), ("portal_413", "payload_too_large", 2)],
)
def test_the_portal_refusing_a_whole_request_settles_no_row(
    mode: str, code: str, posts: int, bogus: BogusPortal, tmp_path: Path
) -> None:
    """A problem+json for the whole batch is the portal's word, but about no one mutation:
    before the fix a batch of one got it as its ``rejected`` result (and vanished)."""
    path = tmp_path / "cache.sqlite3"
    ids = _queue_adds(path)
    bogus.answers[MUTATIONS] = mode
    cache = Cache(path)
    client = PortalClient(bogus.url, access_token="token", timeout=5.0)
    try:
        with pytest.raises(PortalError) as caught:
            SyncEngine(cache, client).sync_once()
    finally:
        client.close()
        cache.close()
    assert caught.value.code == code
    # a 413 first splits the batch (one at a time), then stops at the first refusal
    assert len(bogus.times(MUTATIONS)) == posts
    _assert_untouched(path, ids)


def test_a_body_cut_short_is_a_broken_connection_and_keeps_the_outbox(
    bogus: BogusPortal, tmp_path: Path
) -> None:
    """Content-Length promises more than arrives: transport trouble (offline), not a verdict."""
    path = tmp_path / "cache.sqlite3"
    ids = _queue_adds(path)
    bogus.answers[MUTATIONS] = "short_body"
    cache = Cache(path)
    client = PortalClient(bogus.url, access_token="token", timeout=5.0)
    try:
        report = SyncEngine(cache, client).sync_once()
    finally:
        client.close()
        cache.close()
    assert report.offline and not report.not_portal, report
    assert len(bogus.times(MUTATIONS)) == 3  # the client's own retries, then offline
    _assert_untouched(path, ids)


# -- the worker: one sentence, state "error", a later retry ---------------------------------


@pytest.mark.parametrize("mode", [*MUTATION_MODES, "short_body"])
def test_worker_says_it_once_and_retries_later(
    mode: str, bogus: BogusPortal, tmp_path: Path, qtbot
) -> None:
    from mpro_desktop.sync.worker import SyncWorker, not_portal_sentence

    path = tmp_path / "cache.sqlite3"
    ids = _queue_adds(path)
    bogus.answers[MUTATIONS] = mode
    worker = SyncWorker(path, bogus.url, "token", None, heartbeat_s=1.0)
    errors: list[str] = []
    states: list[tuple[str, int]] = []
    refused: list[object] = []
    worker.sig_error.connect(errors.append)
    worker.sig_state_changed.connect(lambda s, n: states.append((s, n)))
    worker.sig_conflicts.connect(refused.append)
    worker.start()
    try:
        # at least three rounds, the last well after the first: a backoff, then retries
        def retried() -> None:
            t = bogus.times(MUTATIONS)
            rounds = len(t) // 3 if mode in ("html_502", "short_body") else len(t)
            assert rounds >= 3 and t[-1] - t[0] >= 0.5

        qtbot.waitUntil(retried, timeout=15_000)
        qtbot.wait(50)  # let the last round's queued signals arrive
    finally:
        worker.stop()
    if mode == "short_body":
        assert errors == []  # a cut connection is "offline", no claim about the server
        assert ("offline", 3) in states
    else:
        assert errors == [not_portal_sentence(bogus.url)], errors
        assert "does not answer as an MPRO portal" in errors[0] and bogus.url in errors[0]
        assert ("error", 3) in states
        assert ("online", 3) not in states
    assert refused == []
    _assert_untouched(path, ids)


# -- /changes: a page of the wrong shape is applied nowhere ---------------------------------

_GOOD_VEHICLE = {
    "vin": "WDB9066331S000777",
    "name": "Fine",
    "fuel_type": "diesel",
    "has_comm_module": True,
    "module_active": False,
    "version": 3,
}

CHANGES_PAGES: dict[str, bytes | dict] = {
    "not_json": b"<html>Welcome to Hotel Wi-Fi</html>",
    "empty_object": {},
    "changes_not_a_list": {"changes": {"v": 1}, "next_cursor": "c9", "has_more": False},
    "cursor_null": {"changes": [], "next_cursor": None, "has_more": False},
    "has_more_text": {"changes": [], "next_cursor": "c9", "has_more": "no"},
    "change_without_id": {
        "changes": [{"seq": 1, "entity": "vehicle", "op": "upsert", "data": {}, "version": 1}],
        "next_cursor": "c9",
        "has_more": False,
    },
    "vehicle_of_wrong_shape": {
        "changes": [
            {
                "seq": 1,
                "entity": "vehicle",
                "id": "v-new",
                "op": "upsert",
                "version": 1,
                "data": _GOOD_VEHICLE,
            },
            {
                "seq": 2,
                "entity": "vehicle",
                "id": "v-known",
                "op": "upsert",
                "version": 2,
                "data": {"vin": 5, "name": ["x"], "version": "2"},
            },
        ],
        "next_cursor": "c9",
        "has_more": False,
    },
    "data_not_an_object": {
        "changes": [
            {"seq": 1, "entity": "user", "id": "u1", "op": "upsert", "data": [1], "version": 1}
        ],
        "next_cursor": "c9",
        "has_more": False,
    },
}


class _ChangesServer(BogusPortal):
    def __init__(self, page: bytes | dict) -> None:
        super().__init__()
        self.page = page

    def answer(self, method, path, body, headers):  # type: ignore[no-untyped-def]
        if path.split("?", 1)[0] != "/api/v1/changes":
            return super().answer(method, path, body, headers)
        import json

        raw = self.page if isinstance(self.page, bytes) else json.dumps(self.page).encode()
        return 200, "application/json", raw, False


@pytest.mark.parametrize("name", sorted(CHANGES_PAGES))
def test_a_changes_page_of_the_wrong_shape_touches_neither_cache_nor_cursor(
    name: str, tmp_path: Path
) -> None:
    from mpro_desktop.sync.cache import vehicle_row, vehicles_t

    cache = Cache(tmp_path / "cache.sqlite3")
    with cache.write() as conn:
        conn.execute(vehicles_t.insert().values(**vehicle_row({"id": "v-known", **_GOOD_VEHICLE})))
        cache.set_state("cursor", "c1", conn)
    before = (cache.vehicles(), cache.get_state("cursor"), cache.get_state("last_sync_at"))
    server = _ChangesServer(CHANGES_PAGES[name]).start()
    client = PortalClient(server.url, access_token="token", timeout=5.0)
    try:
        report = SyncEngine(cache, client).sync_once()
        after = (cache.vehicles(), cache.get_state("cursor"), cache.get_state("last_sync_at"))
    finally:
        client.close()
        server.stop()
        cache.close()
    assert report.not_portal, report
    assert report.pulled == 0 and report.changed_entities == set()
    assert after == before


# -- sign-in: one sentence, never "Expecting value" nor a token that is a number -------------


class _LoginServer(BogusPortal):
    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    def answer(self, method, path, body, headers):  # type: ignore[no-untyped-def]
        return 200, "application/json", self.body, False


LOGIN_BODIES = {
    "garbage": b"garbage",
    "empty": b"",
    "token_is_a_number": b'{"access_token": 5}',
    "token_is_a_number_with_the_rest": (
        b'{"access_token": 5, "refresh_token": "r", "expires_in": 900, "user": {"id": "u"}}'
    ),
    "empty_token": b'{"access_token": "", "refresh_token": "r"}',
    "no_refresh_token": b'{"access_token": "a"}',
    "a_list": b"[]",
}


@pytest.mark.parametrize("name", sorted(LOGIN_BODIES))
def test_client_login_refuses_what_is_not_a_token_answer(name: str) -> None:
    server = _LoginServer(LOGIN_BODIES[name]).start()
    client = PortalClient(server.url)
    try:
        with pytest.raises(NotAPortal) as caught:
            client.login("a@b.se", "secret")
    finally:
        client.close()
        server.stop()
    assert caught.value.url == server.url
    assert str(caught.value).startswith(
        f"The server at {server.url} answered something that is not an MPRO portal response."
    )
    assert "Expecting value" not in str(caught.value)
    assert client.access_token is None


@pytest.mark.parametrize("name", ["garbage", "token_is_a_number"])
def test_login_dialog_shows_one_sentence_for_a_garbage_answer(name: str, qtbot) -> None:
    from mpro_desktop.views.signin.dialog import LoginDialog

    server = _LoginServer(LOGIN_BODIES[name]).start()

    def login(url: str, email: str, password: str) -> dict:  # what app.py passes
        client = PortalClient(url)
        try:
            return client.login(email, password)
        finally:
            client.close()

    try:
        dialog = LoginDialog(login, server.url)
        qtbot.addWidget(dialog)
        dialog.email_edit.setText("a@b.se")
        dialog.password_edit.setText("secret")
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=10_000)
    finally:
        server.stop()
    text = dialog.error_label.text()
    assert text == (
        f"The server at {server.url} answered something that is not an MPRO portal "
        "response. Check the portal address."
    )
    assert dialog.result_json is None and dialog.buttons.isEnabled()


def test_the_sentences_are_translated(qapp) -> None:
    """A Swedish desktop reads both sentences in Swedish (with the address filled in)."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from mpro_desktop import i18n
    from mpro_desktop.sync.worker import not_portal_sentence
    from mpro_desktop.views.signin.dialog import describe_login_error

    before = len(i18n._installed)
    try:
        assert "mpro" in i18n.install_translators(qapp, QLocale("sv_SE"))
        exc = NotAPortal("http://127.0.0.1:9", "POST /api/v1/auth/login", "the body is not JSON")
        assert describe_login_error(exc) == (
            "Servern på http://127.0.0.1:9 svarade med något som inte är ett svar från en "
            "MPRO-portal. Kontrollera portaladressen."
        )
        assert not_portal_sentence("http://127.0.0.1:9").startswith(
            "Servern på http://127.0.0.1:9 svarar inte som en MPRO-portal."
        )
    finally:
        while len(i18n._installed) > before:
            QCoreApplication.removeTranslator(i18n._installed.pop())


def test_refresh_and_me_and_telemetry_pages_are_checked_too(tmp_path: Path) -> None:
    bodies = {
        "/api/v1/auth/refresh": b'{"access_token": 5, "refresh_token": "r"}',
        "/api/v1/me": b'{"id": 12}',
        "/api/v1/vehicles": b'{"items": [{"vin": "x"}], "next_cursor": null}',
        "/api/v1/vehicles/v1/telemetry": b'{"ts": [1.0, 2.0], "speed_kmh": [1.0]}',
    }

    class Server(BogusPortal):
        def answer(self, method, path, body, headers):  # type: ignore[no-untyped-def]
            return 200, "application/json", bodies[path.split("?", 1)[0]], False

    server = Server().start()
    client = PortalClient(server.url, access_token="a", refresh_token="r")
    try:
        for call in (
            client.refresh,
            client.me,
            client.vehicles,
            lambda: client.telemetry_columns("v1", fields=["speed_kmh"]),
        ):
            with pytest.raises(NotAPortal):
                call()
        assert (client.access_token, client.refresh_token) == ("a", "r")
    finally:
        client.close()
        server.stop()


# -- the REAL portal behind a proxy that mangles its answers, then stops ---------------------


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory) -> LivePortal:  # type: ignore[no-untyped-def]
    return live_portal_factory(database_url=portal_db_url)


@pytest.mark.parametrize(
    ("mode", "forward"),
    [
        ("html_200", True),  # the portal applied them; only the answer was lost
        ("results_without_result", True),
        ("truncated_json", True),
        ("404", False),  # the request never reached the portal
        ("html_502", False),
    ],
)
def test_real_portal_behind_a_mangling_proxy_drains_once_it_stops(
    mode: str, forward: bool, portal: LivePortal, tmp_path: Path
) -> None:
    acc = portal.register(f"Proxy {mode} AB")
    proxy = ManglingProxy(portal.url).start()
    proxy.mode, proxy.forward = mode, forward
    path = tmp_path / "cache.sqlite3"
    ids = _queue_adds(path)
    cache = Cache(path)
    client = PortalClient(proxy.url, access_token=acc["token"], timeout=10.0)
    engine = SyncEngine(cache, client)
    try:
        for _ in range(2):  # two rounds while mangled: nothing settles, nothing is lost
            report = engine.sync_once()
            assert report.not_portal, report
            assert cache.pending_count() == 3
            assert sorted(v["id"] for v in cache.vehicles()) == sorted(ids)
        assert proxy.mangled >= 2
        proxy.mode = None
        report = engine.sync_once()
        assert not report.offline, report.error
        assert report.pushed == 3 and report.rejected == [] and report.conflicts == []
        assert cache.pending_count() == 0
        local = {v["id"]: v for v in cache.vehicles()}
    finally:
        client.close()
        cache.close()
        proxy.stop()
    with httpx.Client(base_url=portal.url, headers=portal.headers(acc["token"])) as c:
        remote = c.get("/api/v1/vehicles").json()["items"]
    assert sorted(v["id"] for v in remote) == sorted(ids)  # each exactly once
    assert all(v["version"] == 1 for v in remote)
    assert {vid: (v["vin"], v["pending_op"], v["version"]) for vid, v in local.items()} == {
        v["id"]: (v["vin"], None, 1) for v in remote
    }


def test_the_portal_declares_its_sync_answers_with_the_same_models() -> None:
    """One definition on both sides: a field the portal adds or changes is what the desktop
    checks (a second copy of these models would drift)."""
    from embedded_server.sync import schemas
    from mpro_desktop.domain import wire

    for name in ("Change", "ChangesOut", "MutationResult", "MutationsOut"):
        assert getattr(schemas, name) is getattr(wire, name), name
