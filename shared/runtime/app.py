"""The ASGI application: each service mounted at `/{service}/v1` (the portal's pages at `/`), with health, metrics
and, without the portal, an index at the root."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.auth.tokens import TokenVerifier
from shared.events.topology import topic_partitions
from shared.idempotency import IdempotencyMiddleware
from shared.messaging.transport import Transport
from shared.observability import configure_tracing
from shared.problems import ProblemDetails, install_problem_handlers
from shared.runtime import audit_trail
from shared.runtime.docs import install_docs
from shared.runtime.middleware import CorrelationMiddleware, EdgeMiddleware
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings


def service_app(runtime: ServiceRuntime, verifier: TokenVerifier) -> FastAPI:
    service = runtime.service
    app = FastAPI(
        title=f"Continuum {service.title}",
        description=service.description,
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        servers=[{"url": service.prefix}],
    )
    app.state.runtime = runtime
    app.state.token_verifier = verifier
    install_problem_handlers(app)
    install_docs(app, service.prefix, f"Continuum {service.title}")
    app.include_router(service.router)
    app.include_router(audit_trail.router)
    app.add_middleware(IdempotencyMiddleware, engine=runtime.engine, tables=service.tables, verifier=verifier)
    _document_problems(app)
    return app


def _document_problems(app: FastAPI) -> None:
    """Every route documents its problem answers against one `Problem` schema (see shared/runtime/http.py)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(problem.pop("$defs", {}))
            schemas["Problem"] = problem
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


AfterStart = Callable[[Sequence[ServiceRuntime]], Awaitable[None]]


def platform_app(
    runtimes: Sequence[ServiceRuntime],
    transport: Transport,
    settings: PlatformSettings,
    *,
    migrate: bool = True,
    after_start: AfterStart | None = None,
) -> FastAPI:
    verifier = TokenVerifier(settings)
    # A process that neither publishes nor consumes (the portal on its own) never needs the broker.
    brokered = any(runtime.relay is not None or runtime.consumer is not None for runtime in runtimes)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # One service per process is named for itself; the embedded platform, all in one, as "continuum".
        name = runtimes[0].service.name if len(runtimes) == 1 else "continuum"
        tracing = configure_tracing(name, settings.otlp_endpoint)
        if brokered:
            await transport.start()
            try:
                await transport.ensure_topics(topic_partitions())
            except Exception:  # noqa: BLE001, S110 - the broker may be down at start; consumers retry on their own
                pass
        for runtime in runtimes:
            await runtime.start(migrate=migrate)
        if after_start is not None:
            await after_start(runtimes)
        yield
        for runtime in runtimes:
            await runtime.stop()
        if brokered:
            await transport.stop()
        if tracing is not None:
            tracing.shutdown()  # sends the spans still batched

    root = FastAPI(title="Continuum", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    install_problem_handlers(root)
    root.state.runtimes = list(runtimes)

    at_root = [runtime for runtime in runtimes if runtime.service.prefix == ""]
    _platform_routes(root, runtimes, transport, index=not at_root)
    # The app mounted at `/` comes last: it answers only what health, metrics and the services' prefixes do not.
    for runtime in sorted(runtimes, key=lambda runtime: runtime.service.prefix == ""):
        service = runtime.service
        root.mount(service.prefix, service.web(runtime, root) if service.web else service_app(runtime, verifier))
    root.add_middleware(CorrelationMiddleware)
    # Added last, so outermost: nothing reads a header, the query or the body before the edge has checked them.
    root.add_middleware(EdgeMiddleware, max_bytes=settings.max_body_bytes)
    return root


def _platform_routes(root: FastAPI, runtimes: Sequence[ServiceRuntime], transport: Transport, *, index: bool) -> None:
    """Health, metrics and (when no portal answers `/`) the index: answered by the platform, not by any service."""

    @root.get("/health/live", include_in_schema=False)
    async def live() -> JSONResponse:
        problems = [problem for runtime in runtimes for problem in runtime.liveness_problems()]
        return JSONResponse({"status": "fail" if problems else "pass", "problems": problems}, 503 if problems else 200)

    @root.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        problems = [problem for runtime in runtimes for problem in await runtime.readiness_problems()]
        body = {"status": "fail" if problems else "pass", "problems": problems, "broker": await transport.healthy()}
        headers = {"Retry-After": "5"} if problems else None
        return JSONResponse(body, 503 if problems else 200, headers=headers)

    @root.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    if not index:
        return

    @root.get("/", include_in_schema=False)
    async def index_page() -> HTMLResponse:
        links = "".join(
            f'<li><a href="{r.service.prefix}/docs">{r.service.title}</a> — {r.service.prefix}/openapi.json</li>'
            for r in runtimes
        )
        return HTMLResponse(f"<h1>Continuum</h1><p>Services:</p><ul>{links}</ul>")
