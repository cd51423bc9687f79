"""The synthetic council: a realistic story written through each service's own commands (`make demo`, and
`make run` on an empty database). It drives the services; no service imports it.

Allocation's town comes first (pods, workers, children, cases and two years of their history). The other
services' stories are written once their consumers have followed allocation's facts: each reads the town from
its own view (its read model of allocation), as it would in production, and writes through its own commands.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Sequence

from shared.runtime.runner import ServiceRuntime

StoryLoader = Callable[[ServiceRuntime, int], Awaitable[None]]

# Each service's part of the story, by service name: "module:function", called as `function(runtime, seed)`.
STORIES: dict[str, str] = {
    "supervision": "demo.supervision:load",
    "feedback": "demo.feedback:load",
    "records": "demo.records:load",
}


def load_if_empty(size: str, seed: int) -> Callable[[Sequence[ServiceRuntime]], Awaitable[None]]:
    """For `python -m services run --demo town`: once the platform has started, the synthetic council is written
    in the background (the platform answers at once) into services that hold nothing yet."""

    async def load(runtimes: Sequence[ServiceRuntime]) -> None:
        by_name = {runtime.service.name: runtime for runtime in runtimes}
        by_name["allocation"].spawn("demo", _write_the_story(by_name, size, seed))

    return load


async def _write_the_story(by_name: dict[str, ServiceRuntime], size: str, seed: int) -> None:
    from demo.allocation import load_town_if_empty

    await load_town_if_empty(by_name["allocation"], size, seed)
    for name, target in STORIES.items():
        if name not in by_name:
            continue
        await caught_up(by_name["allocation"], by_name[name])
        module, _, function = target.partition(":")
        loader: StoryLoader = getattr(importlib.import_module(module), function)
        await loader(by_name[name], seed)


async def caught_up(producer: ServiceRuntime, follower: ServiceRuntime, *, timeout: float = 600.0) -> None:
    """Waits until the producer's outbox is published and the follower's consumer has applied all of it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        relayed = producer.relay is None or await producer.relay.pending() == 0
        subscription = follower.consumer.subscription if follower.consumer is not None else None
        if relayed and subscription is not None and await subscription.lag() == 0:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{follower.service.name} did not follow {producer.service.name} within {timeout:.0f}s")
