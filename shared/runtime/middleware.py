"""Request plumbing: what is refused at the edge (oversized bodies, input no service should see), correlation ids,
request metrics and a span per request."""

from __future__ import annotations

import time
import uuid

from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability import bind_correlation_id, context_from, metrics, tracer
from shared.problems import PROBLEM_JSON
from shared.runtime.hygiene import Refusal, check_headers, check_json, check_query

_UNTRACED = ("/health/", "/metrics")
"""The kubelet's probes and Prometheus's scrapes: every few seconds, all alike, and already measured."""


class CorrelationMiddleware:
    """Takes `X-Request-ID` (or makes one), binds it for logs and events, and returns it; times the request and traces
    it, continuing the caller's trace when the request carries a W3C `traceparent`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:100] or str(uuid.uuid4())
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        if scope["path"].startswith(_UNTRACED):
            with bind_correlation_id(request_id):
                try:
                    await self.app(scope, receive, send_with_id)
                finally:
                    _measure(scope, status, started)
            return
        caller = {name: headers[name.encode()].decode("latin-1") for name in _TRACE_HEADERS if name.encode() in headers}
        with (
            bind_correlation_id(request_id),
            tracer().start_as_current_span(scope["method"], context=context_from(caller), kind=SpanKind.SERVER) as span,
        ):
            span.set_attribute("http.request.method", scope["method"])
            span.set_attribute("url.path", scope["path"])
            span.set_attribute("continuum.request_id", request_id)
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                route = _measure(scope, status, started)
                if route is not None:
                    span.update_name(f"{scope['method']} {route}")
                    span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))


_TRACE_HEADERS = ("traceparent", "tracestate")


def _measure(scope: Scope, status: int, started: float) -> str | None:
    """Records the request's latency; returns the route's template under its service's prefix, when one matched."""
    service = scope["path"].strip("/").split("/", 1)[0] or "root"
    route = scope.get("route")
    path = getattr(route, "path", "unmatched")
    metrics.http_requests.labels(service, scope["method"], path, str(status)).observe(time.perf_counter() - started)
    return None if route is None else f"{scope.get('root_path', '')}{path}"


class EdgeMiddleware:
    """Refuses at the edge, before any service sees the request: a body over the limit (413), and headers, query
    strings or JSON bodies no service should ever see (shared/runtime/hygiene.py), each a 4xx naming the field."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_headers(scope.get("headers") or [])
            check_query(scope.get("query_string") or b"")
            message = await self._whole_body(scope, receive)
            if message.get("body") and _is_json(scope):
                check_json(message["body"])
        except Refusal as refused:
            for answer in refused.messages():
                await send(answer)
            return
        except _TooLarge:
            await _too_large(send, self.max_bytes)
            return
        replayed = False

        async def replay_then_receive() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return message

        await self.app(scope, replay_then_receive, send)

    async def _whole_body(self, scope: Scope, receive: Receive) -> Message:
        """Reads the body before the app does: an error raised while the app is reading would reach its exception
        handlers and become a 400 or 500 (or a second response), never the 413 the client should get."""
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return message
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                raise _TooLarge
            if not message.get("more_body"):
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}


class _TooLarge(Exception):
    pass


def _is_json(scope: Scope) -> bool:
    headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return content_type == b"application/json" or content_type.endswith(b"+json")


async def _too_large(send: Send, limit: int) -> None:
    body = (
        '{"type":"about:blank","title":"Payload too large","status":413,'
        f'"detail":"the request body is larger than {limit} bytes"}}'
    ).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", PROBLEM_JSON.encode())]})
    await send({"type": "http.response.body", "body": body})
