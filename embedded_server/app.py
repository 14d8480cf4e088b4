"""Application factory of the embedded reference portal."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from embedded_server import db, metrics
from embedded_server.accounts.router import router as accounts_router
from embedded_server.accounts.throttle import purge_idle
from embedded_server.alerts.router import router as alerts_router
from embedded_server.audit.router import router as audit_router
from embedded_server.authorization import declare_permissions
from embedded_server.commands.router import router as commands_router
from embedded_server.commands.service import sweep_expired
from embedded_server.company.router import router as company_router
from embedded_server.config import Settings
from embedded_server.dealer import service as dealer_service
from embedded_server.dealer.router import router as dealer_router
from embedded_server.errors import install_handlers
from embedded_server.fanout import fanout_for
from embedded_server.feed import events
from embedded_server.feed.events import IN_PROCESS
from embedded_server.health import router as health_router
from embedded_server.idempotency.middleware import IdempotencyMiddleware
from embedded_server.idempotency.repository import purge_older_than
from embedded_server.jobs.leader import Leadership, cluster_lock
from embedded_server.jobs.retention import apply_retention
from embedded_server.mail import deliver_pending, mail_dir
from embedded_server.metrics import MetricsMiddleware
from embedded_server.migrations import upgrade_to_head
from embedded_server.orders import service as orders_service
from embedded_server.orders.router import router as orders_router
from embedded_server.products.router import router as products_router
from embedded_server.products.service import ensure_catalogue
from embedded_server.rfms.router import routers as rfms_routers
from embedded_server.sync import service as sync_service
from embedded_server.sync.broker import Broker
from embedded_server.sync.router import router as sync_router
from embedded_server.telemetry import catch_up, live
from embedded_server.telemetry.router import router as telemetry_router
from embedded_server.telemetry.service import flush_quiet_status
from embedded_server.terms.router import router as terms_router
from embedded_server.terms.service import ensure_terms
from embedded_server.transport import TransportGuard
from embedded_server.trips.router import router as trips_router
from embedded_server.users.router import router as users_router
from embedded_server.validation import check_params
from embedded_server.vehicles.router import router as vehicles_router

log = logging.getLogger("embedded_server")

def prepare_database(settings: Settings) -> tuple[object, object]:
    """Migrate to head and refresh the catalogue; returns (engine, session factory).
    Processes starting at once on one PostgreSQL database take turns (advisory lock)."""
    engine = db.make_engine(settings.database_url, pool_size=settings.db_pool_size,
                            max_overflow=settings.db_max_overflow)
    factory = db.make_sessionmaker(engine)
    with cluster_lock(engine, "migrate"):
        upgrade_to_head(engine)
        with factory() as session:
            ensure_catalogue(session)
            ensure_terms(session)
            session.commit()
    return engine, factory


def run_sweep(factory: object) -> None:
    """One sweep: expire queued commands past their TTL, flush quiet vehicles' status,
    open no-contact alerts, end subscriptions whose term end has come, purge the history
    of companies without an active service (R18), close expired support sessions."""
    sweep_expired(factory)  # type: ignore[arg-type]
    flush_quiet_status(factory)  # type: ignore[arg-type]
    live.sweep(factory)  # type: ignore[arg-type]
    orders_service.end_due(factory)
    orders_service.purge_history(factory)
    dealer_service.close_expired_sessions(factory)


def run_purge(factory: object, settings: Settings) -> None:
    """Expire Idempotency-Key records (``idempotency_ttl_s``) and idle throttle counters."""
    now = db.utcnow()
    with factory() as session:  # type: ignore[operator]
        purge_older_than(session, now - dt.timedelta(seconds=settings.idempotency_ttl_s))
    with factory() as session:  # type: ignore[operator]
        purge_idle(session, now - dt.timedelta(days=1))


def run_retention(factory: object, settings: Settings) -> None:
    """Delete telemetry past the retention period, batch by batch (``jobs.retention``)."""
    apply_retention(factory, settings.telemetry_retention_days)  # type: ignore[arg-type]


def make_up_for_outage(factory: object, broker: Broker, deliver: catch_up.Deliver,
                       since: float) -> None:
    """After the fan-out's listener was cut off (events may be lost): every company with an
    open stream here gets a ``change`` hint at its current seq, so its desktops pull what
    they missed (the stream skips it where nothing is new), and the live samples received
    since ``since`` are sent again through ``deliver`` (``telemetry.catch_up``: what the
    streams already got is left out)."""
    companies = broker.companies()
    for company_id in companies:
        with factory(readonly=True) as session:  # type: ignore[operator]
            seq = sync_service.current_seq(session, company_id=company_id)
        broker.publish(company_id, "change", {"seq": seq})
    n = catch_up.resend_since(factory, companies, since, deliver)  # type: ignore[arg-type]
    if n:
        log.info("fan-out outage: %d live sample(s) since %.3f read again", n, since)


def _cluster_once(leader: Leadership, job: Callable[..., object]) -> Callable[..., object]:
    """``job`` runs only in the process that leads the cluster's jobs (``jobs.leader``)."""

    def run(*args: object) -> None:
        if leader.held():
            job(*args)

    run.__name__ = getattr(job, "__name__", "job")
    return run


async def _every(
    interval_s: float, stop: asyncio.Event, job: Callable[..., object], *args: object
) -> None:
    """Run ``job(*args)`` in a worker thread every ``interval_s`` until ``stop``."""
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
        except TimeoutError:
            pass
        if stop.is_set():
            break
        try:
            await run_in_threadpool(job, *args)
        except Exception:  # noqa: BLE001 - keep going; a transient DB error is retried
            log.exception("background job %s failed", getattr(job, "__name__", job))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the database is migrated here so a TestClient needs no lifespan."""
    settings = settings or Settings.from_env()
    engine, factory = prepare_database(settings)
    broker = Broker()
    # the streams of this process get each live sample once, caught up ones included
    deliver = catch_up.filtered(broker.publish, catch_up.Delivered())  # type: ignore[arg-type]
    fanout = fanout_for(engine, settings.redis_url, deliver,
                        lambda since: make_up_for_outage(factory, broker, deliver, since))
    leader = Leadership(engine)  # type: ignore[arg-type]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        broker.bind_loop(asyncio.get_running_loop())
        database = db.database_key(engine)  # type: ignore[arg-type]
        if fanout is None:
            IN_PROCESS.attach(broker)  # one process: its events reach its streams directly
        else:  # every process of the database hears the channel, this one included
            await run_in_threadpool(fanout.start)
            events.route(database, fanout)
        stop = asyncio.Event()
        schedule = [
            (settings.sweep_interval_s, run_sweep, (factory,)),
            (settings.idempotency_purge_interval_s, run_purge, (factory, settings)),
            (settings.mail_interval_s, deliver_pending, (factory, mail_dir(settings), settings)),
            (settings.retention_interval_s, run_retention, (factory, settings)),
        ]
        jobs = [asyncio.create_task(_every(interval, stop, _cluster_once(leader, job), *args))
                for interval, job, args in schedule]
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.gather(*jobs), timeout=5)
            broker.close()
            IN_PROCESS.detach(broker)
            if fanout is not None:
                events.unroute(database, fanout)
                await run_in_threadpool(fanout.close)
            await run_in_threadpool(leader.release)
            metrics.process_exited()

    app = FastAPI(
        title="MPRO embedded reference portal",
        version="1.0.0",
        lifespan=lifespan,
        dependencies=[Depends(check_params)],  # every route: storable path/query text
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = factory
    app.state.broker = broker
    install_handlers(app)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(TransportGuard)  # caps bodies before the key reads them
    app.add_middleware(MetricsMiddleware)  # outermost: times everything, 413s included
    for router in (accounts_router, vehicles_router, products_router, telemetry_router, sync_router,
                   commands_router, audit_router, dealer_router, users_router,
                   company_router, alerts_router, trips_router, terms_router, orders_router,
                   *rfms_routers):
        app.include_router(router)
    app.include_router(health_router)

    declare_permissions(app)
    return app
