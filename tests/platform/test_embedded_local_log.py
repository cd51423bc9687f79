"""The embedded transport: an append-only log in a SQLite file that outlives the process and replays history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from shared.messaging.local import LocalLogTransport
from shared.messaging.transport import Message, Received


def _message(topic: str, number: int) -> Message:
    return Message(topic, f"key-{number % 2}", [("ce_id", f"event-{number}".encode())], f"{number}".encode())


async def _drain(
    transport: LocalLogTransport, group: str, topics: list[str], *, from_beginning: bool = False
) -> list[Received]:
    subscription = await transport.subscribe(group, topics, from_beginning=from_beginning)
    received = await subscription.fetch(100, 0.05)
    await subscription.commit(received)
    await subscription.close()
    return received


async def test_the_log_survives_a_restart_and_a_new_group_replays_it_from_the_beginning(
    sqlite_url: Callable[[str], str],
) -> None:
    first_run = LocalLogTransport(sqlite_url("events"))
    await first_run.start()
    await first_run.publish([_message("probe.pings", n) for n in range(1, 4)])
    await first_run.stop()

    second_run = LocalLogTransport(sqlite_url("events"))
    await second_run.start()
    try:
        received = await _drain(second_run, "kpi-rebuild", ["probe.pings"])
    finally:
        await second_run.stop()

    assert [item.message.value for item in received] == [b"1", b"2", b"3"]
    assert [item.message.headers for item in received] == [[("ce_id", f"event-{n}".encode())] for n in (1, 2, 3)]


async def test_a_group_resumes_after_its_committed_offset_across_a_restart(sqlite_url: Callable[[str], str]) -> None:
    first_run = LocalLogTransport(sqlite_url("events"))
    await first_run.start()
    await first_run.publish([_message("probe.pings", n) for n in range(1, 3)])
    assert len(await _drain(first_run, "tally", ["probe.pings"])) == 2
    await first_run.stop()

    second_run = LocalLogTransport(sqlite_url("events"))
    await second_run.start()
    try:
        await second_run.publish([_message("probe.pings", 3)])
        resumed = await _drain(second_run, "tally", ["probe.pings"])
        replayed = await _drain(second_run, "tally", ["probe.pings"], from_beginning=True)
    finally:
        await second_run.stop()

    assert [item.message.value for item in resumed] == [b"3"], "a committed event was delivered again"
    assert [item.message.value for item in replayed] == [b"1", b"2", b"3"]


async def test_uncommitted_events_are_delivered_again_to_the_next_subscription(
    sqlite_url: Callable[[str], str],
) -> None:
    transport = LocalLogTransport(sqlite_url("events"))
    await transport.start()
    try:
        await transport.publish([_message("probe.pings", n) for n in range(1, 4)])
        crashed = await transport.subscribe("tally", ["probe.pings"])
        first = await crashed.fetch(2, 0.05)
        await crashed.commit(first[:1])
        redelivered = await _drain(transport, "tally", ["probe.pings"])
    finally:
        await transport.stop()

    assert [item.message.value for item in redelivered] == [b"2", b"3"]


async def test_a_subscription_only_sees_its_own_topics_in_log_order(sqlite_url: Callable[[str], str]) -> None:
    transport = LocalLogTransport(sqlite_url("events"))
    await transport.start()
    try:
        await transport.publish([_message("probe.pings", 1), _message("other.topic", 2), _message("probe.pings", 3)])
        received = await _drain(transport, "tally", ["probe.pings"])
    finally:
        await transport.stop()

    assert [(item.message.topic, item.message.value) for item in received] == [
        ("probe.pings", b"1"),
        ("probe.pings", b"3"),
    ]
    assert received[0].offset < received[1].offset


async def test_a_waiting_subscription_wakes_when_an_event_is_appended(sqlite_url: Callable[[str], str]) -> None:
    transport = LocalLogTransport(sqlite_url("events"))
    await transport.start()
    try:
        subscription = await transport.subscribe("tally", ["probe.pings"])
        # A minute-long fetch: it can only return in time because the append wakes it.
        waiting = asyncio.create_task(subscription.fetch(10, 60))
        await asyncio.sleep(0.05)
        await transport.publish([_message("probe.pings", 1)])
        received = await asyncio.wait_for(waiting, 20)
    finally:
        await transport.stop()

    assert [item.message.value for item in received] == [b"1"]
