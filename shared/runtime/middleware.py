"""Request plumbing: correlation ids, body size limits and request metrics."""

from __future__ import annotations

import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability import bind_correlation_id, metrics
from shared.problems import PROBLEM_JSON


class CorrelationMiddleware:
    """Takes `X-Request-ID` (or makes one), binds it for logs and events, and returns it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode()[:100] or str(uuid.uuid4())
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        with bind_correlation_id(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                service = scope["path"].strip("/").split("/", 1)[0] or "root"
                route = scope.get("route")
                path = getattr(route, "path", "unmatched")
                metrics.http_requests.labels(service, scope["method"], path, str(status)).observe(
                    time.perf_counter() - started
                )


class BodyLimitMiddleware:
    """413 for bodies larger than the limit, before anything reads them."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        # Read the body before the app does: an error raised while the app is reading would reach its exception
        # handlers and become a 400 or 500 (or a second response), never the 413 the client should get.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await _too_large(send, self.max_bytes)
                return
            if not message.get("more_body"):
                message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
                break
        replayed = False

        async def replay_then_receive() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return message

        await self.app(scope, replay_then_receive, send)


async def _too_large(send: Send, limit: int) -> None:
    body = (
        '{"type":"about:blank","title":"Payload too large","status":413,'
        f'"detail":"the request body is larger than {limit} bytes"}}'
    ).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", PROBLEM_JSON.encode())]})
    await send({"type": "http.response.body", "body": body})
