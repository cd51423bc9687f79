"""`Idempotency-Key` on every POST: a retried request gets the first response back, never a second effect.

A key is scoped to the caller's whole identity (subject, roles, pods, worker) and to the method and path, so the
same key sent by the same person in another role is another request. It is reserved before the request runs (a
concurrent duplicate gets 409); the response is kept by the unit of work in the same transaction as the effect,
so an effect without its response cannot exist. A reservation whose request died (no response after the lease)
is taken over by the retry; the dead request, were it still running, could no longer commit. A 5xx frees the key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth.principal import Principal
from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.messaging.tables import PlatformTables
from shared.problems import PROBLEM_JSON
from shared.runtime.consistency import HEADER
from shared.runtime.http import RESERVATION, RESPONSE_KEPT
from shared.runtime.unit_of_work import Reservation

_REPLAYED_HEADERS = ("location", "etag", "content-type", HEADER.lower())


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        engine: AsyncEngine,
        tables: PlatformTables,
        verifier: TokenVerifier,
        lease_seconds: float = 60.0,
    ) -> None:
        self.app = app
        self.engine = engine
        self.table = tables.idempotency_keys
        self.verifier = verifier
        self.lease = timedelta(seconds=lease_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key", b"").decode("latin-1")[:200]
        principal = self._principal(headers.get(b"authorization", b"").decode("latin-1"))
        if not key or principal is None:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        caller = _caller(principal, scope["method"], scope["path"])
        fingerprint = hashlib.sha256(body).hexdigest()
        reservation, existing = await self._reserve(key, caller, fingerprint)
        if reservation is None:
            assert existing is not None
            await self._answer_from(existing, fingerprint, send)
            return
        scope[RESERVATION] = reservation
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
            if not scope.get(RESPONSE_KEPT):
                await self._settle(reservation, captured)

    def _principal(self, authorization: str) -> Principal | None:
        if not authorization.lower().startswith("bearer "):
            return None
        try:
            return self.verifier.verify(authorization[7:])
        except InvalidToken:
            return None

    async def _reserve(self, key: str, caller: str, fingerprint: str) -> tuple[Reservation | None, sa.Row[Any] | None]:
        token = str(uuid.uuid4())
        now = datetime.now(UTC)
        # Three tries at most: a first request that failed with a 5xx frees its key between our insert and our read.
        for _ in range(3):
            try:
                async with self.engine.begin() as connection:
                    await connection.execute(
                        self.table.insert().values(
                            key=key,
                            caller=caller,
                            request_fingerprint=fingerprint,
                            reservation=token,
                            reserved_at=now,
                            created_at=now,
                        )
                    )
                return Reservation(key, caller, token), None
            except IntegrityError:
                existing = await self._read(key, caller)
                if existing is None:
                    continue
                if self._died(existing, fingerprint, now) and await self._take_over(existing, token, now):
                    return Reservation(key, caller, token), None
                return None, existing
        raise RuntimeError("idempotency key neither reservable nor readable")

    def _died(self, row: sa.Row[Any], fingerprint: str, now: datetime) -> bool:
        if row.status_code is not None or row.request_fingerprint != fingerprint:
            return False
        reserved_at = row.reserved_at or row.created_at
        if reserved_at.tzinfo is None:
            reserved_at = reserved_at.replace(tzinfo=UTC)
        return bool(now - reserved_at > self.lease)

    async def _take_over(self, row: sa.Row[Any], token: str, now: datetime) -> bool:
        async with self.engine.begin() as connection:
            taken = await connection.execute(
                self.table.update()
                .where(
                    self.table.c.key == row.key,
                    self.table.c.caller == row.caller,
                    self.table.c.status_code.is_(None),
                    _same_reservation(self.table, row.reservation),
                )
                .values(reservation=token, reserved_at=now)
            )
        return bool(taken.rowcount == 1)

    async def _read(self, key: str, caller: str) -> sa.Row[Any] | None:
        async with self.engine.connect() as connection:
            query = sa.select(self.table).where(self.table.c.key == key, self.table.c.caller == caller)
            return (await connection.execute(query)).one_or_none()

    async def _settle(self, reservation: Reservation, captured: dict[str, Any]) -> None:
        """A response the unit of work did not keep (a refusal, or a route that changed nothing) is kept here; a
        5xx frees the key. Either way only while the reservation is still this request's and has no response."""
        table = self.table
        ours = (
            (table.c.key == reservation.key)
            & (table.c.caller == reservation.caller)
            & (table.c.reservation == reservation.token)
            & table.c.status_code.is_(None)
        )
        async with self.engine.begin() as connection:
            if captured["status"] >= 500:
                await connection.execute(table.delete().where(ours))
                return
            kept = {
                name.decode(): value.decode()
                for name, value in captured["headers"]
                if name.decode().lower() in _REPLAYED_HEADERS
            }
            await connection.execute(
                table.update()
                .where(ours)
                .values(status_code=captured["status"], response_headers=kept, response_body=captured["body"])
            )

    async def _answer_from(self, row: sa.Row[Any], fingerprint: str, send: Send) -> None:
        if row.request_fingerprint != fingerprint:
            await _problem(send, 422, "this Idempotency-Key was already used for a different request")
        elif row.status_code is None:
            await _problem(send, 409, "a request with this Idempotency-Key is still being processed; retry shortly")
        else:
            headers = [(k.encode(), v.encode()) for k, v in (row.response_headers or {}).items()]
            headers.append((b"idempotent-replayed", b"true"))
            await send({"type": "http.response.start", "status": row.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": row.response_body or b""})


def _caller(principal: Principal, method: str, path: str) -> str:
    identity = "\n".join(
        [
            principal.subject,
            ",".join(sorted(principal.roles)),
            ",".join(sorted(str(pod) for pod in principal.pods)),
            str(principal.worker_id or ""),
            method,
            path,
        ]
    )
    return hashlib.sha256(identity.encode()).hexdigest()


def _same_reservation(table: sa.Table, token: str | None) -> sa.ColumnElement[bool]:
    column = table.c.reservation
    return column.is_(None) if token is None else column == token


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
    headers = [(b"content-type", PROBLEM_JSON.encode())]
    if status == 409:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
