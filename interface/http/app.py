"""The FastAPI application: `/api/v1` routes, problem+json errors and `/healthz`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from infrastructure.bootstrap import Services, build_services
from interface.http.appeal_routes import router as appeal_router
from interface.http.document_routes import router as document_router
from interface.http.audit_routes import router as audit_router
from interface.http.checkpoint_routes import router as checkpoint_router
from interface.http.calendar_routes import router as calendar_router
from interface.http.dependencies import ServicesDep
from interface.http.import_routes import router as import_router
from interface.http.inspection_routes import router as inspection_router
from interface.http.mediation_routes import router as mediation_router
from interface.http.openapi import install_document
from interface.http.policy_claim_routes import router as policy_claim_router
from interface.http.problems import install_problem_handlers
from interface.http.report_routes import router as report_router
from interface.http.supervision_routes import router as supervision_router
from interface.http.timeline_routes import router as timeline_router
from interface.http.token_routes import router as token_router
from interface.http.unit_routes import router as unit_router
from interface.http.vocabulary_routes import router as vocabulary_router
from interface.web.console import install_console


def create_app(services: Services | None = None, run_policies: bool | None = None) -> FastAPI:
    """The service over `services`, or over the services the settings name, built at startup
    and closed at shutdown. The process policies and views run in the background unless
    `run_policies` is False (by default they run when the app builds its own services).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or build_services()
        run = run_policies if run_policies is not None else owned
        background = app.state.services.background(run)
        background.start()
        try:
            yield
        finally:
            background.stop()
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="yingshang 营商",
        summary="Case management for business-environment offices: appeals (企业诉求) and more",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by the console from vendored assets (interface.web)
        redoc_url=None,
    )
    if services is not None:
        app.state.services = services
    install_problem_handlers(app)
    install_document(app)
    app.include_router(appeal_router, prefix="/api/v1")
    app.include_router(document_router, prefix="/api/v1")
    app.include_router(inspection_router, prefix="/api/v1")
    app.include_router(mediation_router, prefix="/api/v1")
    app.include_router(policy_claim_router, prefix="/api/v1")
    app.include_router(report_router, prefix="/api/v1")
    app.include_router(supervision_router, prefix="/api/v1")
    app.include_router(timeline_router, prefix="/api/v1")
    app.include_router(calendar_router, prefix="/api/v1")
    app.include_router(checkpoint_router, prefix="/api/v1")
    app.include_router(audit_router, prefix="/api/v1")
    app.include_router(token_router, prefix="/api/v1")
    app.include_router(unit_router, prefix="/api/v1")
    app.include_router(import_router, prefix="/api/v1")
    app.include_router(vocabulary_router, prefix="/api/v1")

    install_console(app)

    @app.get("/healthz", tags=["health"])
    def healthz(services: ServicesDep) -> dict[str, object]:
        """Liveness and the store's reachability: the last position of the event log."""
        return {"status": "ok", "log_position": services.store.recorder.max_notification_id() or 0}

    return app
