"""`Idempotency-Key` on every POST: a retried request gets the first response back, never a second effect.

The key is reserved before the request runs, so a concurrent duplicate gets 409 instead of a second effect;
the response is saved afterwards. A 5xx frees the key so the client can retry.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.messaging.tables import PlatformTables
from shared.problems import PROBLEM_JSON

_REPLAYED_HEADERS = ("location", "etag", "content-type")


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, engine: AsyncEngine, tables: PlatformTables, verifier: TokenVerifier) -> None:
        self.app = app
        self.engine = engine
        self.table = tables.idempotency_keys
        self.verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key", b"").decode()[:200]
        caller = self._caller(headers.get(b"authorization", b"").decode())
        if scope["type"] != "http" or scope["method"] != "POST" or not key or caller is None:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        fingerprint = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        existing = await self._reserve(key, caller, fingerprint)
        if existing is not None:
            await self._answer_from(existing, fingerprint, send)
            return
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"], captured["headers"] = message["status"], message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, _replay(body), capture)
        finally:
            await self._settle(key, caller, captured)

    def _caller(self, authorization: str) -> str | None:
        if not authorization.lower().startswith("bearer "):
            return None
        try:
            return self.verifier.verify(authorization[7:]).subject
        except InvalidToken:
            return None

    async def _reserve(self, key: str, caller: str, fingerprint: str) -> sa.Row[Any] | None:
        # Twice at most: a first request that failed with a 5xx frees its key between our insert and our read.
        for _ in range(2):
            try:
                async with self.engine.begin() as connection:
                    await connection.execute(
                        self.table.insert().values(
                            key=key, caller=caller, request_fingerprint=fingerprint, created_at=datetime.now(UTC)
                        )
                    )
                return None
            except IntegrityError:
                async with self.engine.connect() as connection:
                    query = sa.select(self.table).where(self.table.c.key == key, self.table.c.caller == caller)
                    existing = (await connection.execute(query)).one_or_none()
                if existing is not None:
                    return existing
        raise RuntimeError("idempotency key neither reservable nor readable")

    async def _settle(self, key: str, caller: str, captured: dict[str, Any]) -> None:
        row = (self.table.c.key == key) & (self.table.c.caller == caller)
        async with self.engine.begin() as connection:
            if captured["status"] >= 500:
                await connection.execute(self.table.delete().where(row))
                return
            kept = {
                name.decode(): value.decode()
                for name, value in captured["headers"]
                if name.decode().lower() in _REPLAYED_HEADERS
            }
            await connection.execute(
                self.table.update()
                .where(row)
                .values(status_code=captured["status"], response_headers=kept, response_body=captured["body"])
            )

    async def _answer_from(self, row: sa.Row[Any], fingerprint: str, send: Send) -> None:
        if row.request_fingerprint != fingerprint:
            await _problem(send, 422, "this Idempotency-Key was already used for a different request")
        elif row.status_code is None:
            await _problem(send, 409, "a request with this Idempotency-Key is still being processed")
        else:
            headers = [(k.encode(), v.encode()) for k, v in (row.response_headers or {}).items()]
            headers.append((b"idempotent-replayed", b"true"))
            await send({"type": "http.response.start", "status": row.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": row.response_body or b""})


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += bytes(message.get("body", b""))
        if not message.get("more_body"):
            return body


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _problem(send: Send, status: int, detail: str) -> None:
    title = {409: "Conflict", 422: "Invalid request"}[status]
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["errors"] = [{"field": "Idempotency-Key", "message": detail}]
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", PROBLEM_JSON.encode())]})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
