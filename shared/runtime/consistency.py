"""Read your own writes, across services: every accepted write answers with a consistency token (the events it
published), and any read can wait for the events in a token to have reached the service it asks.

    POST /allocation/v1/cases/…/transfers       → Continuum-Consistency: v1.W1siYWxsb2NhdGlvbi5jYXNlcyIs…
    GET  /kpi/v1/continuity?…&after=v1.W1si…    → answered once the KPI has applied that transfer, or 503

A service has reached a token when each of its events is in the service's own outbox (its own write) or inbox
(applied, or seen and ignored), counting only events on topics the service follows. The wait is bounded
(`CONTINUUM_CONSISTENCY_WAIT_SECONDS`); past it the answer is 503 with Retry-After, never a stale answer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
from fastapi import Query, Request

from shared.problems import Invalid, Problem

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime

HEADER = "Continuum-Consistency"
_VERSION = "v1."
_POLL_SECONDS = 0.025


class NotYetConsistent(Problem):
    status, title = 503, "Service unavailable"


def token_for(published: Iterable[tuple[str, str]]) -> str | None:
    """The token of a write that published these (topic, event id) pairs; None when it published nothing."""
    pairs = [[topic, event_id] for topic, event_id in published]
    if not pairs:
        return None
    return _VERSION + base64.urlsafe_b64encode(json.dumps(pairs, separators=(",", ":")).encode()).decode()


def events_in(token: str) -> list[tuple[str, str]]:
    try:
        if not token.startswith(_VERSION):
            raise ValueError("unknown version")
        pairs = json.loads(base64.urlsafe_b64decode(token[len(_VERSION) :].encode()))
        return [(str(topic), str(event_id)) for topic, event_id in pairs]
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise Invalid("after is not a consistency token this platform gave out", field="query.after") from None


async def wait_for_consistency(
    request: Request,
    after: Annotated[
        str | None,
        Query(
            max_length=16384,
            description=f"A `{HEADER}` token from a write: the answer waits until this service has the write's "
            "events (or is 503 after a bounded wait).",
        ),
    ] = None,
) -> None:
    if after is None:
        return
    runtime: ServiceRuntime = request.app.state.runtime
    wanted = {event_id for topic, event_id in events_in(after) if _concerns(runtime, topic)}
    deadline = asyncio.get_running_loop().time() + runtime.settings.consistency_wait_seconds
    while wanted:
        wanted -= await _reached(runtime, wanted)
        if not wanted:
            return
        if asyncio.get_running_loop().time() >= deadline:
            raise NotYetConsistent(
                f"{runtime.service.name} has not yet applied {len(wanted)} of the write's events; retry shortly",
                field="query.after",
                headers={"Retry-After": "1"},
            )
        await asyncio.sleep(_POLL_SECONDS)


def _concerns(runtime: ServiceRuntime, topic: str) -> bool:
    return topic.startswith(f"{runtime.service.name}.") or topic in runtime.service.subscriptions.topics


async def _reached(runtime: ServiceRuntime, event_ids: set[str]) -> set[str]:
    tables = runtime.service.tables
    own = sa.select(tables.outbox.c.event_id).where(tables.outbox.c.event_id.in_(event_ids))
    applied = sa.select(tables.inbox.c.event_id).where(
        tables.inbox.c.consumer == runtime.service.name, tables.inbox.c.event_id.in_(event_ids)
    )
    # A connection of its own for each look, holding no transaction between them (SQLite would otherwise keep the
    # consumer from committing what is awaited).
    async with runtime.engine.connect() as connection:
        return set((await connection.execute(own.union(applied))).scalars())
