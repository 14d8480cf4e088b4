"""Application factory of the embedded reference portal."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from embedded_server import db
from embedded_server.accounts.router import router as accounts_router
from embedded_server.config import Settings
from embedded_server.errors import install_handlers
from embedded_server.idempotency.middleware import IdempotencyMiddleware
from embedded_server.migrations import upgrade_to_head
from embedded_server.products.router import router as products_router
from embedded_server.products.service import ensure_catalogue
from embedded_server.sync.broker import Broker
from embedded_server.sync.router import router as sync_router
from embedded_server.telemetry.router import router as telemetry_router
from embedded_server.vehicles.router import router as vehicles_router

log = logging.getLogger("embedded_server")

_BROKERS: list[Broker] = []


def _publish_all(company_id: str, name: str, data: object) -> None:
    for broker in list(_BROKERS):
        broker.publish(company_id, name, data)


db.install_publisher(_publish_all)


def prepare_database(settings: Settings) -> tuple[object, object]:
    """Migrate to head and refresh the catalogue; returns (engine, session factory)."""
    engine = db.make_engine(settings.database_url)
    upgrade_to_head(engine)
    factory = db.make_sessionmaker(engine)
    with factory() as session:
        ensure_catalogue(session)
        session.commit()
    return engine, factory


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the database is migrated here so a TestClient needs no lifespan."""
    settings = settings or Settings.from_env()
    engine, factory = prepare_database(settings)
    broker = Broker()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        broker.bind_loop(asyncio.get_running_loop())
        _BROKERS.append(broker)
        try:
            yield
        finally:
            broker.close()
            if broker in _BROKERS:
                _BROKERS.remove(broker)

    app = FastAPI(
        title="MPRO embedded reference portal",
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = factory
    app.state.broker = broker
    install_handlers(app)
    app.add_middleware(IdempotencyMiddleware)
    for router in (accounts_router, vehicles_router, products_router, telemetry_router, sync_router):
        app.include_router(router)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
