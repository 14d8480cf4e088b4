"""Issue 7: the status bar's "Live" indicator follows the real SSE stream (connected,
reconnecting, offline) and none of its texts is cut at 1280×800 or 1024×640.

The live test runs the real portal subprocess, the real SyncWorker and the real main
window wired as the program wires them (``app._connect_worker``); the portal is
stopped under a connected stream and started again on the same port.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QLabel

from mpro_desktop import app
from mpro_desktop.sync import worker as worker_module
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.worker import SyncWorker
from mpro_desktop.views.common import status_bar
from mpro_desktop.views.main_window import MainWindow, first_start_geometry
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def test_stream_state_names_match_the_worker():
    assert (
        status_bar.STREAM_CONNECTED,
        status_bar.STREAM_RECONNECTING,
        status_bar.STREAM_OFFLINE,
    ) == (
        worker_module.STREAM_CONNECTED,
        worker_module.STREAM_RECONNECTING,
        worker_module.STREAM_OFFLINE,
    )


def test_live_indicator_follows_the_stream_of_a_portal_that_goes_away(qtbot, live_portal, tmp_path):
    account = live_portal.register("Live AB")
    cache_file = tmp_path / "cache.sqlite3"
    cache = Cache(cache_file)
    worker = SyncWorker(
        cache_file, live_portal.url, account["token"], account["refresh_token"], heartbeat_s=1.0
    )
    worker.sync_interval_s = 60.0  # the indicator must follow the stream, not sync rounds
    window = MainWindow(cache, worker, user_label=account["email"])
    qtbot.addWidget(window)
    session = app.Session(live_portal.url, account["email"], account["token"], None, "")
    app._connect_worker(window, worker, session)
    seen: list[str] = []
    worker.sig_stream_state.connect(seen.append)
    indicator = window.status.connection
    try:
        window.show()
        worker.start()
        qtbot.waitUntil(lambda: indicator.text() == "● Live", timeout=20_000)
        assert window.status.stream_state == "connected"
        assert indicator.property("mpro_tone") == "ok"

        live_portal.stop()  # the stream drops under the window
        qtbot.waitUntil(lambda: indicator.text() != "● Live", timeout=20_000)
        assert seen[-1] in ("reconnecting", "offline")
        assert indicator.text() in ("● Reconnecting…", "● Offline")
        # no sync round ran meanwhile (60 s interval): the stream alone said so
        qtbot.waitUntil(lambda: indicator.text() == "● Offline", timeout=20_000)
        # the window and this list hear the same queued signal: give the list its turn
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5_000)
        assert seen[:3] == ["connected", "reconnecting", "offline"]
        assert indicator.property("mpro_tone") == "warning"

        live_portal.start()  # same port, same database: the stream comes back by itself
        qtbot.waitUntil(lambda: indicator.text() == "● Live", timeout=30_000)
        assert seen[-1] == "connected"
    finally:
        worker.stop()
        cache.close()


def test_a_failed_sync_round_outweighs_a_stream_that_has_not_noticed(qtbot, cache):
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.on_stream_state("connected")
    w.on_state_changed("online", 0)
    assert w.status.connection.text() == "● Live"
    w.on_state_changed("syncing", 0)
    assert w.status.connection.text() == "● Live"  # a sync round is not a connection change
    w.on_state_changed("offline", 0)
    assert w.status.connection.text() == "● Offline"
    w.on_state_changed("online", 0)
    w.on_stream_state("reconnecting")
    assert w.status.connection.text() == "● Reconnecting…"


# -- nothing cut ------------------------------------------------------------------
def _cut_labels(w: MainWindow) -> list[str]:
    """Labels of the status bar narrower than their text (Qt clips them, mid-word)."""
    cut = []
    for label in w.status.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        need = label.fontMetrics().horizontalAdvance(label.text())
        have = label.contentsRect().width()
        if have < need:
            cut.append(f"{label.text()!r}: {have} < {need} px")
    return cut


# The longest states each label can be in at once (the progress bar shows while syncing).
STATES = [
    ("syncing", "reconnecting", 1234, True),
    ("offline", "offline", 1234, False),
    ("online", "connected", 7, False),
    ("offline_mode", None, 1234, False),
    ("error", "connected", 99, True),
]


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)], ids=["1280x800", "1024x640"])
def test_no_status_bar_text_is_cut(qtbot, cache, monkeypatch, request, language, size):
    if language == "sv":
        request.getfixturevalue("swedish")
    screen = QRect(0, 0, *size)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(screen))
    fill_vehicles(cache, 25)
    portal = QApplication.translate("main", "embedded demo portal")
    w = MainWindow(
        cache,
        FakeSync(),
        # as a demo start names the user (app.user_label) and its portal
        user_label=app.user_label("Anna Andersson", "admin@demo-transport.se"),
        portal_label=portal,
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    # the size the window takes on that screen at the first start
    assert w.geometry() == first_start_geometry(screen, w.minimumSizeHint())
    assert w.width() <= size[0]
    w.status.set_synced(1.0)  # long ago: the longest "Synced …" text (a date)
    problems, shown = [], []
    for state, stream, pending, progress in STATES:
        w.status.set_stream_state(stream)
        w.status.set_state(state, pending)
        if progress:
            w.status.set_progress(400, 12000)
        else:
            w.status.progress.hide()
        qtbot.wait(20)  # the status bar lays out again
        problems += [f"{state}/{stream}: {p}" for p in _cut_labels(w)]
        # labels never shrink below their text: a bar that needs more room would
        # widen the window past the screen instead (where a window manager cuts it)
        if w.width() > size[0] or w.status.minimumSizeHint().width() > w.status.width():
            problems.append(
                f"{state}/{stream}: the bar needs {w.status.minimumSizeHint().width()} px, "
                f"the window is {w.width()} px wide on a {size[0]} px screen"
            )
        shown.append(w.status.user.text())
    assert not problems, "\n".join(problems)
    # the user label gives up the portal, then the e-mail, only for want of room:
    # at 1280 px it names both in every state
    full = w.status.user.texts()[0]
    assert full == "Anna Andersson (admin@demo-transport.se) · " + portal
    if size[0] >= 1280:
        assert set(shown) == {full}
    assert all(t.startswith("Anna Andersson") for t in shown)
    assert portal in w.status.user.toolTip()
