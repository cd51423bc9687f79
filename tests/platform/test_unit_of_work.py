"""The unit of work: a state change, its events and its audit rows commit together or not at all, in one outbox
insert, and only a commit that published something wakes the relay."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.auth.principal import Principal, Role
from shared.db import create_engine
from shared.events.allocation import PodCreated
from shared.problems import Conflict
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import KeptResponse, Reservation, UnitOfWork
from tests.support import probe_service
from tests.support.probe_service import pings, record_ping

tables = probe_service.service.tables


@pytest.fixture
async def probe_engine(sqlite_url: Callable[[str], str]) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url("probe"))
    async with engine.begin() as connection:
        await connection.run_sync(probe_service.metadata.create_all)
    yield engine
    await engine.dispose()


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def _unit(session: AsyncSession, wakes: Wakes | None = None) -> UnitOfWork:
    return UnitOfWork(session, tables, producer="probe", after_commit=wakes)


async def _count(engine: AsyncEngine, table: sa.Table) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def test_published_events_commit_with_the_state_change(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        ping_id = await record_ping(uow, uuid.uuid4(), 1)
        await uow.commit()

    async with probe_engine.connect() as connection:
        row = (await connection.execute(sa.select(tables.outbox))).one()
    assert await _count(probe_engine, pings) == 1
    assert row.published_at is None, "a freshly committed event must wait for the relay"
    assert row.topic == probe_service.ProbePinged.topic
    assert probe_service.ProbePinged.model_validate_json(row.payload).ping_id == ping_id


async def test_a_unit_of_work_that_is_not_committed_leaves_neither_state_nor_events(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        await record_ping(uow, uuid.uuid4(), 1)
        await uow.rollback()

    assert (await _count(probe_engine, pings), await _count(probe_engine, tables.outbox)) == (0, 0)


async def test_a_failing_command_leaves_neither_its_state_nor_its_events(probe_engine: AsyncEngine) -> None:
    async def refused_command() -> None:
        async with async_sessionmaker(probe_engine)() as session:
            uow = _unit(session)
            await record_ping(uow, uuid.uuid4(), 1)
            await uow.flush()
            raise RuntimeError("the rule refused")

    with pytest.raises(RuntimeError, match="the rule refused"):
        await refused_command()

    assert (await _count(probe_engine, pings), await _count(probe_engine, tables.outbox)) == (0, 0)


async def test_only_a_commit_that_published_wakes_the_relay(probe_engine: AsyncEngine) -> None:
    wakes = Wakes()
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session, wakes)
        await record_ping(uow, uuid.uuid4(), 1)
        await uow.flush()
        assert wakes.count == 0, "the relay was woken before the events were committed"
        await uow.commit()
        assert wakes.count == 1
        uow.audit(Principal("reader", frozenset({Role.auditor}), frozenset()), "read", "audit-log")
        await uow.commit()

    assert wakes.count == 1, "a commit that published nothing woke the relay"


async def test_a_rolled_back_unit_of_work_never_wakes_the_relay(probe_engine: AsyncEngine) -> None:
    wakes = Wakes()
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session, wakes)
        await record_ping(uow, uuid.uuid4(), 1)
        await uow.rollback()
        await uow.commit()

    assert (wakes.count, await _count(probe_engine, tables.outbox)) == (0, 0)


async def test_a_rolled_back_savepoint_keeps_what_was_flushed_before_it(probe_engine: AsyncEngine) -> None:
    wakes = Wakes()
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session, wakes)
        await record_ping(uow, uuid.uuid4(), 1)
        await uow.flush()
        try:
            async with session.begin_nested():  # what the consumer does when one handler of a batch fails
                await session.execute(pings.insert().values(id=None))
        except sa.exc.IntegrityError:
            uow.discard()
        await uow.commit()

    assert (await _count(probe_engine, tables.outbox), wakes.count) == (1, 1)


async def test_a_unit_of_work_writes_its_events_in_one_insert_in_order(probe_engine: AsyncEngine) -> None:
    inserts: list[int] = []

    def count_outbox_inserts(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO outbox"):
            inserts.append(1)

    subject = uuid.uuid4()
    sa.event.listen(probe_engine.sync_engine, "before_cursor_execute", count_outbox_inserts)
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        for sequence in range(1, 6):
            await record_ping(uow, subject, sequence)
        assert inserts == [], "events were written before the unit of work flushed"
        await uow.commit()
    sa.event.remove(probe_engine.sync_engine, "before_cursor_execute", count_outbox_inserts)

    async with probe_engine.connect() as connection:
        rows = (await connection.execute(sa.select(tables.outbox).order_by(tables.outbox.c.id))).all()
    sequences = [probe_service.ProbePinged.model_validate_json(row.payload).sequence for row in rows]
    assert (len(inserts), sequences) == (1, [1, 2, 3, 4, 5])


async def test_a_service_cannot_publish_another_services_facts(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        fact = PodCreated(pod_id=uuid.uuid4(), name="Pod 1", created_on="2024-01-01")
        with pytest.raises(ValueError, match="cannot publish"):
            uow.publish(fact)


async def test_audit_rows_commit_with_the_unit_of_work_one_per_child(probe_engine: AsyncEngine) -> None:
    reader = Principal("amy", frozenset({Role.pod_manager}), frozenset())
    children = [uuid.uuid4(), uuid.uuid4()]
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        uow.audit(reader, "read", "case/1", *children)
        await uow.rollback()
        uow.audit(reader, "read", "case/2", *children)
        await uow.commit()

    async with probe_engine.connect() as connection:
        rows = (await connection.execute(sa.select(tables.audit_log))).all()
    assert sorted((row.resource, row.child_id) for row in rows) == sorted(("case/2", str(c)) for c in children)


async def test_the_kept_response_commits_with_the_effect_or_not_at_all(probe_engine: AsyncEngine) -> None:
    keys = tables.idempotency_keys
    async with probe_engine.begin() as connection:
        for key, token in (("k1", "mine"), ("k2", "a-retrys")):
            await connection.execute(
                keys.insert().values(
                    key=key,
                    caller="c",
                    request_fingerprint="f",
                    reservation=token,
                    created_at=sa.func.current_timestamp(),
                )
            )
    reply = KeptResponse(201, {"location": "/probe/v1/pings/1"}, b"{}")
    async with async_sessionmaker(probe_engine)() as session:
        uow = _unit(session)
        await record_ping(uow, uuid.uuid4(), 1)
        uow.keep_response(Reservation("k1", "c", "mine"), reply)
        await uow.commit()
        taken_over = _unit(session)
        await record_ping(taken_over, uuid.uuid4(), 2)
        taken_over.keep_response(Reservation("k2", "c", "mine"), reply)
        with pytest.raises(Conflict):
            await taken_over.commit()
        await taken_over.rollback()

    async with probe_engine.connect() as connection:
        kept = dict((await connection.execute(sa.select(keys.c.key, keys.c.status_code))).all())
    assert kept == {"k1": 201, "k2": None}
    assert await _count(probe_engine, pings) == 1, "the effect of a request whose key was taken over landed"


@pytest.mark.infra
async def test_a_caller_holding_every_role_is_audited_on_postgresql(fresh_database: str) -> None:
    """The council's provider may grant a caller every role; the audit row keeps them all (a 50-character column
    made any read by such a caller a 500 on PostgreSQL)."""
    everything = Principal("a.manager", frozenset(Role), frozenset())
    engine = create_engine(fresh_database)
    try:
        await upgrade_to_head(probe_service.service, engine)
        async with async_sessionmaker(engine)() as session:
            uow = _unit(session)
            uow.audit(everything, "read", "complaints")
            await uow.commit()
        async with engine.connect() as connection:
            roles = (await connection.execute(sa.select(tables.audit_log.c.role))).scalar_one()
    finally:
        await engine.dispose()
    assert roles.split(",") == sorted(role.value for role in Role)
