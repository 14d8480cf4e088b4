"""QApplication bootstrap and command line: ``mpro-desktop [--demo|--offline|--server URL]``.

``--demo`` starts the embedded portal and simulator as child processes, signs in with
the seeded admin and opens the real window. ``--screenshot PATH`` waits until the
Vehicles pane shows vehicles and the chart has data, saves a PNG and exits 0 (exit 2
after the timeout, saying what was missing, or at once when it would need the sign-in
dialog: there is no one to type the password). SIGTERM and SIGINT end the program
cleanly from any state, a modal dialog included: exit 0 (2 with ``--screenshot`` if
no PNG was saved yet).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mpro_common.private_files import private_file
from mpro_desktop import paths
from mpro_desktop.logs import PrivateRotatingFileHandler
from mpro_desktop.version import app_version

log = logging.getLogger("mpro_desktop")

EXIT_OK, EXIT_ERROR, EXIT_NO_SCREENSHOT = 0, 1, 2
DEMO_CACHE_KEY = "embedded-demo-portal"
#: ``--demo --as``: the people of the demo seed one can be (issue 10)
DEMO_PEOPLE = ("admin", "fleet_manager", "driver", "dealer")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mpro-desktop",
        description="MPRO Desktop: fleet manager for light commercial vans.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--demo",
        action="store_true",
        help="run the embedded portal and vehicle simulator and sign in to the demo company",
    )
    mode.add_argument(
        "--offline",
        action="store_true",
        help="open the last session's cache without any network (trainer mode)",
    )
    mode.add_argument("--server", metavar="URL", help="portal address to sign in to")
    p.add_argument(
        "--screenshot", metavar="PATH", type=Path, help="save a PNG of the window and exit"
    )
    p.add_argument(
        "--screenshot-timeout",
        metavar="S",
        type=float,
        default=60.0,
        help="give up on --screenshot after S seconds (default 60)",
    )
    p.add_argument(
        "--pane",
        metavar="NAME",
        default=None,
        help="pane to open with, by name (default: the last one shown; a wrong name lists them)",
    )
    p.add_argument(
        "--as",
        dest="as_role",
        choices=DEMO_PEOPLE,
        default=None,
        help="demo: sign in as this person of the demo seed (default admin)",
    )
    p.add_argument("--min-vehicles", type=int, default=20, help=argparse.SUPPRESS)
    p.add_argument("--min-points", type=int, default=10, help=argparse.SUPPRESS)
    p.add_argument("--vehicles", type=int, default=None, help="demo: number of simulated vans")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug output to stderr")
    p.add_argument("--version", action=_VersionAction)
    return p


class _VersionAction(argparse.Action):
    """``--version``: the number is looked up only when asked for (see ``version``)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"{parser.prog} {app_version()}")  # stdout, as argparse's own action does
        parser.exit()


@dataclass
class Session:
    portal_url: str
    email: str
    access_token: str | None = None
    refresh_token: str | None = None
    display_name: str = ""
    # Identifies the portal for the cache file name. The demo portal listens on a new
    # port each run but is the same portal, so it gets a stable key instead of its URL.
    cache_key: str = ""
    # Signed in with a keychain token: renewed tokens go back to the keychain.
    remembered: bool = False
    # The user as the login (or the last session) answered: id, roles, verification.
    user: dict | None = None
    # "user", or "dealer" for a dealer's own sign-in (the counter window, no cache).
    actor: str = "user"

    @property
    def cache_file(self) -> Path:
        return paths.cache_path(self.cache_key or self.portal_url, self.email)

    @property
    def is_demo(self) -> bool:
        return self.cache_key == DEMO_CACHE_KEY


def _last_session_file() -> Path:
    return paths.data_dir() / "last-session.json"


def user_label(display_name: str, email: str) -> str:
    """How the status bar names the signed-in user, the same on every kind of start:
    "First Last (email)", or the e-mail alone while no name is known."""
    name = " ".join((display_name or "").split())
    return f"{name} ({email})" if name and name != email else email


def remember_session(session: Session) -> None:
    """Portal URL, e-mail and name only (no secrets), so ``--offline`` knows which cache
    to open and a remembered start names the user as the first sign-in did."""
    private_file(_last_session_file()).write_text(
        json.dumps(
            {
                "portal_url": session.portal_url,
                "email": session.email,
                "cache_key": session.cache_key,
                "display_name": session.display_name,
                "user": _user_summary(session.user),
            }
        ),
        encoding="utf-8",
    )


def _user_summary(user: dict | None) -> dict | None:
    """What an offline start needs of the user: who, which roles, verified (no secrets,
    no personal data beyond the name the status bar shows)."""
    if not user:
        return None
    keys = ("id", "email", "first_name", "last_name", "roles", "verified")
    return {k: user[k] for k in keys if k in user}


def last_session() -> Session | None:
    try:
        data = json.loads(_last_session_file().read_text(encoding="utf-8"))
        user = data.get("user")
        return Session(
            data["portal_url"],
            data["email"],
            display_name=str(data.get("display_name") or ""),
            cache_key=data.get("cache_key") or "",
            user=user if isinstance(user, dict) else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remembered_name(portal_url: str, email: str, *, cache_key: str = "") -> str:
    """The name stored with the last session of this user on this portal (or, for the
    demo, whose portal gets a new port each run, with this cache), if any."""
    last = last_session()
    if last is None or last.email != email:
        return ""
    if cache_key:
        return last.display_name if last.cache_key == cache_key else ""
    return last.display_name if last.portal_url.rstrip("/") == portal_url else ""


def _remembered_user(portal_url: str, email: str, *, cache_key: str = "") -> dict | None:
    """The user (roles, verification) stored with the last session of this user."""
    last = last_session()
    if last is None or last.email != email:
        return None
    if cache_key:
        return last.user if last.cache_key == cache_key else None
    return last.user if last.portal_url.rstrip("/") == portal_url else None


def repeat_demo_session(admin_email: str) -> Session:
    """A demo seen before opens from its cache before its portal is up: named as the
    sign-in that filled the cache named the user."""
    name = _remembered_name("", admin_email, cache_key=DEMO_CACHE_KEY)
    user = _remembered_user("", admin_email, cache_key=DEMO_CACHE_KEY)
    return Session("", admin_email, display_name=name, cache_key=DEMO_CACHE_KEY, user=user)


def _setup_logging(verbose: bool) -> None:
    handlers: list[logging.Handler] = [
        PrivateRotatingFileHandler(paths.log_file(paths.DESKTOP_LOG))
    ]
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handlers.append(stderr)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )


def _needs_offscreen(args: argparse.Namespace) -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    )


class Terminated(Exception):
    """SIGTERM/SIGINT arrived while main() waited for something (a dialog, the splash)."""


class _Termination:
    requested = False


def _quit_on_signals(app) -> None:
    """SIGTERM/SIGINT (logout, Ctrl+C) end every event loop normally, so the sync worker
    stops, the cache closes and the demo children are stopped in order.

    ``app.quit()`` is not enough: in Qt 6 it is ignored while a modal dialog runs its own
    loop (the sign-in dialog then needed SIGKILL). ``app.exit()`` ends every running
    loop, nested ones included; visible dialogs are rejected so their ``exec()`` returns
    "cancelled", and a zero timer ends a loop that starts after the signal. main() checks
    :class:`_Termination` after each wait so it does not go on to the next step.
    """
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def handle(signum: int, _frame) -> None:
        log.info("%s received: closing", signal.Signals(signum).name)
        _Termination.requested = True
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        app.exit(EXIT_OK)
        QTimer.singleShot(0, lambda: app.exit(EXIT_OK))

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handle)
    # Qt's loop runs in C++; a periodic no-op lets Python run its signal handlers.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def _check_terminated() -> None:
    if _Termination.requested:
        raise Terminated


def _fail(message: str, gui: bool) -> int:
    print(f"mpro-desktop: {message}", file=sys.stderr)
    if gui:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "MPRO Desktop", message)
    return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _Termination.requested = False
    _setup_logging(args.verbose)
    if _needs_offscreen(args):
        if args.screenshot is None:
            print(
                "mpro-desktop: no display found. Run it in a desktop session, or under "
                "Xvfb, or with --screenshot PATH to render off screen.",
                file=sys.stderr,
            )
            return EXIT_ERROR
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtWidgets import QApplication

    from mpro_desktop.i18n import install_translators
    from mpro_desktop.models.colors import force_color_scheme
    from mpro_desktop.views import registry

    if args.pane is not None and args.pane not in registry.names():  # known once loaded
        parser.error(
            f"argument --pane: invalid choice: {args.pane!r} "
            f"(choose from {', '.join(registry.names())})"
        )

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from mpro_desktop import main_thread_gc

    main_thread_gc.install(app)  # cycles freed on the UI thread only (see the module)
    _quit_on_signals(app)
    app.setApplicationName("MPRO Desktop")
    app.setOrganizationName("MPRO")
    from mpro_desktop.views.common.app_icon import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog; the bundles carry it too
    app.setDesktopFileName("mpro-desktop")  # Wayland: the icon of mpro-desktop.desktop
    from mpro_desktop import settings

    settings.upgrade()  # once, before anything reads an option
    install_translators(app)
    force_color_scheme(app, os.environ.get("MPRO_COLOR_SCHEME", ""))
    gui = args.screenshot is None
    started = time.monotonic()

    from mpro_desktop.demo import ChildFailed, DemoPlatform

    platform: DemoPlatform | None = None
    code = EXIT_ERROR
    try:
        session: Session | None
        bring_up = None
        if args.as_role is not None and not args.demo:
            parser.error("argument --as: only with --demo")
        if args.demo:
            platform = DemoPlatform(vehicles=args.vehicles)
            seed = platform.existing_seed()
            person = args.as_role or "admin"
            known = seed.credentials(person) if seed is not None else None
            if known is not None and person != "dealer":
                # Seen this demo before: open the window from its cache at once and
                # bring the portal and simulator up behind it.
                session = repeat_demo_session(known[0])

                def bring_up() -> Session:
                    platform.start()
                    return _demo_login(platform, person)
            else:
                session = _wait_with_splash(
                    app,
                    lambda: _demo_login(platform.start(), person),
                    app.translate("main", "Starting the embedded portal and vehicle simulator…"),
                )
        elif args.offline:
            session = last_session()
            if session is None or not session.cache_file.exists():
                return _fail(
                    app.translate(
                        "main",
                        "There is no cached data on this computer yet. Sign in once with a "
                        "network connection (or run --demo) before using --offline.",
                    ),
                    gui,
                )
        else:
            session = _remembered_session(args.server or "")
            if session is None and args.screenshot is not None:
                print(f"mpro-desktop: {_no_sign_in_text(app, args.server)}", file=sys.stderr)
                return EXIT_NO_SCREENSHOT
            if session is None:
                session = _interactive_login(args.server or "")
                _check_terminated()
            if session is None:
                return EXIT_OK
        if session.actor == "dealer":
            from mpro_desktop.views.dealer.window import run_dealer_window

            code = run_dealer_window(app, args, session, platform)
        else:
            code = _run_window(app, args, session, started, bring_up)
    except Terminated:
        code = EXIT_OK
    except ChildFailed as exc:
        code = EXIT_OK if _Termination.requested else _fail(str(exc), gui)
    except Exception as exc:  # last resort: a sentence, the traceback goes to the log
        log.exception("fatal error")
        from mpro_desktop.sync.client import PortalError, PortalUnreachable
        from mpro_desktop.views.signin.dialog import describe_login_error

        if isinstance(exc, PortalError | PortalUnreachable):  # the sign-in call failed
            message = describe_login_error(exc)
        else:
            message = (
                app.translate("main", "MPRO Desktop could not start: %1. Details are in %2.")
                .replace("%1", str(exc))
                .replace("%2", str(paths.log_dir() / paths.DESKTOP_LOG))
            )
        code = _fail(message, gui)
    finally:
        if platform is not None:
            platform.stop()
        from mpro_desktop.views.common.operations import wait_for_background_jobs

        wait_for_background_jobs()  # e.g. a sign-in request still running: no thread at exit
    if _Termination.requested:
        log.info("closed on a signal, exit code %d", code)
    return code


def _no_sign_in_text(app, server: str | None) -> str:
    """Why ``--screenshot`` cannot go on without a remembered sign-in."""
    return app.translate(
        "main",
        "--screenshot cannot show the sign-in dialog and there is no saved sign-in "
        "for %1 on this computer: sign in once without --screenshot and tick "
        "“Remember me on this computer”, or use --demo or --offline.",
    ).replace("%1", server or app.translate("main", "any portal"))


def _demo_login(platform, person: str = "admin") -> Session:
    """Sign in as ``person`` of the demo seed (``--as``; the admin by default)."""
    from mpro_desktop.demo import ChildFailed
    from mpro_desktop.sync.client import PortalClient

    assert platform.seed is not None
    known = platform.seed.credentials(person)
    if known is None:
        raise ChildFailed(
            f"The demo seed has no sign-in for {person!r} (keys {person}_email and "
            f"{person}_password in {platform.seed.path})."
        )
    email, password = known
    if person == "dealer":
        from mpro_desktop.sync.account_api import dealer_login

        result = dealer_login(platform.url, email, password)
        dealer = result.get("dealer") or result.get("user") or {}
        return Session(
            platform.url,
            email,
            result["access_token"],
            result.get("refresh_token"),
            str(dealer.get("name") or email),
            cache_key=DEMO_CACHE_KEY,
            user=dict(dealer),
            actor="dealer",
        )
    client = PortalClient(platform.url)
    try:
        result = client.login(email, password)
    finally:
        client.close()
    user = result.get("user") or {}
    name = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
    return Session(
        platform.url,
        email,
        result["access_token"],
        result.get("refresh_token"),
        name,
        cache_key=DEMO_CACHE_KEY,
        user=_user_summary(user),
    )


def _remembered_session(server_url: str) -> Session | None:
    """Sign in silently with a refresh token from the keychain ("remember me").

    No network call here: the window opens from the cache at once and the sync worker
    renews the access token on its first request (N1: work even when the portal is slow).
    """
    from PySide6.QtCore import QSettings

    from mpro_desktop import credentials

    settings = QSettings()
    url = (server_url or str(settings.value("login/server", ""))).rstrip("/")
    email = str(settings.value("login/email", ""))
    if not url or not email:
        return None
    token = credentials.load_refresh_token(url, email)
    if not token:
        return None
    return Session(
        url,
        email,
        None,
        token,
        _remembered_name(url, email),
        remembered=True,
        user=_remembered_user(url, email),
    )


def _interactive_login(server_url: str) -> Session | None:
    from mpro_desktop.sync.client import PortalClient
    from mpro_desktop.views.signin.dialog import LoginDialog

    def login(url: str, email: str, password: str) -> dict:
        client = PortalClient(url)
        try:
            return client.login(email, password)
        finally:
            client.close()

    dialog = LoginDialog(login, server_url)
    log.info("sign-in dialog shown (portal %s)", server_url or "not set")
    if not dialog.exec() or dialog.result_json is None:
        return None
    r = dialog.result_json
    if r.get("actor") == "dealer":
        dealer = r.get("dealer") or r.get("user") or {}
        return Session(
            r["server_url"],
            r["email"],
            r["access_token"],
            r.get("refresh_token"),
            str(dealer.get("name") or r["email"]),
            user=dict(dealer),
            actor="dealer",
        )
    user = r.get("user") or {}
    return Session(
        r["server_url"],
        r["email"],
        r["access_token"],
        r.get("refresh_token"),
        f"{user.get('first_name', '')} {user.get('last_name', '')}".strip(),
        remembered=bool(r.get("remembered")),
        user=_user_summary(user),
    )


def _forget_session(session: Session) -> None:
    from mpro_desktop import credentials

    credentials.forget(session.portal_url, session.email)


def _wait_with_splash(app, fn, text: str):
    """Run ``fn`` off the UI thread while a small window says what is happening."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    from mpro_desktop.views.common.operations import run_in_background

    splash = QProgressDialog(text, "", 0, 0)
    splash.setCancelButton(None)
    splash.setWindowTitle("MPRO Desktop")
    splash.setWindowModality(Qt.WindowModality.ApplicationModal)
    splash.setMinimumDuration(0)
    splash.show()
    loop = QEventLoop()
    outcome: dict = {}

    def done(value) -> None:
        outcome["value"] = value
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    run_in_background(fn, done, failed)
    loop.exec()
    splash.close()
    _check_terminated()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _connect_worker(window, worker, session: Session) -> None:
    """Wire the sync worker's signals to the window (the only place that does)."""
    worker.sig_state_changed.connect(window.on_state_changed)
    worker.sig_stream_state.connect(window.on_stream_state)
    worker.sig_synced.connect(window.on_synced)
    worker.sig_telemetry.connect(window.on_telemetry)
    worker.sig_conflicts.connect(window.on_conflicts)
    worker.sig_command.connect(window.on_command)
    worker.sig_progress.connect(window.status.set_progress)
    worker.sig_error.connect(lambda m: window.status.showMessage(m, 10000))
    if session.remembered:
        from mpro_desktop import credentials

        worker.sig_tokens.connect(
            lambda _access, refresh: (
                refresh
                and credentials.save_refresh_token(session.portal_url, session.email, refresh)
            )
        )
    window.attach_sync(worker)


def recovery_text(recovery) -> str:
    """One sentence for the user: the cache was damaged, where it went, what was kept."""
    from PySide6.QtCore import QCoreApplication

    if recovery.lost_outbox:
        text = QCoreApplication.translate(
            "main",
            "The data stored on this computer was damaged, so it was moved to %1 and is "
            "loaded again from the portal, but not all changes waiting to be sent could "
            "be read (%2 kept).",
        )
    elif recovery.rescued_outbox:
        text = QCoreApplication.translate(
            "main",
            "The data stored on this computer was damaged, so it was moved to %1 and is "
            "loaded again from the portal; the changes waiting to be sent were kept (%2).",
        )
    else:
        text = QCoreApplication.translate(
            "main",
            "The data stored on this computer was damaged, so it was moved to %1 and is "
            "loaded again from the portal; no changes were waiting to be sent.",
        )
    return text.replace("%1", str(recovery.moved_to)).replace("%2", str(recovery.rescued_outbox))


def _tell_recovered(window, recovery, gui: bool) -> None:
    """Log, status bar and (with a screen) a message box that does not block the sync."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    text = recovery_text(recovery)
    log.warning("%s (%s)", text, recovery.reason)
    window.status.showMessage(text, 60_000)
    if gui:
        box = QMessageBox(QMessageBox.Icon.Warning, "MPRO Desktop", text, parent=window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def _run_window(app, args, session: Session, started: float, bring_up=None) -> int:
    """Show the main window over the session's cache; ``bring_up`` (demo) runs off the
    UI thread and returns the signed-in session once the portal is up.

    Start-up order (``mpro_desktop.startup``): the window paints the cached vehicles from
    a read-only sqlite3 snapshot first; right after that paint, on the UI thread, the
    cache opens (SQLAlchemy, Alembic if needed), the charts load (pyqtgraph, numpy), the
    panes reload through the cache and the sync worker (httpx) starts.
    """
    from mpro_desktop import startup
    from mpro_desktop.sync.quick_read import read_snapshot
    from mpro_desktop.views.common import chart_slot
    from mpro_desktop.views.common.operations import run_in_background, wait_for_background_jobs
    from mpro_desktop.views.common.permissions import Account
    from mpro_desktop.views.main_window import MainWindow

    cache_file = session.cache_file
    account = Account.from_user(session.user, session.email)
    snapshot = read_snapshot(cache_file)
    offline = bool(args.offline)
    echo = args.screenshot is not None
    workers: list = []
    #: "cache" once open, "ready" once everything is up, "error" if that failed.
    state: dict = {}

    def start_worker(live: Session) -> None:
        from mpro_desktop.sync.worker import SyncWorker

        remember_session(live)
        worker = SyncWorker(
            cache_file, live.portal_url, live.access_token or "", live.refresh_token
        )
        workers.append(worker)
        _connect_worker(window, worker, live)
        worker.start()
        if live.user:
            window.context.set_account(Account.from_user(live.user, live.email))
        if worker.portal is not None:
            from mpro_desktop.sync.account_api import AccountApi

            window.context.set_online(AccountApi(worker.portal))

    def demo_up() -> None:
        window.status.set_state("connecting", window.status.pending_count)
        window.status.showMessage(
            app.translate("main", "Starting the embedded portal and vehicle simulator…")
        )

        def failed(exc: BaseException) -> None:
            log.error("demo platform failed: %s", exc)
            window.status.set_state("error", window.status.pending_count)
            _fail(str(exc), args.screenshot is None)
            if args.screenshot is not None:
                app.exit(EXIT_ERROR)

        def up(live: Session) -> None:
            window.status.clearMessage()
            start_worker(live)

        run_in_background(bring_up, up, failed, owner=window)

    def after_first_paint() -> None:
        """Everything the first paint did without, in the order it was done before."""
        from mpro_desktop.sync.cache_recovery import open_cache

        try:
            window.build_hidden_panes()  # alerts (tray), conflicts: they count while hidden
            cache, recovery = open_cache(cache_file)
            state["cache"] = cache
            window.attach_cache(cache)  # every pane reads again
            chart_slot.load_charts()
            if bring_up is not None:
                demo_up()
            elif not offline:
                start_worker(session)
            if recovery is not None:
                _tell_recovered(window, recovery, gui=args.screenshot is None)
        except Exception as exc:  # raised again by _run_window once the loop ends
            state["error"] = exc
            app.exit(EXIT_ERROR)
            return
        state["ready"] = True
        startup.report_ready(echo)

    try:
        chart_slot.defer_charts()
        window = MainWindow(
            snapshot,
            None,
            user_label=user_label(session.display_name, session.email),
            portal_label=app.translate("main", "embedded demo portal")
            if session.is_demo
            else session.portal_url,
            offline=offline,
            roles=account.roles if account.known else None,
            build_hidden=False,  # right after the first paint (after_first_paint)
        )
        window.context.set_account(account)
        window.sig_sign_out.connect(lambda: _forget_session(session))
        if args.pane is not None:  # else the window restored the last pane shown
            window.show_pane(args.pane)
        vehicles = window.built_panes().get("vehicles")
        if vehicles is not None and snapshot.complete:
            vehicles.show_rows(snapshot.vehicles())
        startup.FirstPaint(
            window.centralWidget(),
            after_first_paint,
            lambda: f"{vehicles.model.rowCount() if vehicles else 0} cached vehicles",
            echo=echo,
        )
        window.show()
        watcher = None
        if args.screenshot is not None:
            from mpro_desktop.screenshot import ScreenshotWatcher

            watcher = ScreenshotWatcher(
                window,
                args.screenshot,
                timeout_s=args.screenshot_timeout,
                min_vehicles=args.min_vehicles,
                min_points=args.min_points,
                started=started,
                ready=lambda: "ready" in state,
            )
            watcher.start()
        code = app.exec()
        window.close()
        if "error" in state:
            raise state["error"]
        if watcher is not None and code == 0:
            code = watcher.exit_code
        return code
    finally:
        for worker in workers:
            worker.stop()
        wait_for_background_jobs()
        if "cache" in state:
            state["cache"].close()


if __name__ == "__main__":
    sys.exit(main())
